import PostgresNIO
import TurnpikeLimits
import TurnpikeStore

extension PostgresStore {
    public func dailyUsage(planId: String, keyIds: [String], days: ClosedRange<UTCDay>) async throws -> [String: [UTCDay: Int]] {
        guard !keyIds.isEmpty else { return [:] }
        let rows = try await client.query("""
            SELECT key_id, day, used FROM usage
            WHERE plan_id = \(planId) AND key_id = ANY(\(keyIds)) AND day BETWEEN \(days.lowerBound.ordinal) AND \(days.upperBound.ordinal)
            """, logger: logger)
        var result: [String: [UTCDay: Int]] = [:]
        for try await (keyId, day, used) in rows.decode((String, Int, Int).self) {
            result[keyId, default: [:]][UTCDay(ordinal: day)] = used
        }
        return result
    }

    public func addUsage(planId: String, keyId: String, day: UTCDay, count: Int) async throws {
        try await addUsage([UsageLedger.Entry(planId: planId, keyId: keyId, day: day): count])
    }

    /// One statement for the whole batch (a flush may carry thousands of keys), so it is one
    /// transaction; rows go in a fixed order so that two nodes' batches cannot deadlock.
    public func addUsage(_ counts: [UsageLedger.Entry: Int]) async throws {
        guard !counts.isEmpty else { return }
        let rows = UsageRows(counts)
        try await client.query(rows.insertUsage, logger: logger)
    }

