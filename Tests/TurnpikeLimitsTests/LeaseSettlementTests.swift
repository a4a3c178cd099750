import Testing
@testable import TurnpikeLimits

/// Lease records in the counter file count what the hot path admitted against a key's leases; they
/// survive the process, and settling returns exactly what the store reserved for the node less that.
@Suite struct LeaseSettlementTests {
    let window = UTCDay(iso: "2026-11-23")!
    let day = UTCDay(iso: "2026-11-25")!

    @Test func leaseConsumptionSurvivesAndSettlesExactly() throws {
        try CounterFilePath.with { path in try settle(path: path) }
    }

    func settle(path: String) throws {
        var node = ""
        do {
            let ledger = UsageLedger(file: try CounterFile(path: path))
            node = try #require(ledger.identity)
            let counter = UsageLedger.Counter(planId: "p", keyId: "k")
            ledger.record(counter, day: day)  // before any lease: not consumption
            #expect(ledger.prepareLease(planId: "p", keyId: "k"))
            ledger.leaseGranted(planId: "p", keyId: "k", window: window, generation: 1)
            for _ in 0..<30 { ledger.record(counter, day: day) }
            ledger.leaseGranted(planId: "p", keyId: "k", window: window, generation: 0)  // a stale answer changes nothing
            ledger.leaseGranted(planId: "p", keyId: "k", window: window, generation: 2)  // a grant voided the earlier leases
            for _ in 0..<12 { ledger.record(counter, day: day) }
            #expect(!ledger.prepareLease(planId: String(repeating: "p", count: 60), keyId: String(repeating: "k", count: 60)))
            // killed here
        }
        let next = UsageLedger(file: try CounterFile(path: path))
        #expect(next.identity == node)
        let held = next.heldLeases()
        #expect(held == [HeldLease(planId: "p", keyId: "k", window: window, generation: 2, consumed: 12)])
        #expect(next.drainBatch().totals == [UsageLedger.Entry(planId: "p", keyId: "k", day: day): 43])
        let reserved = [
            ReservedLease(planId: "p", keyId: "k", lease: QuotaLease(window: window, count: 100, generation: 2, node: node)),
            ReservedLease(planId: "p", keyId: "k", lease: QuotaLease(window: window, count: 40, generation: 1, node: node)),
            // a reservation answered after the kill: nothing consumed, all of it goes back
            ReservedLease(planId: "p", keyId: "k2", lease: QuotaLease(window: window, count: 25, generation: 0, node: node)),
            ReservedLease(planId: "p", keyId: "k3", lease: QuotaLease(window: window, count: 5, generation: 0, node: node)),
        ]
        let returned = LeaseSettlement.returns(reserved: reserved, held: held + [
            HeldLease(planId: "p", keyId: "k3", window: window, generation: 0, consumed: 5)])
        #expect(returned.map { "\($0.keyId)/\($0.lease.generation)/\($0.lease.count)" } == ["k/2/88", "k/1/40", "k2/0/25"])
        next.releaseLeases()
        #expect(next.heldLeases().isEmpty)
        #expect(try CounterFile(path: path).records().allSatisfy { $0.kind == .usage })
    }
}
