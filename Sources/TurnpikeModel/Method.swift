/// A method of a resource, as AWS's `Method` shape, embedding its integration and responses.
public struct Method: Codable, Sendable, Equatable {
    public var httpMethod: String
    public var authorizationType: String
    public var authorizerId: String?
    public var apiKeyRequired: Bool
    public var requestValidatorId: String?
    public var operationName: String?
    public var requestParameters: [String: Bool]?
    public var requestModels: [String: String]?
    public var methodResponses: [String: MethodResponse]?
    public var methodIntegration: Integration?
    public var authorizationScopes: [String]?

    public init(httpMethod: String, authorizationType: String = "NONE", apiKeyRequired: Bool = false) {
        self.httpMethod = httpMethod
        self.authorizationType = authorizationType
        self.apiKeyRequired = apiKeyRequired
    }

    /// The methods AWS accepts, in the order its message lists them.
    public static let httpMethods = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"]
}

/// A declared method response, as AWS's `MethodResponse` shape.
public struct MethodResponse: Codable, Sendable, Equatable {
    public var statusCode: String
    public var responseParameters: [String: Bool]?
    public var responseModels: [String: String]?

    public init(statusCode: String, responseParameters: [String: Bool]? = nil, responseModels: [String: String]? = nil) {
        self.statusCode = statusCode
        self.responseParameters = responseParameters
        self.responseModels = responseModels
    }
}