    /// The counts, and of the node's totals what this store has not seen yet, in one transaction
    /// (the node's rows of `usage_node_totals` are only ever written by that node).
    public func addUsage(_ batch: UsageBatch) async throws {
        guard !batch.totals.isEmpty else { return try await addUsage(batch.counts) }
        let logger = self.logger
        let totals = UsageRows(batch.totals)
        try await client.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                SELECT t.plan_id, t.key_id, t.day, t.total FROM usage_node_totals t
                JOIN unnest(\(totals.plans)::TEXT[], \(totals.keys)::TEXT[], \(totals.days)::INTEGER[]) AS b(plan_id, key_id, day)
                ON t.node = \(batch.node) AND t.plan_id = b.plan_id AND t.key_id = b.key_id AND t.day = b.day
                """, logger: logger)
            var seen: [UsageLedger.Entry: Int] = [:]
            for try await (plan, key, day, total) in rows.decode((String, String, Int, Int).self) {
                seen[UsageLedger.Entry(planId: plan, keyId: key, day: UTCDay(ordinal: day))] = total
            }
            let deltas = batch.deltas(seen: seen)
            if !deltas.isEmpty { try await connection.query(UsageRows(deltas).insertUsage, logger: logger) }
            try await connection.query("""
                INSERT INTO usage_node_totals (node, plan_id, key_id, day, total)
                SELECT \(batch.node), * FROM unnest(\(totals.plans)::TEXT[], \(totals.keys)::TEXT[], \(totals.days)::INTEGER[],
                                                  \(totals.counts)::BIGINT[])
                ON CONFLICT (node, plan_id, key_id, day) DO UPDATE SET total = GREATEST(usage_node_totals.total, EXCLUDED.total)
                """, logger: logger)
            if let before = batch.pruneBefore {
                try await connection.query(
                    "DELETE FROM usage_node_totals WHERE node = \(batch.node) AND day < \(before.ordinal)", logger: logger)
            }
        }
    }

    /// PostgreSQL does the work on its own cores; a piece costs the gateway a round trip, so pieces
    /// are large.
    public var usageRowsPerWrite: Int { 1024 }

    public func grant(planId: String, keyId: String) async throws -> QuotaGrant? {
        let rows = try await client.query("""
            SELECT window_start, remaining, used_at_grant, allowance FROM quota_grants
            WHERE plan_id = \(planId) AND key_id = \(keyId)
            """, logger: logger)
        for try await (start, remaining, usedAtGrant, allowance) in rows.decode((Int, Int, Int, Int?).self) {
            return QuotaGrant(planId: planId, keyId: keyId, windowStart: UTCDay(ordinal: start),
                              remaining: remaining, usedAtGrant: usedAtGrant, allowance: allowance)
        }
        return nil
    }

    /// Records the grant and sets it on the key's quota row (``QuotaStore``'s rule), in one transaction.
    @discardableResult
    public func saveGrant(_ grant: QuotaGrant, window: QuotaWindow) async throws -> UInt32 {
        let logger = self.logger
        let (start, end) = (window.start.ordinal, window.end.ordinal)
        return try await client.withTransaction(logger: logger) { connection in
            try await connection.query("""
                INSERT INTO quota_grants (plan_id, key_id, window_start, remaining, used_at_grant, allowance)
                VALUES (\(grant.planId), \(grant.keyId), \(start), \(grant.remaining), \(grant.usedAtGrant), \(grant.allowance))
                ON CONFLICT (plan_id, key_id) DO UPDATE SET window_start = EXCLUDED.window_start,
                    remaining = EXCLUDED.remaining, used_at_grant = EXCLUDED.used_at_grant, allowance = EXCLUDED.allowance
                """, logger: logger)
            // A row of another window restarts for the grant's (reserved = the window's recorded usage).
            let rows = try await connection.query("""
                WITH recorded AS (
                    SELECT COALESCE(SUM(used), 0)::BIGINT AS used FROM usage
                    WHERE plan_id = \(grant.planId) AND key_id = \(grant.keyId) AND day >= \(start) AND day < \(end)
                )
                INSERT INTO quota_state AS q
                    (plan_id, key_id, window_start, generation, reserved, granted, reserved_at_grant, grant_allowance, last_lease)
                SELECT \(grant.planId), \(grant.keyId), \(start), 1, used, \(grant.remaining), used, \(grant.allowance), 0
                FROM recorded
                ON CONFLICT (plan_id, key_id) DO UPDATE SET
                    generation = CASE WHEN q.window_start = EXCLUDED.window_start THEN q.generation + 1 ELSE 1 END,
                    reserved = CASE WHEN q.window_start = EXCLUDED.window_start THEN q.reserved ELSE EXCLUDED.reserved END,
                    reserved_at_grant = CASE WHEN q.window_start = EXCLUDED.window_start THEN q.reserved
                                             ELSE EXCLUDED.reserved END,
                    granted = EXCLUDED.granted, grant_allowance = EXCLUDED.grant_allowance,
                    window_start = EXCLUDED.window_start, last_lease = 0
                RETURNING generation
                """, logger: logger)
            var generation: Int?
            for try await value in rows.decode(Int.self) { generation = value }
            guard let generation else { throw StoreError("saving a quota grant returned no row") }
            // Other nodes void their leases of older generations at once (delivered at commit).
            let notice = QuotaGrantNotice(grant: grant, generation: UInt32(clamping: generation)).payload
            try await connection.query("SELECT pg_notify(\(PostgresStore.quotaChannel), \(notice))", logger: logger)
            return UInt32(clamping: generation)
        }
    }
}

/// Counts per plan, key and day as the column arrays `unnest` takes, in a fixed order so that two
/// nodes' batches cannot deadlock.
struct UsageRows {
    var plans: [String] = [], keys: [String] = [], days: [Int] = [], counts: [Int] = []

    init(_ counts: [UsageLedger.Entry: Int]) {
        for (entry, count) in counts.sorted(by: { ($0.key.planId, $0.key.keyId, $0.key.day) < ($1.key.planId, $1.key.keyId, $1.key.day) }) {
            plans.append(entry.planId)
            keys.append(entry.keyId)
            days.append(entry.day.ordinal)
            self.counts.append(count)
        }
    }

    var insertUsage: PostgresQuery {
        """
        INSERT INTO usage (plan_id, key_id, day, used)
        SELECT * FROM unnest(\(plans)::TEXT[], \(keys)::TEXT[], \(days)::INTEGER[], \(counts)::BIGINT[])
        ON CONFLICT (plan_id, key_id, day) DO UPDATE SET used = usage.used + EXCLUDED.used
        """
    }
}
