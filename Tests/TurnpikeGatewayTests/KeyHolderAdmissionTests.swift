import Testing
import TurnpikeGateway
import TurnpikeLimits
import TurnpikeModel

/// `KeyTable.admissions(apiKey:)` and `LimiterTable.decideThrottles(slot:now:)`: what
/// `GET /_turnpike/self` checks.
@Suite struct KeyHolderAdmissionTests {
    /// Key `k1` in plan `p1` (API `a1`, stages prod and beta, no throttle) and plan `p2` (API `a2`,
    /// a throttle with a burst of 1).
    func configuration(enabled: Bool = true) throws -> (Configuration, String) {
        var configuration = try GatewayFixtures.keyedApis(["a1", "a2"], stages: ["prod", "beta"])
        let value = try GatewayFixtures.createKey("k1", enabled: enabled, in: &configuration)
        try GatewayFixtures.createPlan("p1", stages: ["a1:prod", "a1:beta"], keys: ["k1"], in: &configuration)
        _ = try configuration.createUsagePlan(
            CreateUsagePlanInput(name: "p2", apiStages: [ApiStage(apiId: "a2", stage: "prod")],
                                 throttle: ThrottleSettings(burstLimit: 1, rateLimit: 0.001)),
            id: "p2", now: 0)
        _ = try configuration.createUsagePlanKey(planId: "p2", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
        return (configuration, value)
    }

    @Test func admissionsListEachPlanOnceWhateverTheStage() throws {
        let (configuration, value) = try configuration()
        let snapshot = GatewaySnapshot(configuration: configuration)
        let admissions = snapshot.keys.admissions(apiKey: value)
        #expect(admissions.map(\.planId) == ["p1", "p2"] && admissions.allSatisfy { $0.keyId == "k1" })
        #expect(snapshot.keys.admissions(apiKey: "unknown").isEmpty)
        #expect(snapshot.keys.admissions(apiKey: "").isEmpty)
        #expect(GatewaySnapshot(configuration: try self.configuration(enabled: false).0).keys.admissions(apiKey: value).isEmpty)
    }

    @Test func throttlesTakeTokensButNeverTheQuota() throws {
        let snapshot = GatewaySnapshot(configuration: try configuration().0)
        let table = LimiterTable(configuration: snapshot.throttles.configuration, now: 0)
        let slot = try #require(snapshot.throttles.slot(planId: "p2", keyId: "k1"))
        #expect(table.decideThrottles(slot: slot, now: 1) == .admitted)
        guard case .throttled(.plan, _) = table.decideThrottles(slot: slot, now: 2) else {
            Issue.record("the second request within the burst of 1 must be throttled")
            return
        }
        let unthrottled = try #require(snapshot.throttles.slot(planId: "p1", keyId: "k1"))
        for now in 1...50 { #expect(table.decideThrottles(slot: unthrottled, now: UInt64(now)) == .admitted) }
    }
}
