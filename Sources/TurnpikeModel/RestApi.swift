/// A REST API, as AWS's `RestApi` shape.
public struct RestApi: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var createdDate: Int
    public var version: String?
    public var warnings: [String]?
    public var binaryMediaTypes: [String]?
    public var minimumCompressionSize: Int?
    public var apiKeySource: String
    public var endpointConfiguration: EndpointConfiguration
    public var policy: String?
    public var tags: [String: String]?
    public var disableExecuteApiEndpoint: Bool
    public var rootResourceId: String

    public init(
        id: String, name: String, description: String? = nil, createdDate: Int, version: String? = nil,
        binaryMediaTypes: [String]? = nil, minimumCompressionSize: Int? = nil, apiKeySource: String = "HEADER",
        endpointConfiguration: EndpointConfiguration = .init(types: ["EDGE"]), policy: String? = nil,
        tags: [String: String]? = nil, disableExecuteApiEndpoint: Bool = false, rootResourceId: String
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.createdDate = createdDate
        self.version = version
        self.binaryMediaTypes = binaryMediaTypes
        self.minimumCompressionSize = minimumCompressionSize
        self.apiKeySource = apiKeySource
        self.endpointConfiguration = endpointConfiguration
        self.policy = policy
        self.tags = tags
        self.disableExecuteApiEndpoint = disableExecuteApiEndpoint
        self.rootResourceId = rootResourceId
    }
}

/// Where an API is served (`EDGE`, `REGIONAL`, `PRIVATE`); Turnpike records it for compatibility.
public struct EndpointConfiguration: Codable, Sendable, Equatable {
    public var types: [String]?
    public var vpcEndpointIds: [String]?
    public var ipAddressType: String?

    public init(types: [String]? = nil, vpcEndpointIds: [String]? = nil, ipAddressType: String? = nil) {
        self.types = types
        self.vpcEndpointIds = vpcEndpointIds
        self.ipAddressType = ipAddressType
    }
}
