/// An authorizer of a REST API, as AWS's `Authorizer` shape. Turnpike stores authorizers but does
/// not run them: a method that needs one fails closed at the invoke path (500
/// `AUTHORIZER_CONFIGURATION_ERROR`), it is never let through.
public struct Authorizer: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    /// `TOKEN`, `REQUEST` or `COGNITO_USER_POOLS`.
    public var type: String
    public var providerARNs: [String]?
    public var authType: String?
    public var authorizerUri: String?
    public var authorizerCredentials: String?
    public var identitySource: String?
    public var identityValidationExpression: String?
    public var authorizerResultTtlInSeconds: Int?

    public init(id: String, name: String, type: String) {
        self.id = id
        self.name = name
        self.type = type
    }

    /// The authorizer types AWS's model lists.
    public static let types = ["TOKEN", "REQUEST", "COGNITO_USER_POOLS"]
}

/// What `CreateAuthorizer` takes.
public struct CreateAuthorizerInput: Codable, Sendable {
    public var name: String?
    public var type: String?
    public var providerARNs: [String]?
    public var authType: String?
    public var authorizerUri: String?
    public var authorizerCredentials: String?
    public var identitySource: String?
    public var identityValidationExpression: String?
    public var authorizerResultTtlInSeconds: Int?

    public init(name: String?, type: String?, authorizerUri: String? = nil, identitySource: String? = nil, providerARNs: [String]? = nil) {
        self.name = name
        self.type = type
        self.authorizerUri = authorizerUri
        self.identitySource = identitySource
        self.providerARNs = providerARNs
    }
}
