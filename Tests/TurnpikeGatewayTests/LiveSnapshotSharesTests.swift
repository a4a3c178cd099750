import Testing
import TurnpikeLimits
import TurnpikeModel
@testable import TurnpikeGateway

/// The live snapshot's side of cluster throttle shares: demand named by stable ids, shares applied by
/// them, and kept when the next snapshot renumbers the keys.
@Suite struct LiveSnapshotSharesTests {
    let today = UTCDay(iso: "2026-11-25")!
    let start: UInt64 = 1_000_000_000
    let planKey = ThrottleLayout.PlanKey(planId: "p1", keyId: "k2")

    /// Plan p1 (rate 10, burst 8) with `keys`.
    func configuration(keys: [String]) throws -> Configuration {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        for key in keys { _ = try GatewayFixtures.createKey(key, in: &configuration) }
        try GatewayFixtures.createPlan("p1", stages: ["api1:prod"], keys: keys, in: &configuration)
        _ = try configuration.updateUsagePlan("p1", operations: [
            PatchOperation(op: "replace", path: "/throttle/rateLimit", value: "10"),
            PatchOperation(op: "replace", path: "/throttle/burstLimit", value: "8"),
        ], now: 0)
        return configuration
    }

    @Test func demandAndSharesUseStableIdsAcrossSnapshots() throws {
        let live = LiveSnapshot(GatewaySnapshot(configuration: try configuration(keys: ["k2"])))
        let (snapshot, table) = live.currentWithLimiter
        let slot = try #require(snapshot.throttles.slot(of: planKey))
        for _ in 0..<3 { _ = table.decide(slot: slot, now: start, today: today) }
        // The account's default limit saw them too.
        #expect(live.takeDemand() == DemandReport([(ThrottleBucketID.key(planKey), UInt32(3)), (.account, 3)]))
        #expect(live.takeDemand() == DemandReport())

        live.applyShares([.init(bucket: .key(planKey), share: 0.5),
                          .init(bucket: .key(.init(planId: "p1", keyId: "gone")), share: 0.5)])
        #expect(table.planBucket(slot: slot).burstLimit == 4 && table.planBucket(slot: slot).rateLimit == 5)

        // Key k1 joins the plan and sorts first: k2 moves to another slot, its share with it.
        live.replace(with: GatewaySnapshot(configuration: try configuration(keys: ["k1", "k2"])))
        let (next, nextTable) = live.currentWithLimiter
        let moved = try #require(next.throttles.slot(of: planKey))
        #expect(moved != slot)
        #expect(nextTable.planBucket(slot: moved).burstLimit == 4)
        #expect(nextTable.planBucket(slot: try #require(next.throttles.slot(planId: "p1", keyId: "k1"))).burstLimit == 8)
    }

    /// Requests counted by a table that a new snapshot replaced before the heartbeat are reported
    /// with the new table's: a configuration change must not make a busy node look idle (its share
    /// would fall to the floor for one interval).
    @Test func demandCountedBeforeAReplacementIsReported() throws {
        let live = LiveSnapshot(GatewaySnapshot(configuration: try configuration(keys: ["k2"])))
        let (snapshot, table) = live.currentWithLimiter
        for _ in 0..<3 { _ = table.decide(slot: try #require(snapshot.throttles.slot(of: planKey)), now: start, today: today) }
        live.replace(with: GatewaySnapshot(configuration: try configuration(keys: ["k1", "k2"])))
        let (next, nextTable) = live.currentWithLimiter
        for _ in 0..<2 { _ = nextTable.decide(slot: try #require(next.throttles.slot(of: planKey)), now: start, today: today) }
        #expect(live.takeDemand() == DemandReport([(ThrottleBucketID.key(planKey), UInt32(5)), (.account, 5)]))
        #expect(live.takeDemand() == DemandReport())
    }

    @Test func mergedReportsAddTheirCounts() {
        let a = DemandReport([(ThrottleBucketID.key(planKey), UInt32(2)), (.account, 1)])
        let b = DemandReport([(ThrottleBucketID.key(planKey), UInt32(3))])
        #expect(a.merged(with: b) == DemandReport([(ThrottleBucketID.key(planKey), UInt32(5)), (.account, 1)]))
        #expect(a.merged(with: DemandReport()) == a && DemandReport().merged(with: b) == b)
    }
}
