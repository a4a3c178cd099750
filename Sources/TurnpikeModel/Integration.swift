/// A method's integration, as AWS's `Integration` shape (`MOCK`, `HTTP`, `HTTP_PROXY`).
public struct Integration: Codable, Sendable, Equatable {
    public var type: String
    public var httpMethod: String?
    public var uri: String?
    public var connectionType: String?
    public var connectionId: String?
    public var credentials: String?
    public var requestParameters: [String: String]?
    public var requestTemplates: [String: String]?
    public var passthroughBehavior: String?
    public var contentHandling: String?
    public var timeoutInMillis: Int?
    public var cacheNamespace: String?
    public var cacheKeyParameters: [String]?
    public var integrationResponses: [String: IntegrationResponse]?
    public var tlsConfig: TlsConfig?

    public init(type: String) {
        self.type = type
    }

    /// The integration types AWS's model lists.
    public static let types = ["HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY"]
}

/// TLS options of an integration, recorded for compatibility.
public struct TlsConfig: Codable, Sendable, Equatable {
    public var insecureSkipVerification: Bool?
}

/// An integration response, as AWS's `IntegrationResponse` shape.
public struct IntegrationResponse: Codable, Sendable, Equatable {
    public var statusCode: String
    public var selectionPattern: String?
    public var responseParameters: [String: String]?
    public var responseTemplates: [String: String]?
    public var contentHandling: String?

    public init(statusCode: String) {
        self.statusCode = statusCode
    }
}
