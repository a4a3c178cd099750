import Metrics
import Prometheus
import Synchronization
import TurnpikeGateway

/// The gateway's metrics: swift-metrics instruments made by a Prometheus factory over a registry
/// of this gateway's own, exposed as Prometheus text by the status listener (`GET /metrics`).
///
/// Series outside the request path live here: build info, store calls (latency, failures), quota
/// lease reservations, usage flush lag, open connections per listener. Gauges that mirror a live
/// value (connections, flush lag) are read when scraped, so the code they watch pays nothing.
/// The per-request series are ``requests``' (see ``RequestMetrics``).
public final class ServerMetrics: Sendable {
    /// The registry the exposition is written from.
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory over ``registry``: instruments made with it appear in `/metrics`.
    public let factory: PrometheusMetricsFactory
    /// Series per API key id (`--metrics-per-key`): one series per key and label set, so the
    /// number of series grows with the number of keys.
    public let perKey: Bool
    /// The invoke path's per-request series, made by ``factory``.
    public let requests: RequestMetrics
    private let listeners = Mutex<[(name: String, server: InvokeServer)]>([])
    /// The backend connections of the listeners' pools (shared by every listener).
    private let upstream = Mutex<UpstreamConnectionCount?>(nil)
    private let lastFlush = Mutex<ContinuousClock.Instant>(.now)

    public init(perKey: Bool = false, version: String = TurnpikeVersion.current) {
        registry = PrometheusCollectorRegistry()
        factory = PrometheusMetricsFactory(registry: registry)
        self.perKey = perKey
        requests = RequestMetrics(factory: factory, perKey: perKey)
        Gauge(label: "turnpike_build_info", dimensions: [("version", version)], factory: factory).record(1)
    }

    /// Makes ``factory`` the process's swift-metrics backend, so instruments made without a
    /// factory (`Counter(label:dimensions:)`) appear in `/metrics` too. Once per process: the
    /// `serve` command calls it; tests, which run several gateways in one process, do not.
    public func bootstrapMetricsSystem() {
        MetricsSystem.bootstrap(factory)
    }

    /// One store call ended (fed by ``DeadlineStore/observer``).
    func storeCall(_ operation: String, elapsed: Duration, failed: Bool) {
        let labels = [("operation", operation)]
        Timer(label: "turnpike_store_call_duration_seconds", dimensions: labels, factory: factory).record(duration: elapsed)
        if failed {
            Counter(label: "turnpike_store_call_failures_total", dimensions: labels, factory: factory).increment()
        }
        if operation == "reserveQuota" {
            Counter(label: "turnpike_quota_lease_reservations_total", dimensions: [("outcome", failed ? "failed" : "reserved")],
                    factory: factory).increment()
            Timer(label: "turnpike_quota_lease_reservation_duration_seconds", factory: factory).record(duration: elapsed)
        }
    }

    /// A usage flush ended: the flush lag restarts from zero when it succeeded.
    func usageFlushed(succeeded: Bool) {
        if succeeded {
            lastFlush.withLock { $0 = .now }
        } else {
            Counter(label: "turnpike_usage_flush_failures_total", factory: factory).increment()
        }
    }

    /// A listener is bound; its open connections are reported as `turnpike_open_connections{listener}`,
    /// and its pools' backend connections as `turnpike_upstream_connections`.
    func listening(_ name: String, on server: InvokeServer, upstream count: UpstreamConnectionCount) {
        listeners.withLock { $0.append((name, server)) }
        upstream.withLock { $0 = count }
    }

    /// The Prometheus text exposition, with the live gauges read now.
    public func exposition() -> [UInt8] {
        for (name, server) in listeners.withLock({ $0 }) {
            Gauge(label: "turnpike_open_connections", dimensions: [("listener", name)], factory: factory)
                .record(server.openConnections)
        }
        if let count = upstream.withLock({ $0 }) {
            Gauge(label: "turnpike_upstream_connections", factory: factory).record(count.current)
        }
        let lag = ContinuousClock.now - lastFlush.withLock { $0 }
        Gauge(label: "turnpike_usage_flush_lag_seconds", factory: factory).record(Self.seconds(lag))
        return registry.emitToBuffer()
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
