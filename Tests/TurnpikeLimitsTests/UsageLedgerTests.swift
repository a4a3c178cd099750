import Testing
@testable import TurnpikeLimits

@Suite struct UsageLedgerTests {
    let day = UTCDay(iso: "2026-11-25")!

    @Test func countsPerPlanKeyAndDayAndDrainsOnce() {
        let ledger = UsageLedger()
        for _ in 0..<3 { ledger.record(planId: "p1", keyId: "k1", day: day) }
        ledger.record(planId: "p1", keyId: "k1", day: day + 1)
        ledger.record(planId: "p2", keyId: "k1", day: day)
        #expect(ledger.pending == 5)
        let drained = ledger.drain()
        #expect(drained[UsageLedger.Entry(planId: "p1", keyId: "k1", day: day)] == 3)
        #expect(drained[UsageLedger.Entry(planId: "p1", keyId: "k1", day: day + 1)] == 1)
        #expect(drained[UsageLedger.Entry(planId: "p2", keyId: "k1", day: day)] == 1)
        #expect(ledger.drain().isEmpty && ledger.pending == 0)
    }

    @Test func restoredCountsAddToNewOnes() {
        let ledger = UsageLedger()
        ledger.record(planId: "p", keyId: "k", day: day)
        let failed = ledger.drain()
        ledger.record(planId: "p", keyId: "k", day: day)
        ledger.restore(failed)
        #expect(ledger.drain() == [UsageLedger.Entry(planId: "p", keyId: "k", day: day): 2])
    }

    @Test func concurrentRecordsAreAllCounted() async {
        let ledger = UsageLedger()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask { for _ in 0..<1000 { ledger.record(planId: "p", keyId: "k\(task % 2)", day: day) } }
            }
        }
        #expect(ledger.pending == 8000)
    }

    @Test func countersAndNamesCountTheSameEntry() {
        let ledger = UsageLedger()
        let counter = UsageLedger.Counter(planId: "p1", keyId: "k1")
        ledger.record(counter, day: day)
        ledger.record(planId: "p1", keyId: "k1", day: day)
        ledger.record(UsageLedger.Counter(planId: "p1k", keyId: "1"), day: day)
        ledger.record(counter, day: day + 1)
        #expect(ledger.drain() == [
            UsageLedger.Entry(planId: "p1", keyId: "k1", day: day): 2,
            UsageLedger.Entry(planId: "p1k", keyId: "1", day: day): 1,
            UsageLedger.Entry(counter, day: day + 1): 1,
        ])
    }

    @Test func countersCountAgainAfterADrainAndMergeAcrossSnapshots() {
        let ledger = UsageLedger()
        let old = UsageLedger.Counter(planId: "p", keyId: "k")
        let new = UsageLedger.Counter(planId: "p", keyId: "k")  // the same key in a newer snapshot
        ledger.record(old, day: day)
        ledger.record(new, day: day)
        ledger.record(new, day: day)
        #expect(ledger.pending == 3)
        #expect(ledger.drain() == [UsageLedger.Entry(planId: "p", keyId: "k", day: day): 3])
        ledger.record(old, day: day + 1)
        ledger.record(old, day: day + 1)
        ledger.record(old, day: day + 2)  // midnight before the drain: the earlier day keeps its count
        #expect(ledger.pending == 3)
        #expect(ledger.drain() == [
            UsageLedger.Entry(planId: "p", keyId: "k", day: day + 1): 2,
            UsageLedger.Entry(planId: "p", keyId: "k", day: day + 2): 1,
        ])
        #expect(ledger.drain().isEmpty)
    }
}
