import GRDB

/// The SQLite schema, as numbered migrations applied in order at start.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: configuration, secrets, usage") { db in
            try db.execute(sql: """
                CREATE TABLE entities (
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    body BLOB NOT NULL,
                    PRIMARY KEY (kind, id)
                );
                CREATE TABLE api_key_secrets (
                    id TEXT PRIMARY KEY,
                    lookup_hash TEXT NOT NULL UNIQUE,
                    sealed BLOB NOT NULL
                );
                CREATE TABLE usage (
                    plan_id TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    day INTEGER NOT NULL,
                    used INTEGER NOT NULL,
                    PRIMARY KEY (plan_id, key_id, day)
                );
                CREATE TABLE quota_grants (
                    plan_id TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    window_start INTEGER NOT NULL,
                    remaining INTEGER NOT NULL,
                    used_at_grant INTEGER NOT NULL,
                    PRIMARY KEY (plan_id, key_id)
                );
                """)
        }
        migrator.registerMigration("v2: quota leases") { db in
            try db.execute(sql: """
                CREATE TABLE quota_state (
                    plan_id TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    window_start INTEGER NOT NULL,
                    generation INTEGER NOT NULL,
                    reserved INTEGER NOT NULL,
                    granted INTEGER,
                    reserved_at_grant INTEGER,
                    grant_allowance INTEGER,
                    PRIMARY KEY (plan_id, key_id)
                );
                ALTER TABLE quota_grants ADD COLUMN allowance INTEGER;
                """)
        }
        migrator.registerMigration("v3: configuration version") { db in
            try db.execute(sql: """
                CREATE TABLE configuration_version (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    version INTEGER NOT NULL
                );
                INSERT INTO configuration_version (id, version) VALUES (1, 0);
                """)
        }
        migrator.registerMigration("v4: data key check") { db in
            try db.execute(sql: """
                CREATE TABLE data_key_check (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    value TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5: usage totals and leases per node") { db in
            try db.execute(sql: """
                CREATE TABLE usage_node_totals (
                    node TEXT NOT NULL,
                    plan_id TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    day INTEGER NOT NULL,
                    total INTEGER NOT NULL,
                    PRIMARY KEY (node, plan_id, key_id, day)
                );
                CREATE TABLE quota_node_leases (
                    node TEXT NOT NULL,
                    plan_id TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    window_start INTEGER NOT NULL,
                    generation INTEGER NOT NULL,
                    reserved INTEGER NOT NULL,
                    PRIMARY KEY (node, plan_id, key_id, window_start, generation)
                );
                """)
        }
        return migrator
    }
}
