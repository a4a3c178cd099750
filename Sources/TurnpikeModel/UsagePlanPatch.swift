/// One `UpdateUsagePlan` patch operation, applied to a plan with AWS's paths and refusals:
/// `/name`, `/description`, `/productCode`; `/throttle/rateLimit|burstLimit`, `remove /throttle`;
/// `/quota/limit|offset|period`, `remove /quota`; `add|remove /apiStages` with `apiId:stage`;
/// `/apiStages/{apiId}:{stage}/throttle/{resourcePath}/{METHOD}[/rateLimit|/burstLimit]`.
struct UsagePlanPatch {
    let operation: PatchOperation

    static let paths = [
        "/name", "/description", "/productCode", "/throttle/rateLimit", "/throttle/burstLimit", "/throttle",
        "/quota/limit", "/quota/offset", "/quota/period", "/quota", "/apiStages",
        "/apiStages/{apiId}:{stage}/throttle/{resourcePath}/{httpMethod}/rateLimit",
        "/apiStages/{apiId}:{stage}/throttle/{resourcePath}/{httpMethod}/burstLimit",
    ]

    private var isSet: Bool { operation.op == "replace" || operation.op == "add" }
    private var isRemove: Bool { operation.op == "remove" }

    func apply(to plan: inout UsagePlan, in configuration: Configuration, now: Int) throws {
        let path = operation.path
        switch path {
        case "/name" where isSet:
            let name = try operation.requiredValue()
            guard !name.isEmpty else { throw GatewayError.badRequest("Invalid Usage Plan name specified") }
            plan.name = name
        case "/description" where isSet || isRemove:
            plan.description = isRemove ? nil : operation.value.flatMap { $0.isEmpty ? nil : $0 }
        case "/productCode" where isSet || isRemove:
            plan.productCode = isRemove ? nil : operation.value.flatMap { $0.isEmpty ? nil : $0 }
        case "/throttle/rateLimit" where isSet:
            var throttle = plan.throttle ?? ThrottleSettings(burstLimit: 0, rateLimit: 0)
            throttle.rateLimit = try operation.doubleValue()
            try throttle.validate(at: path)
            plan.throttle = throttle
        case "/throttle/burstLimit" where isSet:
            var throttle = plan.throttle ?? ThrottleSettings(burstLimit: 0, rateLimit: 0)
            throttle.burstLimit = try operation.intValue()
            try throttle.validate(at: path)
            plan.throttle = throttle
        case "/throttle" where isRemove:
            plan.throttle = nil
        case "/quota/limit", "/quota/offset", "/quota/period":
            guard isSet else { throw operation.invalidPath(mustBeOneOf: Self.paths) }
            try setQuota(field: String(path.dropFirst("/quota/".count)), on: &plan, now: now)
        case "/quota" where isRemove:
            plan.quota = nil
            plan.quotaStartDate = nil
        case "/apiStages" where operation.op == "add":
            let stage = try stageReference(in: configuration, plan: plan)
            guard !plan.covers(apiId: stage.apiId, stage: stage.stage) else {
                throw GatewayError.conflict("API Stage \(stage.reference) is already associated with usage plan \(plan.id)")
            }
            plan.apiStages.append(stage)
        case "/apiStages" where isRemove:
            let stage = try stageReference(in: configuration, plan: plan)
            guard plan.covers(apiId: stage.apiId, stage: stage.stage) else {
                throw GatewayError.notFound(
                    "Invalid API Stage {api: \(stage.apiId), stage: \(stage.stage)} specified for usageplan \(plan.id)"
                )
            }
            plan.apiStages.removeAll { $0.sameStage(as: stage) }
        default:
            guard path.hasPrefix("/apiStages/") else { throw operation.invalidPath(mustBeOneOf: Self.paths) }
            try applyMethodThrottle(to: &plan)
        }
    }

    private func setQuota(field: String, on plan: inout UsagePlan, now: Int) throws {
        var quota = plan.quota ?? QuotaSettings(limit: 0, offset: 0, period: nil)
        switch field {
        case "limit": quota.limit = try operation.intValue()
        case "offset": quota.offset = try operation.intValue()
        default: quota.period = try operation.requiredValue()
        }
        if plan.quota == nil { plan.quotaStartDate = now }
        plan.quota = quota
    }

    /// The `apiId:stage` value of an `add|remove /apiStages` operation.
    private func stageReference(in configuration: Configuration, plan: UsagePlan) throws -> ApiStage {
        guard let value = operation.value, let colon = value.firstIndex(of: ":"),
              colon != value.startIndex, value.index(after: colon) != value.endIndex else {
            throw GatewayError.badRequest("Invalid API Stage specified")
        }
        let stage = ApiStage(apiId: String(value[..<colon]), stage: String(value[value.index(after: colon)...]))
        if operation.op == "add", !configuration.stageExists(apiId: stage.apiId, stage: stage.stage) {
            throw GatewayError.notFound("Invalid API Stage {api: \(stage.apiId), stage: \(stage.stage)} specified for usageplan \(plan.id)")
        }
        return stage
    }

    /// `/apiStages/{apiId}:{stage}/throttle/{resourcePath}/{METHOD}[/rateLimit|/burstLimit]`.
    private func applyMethodThrottle(to plan: inout UsagePlan) throws {
        let rest = operation.path.dropFirst("/apiStages/".count)
        guard let slash = rest.firstIndex(of: "/") else { throw operation.invalidPath(mustBeOneOf: Self.paths) }
        let reference = rest[..<slash]
        let tail = rest[slash...]
        guard tail.hasPrefix("/throttle"), let colon = reference.firstIndex(of: ":") else {
            throw operation.invalidPath(mustBeOneOf: Self.paths)
        }
        let apiId = String(reference[..<colon])
        let stageName = String(reference[reference.index(after: colon)...])
        guard let index = plan.apiStages.firstIndex(where: { $0.apiId == apiId && $0.stage == stageName }) else {
            throw GatewayError.notFound("Invalid API Stage {api: \(apiId), stage: \(stageName)} specified for usageplan \(plan.id)")
        }
        var methodPart = String(tail.dropFirst("/throttle".count))
        if methodPart.isEmpty, isRemove {
            plan.apiStages[index].throttle = nil
            return
        }
        var field: String?
        for name in ["/rateLimit", "/burstLimit"] where methodPart.hasSuffix(name) {
            field = String(name.dropFirst())
            methodPart.removeLast(name.count)
        }
        guard let key = MethodThrottleKey(methodPart) else { throw operation.invalidPath(mustBeOneOf: Self.paths) }
        var throttles = plan.apiStages[index].throttle ?? [:]
        let existingKey = throttles.keys.first { MethodThrottleKey($0) == key } ?? key.canonical
        switch (field, isRemove, isSet) {
        case (nil, true, _):
            throttles[existingKey] = nil
        case ("rateLimit", false, true):
            var settings = throttles[existingKey] ?? ThrottleSettings(burstLimit: 0, rateLimit: 0)
            settings.rateLimit = try operation.doubleValue()
            try settings.validate(at: operation.path)
            throttles[existingKey] = settings
        case ("burstLimit", false, true):
            var settings = throttles[existingKey] ?? ThrottleSettings(burstLimit: 0, rateLimit: 0)
            settings.burstLimit = try operation.intValue()
            try settings.validate(at: operation.path)
            throttles[existingKey] = settings
        default:
            throw operation.invalidPath(mustBeOneOf: Self.paths)
        }
        plan.apiStages[index].throttle = throttles.isEmpty ? nil : throttles
    }
}
