import ArgumentParser
import Foundation
import Logging
import TurnpikeServer

/// `turnpike lease-benchmark`: measures how many quota-lease reservations per second a database
/// serves (the sizing figure for a cluster; see docs/storage.md). Use a scratch database.
struct LeaseBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lease-benchmark",
        abstract: "Measure quota-lease reservations per second on a (scratch) database, then exit.",
        discussion: """
            Concurrent callers reserve one-request leases, the worst case, for 10,000 keys of a \
            throw-away plan. Admitted requests per second the database can back is the figure times \
            the requests per lease (up to 1,000 for keys with large quotas). It writes rows: point it \
            at a scratch database, not a production one.
            """
    )

    @Option(help: "Database to write to (required; the environment is never read): postgres://user:password@host:port/db or a SQLite path.")
    var database: String

    @Option(help: "Concurrent callers.")
    var tasks: Int = 16

    @Option(help: "Seconds to run.")
    var seconds: Int = 10

    func validate() throws {
        guard (1...1024).contains(tasks) else { throw ValidationError("--tasks must be between 1 and 1024") }
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 600") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let logger = CommandLogging.bootstrap(level: .warning)
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("turnpike-lease-benchmark")
            let location = try StoreLocation(database: database, dataDirectory: scratch)
            if case .sqlite(let path) = location {
                try FileManager.default.createDirectory(
                    at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            }
            let result = try await LeaseBenchmark.run(location: location, tasks: tasks, duration: .seconds(seconds), logger: logger)
            print(String(format: "%@: %d lease reservations in %.1f s with %d callers: %.0f per second (%d failed)",
                         "\(location)", result.reservations, result.seconds, tasks, result.perSecond, result.failures))
        }
    }
}
