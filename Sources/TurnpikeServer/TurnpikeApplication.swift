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
    let logger: Logger

    /// Prepares everything that can fail before a port is bound.
    public init(configuration: ServerConfiguration, logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        let dataKey = try DataKey.load(dataDirectory: configuration.dataDirectory, environmentValue: configuration.dataKey)
        store = try await configuration.storeLocation().open(sealer: ValueSealer(dataKey: dataKey), logger: logger)
        bounded = DeadlineStore(store)
        controlPlane = try await ControlPlane.load(from: bounded)
        credentials = try AdminCredentials.resolve(
            accessKeyID: configuration.adminAccessKeyID, secretAccessKey: configuration.adminSecretAccessKey,
            dataDirectory: configuration.dataDirectory)
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
    ///   - handleSignals: stop gracefully on SIGINT and SIGTERM (off in tests, which cancel the task instead).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in },
                    onAdminListening: @escaping @Sendable (Int) async -> Void = { _ in },
                    handleSignals: Bool = true) async throws {
        let live = LiveSnapshot(GatewaySnapshot(configuration: await controlPlane.configuration))
        let reserver = QuotaReserver(live: live, store: bounded, clock: clock)
        let publisher = SnapshotPublisher { configuration in
            reserver.returnLeases(live.replace(with: GatewaySnapshot(configuration: configuration)))
        }
        await controlPlane.observe { publisher.submit($0) }
        let clock = self.clock
        let usage = UsageLedger()
        let flusher = UsageFlushService(ledger: usage, store: bounded, interval: .seconds(1), logger: logger)
        let context = AdminContext(
            controlPlane: controlPlane, usage: bounded,
            clock: { Date(timeIntervalSince1970: TimeInterval(clock.epochSeconds())) },
            quotaGranted: { reserver.granted($0, generation: $1) },
            settleUsage: { await flusher.flush() }, settleConfiguration: { await publisher.settle() })
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
            connectionLimits: configuration.connectionLimits, refusals: refusals)
        if let registry = store as? any NodeRegistry {
            services.append(ClusterMembership(
                registry: registry, nodeId: UUID().uuidString, interval: .seconds(1), window: .seconds(3), logger: logger,
                nodesChanged: { reserver.returnLeases(live.setNodes($0)) }))
        }
        if let grants = store as? any QuotaGrantFeed {
            services.append(QuotaGrantFollower(feed: grants, reserver: reserver, interval: .seconds(1), logger: logger))
        }
        services.append(ConfigurationFollower(
            controlPlane: controlPlane, store: bounded, feed: store as? any ConfigurationFeed, interval: .seconds(1), logger: logger))
        services.append(InvokeService(
            host: configuration.host, port: configuration.port, group: group, environment: environment, onListening: onListening))
        if let adminPort = configuration.adminPort {
            // The same listener code as the invoke port (framing, timeouts, connection cap, the
            // head checked before the body), with every request going to the admin API.
            services.append(InvokeService(
                host: configuration.host, port: adminPort, group: group,
                environment: environment.adminListener(AdminEndpointAdapter(responder: responder)), onListening: onAdminListening))
        }
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
        logger.notice("""
            try: AWS_SHARED_CREDENTIALS_FILE=\(file.path) aws --profile turnpike --region us-east-1 \
            --endpoint-url http://\(configuration.host):\(configuration.adminPort ?? configuration.port) apigateway get-api-keys
            """)
    }
}
