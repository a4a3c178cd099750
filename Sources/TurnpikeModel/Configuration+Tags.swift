/// What an API Gateway ARN names that Turnpike can tag:
/// `arn:aws:apigateway:{region}::/apikeys/{id}`, `/usageplans/{id}`, `/restapis/{id}` or
/// `/restapis/{id}/stages/{name}` (any partition and region).
public enum TaggedResource: Sendable, Equatable {
    case apiKey(String)
    case usagePlan(String)
    case restApi(String)
    case stage(apiId: String, name: String)

    /// Parses an ARN; a malformed one or one naming something else is a 400.
    public init(arn: String) throws {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let path = parts.count == 6 ? parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init) : []
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "apigateway", !parts[3].isEmpty,
              parts[4].isEmpty, path.first == "", !path.dropFirst().contains("") else {
            throw Self.invalid(arn)
        }
        switch Array(path.dropFirst()) {
        case let items where items.count == 2 && items[0] == "apikeys": self = .apiKey(items[1])
        case let items where items.count == 2 && items[0] == "usageplans": self = .usagePlan(items[1])
        case let items where items.count == 2 && items[0] == "restapis": self = .restApi(items[1])
        case let items where items.count == 4 && items[0] == "restapis" && items[2] == "stages":
            self = .stage(apiId: items[1], name: items[3])
        default:
            throw Self.invalid(arn)
        }
    }

    static func invalid(_ arn: String) -> GatewayError {
        .badRequest(
            "Invalid resource ARN specified: \(arn). Turnpike tags arn:aws:apigateway:{region}::/apikeys/{id}, "
                + "/usageplans/{id}, /restapis/{id} and /restapis/{id}/stages/{stageName}"
        )
    }
}

extension Configuration {
    /// `GetTags`: the tags of the resource the ARN names (empty when it has none).
    public func tags(arn: String) throws -> [String: String] {
        switch try TaggedResource(arn: arn) {
        case .apiKey(let id): return try apiKey(id).tags ?? [:]
        case .usagePlan(let id): return try usagePlan(id).tags ?? [:]
        case .restApi(let id): return try restApi(id).tags ?? [:]
        case .stage(let apiId, let name): return try stage(apiId: apiId, name: name).tags ?? [:]
        }
    }

    /// `TagResource`: adds or overwrites tags.
    public mutating func tag(arn: String, tags: [String: String]) throws {
        let resource = try TaggedResource(arn: arn)
        let merged = try self.tags(arn: arn).merging(tags) { $1 }
        try Self.validateTags(merged)
        try setTags(merged, of: resource)
    }

    /// `UntagResource`: removes the keys; keys the resource does not have are ignored.
    public mutating func untag(arn: String, keys: [String]) throws {
        let resource = try TaggedResource(arn: arn)
        let remaining = try tags(arn: arn).filter { !keys.contains($0.key) }
        try setTags(remaining, of: resource)
    }

    private mutating func setTags(_ tags: [String: String], of resource: TaggedResource) throws {
        let value = tags.isEmpty ? nil : tags
        switch resource {
        case .apiKey(let id):
            var key = try apiKey(id)
            key.tags = value
            save(key)
        case .usagePlan(let id):
            var plan = try usagePlan(id)
            plan.tags = value
            save(plan)
        case .restApi(let id):
            try changeDocument(id) { $0.api.tags = value }
        case .stage(let apiId, let name):
            try changeDocument(apiId) { document in
                guard document.stages[name] != nil else { throw Self.unknownStage }
                document.stages[name]?.tags = value
            }
        }
    }

    /// AWS's tag limits: at most 50 tags, keys of 1 to 128 characters not starting with `aws:`,
    /// values of at most 256 characters.
    static func validateTags(_ tags: [String: String]) throws {
        if tags.count > 50 { throw GatewayError.badRequest("Too many tags: a resource can have at most 50 tags") }
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            guard (1...128).contains(key.count) else {
                throw GatewayError.badRequest("Invalid tag key '\(key)': a key must have 1 to 128 characters")
            }
            guard !key.lowercased().hasPrefix("aws:") else {
                throw GatewayError.badRequest("Invalid tag key '\(key)': the prefix aws: is reserved")
            }
            guard value.count <= 256 else {
                throw GatewayError.badRequest("Invalid tag value for key '\(key)': a value may have at most 256 characters")
            }
        }
    }
}
