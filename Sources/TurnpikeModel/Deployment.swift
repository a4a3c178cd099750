/// A deployment, as AWS's `Deployment` shape. The resource tree it froze is kept beside it in
/// ``RestApiDocument/deploymentSnapshots``.
public struct Deployment: Codable, Sendable, Equatable {
    public var id: String
    public var description: String?
    public var createdDate: Int
    public var apiSummary: [String: [String: MethodSnapshot]]?

    public init(id: String, description: String? = nil, createdDate: Int, apiSummary: [String: [String: MethodSnapshot]]? = nil) {
        self.id = id
        self.description = description
        self.createdDate = createdDate
        self.apiSummary = apiSummary
    }
}

/// One method's summary inside a deployment's `apiSummary`.
public struct MethodSnapshot: Codable, Sendable, Equatable {
    public var authorizationType: String?
    public var apiKeyRequired: Bool?

    public init(authorizationType: String? = nil, apiKeyRequired: Bool? = nil) {
        self.authorizationType = authorizationType
        self.apiKeyRequired = apiKeyRequired
    }
}
