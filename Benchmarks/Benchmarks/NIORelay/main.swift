import NIOCore
import NIOPosix

// The floor of a proxy built on SwiftNIO, for `scripts/loadtest --relay`: one event loop; each
// client connection is paired with its own backend connection and bytes are relayed both ways, one
// `writeAndFlush` per read, with nothing parsed, checked or rewritten. What a NIO gateway does per
// request beyond this is its own cost (docs/performance.md).
//
//   NIORelay <listen port> <backend port>      (both on 127.0.0.1)

/// One side of a relayed pair: what it reads goes to the other side.
final class RelaySide: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The other side; nil until the backend connection is open (reads wait in ``early``).
    var peer: Channel?
    private var early: [ByteBuffer] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if let peer { peer.writeAndFlush(buffer, promise: nil) } else { early.append(buffer) }
    }

    /// The backend connection opened: sends what the client sent meanwhile.
    func connected(to peer: Channel) {
        self.peer = peer
        for buffer in early { peer.writeAndFlush(buffer, promise: nil) }
        early = []
    }

    func channelInactive(context: ChannelHandlerContext) {
        peer?.close(promise: nil)
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]), let backendPort = Int(arguments[2]) else {
    fatalError("usage: NIORelay <listen port> <backend port>")
}
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let server = try ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 4096)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelInitializer { client in
        let clientSide = RelaySide()
        do { try client.pipeline.syncOperations.addHandler(clientSide) } catch { return client.eventLoop.makeFailedFuture(error) }
        return ClientBootstrap(group: client.eventLoop)
            .channelInitializer { backend in
                let backendSide = RelaySide()
                backendSide.peer = client
                return backend.eventLoop.makeCompletedFuture { try backend.pipeline.syncOperations.addHandler(backendSide) }
            }
            .connect(host: "127.0.0.1", port: backendPort)
            .map { clientSide.connected(to: $0) }
    }
    .bind(host: "127.0.0.1", port: port).wait()
try server.closeFuture.wait()
