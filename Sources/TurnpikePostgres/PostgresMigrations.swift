import Logging
import PostgresNIO

/// The PostgreSQL schema, as numbered migrations recorded in `turnpike_migrations`.
///
/// ``apply(on:logger:)`` runs in one transaction that first takes a transaction-scoped advisory
/// lock, so nodes starting at the same moment apply each migration once: the second waits for the
/// first, then finds nothing left to do. The tables mirror the SQLite schema (see `docs/storage.md`).
public enum PostgresMigrations {
    /// One schema step.
    struct Migration: Sendable {
        var version: Int
        var name: String
        var statements: [PostgresQuery]
    }

    /// Key of the advisory lock held while migrating (an arbitrary constant: "turnpike" in ASCII).
    static let lockKey = 0x7475_726E_7069_6B65

    static let all: [Migration] = [
        Migration(version: 1, name: "configuration, secrets, usage", statements: [
            """
            CREATE TABLE entities (
                kind TEXT NOT NULL,
                id TEXT NOT NULL,
                body BYTEA NOT NULL,
                PRIMARY KEY (kind, id)
            )
            """,
            """
            CREATE TABLE api_key_secrets (
                id TEXT PRIMARY KEY,
                lookup_hash TEXT NOT NULL UNIQUE,
                sealed BYTEA NOT NULL
            )
            """,
            """
            CREATE TABLE usage (
                plan_id TEXT NOT NULL,
                key_id TEXT NOT NULL,
                day INTEGER NOT NULL,
                used BIGINT NOT NULL,
                PRIMARY KEY (plan_id, key_id, day)
            )
            """,
            """
            CREATE TABLE quota_grants (
                plan_id TEXT NOT NULL,
                key_id TEXT NOT NULL,
                window_start INTEGER NOT NULL,
                remaining BIGINT NOT NULL,
                used_at_grant BIGINT NOT NULL,
                PRIMARY KEY (plan_id, key_id)
            )
            """,
        ]),
        Migration(version: 2, name: "quota leases", statements: [
            // `last_lease` is what the latest reservation granted: the one-statement reservation
            // returns it (RETURNING sees only the new row).
            """
            CREATE TABLE quota_state (
                plan_id TEXT NOT NULL,
                key_id TEXT NOT NULL,
                window_start INTEGER NOT NULL,
                generation BIGINT NOT NULL,
                reserved BIGINT NOT NULL,
                granted BIGINT,
                reserved_at_grant BIGINT,
                grant_allowance BIGINT,
                last_lease BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (plan_id, key_id)
            )
            """,
            "ALTER TABLE quota_grants ADD COLUMN allowance BIGINT",
            // What is left to reserve in a row's window under `allowance` (QuotaStore's rule): the
            // grant while it was made under this allowance, else the allowance, less what was reserved.
            """
            CREATE FUNCTION turnpike_quota_available(
                reserved BIGINT, granted BIGINT, reserved_at_grant BIGINT, grant_allowance BIGINT, allowance BIGINT)
            RETURNS BIGINT LANGUAGE SQL IMMUTABLE AS $$
                SELECT GREATEST(0, CASE
                    WHEN granted IS NOT NULL AND (grant_allowance IS NULL OR grant_allowance = allowance)
                        THEN granted - (reserved - COALESCE(reserved_at_grant, 0))
                    ELSE allowance - reserved
                END)
            $$
            """,
            // LeaseSizing.grant(requested:remaining:nodes:) in SQL, compared with it over a grid by the tests.
            """
            CREATE FUNCTION turnpike_lease_grant(requested BIGINT, available BIGINT, nodes BIGINT)
            RETURNS BIGINT LANGUAGE SQL IMMUTABLE STRICT AS $$
                SELECT CASE
                    WHEN available <= 0 OR requested <= 0 THEN 0
                    WHEN available <= 2 * LEAST(requested, 1000) * GREATEST(1, LEAST(nodes, 1048576)) THEN 1
                    ELSE LEAST(LEAST(requested, 1000), available)
                END
            $$
            """,
        ]),
        Migration(version: 3, name: "configuration version, gateway nodes", statements: [
            """
            CREATE TABLE configuration_version (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                version BIGINT NOT NULL
            )
            """,
            "INSERT INTO configuration_version (id, version) VALUES (1, 0)",
            """
            CREATE TABLE gateway_nodes (
                id TEXT PRIMARY KEY,
                seen_at TIMESTAMPTZ NOT NULL
            )
            """,
        ]),
        Migration(version: 4, name: "data key check", statements: [
            """
            CREATE TABLE data_key_check (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                value TEXT NOT NULL
            )
            """,
        ]),
        Migration(version: 5, name: "usage totals and leases per node", statements: [
            """
            CREATE TABLE usage_node_totals (
                node TEXT NOT NULL,
                plan_id TEXT NOT NULL,
                key_id TEXT NOT NULL,
                day INTEGER NOT NULL,
                total BIGINT NOT NULL,
                PRIMARY KEY (node, plan_id, key_id, day)
            )
            """,
            """
            CREATE TABLE quota_node_leases (
                node TEXT NOT NULL,
                plan_id TEXT NOT NULL,
                key_id TEXT NOT NULL,
                window_start INTEGER NOT NULL,
                generation INTEGER NOT NULL,
                reserved BIGINT NOT NULL,
                PRIMARY KEY (node, plan_id, key_id, window_start, generation)
            )
            """,
        ]),
        Migration(version: 6, name: "demand per gateway node", statements: [
            // The node's last `DemandReport` (requests per throttle bucket in its last heartbeat interval).
            "ALTER TABLE gateway_nodes ADD COLUMN demand BYTEA NOT NULL DEFAULT ''::BYTEA",
        ]),
    ]

    /// Applies the migrations this database lacks, in order, and returns their names.
    @discardableResult
    public static func apply(on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS turnpike_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied = Set<Int>()
            for try await version in try await connection.query("SELECT version FROM turnpike_migrations", logger: logger)
                .decode(Int.self) {
                applied.insert(version)
            }
            var names: [String] = []
            for migration in all where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(statement, logger: logger)
                }
                try await connection.query(
                    "INSERT INTO turnpike_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                names.append("v\(migration.version): \(migration.name)")
            }
            return names
        }
    }
}
