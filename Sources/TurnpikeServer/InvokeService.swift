import Logging
import NIOCore
import ServiceLifecycle
import TurnpikeGateway

/// Runs the invoke listener as a service: binds, reports the port, and closes on graceful shutdown.
struct InvokeService: Service {
    let host: String
    let port: Int
    let group: any EventLoopGroup
    let environment: InvokeEnvironment
    let onListening: @Sendable (Int) async -> Void

    func run() async throws {
        let server = try await InvokeServer.start(host: host, port: port, group: group, environment: environment)
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
            server.requestClose()
        }
    }
}
