import Testing
import TurnpikeLimits
import TurnpikeStore

/// The PostgreSQL node registry: heartbeats carry each node's throttle demand to the others.
@Suite struct NodeRegistryTests {
    let key = ThrottleBucketID.key(.init(planId: "p1", keyId: "k1"))
    let stage = ThrottleBucketID.stageMethod(.init(apiId: "a1", stage: "prod", methodKey: "*/*"))

    func report(_ counts: [(ThrottleBucketID, UInt32)]) -> DemandReport { DemandReport(counts) }

    @Test(.enabled(if: StoreKind.tested.contains(.postgres), "TURNPIKE_SKIP_POSTGRES=1"))
    func eachHeartbeatReturnsTheOtherLiveNodesDemand() async throws {
        try await StoreFixture.with(.postgres) { fixture, store in
            let first = try #require(store as? any NodeRegistry)
            let second = try #require(try await fixture.open() as? any NodeRegistry)
            let alone = try await first.heartbeat(node: "a", window: .seconds(3), demand: report([(key, 40)]))
            #expect(alone.nodes == 1 && alone.peers.isEmpty)
            let both = try await second.heartbeat(node: "b", window: .seconds(3), demand: report([(key, 10), (stage, 2)]))
            #expect(both.nodes == 2)
            #expect(both.peers.map(\.node) == ["a"] && both.peers.first?.demand == report([(key, 40)]))
            #expect(both.peers.first.map { $0.age >= .zero && $0.age < .seconds(3) } == true)
            // A's next heartbeat replaces its report and reads B's.
            let again = try await first.heartbeat(node: "a", window: .seconds(3), demand: DemandReport())
            #expect(again.peers.first?.demand == report([(key, 10), (stage, 2)]))
            let fromB = try await second.heartbeat(node: "b", window: .seconds(3), demand: DemandReport())
            #expect(fromB.peers.first?.demand == DemandReport())
            // Outside the window a node no longer counts.
            let narrow = try await second.heartbeat(node: "b", window: .nanoseconds(1), demand: DemandReport())
            #expect(narrow.nodes == 1 && narrow.peers.isEmpty)
            // A node that leaves is no longer counted, within the window too.
            _ = try await first.heartbeat(node: "a", window: .seconds(3), demand: report([(key, 4)]))
            #expect(try await second.heartbeat(node: "b", window: .seconds(3), demand: DemandReport()).nodes == 2)
            try await first.leave(node: "a")
            let left = try await second.heartbeat(node: "b", window: .seconds(3), demand: DemandReport())
            #expect(left.nodes == 1 && left.peers.isEmpty)
        }
    }
}
