import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The invoke listener: a SwiftNIO server whose pipeline is one ``InvokeHandler`` over raw bytes
/// (its own HTTP/1.1 framing; NIO's HTTP codec is not used).
/// Admin requests arriving on it are passed to the environment's admin endpoint.
public final class InvokeServer: Sendable {
    private let environment: InvokeEnvironment
    private let group: any EventLoopGroup
    private let channel: any Channel
    private let connections: NIOLockedValueBox<OpenConnections>

    private init(environment: InvokeEnvironment, group: any EventLoopGroup, channel: any Channel,
                 connections: NIOLockedValueBox<OpenConnections>) {
        self.environment = environment
        self.group = group
        self.channel = channel
        self.connections = connections
    }

    /// Binds the listener. Request heads are capped at 80 KiB; a malformed request gets a 400 and a
    /// close. At most `environment.connectionLimits.maximumConnections` connections are open at
    /// once: one more is closed as soon as it is accepted, and the others go on being served.
    public static func start(host: String, port: Int, group: any EventLoopGroup,
                             environment: InvokeEnvironment) async throws -> InvokeServer {
        let open = NIOLockedValueBox(OpenConnections())
        let maximum = environment.connectionLimits.maximumConnections
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                let id = ObjectIdentifier(channel)
                let admitted = open.withLockedValue { open in
                    guard open.channels.count < maximum else { return false }
                    open.channels[id] = channel
                    return true
                }
                // A failed initializer makes NIO close the accepted socket at once.
                guard admitted else { return channel.eventLoop.makeFailedFuture(ConnectionLimitReached()) }
                channel.closeFuture.whenComplete { _ in open.withLockedValue { _ = $0.channels.removeValue(forKey: id) } }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(InvokeHandler(environment: environment))
                }
            }
            .bind(host: host, port: port)
            .get()
        return InvokeServer(environment: environment, group: group, channel: channel, connections: open)
    }

    /// Connections open on the listener now (read by the status listener's metrics).
    public var openConnections: Int { connections.withLockedValue { $0.channels.count } }

    /// Stops accepting, tells every open connection that the gateway is draining (the
    /// ``Draining`` user event: a connection with no request in progress closes at once, one with a
    /// request answers it with `connection: close`; ``InvokeConnectionMachine/drain()``), waits until they have all closed or `deadline` passes, then closes
    /// those still open. Requests in flight finish within that time.
    public func drain(until deadline: ContinuousClock.Instant) async {
        try? await channel.close()
        let open = connections.withLockedValue { Array($0.channels.values) }
        for connection in open { connection.pipeline.fireUserInboundEventTriggered(Draining()) }
        let closed = EventLoopFuture.andAllComplete(open.map(\.closeFuture), on: channel.eventLoop)
        let connections = self.connections
        await withTaskGroup(of: Void.self) { waits in
            waits.addTask { try? await closed.get() }
            waits.addTask {
                // At the deadline, or when cancelled (all closed in time, or the task given up): close what is left.
                try? await Task.sleep(until: deadline)
                for connection in connections.withLockedValue({ Array($0.channels.values) }) { connection.close(promise: nil) }
            }
            await waits.next()
            waits.cancelAll()
        }
    }

    /// Sent down every open connection's pipeline when the listener starts draining: a connection
    /// with no request in progress closes.
    public struct Draining: Sendable {}

    /// The bound port.
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// Waits until the listener is closed.
    public func waitUntilClosed() async throws {
        try await channel.closeFuture.get()
    }

    /// Asks the listener to close, without waiting; ``waitUntilClosed()`` returns once it has.
    public func requestClose() {
        channel.close(promise: nil)
    }
}

/// The connections a listener has open, by channel.
struct OpenConnections {
    var channels: [ObjectIdentifier: any Channel] = [:]
}

/// A connection accepted while the listener was at its connection cap (it is closed at once).
struct ConnectionLimitReached: Error {}
