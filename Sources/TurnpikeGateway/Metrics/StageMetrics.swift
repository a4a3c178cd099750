import Atomics
import CoreMetrics

/// The per-request series of one stage, built with the snapshot that serves it: labels are
/// resolved here once, so answering a request pays an array index and an atomic increment.
///
/// - `turnpike_requests_total{api_id,stage,resource,method,status}`: every answer, by the method
///   that matched (`resource` and `method` as declared, `ANY` included), or `-` and `-` when no
///   method matched.
/// - `turnpike_refusals_total{api_id,stage,type}`: answers the gateway refused, by gateway
///   response type (`THROTTLED`, `QUOTA_EXCEEDED`, `INVALID_API_KEY`, ...).
/// - `turnpike_request_duration_seconds{api_id,stage}` and
///   `turnpike_integration_duration_seconds{api_id,stage}` histograms.
///
/// Label values never come from the request itself (an unknown API or stage is counted as `-`), so
/// a client cannot grow the number of series.
public final class StageMetrics: Sendable {
    private let factory: any MetricsFactory
    private let dimensions: [(String, String)]
    /// The router's methods, by ``MethodPlan/ordinal``.
    private let methods: [MethodPlan]
    /// One cell per method, then one for requests no method matched.
    private let requests: [ManagedAtomicLazyReference<StatusCounters>]
    /// One cell per gateway response type, by ``GatewayResponseType/ordinal``.
    private let refusals: [ManagedAtomicLazyReference<Counter>]
    private let requestDuration: Timer
    private let integrationDuration: Timer

    init(apiId: String, stage: String, methods: [MethodPlan], factory: any MetricsFactory) {
        self.factory = factory
        dimensions = [("api_id", apiId), ("stage", stage)]
        self.methods = methods
        requests = (0...methods.count).map { _ in ManagedAtomicLazyReference<StatusCounters>() }
        refusals = GatewayResponseType.allCases.map { _ in ManagedAtomicLazyReference<Counter>() }
        requestDuration = Timer(label: "turnpike_request_duration_seconds", dimensions: dimensions, factory: factory)
        integrationDuration = Timer(label: "turnpike_integration_duration_seconds", dimensions: dimensions, factory: factory)
    }

    /// Counts one answered request.
    /// - Parameters:
    ///   - method: the method that matched, or nil.
    ///   - summary: what the answer came to.
    ///   - elapsedNanoseconds: from the request's head to its answer.
    func answered(method: MethodPlan?, _ summary: AnswerSummary, elapsedNanoseconds: UInt64) {
        let cell = method.map { $0.ordinal < self.methods.count ? $0.ordinal : self.methods.count } ?? methods.count
        let counters = requests[cell].load() ?? requests[cell].storeIfNilThenLoad(statusCounters(cell))
        counters.increment(status: summary.status)
        if summary.refused, let type = summary.responseType {
            let refusal = refusals[type.ordinal]
            (refusal.load() ?? refusal.storeIfNilThenLoad(refusalCounter(type))).increment()
        }
        requestDuration.recordNanoseconds(Int64(truncatingIfNeeded: elapsedNanoseconds))
        if let integration = summary.integrationNanoseconds {
            integrationDuration.recordNanoseconds(Int64(truncatingIfNeeded: integration))
        }
    }

    private func statusCounters(_ cell: Int) -> StatusCounters {
        let route = cell < methods.count ? (methods[cell].resourcePath, methods[cell].httpMethod) : ("-", "-")
        return StatusCounters(
            label: "turnpike_requests_total", dimensions: dimensions + [("resource", route.0), ("method", route.1)],
            factory: factory)
    }

    private func refusalCounter(_ type: GatewayResponseType) -> Counter {
        Counter(label: "turnpike_refusals_total", dimensions: dimensions + [("type", type.rawValue)], factory: factory)
    }
}

extension GatewayResponseType {
    /// The index of this type in `allCases`.
    var ordinal: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
