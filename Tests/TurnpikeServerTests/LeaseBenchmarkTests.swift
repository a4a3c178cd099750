import Foundation
import Logging
import Testing
import TurnpikeServer

@Suite struct LeaseBenchmarkTests {
    @Test func itReservesLeasesAndCountsThem() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("turnpike-lease-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let location = try StoreLocation(database: nil, dataDirectory: directory)
        let result = try await LeaseBenchmark.run(
            location: location, tasks: 2, duration: .milliseconds(300), logger: Logger(label: "test"))
        #expect(result.reservations >= 2 && result.failures == 0)   // at least one per caller
        #expect(result.perSecond > 0)
    }
}
