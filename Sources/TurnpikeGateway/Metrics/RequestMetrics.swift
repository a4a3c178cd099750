public import CoreMetrics

/// Where the invoke path's per-request series are made: given to ``GatewaySnapshot`` so that each
/// stage, usage plan and (with ``perKey``) API key gets its instruments when the snapshot is built,
/// never while a request is answered.
///
/// The instruments come from a swift-metrics factory (the status listener's Prometheus registry),
/// which hands out the same series for the same labels, so counts carry over from one snapshot to
/// the next.
public final class RequestMetrics: Sendable {
    let factory: any MetricsFactory
    /// `turnpike_api_key_requests_total{usage_plan_id,api_key_id}` series, one per key in a plan:
    /// as many series as plan keys, which is why it is opt-in (`--metrics-per-key`).
    public let perKey: Bool
    /// Requests that named no stage this gateway serves (or no invoke target at all): counted with
    /// `api_id` and `stage` `-`.
    let unmatched: StageMetrics

    public init(factory: any MetricsFactory, perKey: Bool = false) {
        self.factory = factory
        self.perKey = perKey
        unmatched = StageMetrics(apiId: "-", stage: "-", methods: [], factory: factory)
    }

    /// The series of one stage served by `router`.
    func stage(apiId: String, stage: String, router: InvokeRouter) -> StageMetrics {
        StageMetrics(apiId: apiId, stage: stage, methods: router.methods, factory: factory)
    }

    /// `turnpike_usage_plan_requests_total{usage_plan_id}`: requests admitted and counted against the plan.
    func plan(_ planId: String) -> Counter {
        Counter(label: "turnpike_usage_plan_requests_total", dimensions: [("usage_plan_id", planId)], factory: factory)
    }

    /// The per-key series of a plan key, when ``perKey`` is on.
    func key(_ keyId: String, planId: String) -> Counter? {
        guard perKey else { return nil }
        return Counter(
            label: "turnpike_api_key_requests_total", dimensions: [("usage_plan_id", planId), ("api_key_id", keyId)],
            factory: factory)
    }
}
