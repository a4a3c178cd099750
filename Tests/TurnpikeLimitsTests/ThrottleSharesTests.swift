import Testing
import TurnpikeModel
@testable import TurnpikeLimits

@Suite struct ThrottleSharesTests {
    let second: UInt64 = 1_000_000_000
    let key = ThrottleBucketID.key(.init(planId: "p1", keyId: "k1"))
    let other = ThrottleBucketID.key(.init(planId: "p1", keyId: "k2"))
    let stage = ThrottleBucketID.stageMethod(.init(apiId: "a1", stage: "prod", methodKey: "/pets/GET"))

    func report(_ counts: [ThrottleBucketID: UInt32]) -> DemandReport { DemandReport(counts.map { ($0.key, $0.value) }) }

    /// A model with a 1 s heartbeat: reports older than 1.5 s are stale.
    func model() -> ThrottleShares { ThrottleShares(floor: 0.05, staleAfter: 3 * second / 2) }

    @Test func allTrafficOnThisNodeKeepsTheWholeLimit() {
        var shares = model()
        let now = 10 * second
        // The other node is alive but saw nothing of this key.
        let changes = shares.heartbeat(own: report([key: 400]), peers: [.init(node: "b", demand: report([other: 9]), reportedAt: now)], now: now)
        #expect(changes == [.init(bucket: other, share: 0.05)])
        #expect(shares.shares[key] == nil)
    }

    @Test func allTrafficOnTheOtherNodeLeavesTheFloor() {
        var shares = model()
        let now = 10 * second
        let changes = shares.heartbeat(own: DemandReport(), peers: [.init(node: "b", demand: report([key: 400]), reportedAt: now)], now: now)
        #expect(changes == [.init(bucket: key, share: 0.05)])
    }

    @Test func evenTrafficSplitsEvenlyAndUnevenProportionally() {
        var shares = model()
        var now = 10 * second
        let even = shares.heartbeat(own: report([key: 100, stage: 30]), peers: [.init(node: "b", demand: report([key: 100, stage: 90]), reportedAt: now)], now: now)
        #expect(Set(even.map(\.bucket)) == [key, stage])
        #expect(shares.shares == [key: 0.5, stage: 0.25])
        // Three nodes: this one has 60 % of the key's traffic.
        now += second
        let peers: [ThrottleShares.PeerReport] = [
            .init(node: "b", demand: report([key: 30]), reportedAt: now - second / 2),
            .init(node: "c", demand: report([key: 10]), reportedAt: now),
        ]
        // The rise to 0.6 waits for a second heartbeat that agrees; the stage nobody else reports is whole.
        #expect(shares.heartbeat(own: report([key: 60]), peers: peers, now: now) == [.init(bucket: stage, share: 1)])
        #expect(shares.shares == [key: 0.5])
        now += second
        #expect(shares.heartbeat(own: report([key: 60]), peers: peers, now: now) == [.init(bucket: key, share: 0.6)])
        #expect(shares.shares == [key: 0.6])
        // The sum of the three nodes' shares is 1 (0.6 + 0.3 + 0.1): none under the floor.
    }

    @Test func smallMovesAreNotReported() {
        var shares = model()
        let now = 10 * second
        _ = shares.heartbeat(own: report([key: 100]), peers: [.init(node: "b", demand: report([key: 100]), reportedAt: now)], now: now)
        let jitter = shares.heartbeat(own: report([key: 101]), peers: [.init(node: "b", demand: report([key: 99]), reportedAt: now + second)], now: now + second)
        #expect(jitter.isEmpty && shares.shares[key] == 0.5)
    }

    @Test func aNodeThatLeavesHandsItsShareBackWithinTwoHeartbeats() {
        var shares = model()
        var now = 10 * second
        let b = ThrottleShares.PeerReport(node: "b", demand: report([key: 100]), reportedAt: now)
        _ = shares.heartbeat(own: report([key: 100]), peers: [b], now: now)
        #expect(shares.shares[key] == 0.5)
        // Node B dies right after its report; the store still lists it as live for 3 s.
        now += second
        // One heartbeat later its last report still counts (1 s old): 2/3 by the figures, but a rise
        // waits for two heartbeats that agree.
        #expect(shares.heartbeat(own: report([key: 200]), peers: [b], now: now).isEmpty)
        now += second
        let changes = shares.heartbeat(own: report([key: 200]), peers: [b], now: now)
        #expect(changes == [.init(bucket: key, share: 1)])
        #expect(shares.shares.isEmpty)
    }

