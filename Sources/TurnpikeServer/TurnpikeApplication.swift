import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import TurnpikeAdmin
import TurnpikeModel
import TurnpikeStore

/// A configured gateway, ready to run: data directory prepared, store opened and migrated,
/// configuration loaded, admin credentials resolved.
public struct TurnpikeApplication: Sendable {
    public let configuration: ServerConfiguration
    public let credentials: AdminCredentials
    public let controlPlane: ControlPlane
    public let store: SQLiteStore
    let logger: Logger

    /// Prepares everything that can fail before a port is bound.
    public init(configuration: ServerConfiguration, logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        let dataKey = try DataKey.load(dataDirectory: configuration.dataDirectory, environmentValue: configuration.dataKey)
        store = try SQLiteStore(path: try configuration.sqlitePath(), sealer: ValueSealer(dataKey: dataKey))
        controlPlane = try await ControlPlane.load(from: store)
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
    /// - Parameter onListening: called with the bound port once the listener is up.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let responder = AdminResponder(
            context: AdminContext(controlPlane: controlPlane, usage: store), authenticator: authenticator, logger: logger)
        let application = Application(
            responder: responder,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Turnpike"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        announce()
        let group = ServiceGroup(configuration: .init(
            services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
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
            --endpoint-url http://\(configuration.host):\(configuration.port) apigateway get-api-keys
            """)
    }
}
