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

    private init(environment: InvokeEnvironment, group: any EventLoopGroup, channel: any Channel) {
        self.environment = environment
        self.group = group
        self.channel = channel
    }

    /// Binds the listener. Request heads are capped at 80 KiB; a malformed request gets a 400 and a
    /// close. At most `environment.connectionLimits.maximumConnections` connections are open at
    /// once: one more is closed as soon as it is accepted, and the others go on being served.
    public static func start(host: String, port: Int, group: any EventLoopGroup,
                             environment: InvokeEnvironment) async throws -> InvokeServer {
        let open = NIOLockedValueBox(0)
        let maximum = environment.connectionLimits.maximumConnections
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                let admitted = open.withLockedValue { count in
                    guard count < maximum else { return false }
                    count += 1
                    return true
                }
                // A failed initializer makes NIO close the accepted socket at once.
                guard admitted else { return channel.eventLoop.makeFailedFuture(ConnectionLimitReached()) }
                channel.closeFuture.whenComplete { _ in open.withLockedValue { $0 -= 1 } }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(InvokeHandler(environment: environment))
                }
            }
            .bind(host: host, port: port)
            .get()
        return InvokeServer(environment: environment, group: group, channel: channel)
    }

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

/// A connection accepted while the listener was at its connection cap (it is closed at once).
struct ConnectionLimitReached: Error {}
