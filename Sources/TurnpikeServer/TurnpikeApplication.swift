import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import NIOPosix
import TurnpikeAdmin
import TurnpikeGateway
import TurnpikeLimits
import TurnpikeModel
import TurnpikeStore

/// A configured gateway, ready to run: data directory prepared, store opened and migrated,
/// configuration loaded, admin credentials resolved.
public struct TurnpikeApplication: Sendable {
    public let configuration: ServerConfiguration
    public let credentials: AdminCredentials
    public let controlPlane: ControlPlane
    /// The store as opened (SQLite or PostgreSQL).
    public let store: any Store
    /// The same store behind deadlines: what the gateway and the admin API use, so an unreachable
    /// database answers errors promptly instead of holding callers.
    let bounded: DeadlineStore
    /// The wall clock of quota windows and usage days (tests move it).
    public var clock: WallClock = .system
    /// The metrics the status listener exposes.
    public let metrics: ServerMetrics
    let logger: Logger

    /// Prepares everything that can fail before a port is bound.
    public init(configuration: ServerConfiguration, logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        try Self.prepare(dataDirectory: configuration.dataDirectory)
        let dataKey = try DataKey.resolve(dataDirectory: configuration.dataDirectory, environmentValue: configuration.dataKey)
        store = try await configuration.storeLocation().open(dataKey: dataKey, logger: logger)
        metrics = ServerMetrics(perKey: configuration.metricsPerKey)
        var bounded = DeadlineStore(store)
        bounded.observer = { [metrics] in metrics.storeCall($0, elapsed: $1, failed: $2) }
        self.bounded = bounded
        controlPlane = try await ControlPlane.load(from: bounded)
        credentials = try AdminCredentials.resolve(
            accessKeyID: configuration.adminAccessKeyID, secretAccessKey: configuration.adminSecretAccessKey,
            dataDirectory: configuration.dataDirectory)
    }

