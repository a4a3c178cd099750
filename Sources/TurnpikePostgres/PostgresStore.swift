import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import TurnpikeLimits
import TurnpikeModel
import TurnpikeStore

/// The shared store: one PostgreSQL database that several gateway nodes can use at once.
///
/// The schema and the semantics of every method are those of `SQLiteStore` (the same test suite
/// runs against both): configuration records by kind and id, API key values sealed with the
/// ``ValueSealer`` in `api_key_secrets`, usage per plan, key and UTC day, `UpdateUsage` grants, and
/// quota leases reserved with one atomic statement each (see `PostgresStore+Quota.swift`).
///
/// ```swift
/// let store = try await PostgresStore.connect(
///     to: PostgresDatabaseURL("postgres://turnpike:secret@db:5432/turnpike"), sealer: sealer, logger: logger)
/// // in a ServiceGroup: services: [store, ...]; or, when done without one:
/// await store.close()
/// ```
///
/// Queries go through a `PostgresClient` connection pool whose `run()` the store drives in a task
/// of its own from ``connect(to:sealer:logger:maximumConnections:)`` on, because the configuration
/// is loaded before a service group runs. As a `Service` the store waits for graceful shutdown and
/// then closes the pool, so placed first in a `ServiceGroup` it stops last.
public final class PostgresStore: Store, ConfigurationFeed, QuotaGrantFeed, NodeRegistry, Service {
    let client: PostgresClient
    let sealer: ValueSealer
    let logger: Logger
    private let running: Task<Void, Never>

    private init(client: PostgresClient, sealer: ValueSealer, logger: Logger, running: Task<Void, Never>) {
        self.client = client
        self.sealer = sealer
        self.logger = logger
        self.running = running
    }

    /// Connects, applies missing migrations, starts the connection pool, and checks the data key
    /// (``DataKeyCheck``).
    /// - Throws: a ``StoreError`` whose sentence names the server and the reason (never the password);
    ///   ``DataKeyMismatch`` when the database's data was sealed with another data key.
    public static func connect(to url: PostgresDatabaseURL, sealer: ValueSealer, logger: Logger,
                               maximumConnections: Int = 10) async throws -> PostgresStore {
        try await migrate(url, logger: logger)
        var configuration = url.clientConfiguration
        configuration.options.maximumConnections = max(1, maximumConnections)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        // A query before the pool's run() has begun waits and logs a warning: start it first. The task
        // signals, then enters run() without suspending, which sets the pool running at once.
        let (started, signal) = AsyncStream<Void>.makeStream()
        let running = Task {
            signal.finish()
            await client.run()
        }
        for await _ in started {}
        let store = PostgresStore(client: client, sealer: sealer, logger: logger, running: running)
        do {
            try await store.checkDataKey()
        } catch {
            await store.close()
            if error is DataKeyMismatch { throw error }
            throw StoreError("Cannot check the data key against PostgreSQL at \(url): \(PostgresFailure.reason(error))")
        }
        return store
    }

