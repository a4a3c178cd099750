import ArgumentParser
import Foundation
import Logging
import TurnpikeServer

/// `turnpike migrate`: brings the database schema up to date, then exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the database migrations (SQLite or PostgreSQL) and exit.",
        discussion: """
            `serve` also migrates when it starts; this command does it explicitly, for example before \
            rolling out new gateway nodes on a shared PostgreSQL database. Nodes migrating at the same \
            moment take turns under a database lock.
            """
    )

    @Option(name: .customLong("data-dir"), help: "Directory holding the default SQLite database (TURNPIKE_DATA_DIR).")
    var dataDirectory: String?

    @Option(help: "Database: a SQLite path, sqlite:PATH or postgres://user:password@host:port/db; default <data-dir>/turnpike.sqlite (TURNPIKE_DATABASE, TURNPIKE_DATABASE_URL).")
    var database: String?

    func run() async throws {
        try await CommandFailure.reporting {
            let logger = CommandLogging.bootstrap(level: .warning)
            let environment = EnvironmentSettings()
            let directory = URL(
                fileURLWithPath: dataDirectory ?? environment.string("TURNPIKE_DATA_DIR") ?? "./turnpike-data", isDirectory: true)
            let location = try StoreLocation(
                database: database ?? environment.string("TURNPIKE_DATABASE") ?? environment.secret("TURNPIKE_DATABASE_URL"),
                dataDirectory: directory)
            if case .sqlite(let path) = location {
                try FileManager.default.createDirectory(
                    at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            }
            let applied = try await location.migrate(logger: logger)
            print(applied.isEmpty
                ? "\(location): up to date"
                : "\(location): applied \(applied.count) migration(s): \(applied.joined(separator: "; "))")
        }
    }
}
