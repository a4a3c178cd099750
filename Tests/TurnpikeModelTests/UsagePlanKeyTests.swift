import Testing
@testable import TurnpikeModel

@Suite struct UsagePlanKeyTests {
    let now = 1_764_000_000

    func setUp() throws -> Configuration {
        var configuration = configurationWithStages()
        _ = try configuration.createApiKey(CreateApiKeyInput(name: "alice"), id: "k1", now: now)
        _ = try configuration.createApiKey(CreateApiKeyInput(name: "bob"), id: "k2", now: now)
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "a", apiStages: [ApiStage(apiId: "api1", stage: "prod")]), id: "p1", now: now)
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "b", apiStages: [ApiStage(apiId: "api1", stage: "prod")]), id: "p2", now: now)
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "c", apiStages: [ApiStage(apiId: "api2", stage: "prod")]), id: "p3", now: now)
        _ = configuration.takeChanges()
        return configuration
    }

    @Test func createAnswersTheKeyShape() throws {
        var configuration = try setUp()
        let planKey = try configuration.createUsagePlanKey(planId: "p1", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
        #expect(planKey.id == "k1" && planKey.type == "API_KEY" && planKey.name == "alice")
        #expect(planKey.value == configuration.apiKeys["k1"]?.value)
        #expect(try configuration.usagePlanKey(planId: "p1", keyId: "k1") == planKey)
    }

    @Test func refusals() throws {
        var configuration = try setUp()
        _ = try configuration.createUsagePlanKey(planId: "p1", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
        _ = configuration.takeChanges()
        #expect(throws: GatewayError.notFound("Invalid Usage Plan ID specified")) {
            try configuration.createUsagePlanKey(planId: "zz", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
        }
        #expect(throws: GatewayError.notFound("Invalid API Key identifier specified")) {
            try configuration.createUsagePlanKey(planId: "p1", CreateUsagePlanKeyInput(keyId: "zz", keyType: "API_KEY"))
        }
        #expect(throws: GatewayError.self) {
            try configuration.createUsagePlanKey(planId: "p1", CreateUsagePlanKeyInput(keyId: "k2", keyType: "SECRET"))
        }
        let duplicate = #expect(throws: GatewayError.self) {
            try configuration.createUsagePlanKey(planId: "p1", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
        }
        #expect(duplicate?.code == .conflict)
        let shared = #expect(throws: GatewayError.self) {
            try configuration.createUsagePlanKey(planId: "p2", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
        }
        #expect(shared?.code == .conflict)
        #expect(!configuration.hasChanges)
        _ = try configuration.createUsagePlanKey(planId: "p3", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
    }

    @Test func addingASharedStageToAPlanOfTheKeyConflicts() throws {
        var configuration = try setUp()
        _ = try configuration.createUsagePlanKey(planId: "p1", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
        _ = try configuration.createUsagePlanKey(planId: "p3", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
        _ = configuration.takeChanges()
        let error = #expect(throws: GatewayError.self) {
            try configuration.updateUsagePlan("p3", operations: [PatchOperation(op: "add", path: "/apiStages", value: "api1:prod")], now: now)
        }
        #expect(error?.code == .conflict)
        #expect(configuration.usagePlans["p3"]?.apiStages.count == 1)
    }

    @Test func listAndDelete() throws {
        var configuration = try setUp()
        _ = try configuration.createUsagePlanKey(planId: "p1", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
        _ = try configuration.createUsagePlanKey(planId: "p1", CreateUsagePlanKeyInput(keyId: "k2", keyType: "API_KEY"))
        #expect(configuration.usagePlanKeys(planId: "p1", namePrefix: nil).map(\.id) == ["k1", "k2"])
        #expect(configuration.usagePlanKeys(planId: "p1", namePrefix: "b").map(\.id) == ["k2"])
        #expect(configuration.usagePlanKeys(planId: "unknown", namePrefix: nil).isEmpty)
        try configuration.removeUsagePlanKey(planId: "p1", keyId: "k1")
        #expect(configuration.usagePlanKeys(planId: "p1", namePrefix: nil).map(\.id) == ["k2"])
        #expect(throws: GatewayError.notFound("Invalid Usage Plan Key identifier specified")) {
            try configuration.removeUsagePlanKey(planId: "p1", keyId: "k1")
        }
    }
}
