/// What an OpenAPI document defines for API Gateway, read by ``OpenAPIReader``: the API's settings,
/// its operations as the admin inputs that create them, its gateway responses, and AWS-style
/// warnings for what was ignored.
public struct OpenAPIDefinition: Sendable {
    /// One operation: a method on a path, with its integration and responses.
    public struct Operation: Sendable {
        /// The resource path as written (`/pets/{petId}`), before any base path.
        public var path: String
        public var httpMethod: String
        public var method: PutMethodInput
        public var methodResponses: [(statusCode: String, input: PutMethodResponseInput)]
        public var integration: PutIntegrationInput?
        public var integrationResponses: [(statusCode: String, input: PutIntegrationResponseInput)]
    }

    /// `info.title`, the API's name.
    public var title: String?
    public var description: String?
    public var version: String?
    public var apiKeySource: String?
    public var binaryMediaTypes: [String]?
    public var minimumCompressionSize: Int?
    /// The resource policy, as JSON text.
    public var policy: String?
    public var vpcEndpointIds: [String]?
    public var disableExecuteApiEndpoint: Bool?
    /// The base path (`/v1`), when the document names one.
    public var basePath: String?
    public var operations: [Operation] = []
    public var gatewayResponses: [(type: String, input: PutGatewayResponseInput)] = []
    /// Authorizers by security scheme name; methods name them by that name in `authorizerId`.
    public var authorizers: [(name: String, input: CreateAuthorizerInput)] = []
    /// Models (from `definitions` / `components.schemas`), `$ref`s written `#/definitions/{name}`.
    public var models: [CreateModelInput] = []
    /// Request validators by name; methods name them by that name in `requestValidatorId`.
    public var requestValidators: [(name: String, input: CreateRequestValidatorInput)] = []
    /// Paths that only declare a resource (no operations).
    public var emptyPaths: [String] = []
    public var warnings: [String] = []

    /// The resource paths under a base path handling, `/` first.
    public func resourcePath(_ path: String, basePath handling: OpenAPIImportOptions.BasePath) -> [String] {
        let own = path.split(separator: "/").map(String.init)
        let base = (basePath ?? "").split(separator: "/").map(String.init)
        switch handling {
        case .ignore: return own
        case .prepend: return base + own
        case .split: return Array(base.dropFirst()) + own
        }
    }
}
