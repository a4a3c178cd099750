import PostgresNIO
import Testing
import TurnpikeLimits
import TurnpikeStore

/// The ``QuotaStore`` rules, checked on SQLite and on PostgreSQL alike.
@Suite struct QuotaStoreTests {
    static let week = QuotaWindow(start: UTCDay(iso: "2026-03-02")!, end: UTCDay(iso: "2026-03-09")!)
    static let nextWeek = QuotaWindow(start: week.end, end: week.end + 7)

    static func request(_ key: String = "k1", window: QuotaWindow = week, allowance: Int, requested: Int,
                        nodes: Int = 1) -> QuotaReservationRequest {
        QuotaReservationRequest(planId: "p1", keyId: key, window: window, allowance: allowance, requested: requested, nodes: nodes)
    }

    @Test(arguments: StoreKind.tested) func aFirstReservationCountsUsageRecordedInTheWindow(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            try await store.addUsage(planId: "p1", keyId: "k1", day: Self.week.start, count: 300)
            try await store.addUsage(planId: "p1", keyId: "k1", day: Self.week.end + -1, count: 200)
            try await store.addUsage(planId: "p1", keyId: "k1", day: Self.week.start + -1, count: 7_000)  // before the window
            try await store.addUsage(planId: "p1", keyId: "k1", day: Self.week.end, count: 7_000)        // after it
            try await store.addUsage(planId: "p2", keyId: "k1", day: Self.week.start, count: 7_000)      // another plan
            let first = try await store.reserveQuota(Self.request(allowance: 10_000, requested: 100))
            #expect(first == QuotaReservation(granted: 100, remaining: 10_000 - 500 - 100, generation: 0))
            let second = try await store.reserveQuota(Self.request(allowance: 10_000, requested: 50))
            #expect(second == QuotaReservation(granted: 50, remaining: 10_000 - 500 - 150, generation: 0))
            // Usage recorded after the row started is already covered by leases: it is not counted again.
            try await store.addUsage(planId: "p1", keyId: "k1", day: Self.week.start, count: 150)
            let third = try await store.reserveQuota(Self.request(allowance: 10_000, requested: 50))
            #expect(third.remaining == 10_000 - 500 - 200)
        }
    }

    @Test(arguments: StoreKind.tested) func theTailIsReservedOneRequestAtATime(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            var grants: [Int] = []
            var remaining: [Int] = []
            for _ in 0..<3_000 {  // bounded: a store that never runs out fails instead of hanging
                let reservation = try await store.reserveQuota(Self.request(allowance: 2_010, requested: 500))
                if reservation.granted == 0 { break }
                grants.append(reservation.granted)
                remaining.append(reservation.remaining)
            }
            // While more than 2 × 500 remain (2010, 1510, 1010) leases are of 500; the last 510 go one by one.
            #expect(grants == [500, 500, 500] + Array(repeating: 1, count: 510))
            #expect(remaining.last == 0)
            #expect(grants.reduce(0, +) == 2_010)
            #expect(try await store.reserveQuota(Self.request(allowance: 2_010, requested: 500))
                == QuotaReservation(granted: 0, remaining: 0, generation: 0))
        }
    }

    @Test(arguments: StoreKind.tested) func aNewWindowRestartsTheRowFromRecordedUsage(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            _ = try await store.reserveQuota(Self.request(allowance: 5_000, requested: 1_000))
            _ = try await store.saveGrant(QuotaGrant(planId: "p1", keyId: "k1", windowStart: Self.week.start, remaining: 9, usedAtGrant: 0),
                                          window: Self.week)
            try await store.addUsage(planId: "p1", keyId: "k1", day: Self.nextWeek.start + 2, count: 40)
            let restarted = try await store.reserveQuota(Self.request(window: Self.nextWeek, allowance: 5_000, requested: 10))
            // Generation 0, the week's grant forgotten, usage already recorded in the new week counted.
            #expect(restarted == QuotaReservation(granted: 10, remaining: 5_000 - 40 - 10, generation: 0))
            // A reservation for the earlier window now grants nothing, and changes nothing.
            #expect(try await store.reserveQuota(Self.request(allowance: 5_000, requested: 10))
                == QuotaReservation(granted: 0, remaining: 0, generation: 0))
            #expect(try await store.reserveQuota(Self.request(window: Self.nextWeek, allowance: 5_000, requested: 10))
                == QuotaReservation(granted: 10, remaining: 5_000 - 40 - 20, generation: 0))
        }
    }

    @Test(arguments: StoreKind.tested) func aGrantBumpsTheGenerationAndVoidsEarlierLeases(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            let before = try await store.reserveQuota(Self.request(allowance: 10_000, requested: 100))
            #expect(before.generation == 0)
            let generation = try await store.saveGrant(
                QuotaGrant(planId: "p1", keyId: "k1", windowStart: Self.week.start, remaining: 5_000, usedAtGrant: 100),
                window: Self.week)
            #expect(generation == 1)
            // The lease of generation 0 is void: handing it back changes nothing.
            try await store.returnQuota(planId: "p1", keyId: "k1",
                                        lease: QuotaLease(window: Self.week.start, count: 100, generation: 0))
            let after = try await store.reserveQuota(Self.request(allowance: 10_000, requested: 100))
            #expect(after == QuotaReservation(granted: 100, remaining: 5_000 - 100, generation: 1))
            // A lease of the current generation goes back.
            try await store.returnQuota(planId: "p1", keyId: "k1",
                                        lease: QuotaLease(window: Self.week.start, count: 60, generation: 1))
            #expect(try await store.reserveQuota(Self.request(allowance: 10_000, requested: 10))
                == QuotaReservation(granted: 10, remaining: 5_000 - 50, generation: 1))
            #expect(try await store.saveGrant(
                QuotaGrant(planId: "p1", keyId: "k1", windowStart: Self.week.start, remaining: 3, usedAtGrant: 0), window: Self.week) == 2)
            #expect(try await store.reserveQuota(Self.request(allowance: 10_000, requested: 10))
                == QuotaReservation(granted: 1, remaining: 2, generation: 2))
            // A grant for another window starts that window at generation 1.
            #expect(try await store.saveGrant(
                QuotaGrant(planId: "p1", keyId: "k1", windowStart: Self.nextWeek.start, remaining: 7, usedAtGrant: 0),
                window: Self.nextWeek) == 1)
            #expect(try await store.reserveQuota(Self.request(window: Self.nextWeek, allowance: 10_000, requested: 10))
                == QuotaReservation(granted: 1, remaining: 6, generation: 1))
        }
    }

    @Test(arguments: StoreKind.tested) func leasesGoBackOnlyToTheirWindowAndGeneration(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            _ = try await store.reserveQuota(Self.request(allowance: 10_000, requested: 500))
            try await store.returnQuota(planId: "p1", keyId: "k1", lease: QuotaLease(window: Self.nextWeek.start, count: 500, generation: 0))
            try await store.returnQuota(planId: "p1", keyId: "k2", lease: QuotaLease(window: Self.week.start, count: 500, generation: 0))
            #expect(try await store.reserveQuota(Self.request(allowance: 10_000, requested: 1)).remaining == 10_000 - 501)
            // Never below zero.
            try await store.returnQuota(planId: "p1", keyId: "k1", lease: QuotaLease(window: Self.week.start, count: 9_999, generation: 0))
            #expect(try await store.reserveQuota(Self.request(allowance: 10_000, requested: 1)).remaining == 10_000 - 1)
        }
    }

    @Test(arguments: StoreKind.tested) func aLimitChangeSupersedesAGrant(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            let first = try await store.reserveQuota(Self.request(allowance: 1_000, requested: 50))
            #expect(first.granted == 50)
            let grant = QuotaGrant(planId: "p1", keyId: "k1", windowStart: Self.week.start, remaining: 10, usedAtGrant: 40,
                                   allowance: 1_000)
            #expect(try await store.saveGrant(grant, window: Self.week) == 1)
            // Under the allowance it was made under, the grant decides: 10 left whatever was reserved before.
            #expect(try await store.reserveQuota(Self.request(allowance: 1_000, requested: 2))
                == QuotaReservation(granted: 2, remaining: 8, generation: 1))
            // The plan's limit changed: the window's whole count (52 reserved) applies to the new allowance.
            #expect(try await store.reserveQuota(Self.request(allowance: 60, requested: 5))
                == QuotaReservation(granted: 1, remaining: 7, generation: 1))
            // ... and the grant does not come back with the old allowance.
            #expect(try await store.reserveQuota(Self.request(allowance: 1_000, requested: 5))
                == QuotaReservation(granted: 5, remaining: 1_000 - 58, generation: 1))
        }
    }

    /// Single reservations against many starting points follow `LeaseSizing.grant` exactly.
    @Test(arguments: StoreKind.tested) func reservationsFollowLeaseSizing(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            let allowance = 5_000
            let usedValues = [0, 1, 2_000, 3_999, 4_000, 4_990, 4_999, 5_000, 6_000]
            let requestedValues = [0, 1, 2, 500, 1_000, 1_001]
            let nodeValues = [1, 2, 4]
            var usage: [UsageLedger.Entry: Int] = [:]
            for used in usedValues where used > 0 {
                usage[UsageLedger.Entry(planId: "p1", keyId: "used\(used)", day: Self.week.start)] = used
            }
            try await store.addUsage(usage)
            for used in usedValues {
                for requested in requestedValues {
                    for nodes in nodeValues {
                        let key = "used\(used)"  // each reservation continues from the previous one on this key
                        let state = try await store.reserveQuota(Self.request(key, allowance: allowance, requested: 0, nodes: nodes))
                        let reservation = try await store.reserveQuota(Self.request(key, allowance: allowance, requested: requested, nodes: nodes))
                        let expected = LeaseSizing.grant(requested: requested, remaining: state.remaining, nodes: nodes)
                        #expect(reservation.granted == expected, "used \(used), requested \(requested), nodes \(nodes)")
                        #expect(reservation.remaining == state.remaining - expected)
                    }
                }
            }
        }
    }

    /// Eight tasks drain one key's quota at once: together they reserve exactly the allowance.
    @Test(arguments: StoreKind.tested) func concurrentReservationsNeverOverReserve(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture, store in
            let second = try await fixture.open()  // a second node on the same database
            let granted = try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<8 {
                    let node = task.isMultiple(of: 2) ? store : second
                    group.addTask {
                        var total = 0
                        for _ in 0...1_000 {  // bounded, so that a store that never runs out fails instead of hanging
                            let reservation = try await node.reserveQuota(Self.request(allowance: 1_000, requested: 20, nodes: 2))
                            if reservation.granted == 0 { break }
                            total += reservation.granted
                        }
                        return total
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(granted == 1_000)
        }
    }

    /// `turnpike_lease_grant`, the SQL form of `LeaseSizing.grant`, agrees with it over a grid.
    @Test(.enabled(if: StoreKind.tested.contains(.postgres), "TURNPIKE_SKIP_POSTGRES=1"))
    func theSQLLeaseRuleIsLeaseSizing() async throws {
        try await StoreFixture.with(.postgres) { fixture, _ in
            let requested = [-1, 0, 1, 2, 3, 10, 499, 500, 999, 1_000, 1_001, 5_000]
            let available = [-5, 0, 1, 2, 3, 4, 5, 19, 20, 21, 40, 41, 999, 1_000, 1_001, 1_999, 2_000, 2_001, 3_999, 4_000,
                             4_001, 7_999, 8_000, 8_001, 16_000, 16_001, 1 << 31, 1 << 40]
            let nodes = [-3, 0, 1, 2, 3, 4, 8, 1 << 20, 1 << 21, 1 << 40]
            let rows = try await fixture.withConnection { connection in
                var rows: [(Int, Int, Int, Int)] = []
                let result = try await connection.query("""
                    SELECT r, a, n, turnpike_lease_grant(r, a, n)
                    FROM unnest(\(requested)::BIGINT[]) r, unnest(\(available)::BIGINT[]) a, unnest(\(nodes)::BIGINT[]) n
                    """, logger: StoreFixture.logger)
                for try await row in result.decode((Int, Int, Int, Int).self) { rows.append(row) }
                return rows
            }
            #expect(rows.count == requested.count * available.count * nodes.count)
            for (r, a, n, sql) in rows {
                #expect(sql == LeaseSizing.grant(requested: r, remaining: a, nodes: n), "requested \(r), available \(a), nodes \(n)")
            }
        }
    }
}

