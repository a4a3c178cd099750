import Testing
import TurnpikeLimits
import TurnpikeModel
import TurnpikeStore

/// The `Store` contract, checked on SQLite and on PostgreSQL alike.
@Suite struct StoreTests {
    @Test(arguments: StoreKind.tested) func recordsSurviveReopeningAndValuesAreSealed(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture, store in
            let value = "secret-value-0123456789-abcdef"
            try await store.commit([
                .put(EntityRecord(kind: .apiKey, id: "k1", body: Array(#"{"id":"k1"}"#.utf8), secret: value)),
                .put(EntityRecord(kind: .usagePlan, id: "p1", body: Array(#"{"id":"p1"}"#.utf8))),
            ])
            let reopened = try await fixture.open()
            let records = try await reopened.loadRecords()
            #expect(records.map(\.id) == ["k1", "p1"])
            #expect(records.first { $0.id == "k1" }?.secret == value)
            #expect(records.first { $0.id == "k1" }?.body == Array(#"{"id":"k1"}"#.utf8))
            #expect(records.first { $0.id == "p1" }?.secret == nil)
            #expect(try await fixture.apiKeyID(reopened, forValue: value) == "k1")
            #expect(try await fixture.apiKeyID(reopened, forValue: "other") == nil)
            #expect(try await fixture.storageContains(value) == false, "the key value is stored in clear")
            #expect(try await fixture.storageContains("k1") == true, "the storage check finds what is there")
        }
    }

    @Test(arguments: StoreKind.tested) func aWrongDataKeyCannotOpenTheStore(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture, store in
            try await store.commit([.put(EntityRecord(kind: .apiKey, id: "k1", body: Array("{}".utf8), secret: "v-0123456789012345678"))])
            await #expect(throws: DataKeyMismatch.self) {
                _ = try await fixture.open(sealer: ValueSealer(dataKey: Array(repeating: 8, count: 32)))
            }
        }
    }

    @Test(arguments: StoreKind.tested) func aFailingCommitWritesNothing(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            try await store.commit([.put(EntityRecord(kind: .apiKey, id: "k1", body: Array("{}".utf8), secret: "same-value-012345678901"))])
            // A second key with the same value violates the unique lookup hash: the whole commit rolls back.
            await #expect(throws: (any Error).self) {
                try await store.commit([
                    .put(EntityRecord(kind: .usagePlan, id: "p9", body: Array("{}".utf8))),
                    .delete(.apiKey, id: "k1"),
                    .put(EntityRecord(kind: .apiKey, id: "k2", body: Array("{}".utf8), secret: "same-value-012345678901")),
                    .put(EntityRecord(kind: .apiKey, id: "k3", body: Array("{}".utf8), secret: "same-value-012345678901")),
                ])
            }
            let records = try await store.loadRecords()
            #expect(records.map(\.id) == ["k1"])
            #expect(records.first?.secret == "same-value-012345678901")
        }
    }

    @Test(arguments: StoreKind.tested) func putsReplaceAndDeletesRemoveRecordsAndSecrets(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture, store in
            try await store.commit([.put(EntityRecord(kind: .apiKey, id: "k1", body: Array("{}".utf8), secret: "first-value-0123456789012"))])
            try await store.commit([.put(EntityRecord(kind: .apiKey, id: "k1", body: Array("{\"v\":2}".utf8), secret: "second-value-012345678901"))])
            let replaced = try await store.loadRecords()
            #expect(replaced.map(\.body) == [Array("{\"v\":2}".utf8)])
            #expect(replaced.map(\.secret) == ["second-value-012345678901"])
            #expect(try await fixture.apiKeyID(store, forValue: "first-value-0123456789012") == nil)
            try await store.commit([.delete(.apiKey, id: "k1")])
            #expect(try await store.loadRecords().isEmpty)
            #expect(try await fixture.apiKeyID(store, forValue: "second-value-012345678901") == nil)
        }
    }

