import Foundation

/// Writes a deployed REST API as an OpenAPI 3.0 or Swagger 2.0 document (`GetExport`), with AWS's
/// extensions when asked, so that importing the export gives the same configuration.
public struct OpenAPIWriter: Sendable {
    /// The export types AWS names `oas30` and `swagger`.
    public enum Format: String, Sendable {
        case oas30, swagger
    }

    /// What `extensions` adds: `integrations` the integrations, `apigateway` also the API-level
    /// extensions (key source, binary media types, gateway responses, policy, endpoint configuration).
    /// `postman` and `authorizers` are accepted and add nothing (Turnpike keeps no authorizers).
    public struct Extensions: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let integrations = Extensions(rawValue: 1)
        public static let apigateway = Extensions(rawValue: 2)

        /// Reads the `extensions` parameter (a comma-separated list).
        public init(parameter: String?) throws {
            self = []
            for name in (parameter ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                switch name {
                case "integrations": insert(.integrations)
                case "apigateway": formUnion([.integrations, .apigateway])
                case "postman", "authorizers": break
                default:
                    throw GatewayError.badRequest("Invalid extensions parameter value: \(name). Valid options are integrations, apigateway, authorizers, postman")
                }
            }
        }
    }

    let document: RestApiDocument
    let resources: [String: Resource]
    let stageName: String
    let format: Format
    let extensions: Extensions

    /// A writer for the resource tree `resources` (a stage's deployment) of the API in `document`.
    public init(document: RestApiDocument, resources: [String: Resource], stageName: String, format: Format, extensions: Extensions) {
        self.document = document
        self.resources = resources
        self.stageName = stageName
        self.format = format
        self.extensions = extensions
    }

    /// The whole document.
    public func node() -> OpenAPINode {
        let api = document.api
        let info = OpenAPINode.members([
            ("title", .string(api.name)),
            ("description", api.description.map(OpenAPINode.string)),
            ("version", .string(api.version ?? ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(api.createdDate))))),
        ])
        var top: [(String, OpenAPINode?)]
        switch format {
        case .oas30:
            let server = OpenAPINode.members([
                ("url", .string("/{basePath}")),
                ("variables", .members([("basePath", .members([("default", .string(stageName))]))])),
            ])
            top = [("openapi", .string("3.0.1")), ("info", info), ("servers", .array([server])), ("paths", paths())]
            let schemes = securitySchemes()
            let models = schemas()
            let components = OpenAPINode.members([
                ("schemas", models.isEmpty ? nil : .object(models)), ("securitySchemes", schemes.isEmpty ? nil : .object(schemes)),
            ])
            top.append(("components", components.members?.isEmpty == false ? components : nil))
        case .swagger:
            top = [("swagger", .string("2.0")), ("info", info), ("basePath", .string("/\(stageName)")),
                   ("schemes", .array([.string("https")])), ("paths", paths())]
            let schemes = securitySchemes()
            top.append(("securityDefinitions", schemes.isEmpty ? nil : .object(schemes)))
            let models = schemas()
            top.append(("definitions", models.isEmpty ? nil : .object(models)))
        }
        if extensions.contains(.apigateway) { top += apiExtensions() }
        return .members(top)
    }

    func apiExtensions() -> [(String, OpenAPINode?)] {
        let api = document.api
        var responses: [(String, OpenAPINode)] = []
        for (type, response) in document.gatewayResponses.sorted(by: { $0.key < $1.key }) {
            responses.append((type, .members([
                ("statusCode", response.statusCode.map(OpenAPINode.string)),
                ("responseParameters", .map(response.responseParameters)),
                ("responseTemplates", .map(response.responseTemplates)),
            ])))
        }
        let policy = api.policy.map { text in (try? OpenAPINode.parse(Array(text.utf8))) ?? .string(text) }
        let endpoint = OpenAPINode.members([
            ("vpcEndpointIds", api.endpointConfiguration.vpcEndpointIds.map { .array($0.map(OpenAPINode.string)) }),
            ("disableExecuteApiEndpoint", api.disableExecuteApiEndpoint ? .bool(true) : nil),
        ])
        return [
            ("x-amazon-apigateway-api-key-source", .string(api.apiKeySource)),
            ("x-amazon-apigateway-binary-media-types", api.binaryMediaTypes.map { .array($0.map(OpenAPINode.string)) }),
            ("x-amazon-apigateway-minimum-compression-size", api.minimumCompressionSize.map(OpenAPINode.integer)),
            ("x-amazon-apigateway-gateway-responses", responses.isEmpty ? nil : .object(responses)),
            ("x-amazon-apigateway-policy", policy),
            ("x-amazon-apigateway-endpoint-configuration", endpoint.members?.isEmpty == false ? endpoint : nil),
            ("x-amazon-apigateway-request-validators", requestValidators()),
        ]
    }

    func paths() -> OpenAPINode {
        var items: [(String, OpenAPINode)] = []
        for resource in resources.values.sorted(by: { $0.path < $1.path }) {
            let methods = (resource.resourceMethods ?? [:]).sorted { $0.key < $1.key }
            if methods.isEmpty && resource.parentId == nil { continue }
            var operations: [(String, OpenAPINode)] = []
            for (verb, method) in methods {
                operations.append((verb == "ANY" ? "x-amazon-apigateway-any-method" : verb.lowercased(), operation(method, resourceId: resource.id)))
            }
            items.append((resource.path, .object(operations)))
        }
        return .object(items)
    }

    func operation(_ method: Method, resourceId: String) -> OpenAPINode {
        var parameters: [OpenAPINode] = []
        for (name, required) in (method.requestParameters ?? [:]).sorted(by: { $0.key < $1.key }) {
            let parts = name.split(separator: ".", maxSplits: 3)
            guard parts.count == 4, let place = ["path": "path", "querystring": "query", "header": "header"][String(parts[2])] else { continue }
            let type: (String, OpenAPINode) = format == .oas30 ? ("schema", .members([("type", .string("string"))])) : ("type", .string("string"))
            parameters.append(.object([("name", .string(String(parts[3]))), ("in", .string(place)), ("required", .bool(required)), type]))
        }
        let requestModels = (method.requestModels ?? [:]).sorted { $0.key < $1.key }
        if format == .swagger, let model = requestModels.first?.value {
            parameters.append(.object([("in", .string("body")), ("name", .string(model)), ("required", .bool(true)), ("schema", reference(model))]))
        }
        var responses: [(String, OpenAPINode)] = []
        for (status, response) in (method.methodResponses ?? [:]).sorted(by: { $0.key < $1.key }) {
            var headers: [(String, OpenAPINode)] = []
            for name in (response.responseParameters ?? [:]).keys.sorted() where name.hasPrefix("method.response.header.") {
                let header = String(name.dropFirst("method.response.header.".count))
                headers.append((header, format == .oas30 ? .members([("schema", .members([("type", .string("string"))]))]) : .members([("type", .string("string"))])))
            }
            let models = (response.responseModels ?? [:]).sorted { $0.key < $1.key }
            let content = models.isEmpty || format == .swagger ? nil : OpenAPINode.object(models.map { ($0.key, .members([("schema", reference($0.value))])) })
            responses.append((status, .members([
                ("description", .string("\(status) response")), ("headers", headers.isEmpty ? nil : .object(headers)),
                ("schema", format == .swagger ? models.first.map { reference($0.value) } : nil), ("content", content),
            ])))
        }
        let integration = extensions.contains(.integrations) ? method.methodIntegration.map { IntegrationExtension.node($0, resourceId: resourceId) } : nil
        let produces = Set((method.methodResponses ?? [:]).values.flatMap { ($0.responseModels ?? [:]).keys }).sorted()
        let requestBody = requestModels.isEmpty || format == .swagger ? nil
            : OpenAPINode.members([("content", .object(requestModels.map { ($0.key, .members([("schema", reference($0.value))])) }))])
        return .members([
            ("operationId", method.operationName.map(OpenAPINode.string)),
            ("consumes", format == .swagger && !requestModels.isEmpty ? .array(requestModels.map { .string($0.key) }) : nil),
            ("produces", format == .swagger && !produces.isEmpty ? .array(produces.map(OpenAPINode.string)) : nil),
            ("parameters", parameters.isEmpty ? nil : .array(parameters)),
            ("requestBody", requestBody),
            ("responses", .object(responses)),
            ("security", security(of: method)),
            ("x-amazon-apigateway-request-validator", extensions.contains(.apigateway) ? validatorName(of: method).map(OpenAPINode.string) : nil),
            ("x-amazon-apigateway-integration", integration),
        ])
    }
}