    /// Applies the migrations the database lacks over one connection of its own and returns their names.
    /// - Throws: a ``StoreError`` whose sentence names the server and the reason (never the password).
    @discardableResult
    public static func migrate(_ url: PostgresDatabaseURL, logger: Logger) async throws -> [String] {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try url.connectionConfiguration(), id: 0, logger: logger)
        } catch {
            throw StoreError("Cannot connect to PostgreSQL at \(url): \(PostgresFailure.reason(error))")
        }
        do {
            let applied = try await PostgresMigrations.apply(on: connection, logger: logger)
            try? await connection.close()
            return applied
        } catch {
            try? await connection.close()
            throw StoreError("Cannot migrate the PostgreSQL database at \(url): \(PostgresFailure.reason(error))")
        }
    }

    /// Waits for graceful shutdown (or cancellation), then closes the pool.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Closes the pool; queries fail afterwards.
    public func close() async {
        running.cancel()
        await running.value
    }

    /// The channel every commit notifies with its new version.
    static let configurationChannel = "turnpike_configuration"

    public func loadConfiguration() async throws -> StoredConfiguration {
        let sealer = self.sealer, logger = self.logger
        return try await client.withConnection { connection in
            // The version first, then the records: the records are at least as new as the version says
            // (a newer commit in between is picked up again by the next version check), never older.
            // No transaction, so a call cancelled half-way cannot leave one open on a pooled connection.
            let version = try await Self.version(connection, logger: logger)
            let rows = try await connection.query("""
                SELECT e.kind, e.id, e.body, s.sealed FROM entities e
                LEFT JOIN api_key_secrets s ON e.kind = 'apikey' AND s.id = e.id
                ORDER BY e.kind, e.id
                """, logger: logger)
            var records: [EntityRecord] = []
            for try await (kind, id, body, sealed) in rows.decode((String, String, ByteBuffer, ByteBuffer?).self) {
                guard let kind = EntityKind(rawValue: kind) else { continue }
                records.append(EntityRecord(
                    kind: kind, id: id, body: Array(body.readableBytesView),
                    secret: try sealed.map { try sealer.open(Array($0.readableBytesView)) }))
            }
            return StoredConfiguration(records: records, version: version)
        }
    }

    public func configurationVersion() async throws -> Int64 {
        let logger = self.logger
        return try await client.withConnection { try await Self.version($0, logger: logger) }
    }

    static func version(_ connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows = try await connection.query("SELECT version FROM configuration_version WHERE id = 1", logger: logger)
        for try await version in rows.decode(Int64.self) { return version }
        return 0
    }

    @discardableResult
    public func commit(_ changes: [ConfigurationChange], basedOn expected: Int64?) async throws -> Int64 {
        let prepared = try sealer.seal(changes)
        do {
            return try await commitTransaction(prepared, basedOn: expected)
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error   // a conflict found inside the transaction stays a conflict
        }
    }

    private func commitTransaction(_ prepared: [SealedChange],
                                   basedOn expected: Int64?) async throws -> Int64 {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { connection in
            // The version row first: its lock queues concurrent writers (of any node) behind this one.
            let rows = try await connection.query(
                "SELECT version FROM configuration_version WHERE id = 1 FOR UPDATE", logger: logger)
            var stored: Int64 = 0
            for try await version in rows.decode(Int64.self) { stored = version }
            if let expected, expected != stored { throw ConfigurationConflict(stored: stored) }
            try await Self.write(prepared, on: connection, logger: logger)
            let version = stored + 1
            try await connection.query("UPDATE configuration_version SET version = \(version) WHERE id = 1", logger: logger)
            // Delivered to every listening node when the transaction commits.
            try await connection.query(
                "SELECT pg_notify(\(Self.configurationChannel), \(String(version)))", logger: logger)
            return version
        }
    }

    /// Writes a commit's changes in at most four statements, whatever their number: each kind of
    /// write (entity puts, secret puts, entity deletes, secret deletes) binds its rows as arrays and
    /// `unnest`s them. One statement per row made an ImportApiKeys of 10,000 keys (20,000 records)
    /// take 20,000 round trips and run out the store call's deadline. Only the last change of each
    /// record is written: what applying them one by one would leave.
    private static func write(_ prepared: [SealedChange], on connection: PostgresConnection, logger: Logger) async throws {
        var seen = Set<String>()
        var entities: (kinds: [String], ids: [String], bodies: [ByteBuffer]) = ([], [], [])
        var secrets: (ids: [String], hashes: [String], sealed: [ByteBuffer]) = ([], [], [])
        var removed: (kinds: [String], ids: [String], keyIds: [String]) = ([], [], [])
        for item in prepared.reversed() where seen.insert(item.change.key).inserted {
            switch item.change {
            case .put(let record):
                entities.kinds.append(record.kind.rawValue)
                entities.ids.append(record.id)
                entities.bodies.append(ByteBuffer(bytes: record.body))
                if let sealed = item.sealed, let hash = item.hash {
                    secrets.ids.append(record.id)
                    secrets.hashes.append(hash)
                    secrets.sealed.append(ByteBuffer(bytes: sealed))
                }
            case .delete(let kind, let id):
                removed.kinds.append(kind.rawValue)
                removed.ids.append(id)
                if kind == .apiKey { removed.keyIds.append(id) }
            }
        }
        if !removed.ids.isEmpty {
            try await connection.query("""
                DELETE FROM entities WHERE (kind, id) IN (SELECT * FROM unnest(\(removed.kinds)::text[], \(removed.ids)::text[]))
                """, logger: logger)
        }
        if !removed.keyIds.isEmpty {
            try await connection.query("DELETE FROM api_key_secrets WHERE id = ANY(\(removed.keyIds)::text[])", logger: logger)
        }
        if !entities.ids.isEmpty {
            try await connection.query("""
                INSERT INTO entities (kind, id, body)
                SELECT * FROM unnest(\(entities.kinds)::text[], \(entities.ids)::text[], \(entities.bodies)::bytea[])
                ON CONFLICT (kind, id) DO UPDATE SET body = EXCLUDED.body
                """, logger: logger)
        }
        if !secrets.ids.isEmpty {
            try await connection.query("""
                INSERT INTO api_key_secrets (id, lookup_hash, sealed)
                SELECT * FROM unnest(\(secrets.ids)::text[], \(secrets.hashes)::text[], \(secrets.sealed)::bytea[])
                ON CONFLICT (id) DO UPDATE SET lookup_hash = EXCLUDED.lookup_hash, sealed = EXCLUDED.sealed
                """, logger: logger)
        }
    }

    public func heartbeat(node id: String, window: Duration, demand: DemandReport) async throws -> NodeHeartbeat {
        let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
        let rows = try await client.query("""
            WITH beat AS (
                INSERT INTO gateway_nodes (id, seen_at, demand) VALUES (\(id), now(), \(ByteBuffer(bytes: demand.encoded)))
                ON CONFLICT (id) DO UPDATE SET seen_at = now(), demand = EXCLUDED.demand
            ), forget AS (
                DELETE FROM gateway_nodes WHERE seen_at < now() - interval '1 hour'
            )
            SELECT id, demand, EXTRACT(EPOCH FROM now() - seen_at)::FLOAT8 FROM gateway_nodes
            WHERE id <> \(id) AND seen_at > now() - make_interval(secs => \(seconds))
            ORDER BY id LIMIT \(NodeHeartbeat.peerLimit)
            """, logger: logger)
        var peers: [NodeHeartbeat.Peer] = []
        for try await (node, bytes, age) in rows.decode((String, ByteBuffer, Double).self) {
            peers.append(.init(node: node, demand: DemandReport(encoded: Array(bytes.readableBytesView)),
                               age: .nanoseconds(Int64(max(0, age) * 1e9))))
        }
        return NodeHeartbeat(nodes: peers.count + 1, peers: peers)
    }

    public func leave(node id: String) async throws {
        try await client.query("DELETE FROM gateway_nodes WHERE id = \(id)", logger: logger)
    }

    /// The channel every `UpdateUsage` grant notifies (``QuotaGrantNotice``).
    static let quotaChannel = "turnpike_quota"

    public func followGrants(_ granted: @escaping @Sendable (QuotaGrant, UInt32) async -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: Self.quotaChannel) { notifications in
                for try await notification in notifications {
                    if let notice = QuotaGrantNotice(payload: notification.payload) { await granted(notice.grant, notice.generation) }
                }
            }
        }
    }

    public func followChanges(_ changed: @escaping @Sendable (Int64) async -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: Self.configurationChannel) { notifications in
                for try await notification in notifications {
                    if let version = Int64(notification.payload) { await changed(version) }
                }
            }
        }
    }

    /// The id of the key with this value, found by its keyed hash.
    public func apiKeyID(forValue value: String) async throws -> String? {
        let rows = try await client.query(
            "SELECT id FROM api_key_secrets WHERE lookup_hash = \(sealer.lookupHash(value))", logger: logger)
        for try await id in rows.decode(String.self) { return id }
        return nil
    }
}
