/// A gateway response of a REST API, as AWS's `GatewayResponse` shape.
public struct GatewayResponse: Codable, Sendable, Equatable {
    public var responseType: String
    public var statusCode: String?
    public var responseParameters: [String: String]?
    public var responseTemplates: [String: String]?
    public var defaultResponse: Bool

    public init(responseType: String, statusCode: String? = nil, responseParameters: [String: String]? = nil,
                responseTemplates: [String: String]? = nil, defaultResponse: Bool) {
        self.responseType = responseType
        self.statusCode = statusCode
        self.responseParameters = responseParameters
        self.responseTemplates = responseTemplates
        self.defaultResponse = defaultResponse
    }

    /// The response types AWS's model lists.
    public static let types = [
        "DEFAULT_4XX", "DEFAULT_5XX", "RESOURCE_NOT_FOUND", "UNAUTHORIZED", "INVALID_API_KEY", "ACCESS_DENIED",
        "AUTHORIZER_FAILURE", "AUTHORIZER_CONFIGURATION_ERROR", "INVALID_SIGNATURE", "EXPIRED_TOKEN",
        "MISSING_AUTHENTICATION_TOKEN", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT", "API_CONFIGURATION_ERROR",
        "UNSUPPORTED_MEDIA_TYPE", "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY", "REQUEST_TOO_LARGE", "THROTTLED",
        "QUOTA_EXCEEDED", "WAF_FILTERED",
    ]
}
