import GRDB
import TurnpikeLimits

/// Quota leases and grants in SQLite: one `quota_state` row per key and plan, changed in one write
/// transaction per call (SQLite has one writer at a time, so the read-then-write is atomic).
extension SQLiteStore {
    /// A key's quota row.
    struct QuotaRow {
        var window: Int
        var generation: Int
        var reserved: Int
        var granted: Int?
        var reservedAtGrant: Int?
        var grantAllowance: Int?

        /// What is left to reserve under `allowance` (``QuotaStore``'s rule); drops a grant made under
        /// another allowance.
        mutating func available(allowance: Int) -> Int {
            if granted != nil, let made = grantAllowance, made != allowance { (granted, reservedAtGrant, grantAllowance) = (nil, nil, nil) }
            guard let granted else { return max(0, allowance - reserved) }
            return max(0, granted - (reserved - (reservedAtGrant ?? 0)))
        }
    }

    @discardableResult
    public func saveGrant(_ grant: QuotaGrant, window: QuotaWindow) async throws -> UInt32 {
        try await database.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO quota_grants (plan_id, key_id, window_start, remaining, used_at_grant, allowance)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [grant.planId, grant.keyId, grant.windowStart.ordinal, grant.remaining, grant.usedAtGrant,
                                 grant.allowance])
            var row = try Self.quotaRow(db, planId: grant.planId, keyId: grant.keyId, window: window)
            if row.window != window.start.ordinal {   // a later window's row: restart it for the grant's
                row = QuotaRow(window: window.start.ordinal, generation: 0,
                               reserved: try Self.recordedUsage(db, planId: grant.planId, keyId: grant.keyId, window: window))
            }
            row.generation += 1
            (row.granted, row.reservedAtGrant, row.grantAllowance) = (grant.remaining, row.reserved, grant.allowance)
            try Self.save(row, db, planId: grant.planId, keyId: grant.keyId)
            return UInt32(clamping: row.generation)
        }
    }

    public func reserveQuota(_ request: QuotaReservationRequest) async throws -> QuotaReservation {
        try await database.write { db in
            var row = try Self.quotaRow(db, planId: request.planId, keyId: request.keyId, window: request.window)
            guard row.window == request.window.start.ordinal else {
                return QuotaReservation(granted: 0, remaining: 0, generation: UInt32(clamping: row.generation))
            }
            let available = row.available(allowance: request.allowance)
            let count = LeaseSizing.grant(requested: request.requested, remaining: available, nodes: request.nodes)
            row.reserved += count
            try Self.save(row, db, planId: request.planId, keyId: request.keyId)
            if !request.node.isEmpty, count > 0 {
                try db.cachedStatement(sql: """
                    INSERT INTO quota_node_leases (node, plan_id, key_id, window_start, generation, reserved)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (node, plan_id, key_id, window_start, generation) DO UPDATE SET reserved = reserved + excluded.reserved
                    """).execute(arguments: [request.node, request.planId, request.keyId, row.window, row.generation, count])
            }
            return QuotaReservation(granted: count, remaining: available - count, generation: UInt32(clamping: row.generation))
        }
    }

    public func returnQuota(planId: String, keyId: String, lease: QuotaLease) async throws {
        guard lease.count > 0 else { return }
        try await database.write { db in
            try db.execute(sql: """
                UPDATE quota_state SET reserved = MAX(0, reserved - ?)
                WHERE plan_id = ? AND key_id = ? AND window_start = ? AND generation = ?
                """, arguments: [lease.count, planId, keyId, lease.window.ordinal, Int(lease.generation)])
            guard !lease.node.isEmpty else { return }
            try db.execute(sql: """
                UPDATE quota_node_leases SET reserved = MAX(0, reserved - ?)
                WHERE node = ? AND plan_id = ? AND key_id = ? AND window_start = ? AND generation = ?
                """, arguments: [lease.count, lease.node, planId, keyId, lease.window.ordinal, Int(lease.generation)])
        }
    }

    public func nodeLeases(node: String) async throws -> [ReservedLease] {
        try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT plan_id, key_id, window_start, generation, reserved FROM quota_node_leases
                WHERE node = ? AND reserved > 0 ORDER BY plan_id, key_id, window_start, generation
                """, arguments: [node]).map { row in
                ReservedLease(planId: row[0], keyId: row[1], lease: QuotaLease(
                    window: UTCDay(ordinal: row[2]), count: row[4], generation: UInt32(clamping: row[3] as Int), node: node))
            }
        }
    }

    public func forgetNodeLeases(node: String) async throws {
        try await database.write { db in try db.execute(sql: "DELETE FROM quota_node_leases WHERE node = ?", arguments: [node]) }
    }

    /// The key's row, restarted for `window` when missing or from an earlier window (reserved = the
    /// usage recorded in the window); a row from a later window is returned as it is.
    static func quotaRow(_ db: Database, planId: String, keyId: String, window: QuotaWindow) throws -> QuotaRow {
        let stored = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT window_start, generation, reserved, granted, reserved_at_grant, grant_allowance
            FROM quota_state WHERE plan_id = ? AND key_id = ?
            """), arguments: [planId, keyId]
        ).map { row in
            QuotaRow(window: row["window_start"], generation: row["generation"], reserved: row["reserved"],
                     granted: row["granted"], reservedAtGrant: row["reserved_at_grant"], grantAllowance: row["grant_allowance"])
        }
        if let stored, stored.window >= window.start.ordinal { return stored }
        return QuotaRow(window: window.start.ordinal, generation: 0,
                        reserved: try recordedUsage(db, planId: planId, keyId: keyId, window: window))
    }

    /// The key's usage recorded in the window.
    static func recordedUsage(_ db: Database, planId: String, keyId: String, window: QuotaWindow) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT COALESCE(SUM(used), 0) FROM usage WHERE plan_id = ? AND key_id = ? AND day >= ? AND day < ?
            """), arguments: [planId, keyId, window.start.ordinal, window.end.ordinal]) ?? 0
    }

    static func save(_ row: QuotaRow, _ db: Database, planId: String, keyId: String) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO quota_state
                (plan_id, key_id, window_start, generation, reserved, granted, reserved_at_grant, grant_allowance)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [planId, keyId, row.window, row.generation, row.reserved, row.granted,
                                     row.reservedAtGrant, row.grantAllowance])
    }
}
