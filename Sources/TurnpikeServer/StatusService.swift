import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import TurnpikeStore

/// The status listener (`--status-port`): health and metrics for orchestrators and Prometheus,
/// without authentication, on its own address (127.0.0.1 by default).
///
/// - `GET /health/live`: 200 while the process runs;
/// - `GET /health/ready`: 200 when serving and the store answers; 503 while starting, draining or
///   when the store is unreachable, with a JSON body saying which (``Readiness``);
/// - `GET /metrics`: the Prometheus text exposition of ``ServerMetrics``.
///
/// It stops after the invoke listeners, so readiness answers 503 while they drain.
struct StatusService: Service {
    let host: String
    let port: Int
    let health: GatewayHealth
    let metrics: ServerMetrics
    let store: any ConfigurationStore
    let group: any EventLoopGroup
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void

    func run() async throws {
        let router = Router()
        router.get("/health/live") { _, _ in Self.json(200, #"{"status":"live"}"#) }
        router.get("/health/ready") { [health, store] _, _ in
            let readiness = await health.readiness(probing: store)
            return Self.json(readiness.status, readiness.body)
        }
        router.get("/metrics") { [metrics] _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        var quiet = logger
        quiet.logLevel = .warning  // Hummingbird's own start and stop lines
        let application = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { [onListening] channel in await onListening(channel.localAddress?.port ?? 0) },
            eventLoopGroupProvider: .shared(group), logger: quiet)
        do {
            try await application.run()
        } catch let error as IOError {
            throw ServerError.listening("status", host: host, port: port, error)
        }
    }

    private static func json(_ status: Int, _ body: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
