import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif
import TurnpikeLimits
import TurnpikeModel

/// The embedded store: one SQLite database file in WAL mode.
///
/// Configuration records are JSON documents by kind and id; API key values are kept encrypted in
/// `api_key_secrets`, unique by their keyed hash. Usage is counted per plan, key and UTC day.
public final class SQLiteStore: Store {
    let database: DatabasePool
    private let sealer: ValueSealer

    /// Opens (creating if missing) and migrates the database at `path`; its files are private
    /// (``makePrivate(path:)``).
    /// - Throws: ``DataKeyMismatch`` when the database's data was sealed with another data key
    ///   (``DataKeyCheck``).
    public init(path: String, sealer: ValueSealer) throws {
        try Self.makePrivate(path: path)
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabasePool(path: path, configuration: configuration)
        self.sealer = sealer
        try SQLiteMigrations.migrator.migrate(database)
        try database.write { db in
            let stored = try String.fetchOne(db, sql: "SELECT value FROM data_key_check WHERE id = 1")
            let sample = stored != nil ? nil : try Data.fetchOne(db, sql: "SELECT sealed FROM api_key_secrets LIMIT 1")
            if case .record(let value) = try DataKeyCheck.decide(stored: stored, sampleSealed: sample.map(Array.init), sealer: sealer) {
                try db.execute(sql: "INSERT INTO data_key_check (id, value) VALUES (1, ?)", arguments: [value])
            }
        }
    }

    /// Applies the migrations the database at `path` lacks (creating the file if missing) and
    /// returns their names.
    @discardableResult
    public static func migrate(path: String) throws -> [String] {
        try makePrivate(path: path)
        let database = try DatabaseQueue(path: path)
        let migrator = SQLiteMigrations.migrator
        let pending = try database.read { db in
            let applied = try migrator.appliedIdentifiers(db)
            return migrator.migrations.filter { !applied.contains($0) }
        }
        try migrator.migrate(database)
        return pending
    }