/// What a store reserves for a named node: kept per key, window and generation, returned with the
/// lease, forgotten once settled.
@Suite struct NodeLeaseTests {
    @Test(arguments: StoreKind.tested) func reservationsForANodeAreKeptUntilForgotten(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            let week = QuotaStoreTests.week
            var request = QuotaStoreTests.request(allowance: 1_000, requested: 100)
            request.node = "node-a"
            let first = try await store.reserveQuota(request)
            let second = try await store.reserveQuota(request)
            _ = try await store.reserveQuota(QuotaStoreTests.request("k2", allowance: 1_000, requested: 10))  // no node
            #expect(first.granted + second.granted == 200)
            try await store.returnQuota(planId: "p1", keyId: "k1", lease: QuotaLease(window: week.start, count: 30, generation: 0, node: "node-a"))
            #expect(try await store.nodeLeases(node: "node-a") == [
                ReservedLease(planId: "p1", keyId: "k1", lease: QuotaLease(window: week.start, count: 170, generation: 0, node: "node-a"))])
            #expect(try await store.nodeLeases(node: "node-b").isEmpty)
            let after = try await store.reserveQuota(QuotaStoreTests.request(allowance: 1_000, requested: 1))
            #expect(after.remaining == 1_000 - 170 - 1, "the return went back to the key's row too")
            try await store.forgetNodeLeases(node: "node-a")
            #expect(try await store.nodeLeases(node: "node-a").isEmpty)
        }
    }
}
