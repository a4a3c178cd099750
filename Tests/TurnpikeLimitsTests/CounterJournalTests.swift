import Testing
@testable import TurnpikeLimits

/// The counter file's journal: a request is counted in its lease and in usage together, whatever
/// instant the process dies at. Each test leaves the file as a `kill -9` at one point of
/// ``CounterJournal/count(usage:total:lease:consumed:)`` would (the mapped pages as they are) and
/// reopens it.
@Suite struct CounterJournalTests {
    let day = UTCDay(iso: "2026-12-04")!

    /// Where a kill can land in one `count`: after the journal opened, after the lease total moved,
    /// after the usage total moved (before the journal closed).
    enum Death { case opened, leaseCounted, bothCounted }

    /// Counts `before` requests, then dies at `death` in the next one; returns the reopened file's
    /// usage and lease totals and whether it repaired a request.
    func reopen(dyingAt death: Death, before: UInt64 = 5) throws -> (usage: UInt64, lease: UInt64, repaired: Bool, idle: Bool) {
        var result: (UInt64, UInt64, Bool, Bool) = (0, 0, false, false)
        try CounterFilePath.with { path in
            let usage: Int, lease: Int
            do {
                let file = try CounterFile(path: path)
                lease = try #require(file.allocate(planId: "plan", keyId: "key", day: day, kind: .lease, generation: 3))
                usage = try #require(file.allocate(planId: "plan", keyId: "key", day: day))
                for _ in 0..<before {
                    file.journal.count(usage: usage, total: file.total(usage), lease: lease, consumed: file.total(lease))
                }
                // The journal's writes up to the kill, as `count` makes them.
                file.journal.open(.init(usage: usage, lease: lease, usageBefore: before, leaseBefore: before))
                if death != .opened { file.total(lease).pointee += 1 }
                if death == .bothCounted { file.total(usage).pointee += 1 }
            }
            let reopened = try CounterFile(path: path)
            result = (reopened.total(usage).pointee, reopened.total(lease).pointee, reopened.repairedRequest,
                      reopened.journal.base.load(as: UInt64.self) == 0)
        }
        return result
    }

    @Test func aRequestCountedInItsLeaseOnlyIsCountedInUsageAtOpen() throws {
        let reopened = try reopen(dyingAt: .leaseCounted)
        #expect(reopened.usage == 6 && reopened.lease == 6 && reopened.repaired && reopened.idle)
    }

    @Test func aRequestCountedInNeitherOrBothIsLeftAsItIs() throws {
        let opened = try reopen(dyingAt: .opened)
        #expect(opened.usage == 5 && opened.lease == 5 && !opened.repaired && opened.idle)
        let both = try reopen(dyingAt: .bothCounted)
        #expect(both.usage == 6 && both.lease == 6 && !both.repaired && both.idle)
        let first = try reopen(dyingAt: .leaseCounted, before: 0)
        #expect(first.usage == 1 && first.lease == 1 && first.repaired)
    }

    @Test func aJournalNamingNoSuchRecordsRepairsNothing() throws {
        try CounterFilePath.with { path in
            let usage: Int
            do {
                let file = try CounterFile(path: path)
                usage = try #require(file.allocate(planId: "plan", keyId: "key", day: day))
                file.total(usage).pointee = 9
                // A lease index that is free, then one past the file's end.
                file.journal.open(.init(usage: usage, lease: usage + 1, usageBefore: 9, leaseBefore: 0))
            }
            do {
                let reopened = try CounterFile(path: path)
                #expect(!reopened.repairedRequest && reopened.records().map(\.total) == [9])
                reopened.journal.open(.init(usage: usage, lease: 1 << 40, usageBefore: 9, leaseBefore: 0))
            }
            let again = try CounterFile(path: path)
            #expect(!again.repairedRequest && again.records().map(\.total) == [9])
        }
    }

    @Test func theLedgerCountsAKeysLeaseAndUsageTogether() throws {
        try CounterFilePath.with { path in
            let ledger = UsageLedger(file: try CounterFile(path: path))
            #expect(ledger.prepareLease(planId: "plan", keyId: "key"))
            ledger.leaseGranted(planId: "plan", keyId: "key", window: day, generation: 1)
            let counter = UsageLedger.Counter(planId: "plan", keyId: "key")
            for _ in 0..<7 { ledger.record(counter, day: day) }
            #expect(ledger.heldLeases().map(\.consumed) == [7])
            #expect(ledger.drainBatch().totals.values.sorted() == [7])
        }
    }
}
