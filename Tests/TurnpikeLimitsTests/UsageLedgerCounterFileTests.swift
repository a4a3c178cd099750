import Testing
@testable import TurnpikeLimits

/// A ledger over a counter file: counts made before a crash (the ledger dropped unflushed, the file
/// reopened) are sent as totals by the next ledger; the store's deltas count a resent batch once.
@Suite struct UsageLedgerCounterFileTests {
    let day = UTCDay(iso: "2026-11-25")!

    @Test func countsMadeBeforeACrashAreSentByTheNextLedger() throws {
        try CounterFilePath.with { path in
            let entry = UsageLedger.Entry(planId: "p", keyId: "k", day: day)
            do {
                let ledger = UsageLedger(file: try CounterFile(path: path))
                let counter = UsageLedger.Counter(planId: "p", keyId: "k")
                for _ in 0..<5 { ledger.record(counter, day: day) }
                let batch = ledger.drainBatch()
                #expect(batch.totals == [entry: 5] && batch.counts.isEmpty)
                ledger.confirm(batch)
                for _ in 0..<3 { ledger.record(counter, day: day) }
                // killed here: 3 counted, not flushed
            }
            let next = UsageLedger(file: try CounterFile(path: path))
            let batch = next.drainBatch()
            #expect(batch.totals == [entry: 8])
            // The store had seen 5 of this node's total: it adds 3.
            #expect(batch.deltas(seen: [entry: 5]) == [entry: 3])
            #expect(batch.deltas(seen: [entry: 8]).isEmpty, "a batch sent twice counts once")
        }
    }

    @Test func aFailedBatchGoesOutAgainAndDaysKeepTheirRecords() throws {
        try CounterFilePath.with { path in
            let ledger = UsageLedger(file: try CounterFile(path: path))
            _ = ledger.drainBatch()
            let counter = UsageLedger.Counter(planId: "p", keyId: "k")
            ledger.record(counter, day: day)
            ledger.record(counter, day: day + 1)   // midnight: the first day's record still goes out
            ledger.record(planId: "p", keyId: "byName", day: day)
            let failed = ledger.drainBatch()
            #expect(failed.totals == [UsageLedger.Entry(planId: "p", keyId: "k", day: day): 1,
                                      UsageLedger.Entry(planId: "p", keyId: "k", day: day + 1): 1])
            #expect(failed.counts == [UsageLedger.Entry(planId: "p", keyId: "byName", day: day): 1])
            ledger.restore(failed)
            ledger.record(counter, day: day + 1)
            let again = ledger.drainBatch()
            #expect(again.totals[UsageLedger.Entry(planId: "p", keyId: "k", day: day + 1)] == 2)
            #expect(again.totals[UsageLedger.Entry(planId: "p", keyId: "k", day: day)] == 1)
            #expect(again.counts == failed.counts)
            ledger.confirm(again)
            #expect(ledger.drainBatch().isEmpty)
            // The older day's record is freed once the store has it; a late request of that day is
            // counted in memory.
            ledger.releaseRecords(before: day + 1)
            ledger.record(counter, day: day)
            #expect(ledger.drainBatch().counts == [UsageLedger.Entry(planId: "p", keyId: "k", day: day): 1])
            #expect(try CounterFile(path: path).records().map(\.day) == [day + 1])
        }
    }
}