    /// Creates the data directory if missing and checks that the gateway may write in it.
    private static func prepare(dataDirectory: URL) throws {
        // mkdir(2) each missing level, so a failure carries the OS's own reason.
        var path = dataDirectory.path.hasPrefix("/") ? "" : "."
        for component in dataDirectory.path.split(separator: "/") {
            path += "/" + component
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                throw ServerError.file(dataDirectory.path, "create the data directory", errno: errno)
            }
        }
        guard access(dataDirectory.path, W_OK | X_OK) == 0 else {
            throw ServerError.file(dataDirectory.path, "write in the data directory", errno: errno)
        }
    }

    /// The admin authenticator the configuration asks for.
    var authenticator: any AdminAuthenticator {
        if configuration.allowAnyCredentials { return SigV4AdminAuthenticator.acceptingAnyCredentials() }
        let credentials = self.credentials
        return SigV4AdminAuthenticator { id in id == credentials.accessKeyID ? credentials.secret : nil }
    }

    /// Serves until SIGINT or SIGTERM (or the task is cancelled), then shuts down gracefully.
    /// - Parameters:
    ///   - onListening: called with the bound port of the main listener once it is up.
    ///   - onAdminListening: called with the admin listener's port when `adminPort` is set.
    ///   - onStatusListening: called with the status listener's port when `statusPort` is set.
    ///   - handleSignals: stop gracefully on SIGINT and SIGTERM, drain, and ignore SIGHUP (off in
    ///     tests, which cancel the task or trigger the graceful shutdown themselves).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in },
                    onAdminListening: @escaping @Sendable (Int) async -> Void = { _ in },
                    onStatusListening: @escaping @Sendable (Int) async -> Void = { _ in },
                    handleSignals: Bool = true) async throws {
        // Per-request series only when something can read them.
        let requestMetrics = configuration.statusPort == nil ? nil : metrics.requests
        let live = LiveSnapshot(GatewaySnapshot(configuration: await controlPlane.configuration, metrics: requestMetrics))
        let usage = try UsageCounters.open(dataDirectory: configuration.dataDirectory)
        let reserver = QuotaReserver(live: live, store: bounded, clock: clock, leases: usage)
        let publisher = SnapshotPublisher { configuration in
            reserver.returnLeases(live.replace(with: GatewaySnapshot(configuration: configuration, metrics: requestMetrics)))
        }
        await controlPlane.observe { publisher.submit($0) }
        let clock = self.clock
        let metrics = self.metrics
        // Usage goes to the store every 10 s (and before every GetUsage, UpdateUsage, key holder report
        // and quota change, and at stop): a flush writes a row per key used, work that competes with
        // the event loops for their cores. The counter file is synced every second (the power-loss bound).
        let flusher = UsageFlushService(
            ledger: usage, store: bounded, interval: .seconds(10), syncInterval: .seconds(1), logger: logger, clock: clock,
            flushed: { metrics.usageFlushed(succeeded: $0) })
        await flusher.flush()  // what a killed process counted and never flushed
        await UsageCounters.settleLeases(ledger: usage, store: bounded, logger: logger)
        let nodeId = UUID().uuidString
        let clusterFlush = (store as? any UsageFlushFeed).map {
            ClusterFlush(feed: $0, nodeId: nodeId, flusher: flusher, window: .seconds(3), wait: .milliseconds(200), logger: logger)
        }
        let context = AdminContext(
            controlPlane: controlPlane, usage: bounded,
            clock: { Date(timeIntervalSince1970: TimeInterval(clock.epochSeconds())) },
            quotaGranted: { reserver.granted($0, generation: $1) },
            settleUsage: { if let clusterFlush { await clusterFlush.settle() } else { await flusher.flush() } },
            settleConfiguration: { await publisher.settle() })
        let keyHolders = LiveKeyHolders(live: live)
        let refusals = RefusalCounter()
        let responder = AdminResponder(
            context: context, authenticator: authenticator, logger: logger,
            table: AdminRouteTable(routes: AdminRouteTable.standardRoutes + RefusalRoutes.all(counter: refusals)),
            keyHolders: { keyHolders.check(apiKey: $0) })
        let group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.threads)
        // First in the group, so they are shut down last, after the listeners: the usage counted is
        // flushed, then the unused quota leases are handed back.
        var services: [any Service] = [QuotaLeaseService(reserver: reserver), flusher]
        if let store = store as? any Service { services.insert(store, at: 0) }  // stops after the last flush and lease return
        var accessLogger = logger
        accessLogger.logLevel = .info
        let environment = InvokeEnvironment(
            snapshot: live, admin: configuration.adminPort == nil ? AdminEndpointAdapter(responder: responder) : nil,
            usage: usage, quota: reserver, clock: clock,
            rateLimitHeaders: configuration.rateLimitHeaders, group: group, logger: accessLogger, accessLog: configuration.accessLog,
            connectionLimits: configuration.connectionLimits, refusals: refusals, upstreamTLS: try Self.upstreamTLS(configuration),
            lambda: try Self.lambdaEndpoint(configuration), metrics: requestMetrics)
        if let registry = store as? any NodeRegistry {
            services.append(ClusterMembership(
                registry: registry, nodeId: nodeId, interval: .seconds(1), window: .seconds(3), logger: logger,
                nodesChanged: { reserver.returnLeases(live.setNodes($0)) },
                takeDemand: { live.takeDemand() }, sharesChanged: { live.applyShares($0) }))
        }
        if let clusterFlush { services.append(clusterFlush) }
        if let grants = store as? any QuotaGrantFeed {
            services.append(QuotaGrantFollower(feed: grants, reserver: reserver, interval: .seconds(1), logger: logger))
        }
        services.append(BackgroundPriorityService(group: group, interval: .seconds(1), logger: logger))
        services.append(ConfigurationFollower(
            controlPlane: controlPlane, store: bounded, feed: store as? any ConfigurationFeed, interval: .seconds(1), logger: logger))
        let health = GatewayHealth(listeners: configuration.adminPort == nil ? 1 : 2, drainTimeout: configuration.drainTimeout)
        if let statusPort = configuration.statusPort {
            // Early in the group, so it stops after the listeners have drained: readiness stays 503 meanwhile.
            services.insert(StatusService(
                host: configuration.statusHost, port: statusPort, health: health, metrics: metrics, store: bounded,
                group: group, logger: logger, onListening: onStatusListening), at: 0)
        }
        let adminServed: @Sendable (Int) async -> Void = { [self] port in announceEndpoint(port: port) }
        services.append(InvokeService(
            name: "invoke", host: configuration.host, port: configuration.port, group: group, environment: environment,
            health: health, metrics: metrics, onListening: { port in
                await onListening(port)
                if configuration.adminPort == nil { await adminServed(port) }
            }))
        if let adminPort = configuration.adminPort {
            // The same listener code as the invoke port (framing, timeouts, connection cap, the
            // head checked before the body), with every request going to the admin API.
            services.append(InvokeService(
                name: "admin", host: configuration.host, port: adminPort, group: group,
                environment: environment.adminListener(AdminEndpointAdapter(responder: responder)),
                health: health, metrics: metrics, onListening: { port in
                    await onAdminListening(port)
                    await adminServed(port)
                }))
        }
        if handleSignals { services.append(HangupSignal(logger: logger)) }
        services.append(DrainSignal(health: health))  // last: the first to hear of a shutdown
        announce()
        let serviceGroup = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: logger))
        do {
            try await serviceGroup.run()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }

    private func announce() {
        logger.notice("Turnpike is starting", metadata: ["version": "\(TurnpikeVersion.current)"])
        if configuration.allowAnyCredentials {
            logger.warning("""
                DEVELOPMENT MODE: --allow-any-credentials is on. The admin API accepts ANY well-formed \
                signature. Never use this on a reachable network.
                """)
        }
        guard let file = credentials.file else {
            logger.info("admin credentials from the environment", metadata: ["accessKeyId": "\(credentials.accessKeyID)"])
            return
        }
        logger.notice(
            credentials.generated ? "generated admin credentials" : "admin credentials",
            metadata: ["file": "\(file.path)", "accessKeyId": "\(credentials.accessKeyID)", "profile": "turnpike"])
    }

    /// Once the admin API is listening: writes `<data-dir>/aws-config` (profile `turnpike`, the
    /// bound endpoint and a region) and logs the command that uses it with the credentials file.
    private func announceEndpoint(port: Int) {
        let config = AWSConfigFile(host: configuration.host, port: port)
        let file = configuration.dataDirectory.appendingPathComponent("aws-config")
        do {
            try config.text.write(to: file, atomically: true, encoding: .utf8)
        } catch {
            logger.warning("cannot write the aws CLI configuration", metadata: ["file": "\(file.path)"])
            return
        }
        let credentialsFile = credentials.file.map { "AWS_SHARED_CREDENTIALS_FILE=\($0.path) " } ?? ""
        logger.notice("try: AWS_CONFIG_FILE=\(file.path) \(credentialsFile)AWS_PROFILE=turnpike aws apigateway get-rest-apis",
                      metadata: ["endpoint": "\(config.endpoint)"])
    }

    /// The TLS contexts of `https://` backends, trusting `--upstream-ca-file` too.
    private static func upstreamTLS(_ configuration: ServerConfiguration) throws -> UpstreamTLS {
        do {
            return try UpstreamTLS(caFile: configuration.upstreamCAFile)
        } catch {
            throw ServerError("Cannot load --upstream-ca-file \(configuration.upstreamCAFile ?? ""): \(error)")
        }
    }

    /// Where Lambda integrations are invoked, and where its credentials come from (the standard AWS
    /// sources, re-read every ``AWSCredentialsSource/defaultRefreshSeconds``).
    private static func lambdaEndpoint(_ configuration: ServerConfiguration) throws -> LambdaEndpoint {
        let source = configuration.lambdaCredentials.map { AWSCredentialsSource(fixed: $0) }
            ?? AWSCredentialsSource(chain: AWSCredentialsChain(environment: ProcessInfo.processInfo.environment))
        let endpoint = LambdaEndpoint(url: configuration.lambdaEndpoint, credentialsSource: source, accountId: configuration.accountId)
        guard endpoint.isUsable else {
            throw ServerError("--lambda-endpoint must be http://host[:port] or https://host[:port]: \(configuration.lambdaEndpoint ?? "")")
        }
        return endpoint
    }
}