    /// The database file is created empty with mode 0600 (`O_CREAT|O_EXCL|O_NOFOLLOW`) before
    /// SQLite opens it, since SQLite creates its `-wal` and `-shm` files with the database file's
    /// mode; existing files (the database, `-wal`, `-shm`) wider than 0600 are tightened to it.
    static func makePrivate(path: String) throws {
        guard !path.isEmpty, path != ":memory:" else { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw StoreError("cannot create the database file \(path): errno \(errno)")
        }
        for file in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            guard lstat(file, &status) == 0, (status.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG),
                  status.st_mode & 0o077 != 0 else { continue }
            _ = chmod(file, 0o600)
        }
    }

    public func loadConfiguration() async throws -> StoredConfiguration {
        let (rows, version) = try await database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.kind, e.id, e.body, s.sealed FROM entities e
                LEFT JOIN api_key_secrets s ON e.kind = 'apikey' AND s.id = e.id
                ORDER BY e.kind, e.id
                """).map { row -> (kind: String, id: String, body: Data, sealed: Data?) in
                (row["kind"], row["id"], row["body"], row["sealed"])
            }
            return (rows, try Self.version(db))
        }
        let records = try rows.compactMap { row -> EntityRecord? in
            guard let kind = EntityKind(rawValue: row.kind) else { return nil }
            return EntityRecord(
                kind: kind, id: row.id, body: Array(row.body), secret: try row.sealed.map { try sealer.open(Array($0)) })
        }
        return StoredConfiguration(records: records, version: version)
    }

    public func configurationVersion() async throws -> Int64 {
        try await database.read { db in try Self.version(db) }
    }

    static func version(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT version FROM configuration_version WHERE id = 1") ?? 0
    }

    @discardableResult
    public func commit(_ changes: [ConfigurationChange], basedOn expected: Int64?) async throws -> Int64 {
        let prepared = try sealer.seal(changes)
        return try await database.write { db in
            let stored = try Self.version(db)
            if let expected, expected != stored { throw ConfigurationConflict(stored: stored) }
            // Statements compiled once per commit, not once per row: an ImportApiKeys of 100,000
            // rows is 200,000 statements in this one transaction.
            let putEntity = try db.cachedStatement(sql: "INSERT OR REPLACE INTO entities (kind, id, body) VALUES (?, ?, ?)")
            let putSecret = try db.cachedStatement(sql: """
                INSERT INTO api_key_secrets (id, lookup_hash, sealed) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET lookup_hash = excluded.lookup_hash, sealed = excluded.sealed
                """)
            let deleteEntity = try db.cachedStatement(sql: "DELETE FROM entities WHERE kind = ? AND id = ?")
            let deleteSecret = try db.cachedStatement(sql: "DELETE FROM api_key_secrets WHERE id = ?")
            for item in prepared {
                let (change, sealed, hash) = (item.change, item.sealed, item.hash)
                switch change {
                case .put(let record):
                    try putEntity.execute(arguments: [record.kind.rawValue, record.id, Data(record.body)])
                    if let sealed, let hash {
                        try putSecret.execute(arguments: [record.id, hash, Data(sealed)])
                    }
                case .delete(let kind, let id):
                    try deleteEntity.execute(arguments: [kind.rawValue, id])
                    if kind == .apiKey {
                        try deleteSecret.execute(arguments: [id])
                    }
                }
            }
            try db.execute(sql: "UPDATE configuration_version SET version = version + 1 WHERE id = 1")
            return stored + 1
        }
    }

    /// The id of the key with this value, found by its keyed hash.
    public func apiKeyID(forValue value: String) async throws -> String? {
        let hash = sealer.lookupHash(value)
        return try await database.read { db in
            try String.fetchOne(db, sql: "SELECT id FROM api_key_secrets WHERE lookup_hash = ?", arguments: [hash])
        }
    }

    public func dailyUsage(planId: String, keyIds: [String], days: ClosedRange<UTCDay>) async throws -> [String: [UTCDay: Int]] {
        guard !keyIds.isEmpty else { return [:] }
        let rows = try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT key_id, day, used FROM usage
                WHERE plan_id = ? AND day BETWEEN ? AND ?
                """, arguments: [planId, days.lowerBound.ordinal, days.upperBound.ordinal]
            ).map { row -> (keyId: String, day: Int, used: Int) in (row["key_id"], row["day"], row["used"]) }
        }
        let wanted = Set(keyIds)
        var result: [String: [UTCDay: Int]] = [:]
        for row in rows where wanted.contains(row.keyId) {
            result[row.keyId, default: [:]][UTCDay(ordinal: row.day)] = row.used
        }
        return result
    }

    public func addUsage(planId: String, keyId: String, day: UTCDay, count: Int) async throws {
        try await addUsage([UsageLedger.Entry(planId: planId, keyId: keyId, day: day): count])
    }

    public func addUsage(_ counts: [UsageLedger.Entry: Int]) async throws {
        guard !counts.isEmpty else { return }
        // The whole batch is one statement with one argument, a JSON array of rows that SQLite
        // unpacks itself: a flush carries a row per key used, and binding thousands of rows one
        // statement at a time costs the gateway's core far more than SQLite's own work.
        let rows = Self.usageRows(counts)
        try await database.write { db in try Self.insertUsage(rows, db) }
    }

    static func insertUsage(_ rows: String, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO usage (plan_id, key_id, day, used)
            SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
                   json_extract(value, '$[3]')
            FROM json_each(?) WHERE true
            ON CONFLICT (plan_id, key_id, day) DO UPDATE SET used = used + excluded.used
            """).execute(arguments: [rows])
    }

    public func addUsage(_ batch: UsageBatch) async throws {
        guard !batch.totals.isEmpty else { return try await addUsage(batch.counts) }
        let totals = Self.usageRows(batch.totals)
        let counts = batch.counts.isEmpty ? nil : Self.usageRows(batch.counts)
        try await database.write { db in
            if let counts { try Self.insertUsage(counts, db) }
            // Each total adds its growth since the node's total this store has (``UsageBatch/deltas(seen:)``
            // in SQL: no row comes back to Swift). The batch's rows stay the outer loop of the join,
            // each looking its stored total up by primary key.
            try db.cachedStatement(sql: """
                INSERT INTO usage (plan_id, key_id, day, used)
                SELECT b.plan_id, b.key_id, b.day, b.total - coalesce(t.total, 0)
                FROM (SELECT json_extract(value, '$[0]') AS plan_id, json_extract(value, '$[1]') AS key_id,
                             json_extract(value, '$[2]') AS day, json_extract(value, '$[3]') AS total
                      FROM json_each(?)) b
                LEFT JOIN usage_node_totals t
                ON t.node = ? AND t.plan_id = b.plan_id AND t.key_id = b.key_id AND t.day = b.day
                WHERE b.total > coalesce(t.total, 0)
                ON CONFLICT (plan_id, key_id, day) DO UPDATE SET used = used + excluded.used
                """).execute(arguments: [totals, batch.node])
            try db.cachedStatement(sql: """
                INSERT INTO usage_node_totals (node, plan_id, key_id, day, total)
                SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
                       json_extract(value, '$[3]')
                FROM json_each(?) WHERE true
                ON CONFLICT (node, plan_id, key_id, day) DO UPDATE SET total = max(total, excluded.total)
                """).execute(arguments: [batch.node, totals])
            if let before = batch.pruneBefore {
                try db.execute(sql: "DELETE FROM usage_node_totals WHERE node = ? AND day < ?", arguments: [batch.node, before.ordinal])
            }
        }
    }

    /// SQLite writes on the gateway's own threads, which share cores with the event loops: a piece
    /// of 32 rows is ~0.3 ms of a thread's time, far less than the scheduler tick a longer
    /// transaction could hold a loop's core for (docs/performance.md).
    public var usageRowsPerWrite: Int { 32 }

    /// `[["plan","key",day,count],...]`, written as bytes (a `String` appended piece by piece cost
    /// the flushing thread several times more).
    static func usageRows(_ counts: [UsageLedger.Entry: Int]) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        json.reserveCapacity(counts.count * 64)
        for (entry, count) in counts {
            if json.count > 1 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "["))
            entry.planId.appendJSONLiteral(to: &json)
            json.append(UInt8(ascii: ","))
            entry.keyId.appendJSONLiteral(to: &json)
            json.append(contentsOf: ",\(entry.day.ordinal),\(count)]".utf8)
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }

    public func grant(planId: String, keyId: String) async throws -> QuotaGrant? {
        try await database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT window_start, remaining, used_at_grant, allowance FROM quota_grants WHERE plan_id = ? AND key_id = ?
                """, arguments: [planId, keyId]
            ).map { row in
                QuotaGrant(planId: planId, keyId: keyId, windowStart: UTCDay(ordinal: row["window_start"]),
                           remaining: row["remaining"], usedAtGrant: row["used_at_grant"], allowance: row["allowance"])
            }
        }
    }
}
