import Logging
import NIOCore
import TurnpikeLimits

/// What every invoke connection shares: the live snapshot, the admin endpoint, usage counting, quota
/// reservations, the clock, the upstream pools and flush batches (one of each per event loop) and the
/// logging switches.
public struct InvokeEnvironment: Sendable {
    public let snapshot: LiveSnapshot
    public let admin: (any AdminEndpoint)?
    /// ``admin`` is set (checked per request without copying the existential).
    let hasAdmin: Bool
    /// Where admitted keyed requests are counted; nil counts nothing.
    public let usage: UsageLedger?
    /// Where quota leases are reserved; nil refuses requests that need one (500).
    public let quota: QuotaReserver?
    /// The wall clock of quota windows, usage days and trace ids.
    public let clock: WallClock
    /// Every stage's keyed answers carry `RateLimit-Policy` / `RateLimit`, and 429s `Retry-After`
    /// (`--rate-limit-headers`); off, a stage opts in with the stage variable `rateLimitHeaders=true`.
    public let rateLimitHeaders: Bool
    public let logger: Logger
    /// One structured line per request at `info` when true; never contains a key value.
    public let accessLog: Bool
    /// The largest request body accepted (AWS: 10 MB), for invoke and admin requests alike (the
    /// admin endpoint lowers it per operation).
    public let maximumBodySize: Int
    /// Timeouts and the connection cap of the listener.
    public let connectionLimits: ConnectionLimits
    /// Every request goes to ``admin`` (the `--admin-port` listener): nothing is routed as invoke traffic.
    public let adminOnly: Bool
    /// Where refused invoke requests are counted (the console's overview); nil counts nothing.
    public let refusals: RefusalCounter?
    /// Where and as whom Lambda integrations are invoked; nil answers them 500.
    public let lambda: LambdaEndpoint?
    /// The per-request series (the status listener's `/metrics`); nil counts nothing. Snapshots
    /// must be built with the same instance (``GatewaySnapshot/init(configuration:metrics:)``).
    public let metrics: RequestMetrics?
    /// The backend connections open across the pools (`turnpike_upstream_connections`).
    public let upstreamConnections: UpstreamConnectionCount
    /// What the connections of one event loop share, by loop.
    let loops: [ObjectIdentifier: NIOLoopBoundBox<LoopShare>]

    /// What the connections of one event loop share: its backend connections and its flushes.
    struct LoopShare {
        let pool: UpstreamPool
        let flushes: FlushBatch
    }

    public init(snapshot: LiveSnapshot, admin: (any AdminEndpoint)?, usage: UsageLedger? = nil, quota: QuotaReserver? = nil,
                clock: WallClock = .system, rateLimitHeaders: Bool = false, group: any EventLoopGroup, logger: Logger,
                accessLog: Bool = false, maximumBodySize: Int = 10 * 1024 * 1024,
                connectionLimits: ConnectionLimits = ConnectionLimits(), adminOnly: Bool = false,
                refusals: RefusalCounter? = nil, upstreamTLS: UpstreamTLS? = nil, lambda: LambdaEndpoint? = nil,
                metrics: RequestMetrics? = nil) {
        self.lambda = lambda
        self.metrics = metrics
        self.connectionLimits = connectionLimits
        self.adminOnly = adminOnly
        self.rateLimitHeaders = rateLimitHeaders
        self.snapshot = snapshot
        self.admin = admin
        hasAdmin = admin != nil
        self.usage = usage
        self.quota = quota
        self.clock = clock
        self.logger = logger
        self.accessLog = accessLog
        self.maximumBodySize = maximumBodySize
        self.refusals = refusals
        let upstreamConnections = UpstreamConnectionCount()
        var loops: [ObjectIdentifier: NIOLoopBoundBox<LoopShare>] = [:]
        for loop in group.makeIterator() {
            let share = LoopShare(
                pool: UpstreamPool(eventLoop: loop, tls: upstreamTLS, openConnections: upstreamConnections),
                flushes: FlushBatch(eventLoop: loop))
            loops[ObjectIdentifier(loop)] = NIOLoopBoundBox.makeBoxSendingValue(share, eventLoop: loop)
        }
        self.upstreamConnections = upstreamConnections
        self.loops = loops
    }

    /// The same environment for a listener that serves only the admin API, with `admin`.
    public func adminListener(_ admin: any AdminEndpoint) -> InvokeEnvironment {
        InvokeEnvironment(
            snapshot: snapshot, admin: admin, clock: clock, loops: loops, upstreamConnections: upstreamConnections, logger: logger,
            maximumBodySize: maximumBodySize, connectionLimits: connectionLimits, adminOnly: true)
    }

    private init(snapshot: LiveSnapshot, admin: any AdminEndpoint, clock: WallClock,
                 loops: [ObjectIdentifier: NIOLoopBoundBox<LoopShare>], upstreamConnections: UpstreamConnectionCount,
                 logger: Logger, maximumBodySize: Int,
                 connectionLimits: ConnectionLimits, adminOnly: Bool) {
        self.snapshot = snapshot
        self.admin = admin
        hasAdmin = true
        usage = nil
        quota = nil
        self.clock = clock
        rateLimitHeaders = false
        self.logger = logger
        accessLog = false
        self.maximumBodySize = maximumBodySize
        self.connectionLimits = connectionLimits
        self.adminOnly = adminOnly
        refusals = nil  // the admin listener serves no invoke traffic
        lambda = nil
        metrics = nil
        self.upstreamConnections = upstreamConnections
        self.loops = loops
    }

    /// What the connections of the loop the caller runs on share.
    func share(for loop: any EventLoop) -> LoopShare? {
        loops[ObjectIdentifier(loop)]?.value
    }
}
