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
        let sorted = counts.sorted { ($0.key.planId, $0.key.keyId, $0.key.day) < ($1.key.planId, $1.key.keyId, $1.key.day) }
        let plans = sorted.map(\.key.planId), keys = sorted.map(\.key.keyId)
        let days = sorted.map(\.key.day.ordinal), used = sorted.map(\.value)
        try await client.query("""
            INSERT INTO usage (plan_id, key_id, day, used)
            SELECT * FROM unnest(\(plans)::TEXT[], \(keys)::TEXT[], \(days)::INTEGER[], \(used)::BIGINT[])
            ON CONFLICT (plan_id, key_id, day) DO UPDATE SET used = usage.used + EXCLUDED.used
            """, logger: logger)
    }

    public func grant(planId: String, keyId: String) async throws -> QuotaGrant? {
        let rows = try await client.query("""
            SELECT window_start, remaining, used_at_grant FROM quota_grants WHERE plan_id = \(planId) AND key_id = \(keyId)
            """, logger: logger)
        for try await (start, remaining, usedAtGrant) in rows.decode((Int, Int, Int).self) {
            return QuotaGrant(planId: planId, keyId: keyId, windowStart: UTCDay(ordinal: start),
                              remaining: remaining, usedAtGrant: usedAtGrant)
        }
        return nil
    }

    /// Records the grant and restarts the key's quota row for the grant's window with the
    /// generation bumped (1 for a new window), in one transaction.
    @discardableResult
    public func saveGrant(_ grant: QuotaGrant) async throws -> UInt32 {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { connection in
            try await connection.query("""
                INSERT INTO quota_grants (plan_id, key_id, window_start, remaining, used_at_grant)
                VALUES (\(grant.planId), \(grant.keyId), \(grant.windowStart.ordinal), \(grant.remaining), \(grant.usedAtGrant))
                ON CONFLICT (plan_id, key_id) DO UPDATE SET window_start = EXCLUDED.window_start,
                    remaining = EXCLUDED.remaining, used_at_grant = EXCLUDED.used_at_grant
                """, logger: logger)
            let rows = try await connection.query("""
                INSERT INTO quota_state AS q (plan_id, key_id, window_start, generation, reserved, granted, last_lease)
                VALUES (\(grant.planId), \(grant.keyId), \(grant.windowStart.ordinal), 1, 0, \(grant.remaining), 0)
                ON CONFLICT (plan_id, key_id) DO UPDATE SET
                    generation = CASE WHEN q.window_start = EXCLUDED.window_start THEN q.generation + 1 ELSE 1 END,
                    window_start = EXCLUDED.window_start, reserved = 0, granted = EXCLUDED.granted, last_lease = 0
                RETURNING generation
                """, logger: logger)
            for try await generation in rows.decode(Int.self) { return UInt32(clamping: generation) }
            throw StoreError("saving a quota grant returned no row")
        }
    }
}
