import PostgresNIO
import TurnpikeLimits
import TurnpikeStore

extension PostgresStore {
    /// One statement, so that nodes reserving at the same moment are serialised by the row lock and
    /// never reserve more than the window allows between them (the rules are in ``QuotaStore``).
    ///
    /// The inserted row is the *restarted* one: window `request.window`, generation 0, no grant,
    /// `reserved` = usage recorded in the window plus the lease. When the key already has a row, the
    /// update keeps that restart if the row belongs to an earlier window, reserves against the row in
    /// the same window, and changes nothing (a lease of 0) when the row is in a later window.
    /// `turnpike_lease_grant` is `LeaseSizing.grant` in SQL; `last_lease` carries the lease to
    /// `RETURNING`, which sees only the new row.
    public func reserveQuota(_ request: QuotaReservationRequest) async throws -> QuotaReservation {
        let start = request.window.start.ordinal, end = request.window.end.ordinal
        let allowance = request.allowance, requested = request.requested, nodes = request.nodes
        let node = request.node
        let rows = try await client.query("""
            WITH recorded AS (
                SELECT COALESCE(SUM(used), 0)::BIGINT AS used FROM usage
                WHERE plan_id = \(request.planId) AND key_id = \(request.keyId) AND day >= \(start) AND day < \(end)
            ), restart AS (
                SELECT used, turnpike_lease_grant(\(requested), GREATEST(0, \(allowance) - used), \(nodes)) AS lease
                FROM recorded
            ), reservation AS (
            INSERT INTO quota_state AS q
                (plan_id, key_id, window_start, generation, reserved, granted, reserved_at_grant, grant_allowance, last_lease)
            SELECT \(request.planId), \(request.keyId), \(start), 0, used + lease, NULL, NULL, NULL, lease FROM restart
            ON CONFLICT (plan_id, key_id) DO UPDATE SET
                reserved = CASE
                    WHEN q.window_start < EXCLUDED.window_start THEN EXCLUDED.reserved
                    WHEN q.window_start > EXCLUDED.window_start THEN q.reserved
                    ELSE q.reserved + turnpike_lease_grant(\(requested), turnpike_quota_available(
                        q.reserved, q.granted, q.reserved_at_grant, q.grant_allowance, \(allowance)), \(nodes))
                END,
                last_lease = CASE
                    WHEN q.window_start < EXCLUDED.window_start THEN EXCLUDED.last_lease
                    WHEN q.window_start > EXCLUDED.window_start THEN 0
                    ELSE turnpike_lease_grant(\(requested), turnpike_quota_available(
                        q.reserved, q.granted, q.reserved_at_grant, q.grant_allowance, \(allowance)), \(nodes))
                END,
                generation = CASE WHEN q.window_start < EXCLUDED.window_start THEN 0 ELSE q.generation END,
                -- A grant ends with its window, or when the plan's allowance is no longer the one it was made under.
                granted = CASE WHEN q.window_start < EXCLUDED.window_start
                                 OR (q.window_start = EXCLUDED.window_start AND q.grant_allowance <> \(allowance))
                               THEN NULL ELSE q.granted END,
                reserved_at_grant = CASE WHEN q.window_start < EXCLUDED.window_start
                                 OR (q.window_start = EXCLUDED.window_start AND q.grant_allowance <> \(allowance))
                               THEN NULL ELSE q.reserved_at_grant END,
                grant_allowance = CASE WHEN q.window_start < EXCLUDED.window_start
                                 OR (q.window_start = EXCLUDED.window_start AND q.grant_allowance <> \(allowance))
                               THEN NULL ELSE q.grant_allowance END,
                window_start = GREATEST(q.window_start, EXCLUDED.window_start)
            RETURNING last_lease, generation, window_start,
                CASE WHEN window_start > \(start) THEN 0
                     ELSE turnpike_quota_available(reserved, granted, reserved_at_grant, grant_allowance, \(allowance)) END
                AS remaining
            ), per_node AS (
                INSERT INTO quota_node_leases AS n (node, plan_id, key_id, window_start, generation, reserved)
                SELECT \(node), \(request.planId), \(request.keyId), window_start, generation, last_lease FROM reservation
                WHERE \(node) <> '' AND last_lease > 0
                ON CONFLICT (node, plan_id, key_id, window_start, generation) DO UPDATE SET reserved = n.reserved + EXCLUDED.reserved
            )
            SELECT last_lease, generation, remaining FROM reservation
            """, logger: logger)
        for try await (lease, generation, remaining) in rows.decode((Int, Int, Int).self) {
            return QuotaReservation(granted: lease, remaining: remaining, generation: UInt32(clamping: generation))
        }
        throw StoreError("a quota reservation returned no row")
    }

    /// One statement: the key's row and the node's (when the lease names one) go down together.
    public func returnQuota(planId: String, keyId: String, lease: QuotaLease) async throws {
        guard lease.count > 0 else { return }
        let window = lease.window.ordinal, generation = Int(lease.generation)
        try await client.query("""
            WITH per_node AS (
                UPDATE quota_node_leases SET reserved = GREATEST(0, reserved - \(lease.count))
                WHERE node = \(lease.node) AND plan_id = \(planId) AND key_id = \(keyId) AND window_start = \(window)
                    AND generation = \(generation)
            )
            UPDATE quota_state SET reserved = GREATEST(0, reserved - \(lease.count))
            WHERE plan_id = \(planId) AND key_id = \(keyId) AND window_start = \(window) AND generation = \(generation)
            """, logger: logger)
    }

    public func nodeLeases(node: String) async throws -> [ReservedLease] {
        let rows = try await client.query("""
            SELECT plan_id, key_id, window_start, generation, reserved FROM quota_node_leases
            WHERE node = \(node) AND reserved > 0 ORDER BY plan_id, key_id, window_start, generation
            """, logger: logger)
        var leases: [ReservedLease] = []
        for try await (plan, key, window, generation, reserved) in rows.decode((String, String, Int, Int, Int).self) {
            leases.append(ReservedLease(planId: plan, keyId: key, lease: QuotaLease(
                window: UTCDay(ordinal: window), count: reserved, generation: UInt32(clamping: generation), node: node)))
        }
        return leases
    }

    public func forgetNodeLeases(node: String) async throws {
        try await client.query("DELETE FROM quota_node_leases WHERE node = \(node)", logger: logger)
    }
}