    @Test(arguments: StoreKind.tested) func usageAddsUpPerDayAndGrantsPersist(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture, store in
            let day = UTCDay(iso: "2026-11-25")!
            try await store.addUsage(planId: "p1", keyId: "k1", day: day, count: 3)
            try await store.addUsage(planId: "p1", keyId: "k1", day: day, count: 4)
            try await store.addUsage(planId: "p1", keyId: "k1", day: day + 1, count: 1)
            try await store.addUsage(planId: "p1", keyId: "k1", day: day + 2, count: 5)
            try await store.addUsage(planId: "p1", keyId: "k2", day: day, count: 9)
            try await store.addUsage(planId: "p2", keyId: "k1", day: day, count: 100)
            #expect(try await store.dailyUsage(planId: "p1", keyIds: ["k1"], days: day...day + 1) == ["k1": [day: 7, day + 1: 1]])
            #expect(try await store.dailyUsage(planId: "p1", keyIds: ["k1", "k2", "k3"], days: day...day)
                == ["k1": [day: 7], "k2": [day: 9]])
            #expect(try await store.dailyUsage(planId: "p1", keyIds: [], days: day...day).isEmpty)
            let grant = QuotaGrant(planId: "p1", keyId: "k1", windowStart: day, remaining: 42, usedAtGrant: 7)
            try await store.saveGrant(grant, window: QuotaWindow(start: day, end: day + 1))
            let replacement = QuotaGrant(planId: "p1", keyId: "k1", windowStart: day, remaining: 40, usedAtGrant: 8, allowance: 60)
            try await store.saveGrant(replacement, window: QuotaWindow(start: day, end: day + 1))
            let reopened = try await fixture.open()
            #expect(try await reopened.grant(planId: "p1", keyId: "k1") == replacement)
            #expect(try await reopened.grant(planId: "p1", keyId: "k2") == nil)
        }
    }

    @Test(arguments: StoreKind.tested) func usageIdsWithAnyCharactersAreStoredAsGiven(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            let day = UTCDay(iso: "2027-02-01")!
            let keys = ["quote\"d", "back\\slash", "tab\there", "new\nline", "\u{1}control", "ünïcödé", "emoji😀", "[\"x\",1]"]
            let batch = Dictionary(uniqueKeysWithValues: keys.enumerated().map { index, key in
                (UsageLedger.Entry(planId: "plan\"1", keyId: key, day: day), index + 1)
            })
            try await store.addUsage(batch)
            try await store.addUsage(batch)
            let expected = Dictionary(uniqueKeysWithValues: keys.enumerated().map { index, key in (key, [day: 2 * (index + 1)]) })
            #expect(try await store.dailyUsage(planId: "plan\"1", keyIds: keys, days: day...day) == expected)
        }
    }

    @Test(arguments: StoreKind.tested) func aUsageBatchUpsertsEveryCount(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            let day = UTCDay(iso: "2027-01-01")!
            try await store.addUsage(planId: "p", keyId: "k0", day: day, count: 1000)
            let batch = Dictionary(uniqueKeysWithValues: (0..<2_000).map { index in
                (UsageLedger.Entry(planId: "p", keyId: "k\(index % 500)", day: day + index / 500), index + 1)
            })
            // Two nodes flushing overlapping batches at once: every count lands once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.addUsage(batch) }
                group.addTask { try await store.addUsage(batch) }
                try await group.waitForAll()
            }
            let usage = try await store.dailyUsage(planId: "p", keyIds: (0..<500).map { "k\($0)" }, days: day...day + 3)
            #expect(usage.values.reduce(0) { $0 + $1.count } == 2_000)
            #expect(usage["k0"]?[day] == 1000 + 2 * 1)
            #expect(usage["k499"]?[day + 3] == 2 * 2_000)
            let total = usage.values.flatMap(\.values).reduce(0, +)
            #expect(total == 1000 + 2 * (1...2_000).reduce(0, +))
        }
    }

    @Test(arguments: StoreKind.tested) func aNodesTotalsCountOnceWhateverIsResent(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            let day = UTCDay(iso: "2026-11-25")!
            let entry = UsageLedger.Entry(planId: "p", keyId: "k", day: day)
            let other = UsageLedger.Entry(planId: "p", keyId: "k2", day: day)
            try await store.addUsage(UsageBatch(counts: [other: 2], totals: [entry: 5], node: "a"))
            try await store.addUsage(UsageBatch(totals: [entry: 5], node: "a"))        // resent after a crash
            try await store.addUsage(UsageBatch(totals: [entry: 8], node: "a"))        // 3 more
            try await store.addUsage(UsageBatch(totals: [entry: 4], node: "b"))        // another node's own total
            try await store.addUsage(UsageBatch(totals: [entry: 6], node: "a"))        // an older total adds nothing
            let usage = try await store.dailyUsage(planId: "p", keyIds: ["k", "k2"], days: day...day)
            #expect(usage["k"]?[day] == 12 && usage["k2"]?[day] == 2)
        }
    }

    @Test(arguments: StoreKind.tested) func aBatchSentInPiecesCountsAsTheWhole(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            let day = UTCDay(iso: "2026-11-25")!
            let entries = (0..<300).map { UsageLedger.Entry(planId: "p", keyId: "k\($0)", day: day) }
            try await store.addUsage(UsageBatch(totals: Dictionary(uniqueKeysWithValues: entries.map { ($0, 5) }), node: "a"))
            // Then totals of 7 in pieces, one of them resent: each key gains 2, once.
            var batch = UsageBatch(totals: Dictionary(uniqueKeysWithValues: entries.map { ($0, 7) }), node: "a")
            batch.counts = [UsageLedger.Entry(planId: "p", keyId: "extra", day: day): 4]
            let pieces = batch.pieces(ofAtMost: 64)
            #expect(pieces.count == 5)
            for piece in pieces + [pieces[2]] { try await store.addUsage(piece) }
            let usage = try await store.dailyUsage(planId: "p", keyIds: entries.map(\.keyId) + ["extra"], days: day...day)
            #expect(entries.allSatisfy { usage[$0.keyId]?[day] == 7 })
            #expect(usage["extra"]?[day] == 4)
        }
    }
}
