import Foundation
import TurnpikeLimits

/// The node's usage ledger over its counter file, `<data-dir>/counters.bin` (see docs/limits.md,
/// "Counts that survive the process"). Every node has its own, PostgreSQL nodes included.
enum UsageCounters {
    /// Opens the counter file and the ledger over it; throws a ``ServerError`` sentence for a file
    /// that cannot be used.
    static func open(dataDirectory: URL) throws -> UsageLedger {
        do {
            return UsageLedger(file: try CounterFile(path: dataDirectory.appendingPathComponent("counters.bin").path))
        } catch let error as CounterFileError {
            throw ServerError(error.description)
        }
    }
}
