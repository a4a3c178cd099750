import Foundation
import GRDB
import Logging
import PostgresNIO
import Synchronization
import Testing
import TurnpikePostgres
import TurnpikeStore

/// The stores every shared store test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// Every kind, less PostgreSQL when `TURNPIKE_SKIP_POSTGRES=1`.
    static var tested: [StoreKind] {
        ProcessInfo.processInfo.environment["TURNPIKE_SKIP_POSTGRES"] == "1" ? [.sqlite] : allCases
    }
}

/// A fresh, empty store of one kind in a place of its own, removed when the test ends: a SQLite
/// file in a temporary directory, or a PostgreSQL database created for the test (on the server
/// `TURNPIKE_TEST_POSTGRES_URL` names) and dropped afterwards.
///
/// ```swift
/// @Test(arguments: StoreKind.tested) func something(kind: StoreKind) async throws {
///     try await StoreFixture.with(kind) { fixture, store in ... }
/// }
/// ```
final class StoreFixture: Sendable {
    let kind: StoreKind
    private let directory: URL
    private let postgres: PostgresDatabaseURL?
    private let opened = Mutex<[PostgresStore]>([])
    static let logger = Logger(label: "turnpike.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(kind: StoreKind, directory: URL, postgres: PostgresDatabaseURL?) {
        self.kind = kind
        self.directory = directory
        self.postgres = postgres
    }

    /// Runs `body` with a fresh store, then closes every store it opened and removes the database.
    static func with<T: Sendable>(_ kind: StoreKind, sealer: ValueSealer = StoreFixture.sealer,
                                  _ body: (StoreFixture, any Store) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("turnpike-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var database: PostgresDatabaseURL?
        if kind == .postgres {
            database = try await createDatabase()
        }
        let fixture = StoreFixture(kind: kind, directory: directory, postgres: database)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(fixture, try await fixture.open(sealer: sealer)))
        } catch {
            result = .failure(error)
        }
        for store in fixture.opened.withLock({ $0 }) { await store.close() }
        if let database { try await dropDatabase(database) }
        return try result.get()
    }

    static let sealer = ValueSealer(dataKey: Array(repeating: 7, count: 32))

    /// Opens another store on the same database: a restart, or a second node.
    func open(sealer: ValueSealer = StoreFixture.sealer) async throws -> any Store {
        switch kind {
        case .sqlite:
            return try SQLiteStore(path: sqlitePath, sealer: sealer)
        case .postgres:
            let store = try await PostgresStore.connect(to: postgres!, sealer: sealer, logger: Self.logger)
            opened.withLock { $0.append(store) }
            return store
        }
    }

    /// The SQLite database file (SQLite only).
    var sqlitePath: String { directory.appendingPathComponent("turnpike.sqlite").path }

    /// The id of the key with this value, found by its keyed hash (not part of the `Store` protocols).
    func apiKeyID(_ store: any Store, forValue value: String) async throws -> String? {
        switch store {
        case let store as SQLiteStore: return try await store.apiKeyID(forValue: value)
        case let store as PostgresStore: return try await store.apiKeyID(forValue: value)
        default: Issue.record("unknown store \(store)"); return nil
        }
    }

    /// Whether the stored data holds `text` in clear anywhere: the files of a SQLite database
    /// (WAL included), or every row of every table of the PostgreSQL database (as text and as hex).
    func storageContains(_ text: String) async throws -> Bool {
        let bytes = Data(text.utf8)
        switch kind {
        case .sqlite:
            return try FileManager.default.contentsOfDirectory(atPath: directory.path).contains { file in
                (try? Data(contentsOf: directory.appendingPathComponent(file)).range(of: bytes)) != nil
            }
        case .postgres:
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            return try await Self.withConnection(to: postgres!) { connection in
                for table in ["entities", "api_key_secrets", "usage", "quota_grants", "quota_state"] {
                    let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT t::text FROM \(table) t"), logger: Self.logger)
                    for try await row in rows.decode(String.self) where row.contains(text) || row.contains(hex) {
                        return true
                    }
                }
                return false
            }
        }
    }

    /// Runs `body` on a connection of its own to the test database (PostgreSQL only).
    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await Self.withConnection(to: postgres!, body)
    }

    // MARK: PostgreSQL databases

    /// The server the tests use: a superuser URL to its `postgres` database.
    static func serverURL() throws -> PostgresDatabaseURL {
        guard let text = ProcessInfo.processInfo.environment["TURNPIKE_TEST_POSTGRES_URL"], !text.isEmpty else {
            throw StoreError("""
                TURNPIKE_TEST_POSTGRES_URL is not set, so the PostgreSQL cases cannot run: run the tests under \
                scripts/with-postgres (scripts/test does), point TURNPIKE_TEST_POSTGRES_URL at a superuser URL of \
                your own server, or set TURNPIKE_SKIP_POSTGRES=1 to run the SQLite cases only
                """)
        }
        return try PostgresDatabaseURL(text)
    }

    private static func createDatabase() async throws -> PostgresDatabaseURL {
        let server = try serverURL()
        let name = "turnpike_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        _ = try await withConnection(to: server) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        return server.with(database: name)
    }

    private static func dropDatabase(_ database: PostgresDatabaseURL) async throws {
        _ = try await withConnection(to: try serverURL()) { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)"), logger: logger)
        }
    }

    private static func withConnection<T: Sendable>(to url: PostgresDatabaseURL,
                                                    _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(configuration: try url.connectionConfiguration(), id: 1, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

extension StoreFixture {
    /// Runs one statement on the test's database, outside any store.
    func execute(_ sql: String) async throws {
        switch kind {
        case .sqlite:
            let database = try DatabaseQueue(path: sqlitePath)
            try await database.write { try $0.execute(sql: sql) }
        case .postgres:
            try await withConnection { _ = try await $0.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger) }
        }
    }

    /// The store's key check value, nil when none is recorded.
    func checkValue() async throws -> String? {
        switch kind {
        case .sqlite:
            return try await DatabaseQueue(path: sqlitePath).read {
                try String.fetchOne($0, sql: "SELECT value FROM data_key_check WHERE id = 1")
            }
        case .postgres:
            return try await withConnection { connection in
                for try await value in try await connection.query("SELECT value FROM data_key_check WHERE id = 1", logger: Self.logger)
                    .decode(String.self) {
                    return value
                }
                return nil
            }
        }
    }
}
