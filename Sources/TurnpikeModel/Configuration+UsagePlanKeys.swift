/// What `CreateUsagePlanKey` takes.
public struct CreateUsagePlanKeyInput: Codable, Sendable {
    public var keyId: String?
    public var keyType: String?

    public init(keyId: String?, keyType: String?) {
        self.keyId = keyId
        self.keyType = keyType
    }
}

extension Configuration {
    /// `CreateUsagePlanKey`: adds an existing key to a plan.
    public mutating func createUsagePlanKey(planId: String, _ input: CreateUsagePlanKeyInput) throws -> UsagePlanKey {
        guard input.keyType == "API_KEY" else {
            throw GatewayError.badRequest("Invalid key type specified: \(input.keyType ?? "null"). Must be API_KEY")
        }
        let plan = try usagePlan(planId)
        let key = try apiKey(input.keyId ?? "")
        try attach(key: key, to: plan)
        return UsagePlanKey(key: key)
    }

    /// Adds a key to a plan, refusing duplicates and plans that share an API stage with another plan of the key.
    mutating func attach(key: ApiKey, to plan: UsagePlan) throws {
        guard !(planKeys[plan.id]?.contains(key.id) ?? false) else {
            throw GatewayError.conflict("Usage Plan \(plan.id) cannot be added because API Key \(key.id) already exists in it")
        }
        try checkStageConflict(keyId: key.id, joining: plan.id, stages: plan.apiStages)
        addPlanKey(planId: plan.id, keyId: key.id)
    }

    /// `GetUsagePlanKey`.
    public func usagePlanKey(planId: String, keyId: String) throws -> UsagePlanKey {
        _ = try usagePlan(planId)
        guard planKeys[planId]?.contains(keyId) == true, let key = apiKeys[keyId] else {
            throw GatewayError.notFound("Invalid Usage Plan Key identifier specified")
        }
        return UsagePlanKey(key: key)
    }

    /// `GetUsagePlanKeys`: the plan's keys, `name` a case-sensitive prefix; an unknown plan has none.
    public func usagePlanKeys(planId: String, namePrefix: String?) -> [UsagePlanKey] {
        (planKeys[planId] ?? [])
            .compactMap { apiKeys[$0] }
            .filter { key in namePrefix.map { key.name?.hasPrefix($0) ?? false } ?? true }
            .sorted { $0.id < $1.id }
            .map(UsagePlanKey.init(key:))
    }

    /// `DeleteUsagePlanKey`.
    public mutating func removeUsagePlanKey(planId: String, keyId: String) throws {
        _ = try usagePlanKey(planId: planId, keyId: keyId)
        removePlanKey(planId: planId, keyId: keyId)
    }
}
