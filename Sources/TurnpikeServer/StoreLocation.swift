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
        do {
            return try await Self.reportingStoreFailure { try await openChecked(sealer: sealer, logger: logger) }
        } catch let error as DataKeyMismatch {
            throw ServerError(error.description)
        }
    }

    /// Opens (and migrates) the store; throws ``DataKeyMismatch`` as it is.
    private func openChecked(sealer: ValueSealer, logger: Logger) async throws -> any Store {
        logger.info("opening the store", metadata: ["database": "\(self)"])
        switch self {
        case .sqlite(let path): return try SQLiteStore(path: path, sealer: sealer)
        case .postgres(let url): return try await PostgresStore.connect(to: url, sealer: sealer, logger: logger)
        }
    }

    /// Opens the store with the node's data key, refusing a key that is not the store's
    /// (``DataKeyCheck``). A new key (no `data.key` yet) is written before the store is opened, so a
    /// crash in between leaves a key the store does not know yet, and removed again if the store
    /// refuses it or cannot be opened: a store restored without its `data.key` gets no new one.
    public func open(dataKey: DataKey, logger: Logger) async throws -> any Store {
        try dataKey.saveIfNew()
        do {
            return try await Self.reportingStoreFailure {
                try await openChecked(sealer: ValueSealer(dataKey: dataKey.bytes), logger: logger)
            }
        } catch is DataKeyMismatch {
            dataKey.discardIfNew()
            let advice = "use the store's data key (every node of a cluster shares one)"
            switch dataKey.source {
            case .new(let file):
                throw ServerError(
                    "\(file.path) is missing and TURNPIKE_DATA_KEY is not set, but the store at \(self) holds data sealed "
                        + "with a data key: restore the data.key it was created with (or set TURNPIKE_DATA_KEY); "
                        + "no new key was written")
            case .file(let file):
                throw ServerError(
                    "the data key in \(file.path) is not the one the store at \(self) was sealed with (its key check "
                        + "value differs): \(advice)")
            case .environment:
                throw ServerError(
                    "TURNPIKE_DATA_KEY is not the data key the store at \(self) was sealed with (its key check value "
                        + "differs): \(advice)")
            }
        } catch {
            dataKey.discardIfNew()
            throw error
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
