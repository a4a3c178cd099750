import Foundation
import Logging
import TurnpikePostgres
import TurnpikeStore

/// Where the store lives, parsed from `--database` (or `TURNPIKE_DATABASE`, `TURNPIKE_DATABASE_URL`).
///
/// - nothing: `<data-dir>/turnpike.sqlite`;
/// - a plain path, `sqlite:PATH` or `sqlite://PATH`: that SQLite file;
/// - `postgres://user:password@host:port/database?sslmode=...` (or `postgresql://`): PostgreSQL,
///   see ``PostgresDatabaseURL``.
///
/// Its `description` is safe to log: a PostgreSQL password is masked.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresDatabaseURL)

    /// Parses a `--database` value; throws a ``ServerError`` sentence for one it cannot use.
    public init(database: String?, dataDirectory: URL) throws {
        guard let database, !database.isEmpty else {
            self = .sqlite(path: dataDirectory.appendingPathComponent("turnpike.sqlite").path)
            return
        }
        let scheme = database.prefix { $0 != ":" }.lowercased()
        if scheme == "postgres" || scheme == "postgresql" {
            do {
                self = .postgres(try PostgresDatabaseURL(database))
            } catch let error as StoreError {
                throw ServerError(error.description)
            }
        } else if database.hasPrefix("sqlite://") {
            self = .sqlite(path: String(database.dropFirst("sqlite://".count)))
        } else if database.hasPrefix("sqlite:") {
            self = .sqlite(path: String(database.dropFirst("sqlite:".count)))
        } else if database.contains("://") {
            throw ServerError("Unsupported database URL scheme '\(scheme)': use a SQLite path, sqlite:PATH or postgres://")
        } else {
            self = .sqlite(path: database)
        }
        if case .sqlite(let path) = self, path.isEmpty {
            throw ServerError("The SQLite database URL names no file: use sqlite:PATH")
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url): return url.description
        }
    }

    /// Opens (and migrates) the store. A PostgreSQL store's pool runs until it is closed, or until
    /// graceful shutdown when the store, a `Service`, runs in the service group.
    public func open(sealer: ValueSealer, logger: Logger) async throws -> any Store {
        logger.info("opening the store", metadata: ["database": "\(self)"])
        return try await Self.reportingStoreFailure {
            switch self {
            case .sqlite(let path): return try SQLiteStore(path: path, sealer: sealer)
            case .postgres(let url): return try await PostgresStore.connect(to: url, sealer: sealer, logger: logger)
            }
        }
    }

    /// Applies the migrations the database lacks and returns their names (`turnpike migrate`).
    public func migrate(logger: Logger) async throws -> [String] {
        try await Self.reportingStoreFailure {
            switch self {
            case .sqlite(let path): return try SQLiteStore.migrate(path: path)
            case .postgres(let url): return try await PostgresStore.migrate(url, logger: logger)
            }
        }
    }

    /// Runs `body`, reporting a store's failure as a start-up sentence.
    private static func reportingStoreFailure<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw ServerError(error.description)
        }
    }
}
