import Testing
@testable import TurnpikeModel

/// A configuration with REST API `api1` deployed to stages `prod` and `beta`, and `api2` to `prod`.
func configurationWithStages() -> Configuration {
    var configuration = Configuration()
    for (apiId, stages) in [("api1", ["prod", "beta"]), ("api2", ["prod"])] {
        let root = Resource(id: "\(apiId)root", path: "/")
        var document = RestApiDocument(
            api: RestApi(id: apiId, name: apiId, createdDate: 0, rootResourceId: root.id), root: root)
        for stage in stages {
            document.stages[stage] = Stage(deploymentId: "d1", stageName: stage, createdDate: 0)
        }
        configuration.save(document)
    }
    _ = configuration.takeChanges()
    return configuration
}

@Suite struct UsagePlanTests {
    let now = 1_764_000_000

    @Test func createNormalizesThrottleAndQuota() throws {
        var configuration = configurationWithStages()
        let plan = try configuration.createUsagePlan(CreateUsagePlanInput(
            name: "gold", apiStages: [ApiStage(apiId: "api1", stage: "prod", throttle: ["/pets/GET": ThrottleSettings(rateLimit: 5)])],
            throttle: ThrottleSettings(rateLimit: 10), quota: QuotaSettings(limit: 100, period: "DAY")
        ), id: "p1", now: now)
        #expect(plan.throttle == ThrottleSettings(burstLimit: 0, rateLimit: 10))
        #expect(plan.quota == QuotaSettings(limit: 100, offset: 0, period: "DAY"))
        #expect(plan.apiStages[0].throttle?["/pets/GET"] == ThrottleSettings(burstLimit: 0, rateLimit: 5))
        #expect(plan.quotaStartDate == now)
        let json = String(decoding: try WireJSON.encode(plan), as: UTF8.self)
        #expect(!json.contains("quotaStartDate"))
        #expect(json.contains("\"apiStages\""))
    }

    @Test func planWithoutStagesAnswersAnEmptyList() throws {
        var configuration = Configuration()
        let plan = try configuration.createUsagePlan(CreateUsagePlanInput(name: "free"), id: "p1", now: now)
        let json = String(decoding: try WireJSON.encode(plan), as: UTF8.self)
        #expect(json.contains("\"apiStages\":[]"))
        #expect(!json.contains("throttle") && !json.contains("quota"))
    }

