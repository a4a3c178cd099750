import Foundation

/// What `CreateUsagePlan` takes (AWS's `CreateUsagePlanRequest`).
public struct CreateUsagePlanInput: Codable, Sendable {
    public var name: String?
    public var description: String?
    public var apiStages: [ApiStage]?
    public var throttle: ThrottleSettings?
    public var quota: QuotaSettings?
    public var tags: [String: String]?

    public init(name: String?, description: String? = nil, apiStages: [ApiStage]? = nil,
                throttle: ThrottleSettings? = nil, quota: QuotaSettings? = nil, tags: [String: String]? = nil) {
        self.name = name
        self.description = description
        self.apiStages = apiStages
        self.throttle = throttle
        self.quota = quota
        self.tags = tags
    }
}

extension Configuration {
    /// The plan with this id, or AWS's 404.
    public func usagePlan(_ id: String) throws -> UsagePlan {
        guard let plan = usagePlans[id] else { throw GatewayError.notFound("Invalid Usage Plan ID specified") }
        return plan
    }

    /// Plans, optionally only those containing a key (`GetUsagePlans?keyId=`), in id order.
    public func usagePlans(containingKey keyId: String?) -> [UsagePlan] {
        usagePlans.values
            .filter { plan in keyId.map { planKeys[plan.id]?.contains($0) ?? false } ?? true }
            .sorted { $0.id < $1.id }
    }

    /// True when the REST API has a stage of that name.
    public func stageExists(apiId: String, stage: String) -> Bool {
        restApis[apiId]?.stages[stage] != nil
    }

    /// `CreateUsagePlan`.
    public mutating func createUsagePlan(_ input: CreateUsagePlanInput, id: String, now: Int) throws -> UsagePlan {
        guard let name = input.name, !name.isEmpty else {
            throw GatewayError.badRequest("Invalid Usage Plan name specified: a name is required")
        }
        var stages: [ApiStage] = []
        for stage in input.apiStages ?? [] {
            guard stageExists(apiId: stage.apiId, stage: stage.stage) else {
                throw GatewayError.badRequest("Invalid API Stage {api: \(stage.apiId), stage: \(stage.stage)} specified")
            }
            guard !stages.contains(where: { $0.sameStage(as: stage) }) else {
                throw GatewayError.badRequest("Duplicate API Stage {api: \(stage.apiId), stage: \(stage.stage)} specified")
            }
            try Self.validateMethodThrottles(stage.throttle)
            stages.append(ApiStage(apiId: stage.apiId, stage: stage.stage, throttle: stage.throttle?.mapValues(\.normalized)))
        }
        try input.throttle?.validate(at: "throttle")
        try input.quota?.validate(input: "createUsagePlanInput")
        let plan = UsagePlan(
            id: id, name: name, description: input.description.flatMap { $0.isEmpty ? nil : $0 },
            apiStages: stages, throttle: input.throttle?.normalized, quota: input.quota?.normalized,
            tags: input.tags.flatMap { $0.isEmpty ? nil : $0 }, quotaStartDate: input.quota == nil ? nil : now
        )
        save(plan)
        return plan
    }

    /// `DeleteUsagePlan`: refused while the plan still has API stages, as AWS does.
    public mutating func removeUsagePlan(_ id: String) throws {
        let plan = try usagePlan(id)
        if let stage = plan.apiStages.first {
            throw GatewayError.badRequest(
                "Cannot delete Usage Plan \(id) because there are API Stages associated with it, including \(stage.reference)"
            )
        }
        deleteUsagePlan(id)
    }

    /// `UpdateUsagePlan` with AWS's patch paths (see ``UsagePlanPatch``).
    public mutating func updateUsagePlan(_ id: String, operations: [PatchOperation], now: Int) throws -> UsagePlan {
        try PatchOperation.validate(operations, input: "updateUsagePlanInput")
        var plan = try usagePlan(id)
        for operation in operations {
            try UsagePlanPatch(operation: operation).apply(to: &plan, in: self, now: now)
        }
        // Quota fields arrive one operation at a time (Terraform sends limit, offset and period
        // separately), so the quota is checked whole once all of them are applied.
        try plan.quota?.validate(input: "updateUsagePlanInput")
        for stage in plan.apiStages where !(usagePlans[id]?.apiStages.contains { $0.sameStage(as: stage) } ?? false) {
            for keyId in planKeys[id] ?? [] {
                try checkStageConflict(keyId: keyId, joining: id, stages: [stage])
            }
        }
        save(plan)
        return plan
    }

    /// Refuses a key joining a plan when another plan of the key covers one of the same API stages.
    func checkStageConflict(keyId: String, joining planId: String, stages: [ApiStage]) throws {
        for (otherId, keys) in planKeys where otherId != planId && keys.contains(keyId) {
            guard let other = usagePlans[otherId] else { continue }
            if let shared = other.apiStages.first(where: { mine in stages.contains { $0.sameStage(as: mine) } }) {
                throw GatewayError.conflict(
                    "API Key \(keyId) is already associated with usage plan \(otherId), which includes API Stage \(shared.reference)"
                )
            }
        }
    }

    static func validateMethodThrottles(_ throttles: [String: ThrottleSettings]?) throws {
        for (path, settings) in throttles ?? [:] {
            guard MethodThrottleKey(path) != nil else {
                throw GatewayError.badRequest("Invalid method throttle path '\(path)': must be /resource/path/METHOD")
            }
            try settings.validate(at: path)
        }
    }
}

/// A per-method throttle key of a usage plan stage: `/resource/path/METHOD`.
public struct MethodThrottleKey: Sendable, Hashable {
    public var resourcePath: String
    public var httpMethod: String

    /// Parses `/pets/GET`, `//pets/GET` (Terraform) or `/~1pets/GET` (escaped); nil when malformed.
    public init?(_ raw: String) {
        var text = raw.replacingOccurrences(of: "~1", with: "/")
        while text.hasPrefix("//") { text.removeFirst() }
        if !text.hasPrefix("/") { text = "/" + text }
        guard let slash = text.lastIndex(of: "/") else { return nil }
        let method = String(text[text.index(after: slash)...])
        guard Method.httpMethods.contains(method) || method == "*" else { return nil }
        let path = String(text[..<slash])
        resourcePath = path.isEmpty ? "/" : path
        httpMethod = method
    }

    /// The canonical form used as the key in `apiStages[].throttle`.
    public var canonical: String { resourcePath == "/" ? "//\(httpMethod)" : "\(resourcePath)/\(httpMethod)" }
}
