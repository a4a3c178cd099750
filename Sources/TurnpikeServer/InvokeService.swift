import Logging
import NIOCore
import ServiceLifecycle
import TurnpikeGateway

/// Runs an invoke (or `--admin-port`) listener as a service: binds, reports the port, and on
/// graceful shutdown drains: stops accepting, lets requests in flight finish until the shared
/// drain deadline, then closes what is left.
struct InvokeService: Service {
    /// `invoke` or `admin`, as error messages and metrics name it.
    let name: String
    let host: String
    let port: Int
    let group: any EventLoopGroup
    let environment: InvokeEnvironment
    let health: GatewayHealth
    let metrics: ServerMetrics
    let onListening: @Sendable (Int) async -> Void

    func run() async throws {
        let server: InvokeServer
        do {
            server = try await InvokeServer.start(host: host, port: port, group: group, environment: environment)
        } catch {
            throw ServerError.listening(name, host: host, port: port, error)
        }
        metrics.listening(name, on: server, upstream: environment.upstreamConnections)
        health.listenerBound(stopAccepting: { server.requestClose() })
        await onListening(server.port)
        // Closing is requested synchronously, so it reaches the event loop before `run` returns
        // and the loops are shut down.
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await server.waitUntilClosed()
            } onCancel: {
                server.requestClose()
            }
        } onGracefulShutdown: {
            // Stops accepting at once; `waitUntilClosed` then returns, and `drain` below waits.
            server.requestClose()
        }
        // Draining closed every listener at once (``GatewayHealth/startDraining()``), before the
        // service group reached this one: each drains now, together, then waits for its turn to stop.
        if health.phase == .draining || Task.isShuttingDownGracefully {
            await server.drain(until: health.startDraining())
            try? await gracefulShutdown()
        }
    }
}