    @Test func unknownStageIsRefused() {
        var configuration = configurationWithStages()
        #expect(throws: GatewayError.badRequest("Invalid API Stage {api: api1, stage: nope} specified")) {
            try configuration.createUsagePlan(CreateUsagePlanInput(name: "x", apiStages: [ApiStage(apiId: "api1", stage: "nope")]), id: "p1", now: now)
        }
        #expect(configuration.usagePlans.isEmpty && !configuration.hasChanges)
    }

    @Test func badQuotaPeriodIsAValidationError() {
        var configuration = Configuration()
        #expect(throws: GatewayError.enumeration(value: "YEAR", at: "createUsagePlanInput.quota.period", allowed: ["WEEK", "DAY", "MONTH"])) {
            try configuration.createUsagePlan(CreateUsagePlanInput(name: "x", quota: QuotaSettings(limit: 1, period: "YEAR")), id: "p1", now: now)
        }
    }

    @Test func patchPathsChangeThePlan() throws {
        var configuration = configurationWithStages()
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "gold"), id: "p1", now: now)
        let plan = try configuration.updateUsagePlan("p1", operations: [
            PatchOperation(op: "replace", path: "/name", value: "platinum"),
            PatchOperation(op: "replace", path: "/description", value: "best"),
            PatchOperation(op: "replace", path: "/productCode", value: "sku"),
            PatchOperation(op: "replace", path: "/throttle/rateLimit", value: "12.5"),
            PatchOperation(op: "replace", path: "/throttle/burstLimit", value: "20"),
            PatchOperation(op: "replace", path: "/quota/limit", value: "1000"),
            PatchOperation(op: "replace", path: "/quota/period", value: "MONTH"),
            PatchOperation(op: "add", path: "/apiStages", value: "api1:prod"),
            PatchOperation(op: "add", path: "/apiStages/api1:prod/throttle//pets/GET/rateLimit", value: "3"),
            PatchOperation(op: "replace", path: "/apiStages/api1:prod/throttle/~1pets/GET/burstLimit", value: "6"),
        ], now: now + 60)
        #expect(plan.name == "platinum" && plan.description == "best" && plan.productCode == "sku")
        #expect(plan.throttle == ThrottleSettings(burstLimit: 20, rateLimit: 12.5))
        #expect(plan.quota == QuotaSettings(limit: 1000, offset: 0, period: "MONTH"))
        #expect(plan.quotaStartDate == now + 60)
        #expect(plan.apiStages == [ApiStage(apiId: "api1", stage: "prod", throttle: ["/pets/GET": ThrottleSettings(burstLimit: 6, rateLimit: 3)])])
    }

    @Test func removeThrottleQuotaAndStages() throws {
        var configuration = configurationWithStages()
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(
            name: "gold", apiStages: [ApiStage(apiId: "api1", stage: "prod", throttle: ["/pets/GET": ThrottleSettings(rateLimit: 1)])],
            throttle: ThrottleSettings(rateLimit: 1), quota: QuotaSettings(limit: 1, period: "WEEK")), id: "p1", now: now)
        var plan = try configuration.updateUsagePlan("p1", operations: [
            PatchOperation(op: "remove", path: "/apiStages/api1:prod/throttle//pets/GET"),
            PatchOperation(op: "remove", path: "/throttle"),
            PatchOperation(op: "remove", path: "/quota"),
        ], now: now)
        #expect(plan.throttle == nil && plan.quota == nil && plan.apiStages[0].throttle == nil)
        plan = try configuration.updateUsagePlan("p1", operations: [PatchOperation(op: "remove", path: "/apiStages", value: "api1:prod")], now: now)
        #expect(plan.apiStages.isEmpty)
    }

    @Test func refusedPatchesWithAWSMessages() throws {
        var configuration = configurationWithStages()
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "gold"), id: "p1", now: now)
        _ = configuration.takeChanges()
        #expect(throws: GatewayError.badRequest("Invalid API Stage specified")) {
            try configuration.updateUsagePlan("p1", operations: [PatchOperation(op: "remove", path: "/apiStages")], now: now)
        }
        #expect(throws: GatewayError.notFound("Invalid API Stage {api: api1, stage: prod} specified for usageplan p1")) {
            try configuration.updateUsagePlan("p1", operations: [PatchOperation(op: "remove", path: "/apiStages", value: "api1:prod")], now: now)
        }
        #expect(throws: GatewayError.notFound("Invalid API Stage {api: zzz, stage: prod} specified for usageplan p1")) {
            try configuration.updateUsagePlan("p1", operations: [PatchOperation(op: "add", path: "/apiStages", value: "zzz:prod")], now: now)
        }
        #expect(throws: GatewayError.self) {
            try configuration.updateUsagePlan("p1", operations: [PatchOperation(op: "replace", path: "/bogus", value: "1")], now: now)
        }
        #expect(throws: GatewayError.self) {
            try configuration.updateUsagePlan("p1", operations: [PatchOperation(op: "replace", path: "/throttle/rateLimit", value: "fast")], now: now)
        }
        #expect(throws: GatewayError.notFound("Invalid Usage Plan ID specified")) {
            try configuration.updateUsagePlan("nope", operations: [], now: now)
        }
        #expect(!configuration.hasChanges)
        #expect(configuration.usagePlans["p1"]?.name == "gold")
    }

    @Test func deleteIsRefusedWhileStagesRemain() throws {
        var configuration = configurationWithStages()
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "g", apiStages: [ApiStage(apiId: "api1", stage: "prod")]), id: "p1", now: now)
        #expect(throws: GatewayError.badRequest("Cannot delete Usage Plan p1 because there are API Stages associated with it, including api1:prod")) {
            try configuration.removeUsagePlan("p1")
        }
        _ = try configuration.updateUsagePlan("p1", operations: [PatchOperation(op: "remove", path: "/apiStages", value: "api1:prod")], now: now)
        try configuration.removeUsagePlan("p1")
        #expect(configuration.usagePlans.isEmpty)
    }

    @Test func listingByKey() throws {
        var configuration = Configuration()
        _ = try configuration.createApiKey(CreateApiKeyInput(), id: "k1", now: now)
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "a"), id: "p1", now: now)
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "b"), id: "p2", now: now)
        _ = try configuration.createUsagePlanKey(planId: "p2", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
        #expect(configuration.usagePlans(containingKey: "k1").map(\.id) == ["p2"])
        #expect(configuration.usagePlans(containingKey: nil).map(\.id) == ["p1", "p2"])
    }

    @Test func methodThrottleKeysParse() {
        #expect(MethodThrottleKey("/pets/GET")?.canonical == "/pets/GET")
        #expect(MethodThrottleKey("//pets/GET")?.canonical == "/pets/GET")
        #expect(MethodThrottleKey("~1pets~1{id}/DELETE")?.canonical == "/pets/{id}/DELETE")
        #expect(MethodThrottleKey("/pets/FETCH") == nil)
    }
}

@Suite struct UsagePlanQuotaPatchTests {
    @Test func aQuotaWithoutAPeriodIsRefusedButFieldsMayArriveSeparately() throws {
        var configuration = Configuration()
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "p"), id: "p1", now: 0)
        #expect(throws: GatewayError.self) {
            try configuration.updateUsagePlan("p1", operations: [PatchOperation(op: "replace", path: "/quota/limit", value: "10")], now: 0)
        }
        #expect(configuration.usagePlans["p1"]?.quota == nil)
        let plan = try configuration.updateUsagePlan("p1", operations: [
            PatchOperation(op: "add", path: "/quota/limit", value: "10"),
            PatchOperation(op: "add", path: "/quota/offset", value: "0"),
            PatchOperation(op: "add", path: "/quota/period", value: "DAY"),
        ], now: 0)
        #expect(plan.quota == QuotaSettings(limit: 10, offset: 0, period: "DAY"))
    }
}
