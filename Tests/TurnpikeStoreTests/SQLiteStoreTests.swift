import Foundation
import Testing
import TurnpikeLimits
import TurnpikeModel
@testable import TurnpikeStore

/// A temporary directory removed when the test ends.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("turnpike-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    var databasePath: String { url.appendingPathComponent("turnpike.sqlite").path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

@Suite struct SQLiteStoreTests {
    let sealer = ValueSealer(dataKey: Array(repeating: 7, count: 32))

    @Test func recordsSurviveReopeningAndValuesAreEncrypted() async throws {
        let directory = try TemporaryDirectory()
        let value = "secret-value-0123456789-abcdef"
        do {
            let store = try SQLiteStore(path: directory.databasePath, sealer: sealer)
            try await store.commit([
                .put(EntityRecord(kind: .apiKey, id: "k1", body: Array(#"{"id":"k1"}"#.utf8), secret: value)),
                .put(EntityRecord(kind: .usagePlan, id: "p1", body: Array(#"{"id":"p1"}"#.utf8))),
            ])
        }
        let reopened = try SQLiteStore(path: directory.databasePath, sealer: sealer)
        let records = try await reopened.loadRecords()
        #expect(records.map(\.id).sorted() == ["k1", "p1"])
        #expect(records.first { $0.id == "k1" }?.secret == value)
        #expect(try await reopened.apiKeyID(forValue: value) == "k1")
        #expect(try await reopened.apiKeyID(forValue: "other") == nil)
        // The database file never holds the value in clear (WAL content included).
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.url.path) {
            let bytes = try Data(contentsOf: directory.url.appendingPathComponent(file))
            #expect(bytes.range(of: Data(value.utf8)) == nil, "value found in \(file)")
        }
    }

    @Test func aWrongDataKeyCannotReadValues() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath, sealer: sealer)
        try await store.commit([.put(EntityRecord(kind: .apiKey, id: "k1", body: Array("{}".utf8), secret: "v-0123456789012345678"))])
        let wrong = try SQLiteStore(path: directory.databasePath, sealer: ValueSealer(dataKey: Array(repeating: 8, count: 32)))
        await #expect(throws: StoreError.self) { try await wrong.loadRecords() }
    }

    @Test func aFailingCommitWritesNothing() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath, sealer: sealer)
        try await store.commit([.put(EntityRecord(kind: .apiKey, id: "k1", body: Array("{}".utf8), secret: "same-value-012345678901"))])
        // A second key with the same value violates the unique lookup hash: the whole commit rolls back.
        await #expect(throws: (any Error).self) {
            try await store.commit([
                .put(EntityRecord(kind: .usagePlan, id: "p9", body: Array("{}".utf8))),
                .put(EntityRecord(kind: .apiKey, id: "k2", body: Array("{}".utf8), secret: "same-value-012345678901")),
            ])
        }
        #expect(try await store.loadRecords().map(\.id) == ["k1"])
    }

    @Test func deletesRemoveRecordsAndSecrets() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath, sealer: sealer)
        try await store.commit([.put(EntityRecord(kind: .apiKey, id: "k1", body: Array("{}".utf8), secret: "gone-value-0123456789012"))])
        try await store.commit([.delete(.apiKey, id: "k1")])
        #expect(try await store.loadRecords().isEmpty)
        #expect(try await store.apiKeyID(forValue: "gone-value-0123456789012") == nil)
    }

    @Test func usageAddsUpPerDayAndGrantsPersist() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath, sealer: sealer)
        let day = UTCDay(iso: "2026-11-25")!
        try await store.addUsage(planId: "p1", keyId: "k1", day: day, count: 3)
        try await store.addUsage(planId: "p1", keyId: "k1", day: day, count: 4)
        try await store.addUsage(planId: "p1", keyId: "k1", day: day + 1, count: 1)
        try await store.addUsage(planId: "p1", keyId: "k2", day: day, count: 9)
        try await store.addUsage(planId: "p2", keyId: "k1", day: day, count: 100)
        let usage = try await store.dailyUsage(planId: "p1", keyIds: ["k1"], days: day...day + 1)
        #expect(usage == ["k1": [day: 7, day + 1: 1]])
        let grant = QuotaGrant(planId: "p1", keyId: "k1", windowStart: day, remaining: 42, usedAtGrant: 7, allowance: 50)
        try await store.saveGrant(grant, window: QuotaWindow(start: grant.windowStart, end: grant.windowStart + 1))
        let reopened = try SQLiteStore(path: directory.databasePath, sealer: sealer)
        #expect(try await reopened.grant(planId: "p1", keyId: "k1") == grant)
        #expect(try await reopened.grant(planId: "p1", keyId: "k2") == nil)
    }

    @Test func dataKeyIsCreatedOnceWithMode0600() throws {
        let directory = try TemporaryDirectory()
        let first = try DataKey.load(dataDirectory: directory.url, environmentValue: nil)
        let second = try DataKey.load(dataDirectory: directory.url, environmentValue: nil)
        #expect(first == second && first.count == 32)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.url.appendingPathComponent("data.key").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(throws: StoreError.self) { try DataKey.load(dataDirectory: directory.url, environmentValue: "bm90IDMyIGJ5dGVz") }
        let fromEnvironment = try DataKey.load(dataDirectory: directory.url, environmentValue: Data(repeating: 1, count: 32).base64EncodedString())
        #expect(fromEnvironment == Array(repeating: 1, count: 32))
    }
}
