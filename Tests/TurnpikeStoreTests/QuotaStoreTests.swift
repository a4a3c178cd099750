import Foundation
import Testing
import TurnpikeLimits
import TurnpikeModel
@testable import TurnpikeStore

/// The ``QuotaStore`` rules on a real store: windows restart counting recorded usage, the tail is
/// leased one at a time, grants bump the generation and are dropped by a limit change, returns
/// only count in their window and generation, and concurrent reservations never over-reserve.
@Suite struct QuotaStoreTests {
    let sealer = ValueSealer(dataKey: Array(repeating: 9, count: 32))
    let day = UTCDay(iso: "2026-11-25")!
    var window: QuotaWindow { QuotaWindow(start: day, end: day + 1) }

    func reserve(_ store: any UsageStore, _ requested: Int, allowance: Int = 1_000, window: QuotaWindow? = nil,
                 key: String = "k1") async throws -> QuotaReservation {
        try await store.reserveQuota(QuotaReservationRequest(
            planId: "p1", keyId: key, window: window ?? self.window, allowance: allowance, requested: requested))
    }

    @Test func aFirstReservationCountsUsageAlreadyRecordedInTheWindow() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath, sealer: sealer)
        try await store.addUsage(planId: "p1", keyId: "k1", day: day, count: 400)
        try await store.addUsage(planId: "p1", keyId: "k1", day: day + (-1), count: 999)   // another window
        #expect(try await reserve(store, 100) == QuotaReservation(granted: 100, remaining: 500, generation: 0))
        // The tail (what remains <= 2 x the lease) goes one at a time; then nothing.
        #expect(try await reserve(store, 300) == QuotaReservation(granted: 1, remaining: 499, generation: 0))
        #expect(try await reserve(store, 1_000, allowance: 502) == QuotaReservation(granted: 1, remaining: 0, generation: 0))
        #expect(try await reserve(store, 1, allowance: 501).granted == 0)
        // A new window starts from its own recorded usage; the old window is closed for good.
        let next = QuotaWindow(start: day + 1, end: day + 2)
        #expect(try await reserve(store, 10, window: next) == QuotaReservation(granted: 10, remaining: 990, generation: 0))
        #expect(try await reserve(store, 10).granted == 0)
    }

    @Test func grantsVoidOldLeasesAndALimitChangeSupersedesThem() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath, sealer: sealer)
        #expect(try await reserve(store, 50).granted == 50)   // reserved 50
        let grant = QuotaGrant(planId: "p1", keyId: "k1", windowStart: day, remaining: 10, usedAtGrant: 40, allowance: 1_000)
        #expect(try await store.saveGrant(grant, window: window) == 1)
        // A lease of the old generation comes back: ignored.
        try await store.returnQuota(planId: "p1", keyId: "k1", lease: QuotaLease(window: day, count: 10, generation: 0))
        #expect(try await reserve(store, 5) == QuotaReservation(granted: 1, remaining: 9, generation: 1))
        try await store.returnQuota(planId: "p1", keyId: "k1", lease: QuotaLease(window: day, count: 1, generation: 1))
        #expect(try await reserve(store, 2) == QuotaReservation(granted: 2, remaining: 8, generation: 1))
        #expect(try await store.saveGrant(grant, window: window) == 2)
        // The plan's limit changed: the grant no longer holds; the window's whole count (52) does.
        #expect(try await reserve(store, 5, allowance: 60) == QuotaReservation(granted: 1, remaining: 7, generation: 2))
        #expect(try await store.grant(planId: "p1", keyId: "k1") == grant)
    }

    @Test func returnsOnlyCountInTheirWindow() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath, sealer: sealer)
        #expect(try await reserve(store, 100).granted == 100)
        try await store.returnQuota(planId: "p1", keyId: "k1", lease: QuotaLease(window: day + (-1), count: 100, generation: 0))
        #expect(try await reserve(store, 100).remaining == 800)
        try await store.returnQuota(planId: "p1", keyId: "k1", lease: QuotaLease(window: day, count: 150, generation: 0))
        #expect(try await reserve(store, 100).remaining == 850)   // 200 reserved, 150 back, 100 more
    }

    @Test func concurrentReservationsNeverOverReserve() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath, sealer: sealer)
        let granted = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var total = 0
                    while true {
                        let answer = try await reserve(store, 7 + task * 13)
                        total += answer.granted
                        if answer.granted == 0 { return total }
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(granted == 1_000)
    }
}
