import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A real HTTP backend on loopback for gateway tests. Paths:
/// - anything else: 200 with a JSON echo `{"method","uri","headers","body"}` of the request;
/// - `/slow/<ms>`: the echo, after `ms` milliseconds;
/// - `/status/<code>`: an empty answer with that status;
/// - `/stream/<chunks>`: a chunked answer of `chunks` parts of 1 KiB;
/// - `/truncated`: announces 1000 bytes, sends 10 and closes;
/// - `/close`: closes without answering.
/// It counts the connections it accepted, so tests can see keep-alive reuse (over TLS, each one is
/// a handshake), and with `tls` it speaks HTTPS only.
public final class EchoBackend: Sendable {
    public let port: Int
    private let channel: any Channel
    private let counter: ConnectionCounter

    public static func start(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                             tls: TestCertificates? = nil) async throws -> EchoBackend {
        let counter = ConnectionCounter()
        let tlsContext = try tls.map { try $0.serverContext() }
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                counter.increment()
                return channel.eventLoop.makeCompletedFuture {
                    if let tlsContext { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(EchoHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return EchoBackend(channel: channel, counter: counter)
    }

    private init(channel: any Channel, counter: ConnectionCounter) {
        self.channel = channel
        self.counter = counter
        self.port = channel.localAddress?.port ?? 0
    }

    /// Connections accepted so far.
    public var connections: Int { counter.value }

    public func stop() async {
        try? await channel.close()
    }
}

final class ConnectionCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// The echo: answers each request by its path.
final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var message = HTTPMessageAccumulator<HTTPRequestHead>()
    private var body: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let (head, body) = message.take(unwrapInboundIn(data)) else { return }
        self.body = body
        respond(to: head, context: context)
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let parts = head.uri.split(separator: "?")[0].split(separator: "/").map(String.init)
        let route = parts.first ?? ""
        let argument = parts.count > 1 ? Int(parts[1]) : nil
        switch route {
        case "close":
            context.close(promise: nil)
        case "truncated":
            var headers = HTTPHeaders()
            headers.add(name: "content-length", value: "1000")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(channel.allocator.buffer(string: "0123456789")))))
                .whenComplete { _ in channel.close(promise: nil) }
        case "status":
            var headers = HTTPHeaders()
            headers.add(name: "content-length", value: "0")
            let status = HTTPResponseStatus(statusCode: argument ?? 200)
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case "stream":
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: ["x-backend": "stream"]))), promise: nil)
            let chunk = context.channel.allocator.buffer(repeating: UInt8(ascii: "x"), count: 1024)
            for _ in 0..<(argument ?? 4) { context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk))), promise: nil) }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case "slow":
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(Int64(argument ?? 100))) {
                let (handler, context) = loopBound.value
                handler.echo(head, context: context)
            }
        default:
            echo(head, context: context)
        }
    }

    private func echo(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let echo: [String: Any] = [
            "method": head.method.rawValue, "uri": head.uri,
            "headers": Dictionary(head.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { "\($0),\($1)" }),
            "body": String(decoding: body, as: UTF8.self),
        ]
        let bytes = (try? JSONSerialization.data(withJSONObject: echo, options: [.sortedKeys])) ?? Data()
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(bytes.count))
        headers.add(name: "x-backend", value: "echo")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
