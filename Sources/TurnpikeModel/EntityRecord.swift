/// The kinds of record the configuration is stored as. One record per entity; a REST API's
/// resources, methods, integrations, stages, deployments and gateway responses travel in its record.
public enum EntityKind: String, Sendable, CaseIterable, Codable {
    case apiKey = "apikey"
    case usagePlan = "usageplan"
    case usagePlanKey = "usageplankey"
    case restApi = "restapi"
    case account = "account"
    /// A custom domain name with its base path mappings.
    case domainName = "domainname"
    case vpcLink = "vpclink"
    case clientCertificate = "clientcertificate"
}

/// One stored configuration record: its JSON body, plus a secret (an API key's value) that the
/// store keeps encrypted and out of the body.
public struct EntityRecord: Sendable, Equatable {
    public var kind: EntityKind
    public var id: String
    public var body: [UInt8]
    public var secret: String?

    public init(kind: EntityKind, id: String, body: [UInt8], secret: String? = nil) {
        self.kind = kind
        self.id = id
        self.body = body
        self.secret = secret
    }
}

/// One change an admin operation makes, applied by the store in the operation's transaction.
public enum ConfigurationChange: Sendable, Equatable {
    case put(EntityRecord)
    case delete(EntityKind, id: String)

    /// The record's kind and id.
    public var key: String {
        switch self {
        case .put(let record): return "\(record.kind.rawValue)/\(record.id)"
        case .delete(let kind, let id): return "\(kind.rawValue)/\(id)"
        }
    }
}