    @Test func trafficRisingEverywhereDoesNotLetOneNodeClaimTheBucket() {
        var shares = model()
        var now = 10 * second
        _ = shares.heartbeat(own: report([key: 4]), peers: [.init(node: "b", demand: report([key: 4]), reportedAt: now)], now: now)
        // Both clients speed up 100-fold; B's last report still shows the quiet interval.
        now += second
        #expect(shares.heartbeat(own: report([key: 400]), peers: [.init(node: "b", demand: report([key: 4]), reportedAt: now - second / 2)], now: now).isEmpty)
        #expect(shares.shares[key] == 0.5)
        // B's next report shows its rise too: still half each.
        now += second
        #expect(shares.heartbeat(own: report([key: 400]), peers: [.init(node: "b", demand: report([key: 390]), reportedAt: now)], now: now).isEmpty)
        // Traffic leaves this node: the share falls at once.
        now += second
        #expect(shares.heartbeat(own: report([key: 1]), peers: [.init(node: "b", demand: report([key: 400]), reportedAt: now)], now: now)
            == [.init(bucket: key, share: 0.05)])
    }

    @Test func aNodeThatJoinsGetsItsShareAtItsFirstReport() {
        var shares = model()
        var now = 10 * second
        #expect(shares.heartbeat(own: report([key: 200]), peers: [], now: now).isEmpty)
        // Node B joins and takes half the traffic; its first report arrives with the next heartbeat.
        now += second
        let changes = shares.heartbeat(own: report([key: 100]), peers: [.init(node: "b", demand: report([key: 100]), reportedAt: now)], now: now)
        #expect(changes == [.init(bucket: key, share: 0.5)])
    }

    @Test func aBucketNobodyReportsBecomesWholeAgain() {
        var shares = model()
        let now = 10 * second
        _ = shares.heartbeat(own: report([key: 10]), peers: [.init(node: "b", demand: report([key: 30]), reportedAt: now)], now: now)
        #expect(shares.shares[key] == 0.25)
        let idle = shares.heartbeat(own: DemandReport(), peers: [.init(node: "b", demand: DemandReport(), reportedAt: now + second)], now: now + second)
        #expect(idle == [.init(bucket: key, share: 1)] && shares.shares.isEmpty)
    }
}

@Suite struct DemandReportTests {
    @Test func roundTripsThroughItsEncoding() {
        let demand = DemandReport([
            (.key(.init(planId: "p1", keyId: "k1")), 12),
            (.stageMethod(.init(apiId: "a1", stage: "prod", methodKey: "*/*")), 3),
            (.stageMethod(.init(apiId: "a1", stage: "prod", methodKey: "/pets/{id}/GET")), 4),
            (.account, 99),
            (.key(.init(planId: "p1", keyId: "idle")), 0),
        ])
        #expect(demand.requests.count == 4)
        #expect(DemandReport(encoded: demand.encoded) == demand)
    }

    @Test func keepsTheBusiestBucketsAndSkipsGarbage() {
        let many = (0..<(DemandReport.limit + 10)).map { (ThrottleBucketID.key(.init(planId: "p", keyId: "k\($0)")), UInt32($0 + 1)) }
        let report = DemandReport(many)
        #expect(report.requests.count == DemandReport.limit)
        #expect(report.requests[.key(.init(planId: "p", keyId: "k0"))] == nil)
        #expect(report.requests[.key(.init(planId: "p", keyId: "k\(DemandReport.limit + 9)"))] != nil)
        let garbage = Array("x\u{1F}k\u{1F}p\u{1F}k\n7\u{1F}q\n7\u{1F}a\n-1\u{1F}a\n".utf8)
        #expect(DemandReport(encoded: garbage).requests == [.account: 7])
    }
}
