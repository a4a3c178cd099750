import Atomics
import CoreMetrics

/// `turnpike_requests_total` for one label set but the status: a counter per status, made the
/// first time that status is answered and then reached with one array index and one atomic load,
/// so counting a request is an atomic increment (no lookup, no allocation).
///
/// The statuses gateways and backends commonly answer have such a cell; any other status (a
/// backend's 418) asks the factory for its counter each time, which is correct and rare.
final class StatusCounters: Sendable {
    private let factory: any MetricsFactory
    private let label: String
    private let dimensions: [(String, String)]
    private let cells: [ManagedAtomicLazyReference<Counter>]

    /// The statuses with a cell of their own.
    static let common: [Int] = [
        200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308,
        400, 401, 403, 404, 405, 406, 409, 410, 413, 415, 422, 429,
        500, 501, 502, 503, 504,
    ]
    /// A status's cell (index into ``common``), or -1; indexed by status for 0..<600.
    private static let cellOfStatus: [Int8] = {
        var table = [Int8](repeating: -1, count: 600)
        for (index, status) in common.enumerated() { table[status] = Int8(index) }
        return table
    }()

    init(label: String, dimensions: [(String, String)], factory: any MetricsFactory) {
        self.factory = factory
        self.label = label
        self.dimensions = dimensions
        cells = Self.common.map { _ in ManagedAtomicLazyReference<Counter>() }
    }

    /// Counts one answer with `status`.
    func increment(status: Int) {
        let cell = status >= 0 && status < 600 ? Int(Self.cellOfStatus[status]) : -1
        guard cell >= 0 else { return counter(status).increment() }
        if let counter = cells[cell].load() { return counter.increment() }
        cells[cell].storeIfNilThenLoad(counter(status)).increment()
    }

    private func counter(_ status: Int) -> Counter {
        Counter(label: label, dimensions: dimensions + [("status", String(status))], factory: factory)
    }
}
