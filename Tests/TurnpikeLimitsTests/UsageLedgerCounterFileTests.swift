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

    @Test func aBatchInPiecesIsConfirmedAndRestoredPieceByPiece() throws {
        try CounterFilePath.with { path in
            let ledger = UsageLedger(file: try CounterFile(path: path))
            _ = ledger.drainBatch()
            let counters = (0..<300).map { UsageLedger.Counter(planId: "p", keyId: "k\($0)") }
            for counter in counters { ledger.record(counter, day: day) }
            for index in 0..<10 { ledger.record(planId: "p", keyId: "byName\(index)", day: day) }
            let batch = ledger.drainBatch()
            let pieces = batch.pieces(ofAtMost: 128)
            #expect(pieces.map { $0.counts.count + $0.totals.count } == [128, 128, 54])
            #expect(pieces[0].counts.count == 10, "counts go first")
            #expect(pieces.reduce(into: [:]) { $0.merge($1.totals) { _, _ in -1 } } == batch.totals)
            #expect(pieces.reduce(into: [:]) { $0.merge($1.counts) { _, _ in -1 } } == batch.counts)
            #expect(pieces.map { $0.pruneBefore == nil } == [true, true, false], "only the last piece prunes")
            #expect(batch.pieces(ofAtMost: 310).count == 1 && batch.pieces(ofAtMost: 310)[0].pruneBefore != nil)

            // The store took the first piece and refused the second: the first is confirmed, the
            // rest goes out again with what was counted meanwhile.
            ledger.confirm(pieces[0])
            ledger.restore(pieces[1])
            ledger.restore(pieces[2])
            ledger.record(counters[0], day: day)
            let again = ledger.drainBatch()
            let unsent = pieces[1].totals.merging(pieces[2].totals) { _, _ in -1 }
            let recounted = UsageLedger.Entry(counters[0], day: day)
            #expect(again.totals == unsent.merging([recounted: 2]) { _, recount in recount })
            #expect(again.counts == pieces[1].counts.merging(pieces[2].counts) { _, _ in -1 })
            for piece in again.pieces(ofAtMost: 128) { ledger.confirm(piece) }
            #expect(ledger.drainBatch().isEmpty)
        }
    }
}
