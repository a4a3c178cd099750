/// What `CreateApiKey` takes (AWS's `CreateApiKeyRequest`).
public struct CreateApiKeyInput: Codable, Sendable {
    public var name: String?
    public var description: String?
    public var enabled: Bool?
    public var generateDistinctId: Bool?
    public var value: String?
    public var stageKeys: [StageKey]?
    public var customerId: String?
    public var tags: [String: String]?

    public init(name: String? = nil, description: String? = nil, enabled: Bool? = nil, value: String? = nil,
                customerId: String? = nil, tags: [String: String]? = nil) {
        self.name = name
        self.description = description
        self.enabled = enabled
        self.value = value
        self.customerId = customerId
        self.tags = tags
    }

    /// A stage an API key is bound to (AWS's legacy `StageKey`).
    public struct StageKey: Codable, Sendable {
        public var restApiId: String?
        public var stageName: String?
    }
}

extension Configuration {
    /// The patch paths `UpdateApiKey` accepts, in AWS's order.
    static let apiKeyPatchPaths = ["/description", "/enabled", "/name", "/customerId"]

    /// The key with this id, or AWS's 404.
    public func apiKey(_ id: String) throws -> ApiKey {
        guard let key = apiKeys[id] else { throw GatewayError.notFound("Invalid API Key identifier specified") }
        return key
    }

    /// `CreateApiKey`: a new key with a generated or supplied value, disabled unless `enabled` is true.
    public mutating func createApiKey(_ input: CreateApiKeyInput, id: String, now: Int) throws -> ApiKey {
        let value = input.value.flatMap { $0.isEmpty ? nil : $0 } ?? EntityID.makeKeyValue()
        try Self.validateKeyValue(value)
        try Self.validateKeyName(input.name)
        try Self.validateKeyDescription(input.description)
        guard keyIdsByValue[value] == nil else { throw GatewayError.conflict("API Key already exists") }
        let stageKeys = try (input.stageKeys ?? []).map { stageKey -> String in
            guard let apiId = stageKey.restApiId, let stage = stageKey.stageName,
                  restApis[apiId]?.stages[stage] != nil else {
                throw GatewayError.badRequest("Invalid stage key specified")
            }
            return "\(apiId)/\(stage)"
        }
        let key = ApiKey(
            id: id, value: value, name: input.name.flatMap { $0.isEmpty ? nil : $0 },
            customerId: input.customerId.flatMap { $0.isEmpty ? nil : $0 },
            description: input.description.flatMap { $0.isEmpty ? nil : $0 },
            enabled: input.enabled ?? false, createdDate: now, lastUpdatedDate: now, stageKeys: stageKeys,
            tags: input.tags.flatMap { $0.isEmpty ? nil : $0 }
        )
        save(key)
        return key
    }

    /// `UpdateApiKey`: `replace` on `/name`, `/description`, `/enabled`, `/customerId`.
    public mutating func updateApiKey(_ id: String, operations: [PatchOperation], now: Int) throws -> ApiKey {
        try PatchOperation.validate(operations, input: "updateApiKeyInput")
        var key = try apiKey(id)
        for operation in operations {
            guard operation.op == "replace", Self.apiKeyPatchPaths.contains(operation.path) else {
                throw operation.invalidPath(mustBeOneOf: Self.apiKeyPatchPaths)
            }
            let text = operation.value.flatMap { $0.isEmpty ? nil : $0 }
            switch operation.path {
            case "/name":
                try Self.validateKeyName(text)
                key.name = text
            case "/description":
                try Self.validateKeyDescription(text)
                key.description = text
            case "/customerId":
                key.customerId = text
            default:
                key.enabled = try operation.boolValue()
            }
        }
        key.lastUpdatedDate = now
        save(key)
        return key
    }

    /// `DeleteApiKey`: removes the key and its memberships of usage plans.
    public mutating func removeApiKey(_ id: String) throws {
        _ = try apiKey(id)
        deleteApiKey(id)
    }

    /// Keys matching `GetApiKeys`'s filters: `name` is a case-sensitive prefix, `customerId` exact.
    public func apiKeys(namePrefix: String?, customerId: String?) -> [ApiKey] {
        apiKeys.values
            .filter { key in
                (namePrefix.map { key.name?.hasPrefix($0) ?? false } ?? true)
                    && (customerId.map { key.customerId == $0 } ?? true)
            }
            .sorted { $0.id < $1.id }
    }

    static func validateKeyValue(_ value: String) throws {
        if value.count < 20 { throw GatewayError.badRequest("API Key value should be at least 20 characters") }
        if value.count > 128 { throw GatewayError.badRequest("API Key value exceeds maximum size of 128 characters") }
        guard value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
            throw GatewayError.badRequest("API Key value may contain only printable ASCII characters")
        }
    }

    static func validateKeyName(_ name: String?) throws {
        if let name, name.count > 1024 {
            throw GatewayError.badRequest("Invalid API Key name, can be at most 1024 characters.")
        }
    }

    static func validateKeyDescription(_ description: String?) throws {
        if let description, description.count > 1024 {
            throw GatewayError.badRequest("Invalid API Key description specified.")
        }
    }
}
