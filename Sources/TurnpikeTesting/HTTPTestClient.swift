import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An answer as a test sees it.
public struct HTTPTestResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: [UInt8]

    /// A header's value (name case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object.
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }
}

/// One keep-alive HTTP/1.1 connection for tests: requests go out one at a time on it.
public final class HTTPTestClient: Sendable {
    private let channel: any Channel

    /// Connects to `127.0.0.1:port`.
    public static func connect(port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> HTTPTestClient {
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector())
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return HTTPTestClient(channel: channel)
    }

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// True while the server keeps the connection open.
    public var isActive: Bool { channel.isActive }

    /// Sends a request and waits for its answer.
    public func send(_ method: String, _ uri: String, headers: [(String, String)] = [], body: [UInt8] = []) async throws -> HTTPTestResponse {
        let channel = self.channel
        let promise = channel.eventLoop.makePromise(of: HTTPTestResponse.self)
        var requestHeaders = HTTPHeaders(headers)
        if !requestHeaders.contains(name: "host") { requestHeaders.add(name: "host", value: "127.0.0.1") }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            requestHeaders.replaceOrAdd(name: "content-length", value: String(body.count))
        }
        let head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: uri, headers: requestHeaders)
        channel.eventLoop.execute {
            do {
                let collector = try channel.pipeline.syncOperations.handler(type: ResponseCollector.self)
                collector.waiting.append(promise)
                channel.write(HTTPClientRequestPart.head(head), promise: nil)
                if !body.isEmpty {
                    channel.write(HTTPClientRequestPart.body(.byteBuffer(channel.allocator.buffer(bytes: body))), promise: nil)
                }
                channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            } catch {
                promise.fail(error)
            }
        }
        return try await promise.futureResult.get()
    }

    public func close() async {
        try? await channel.close()
    }
}

/// Collects response parts into answers, in order.
final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    var waiting: [EventLoopPromise<HTTPTestResponse>] = []
    private var message = HTTPMessageAccumulator<HTTPResponseHead>()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let (head, body) = message.take(unwrapInboundIn(data)), !waiting.isEmpty else { return }
        waiting.removeFirst().succeed(HTTPTestResponse(
            status: Int(head.status.code), headers: head.headers.map { ($0.name, $0.value) }, body: body))
    }

    func channelInactive(context: ChannelHandlerContext) {
        for promise in waiting { promise.fail(ChannelError.ioOnClosedChannel) }
        waiting.removeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        for promise in waiting { promise.fail(error) }
        waiting.removeAll()
        context.close(promise: nil)
    }
}

/// Sends raw bytes on a fresh connection and returns everything the server sends back before it
/// closes the connection or `timeout` passes: for malformed requests that no client library sends.
public func exchangeRawBytes(_ bytes: [UInt8], port: Int, timeout: TimeAmount = .seconds(5),
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> [UInt8] {
    try await exchangeRawBytes([bytes], port: port, timeout: timeout, group: group)
}

/// ``exchangeRawBytes(_:port:timeout:group:)`` sending `chunks` one after another, `pause` apart
/// (the timeout starts after the last one).
public func exchangeRawBytes(_ chunks: [[UInt8]], pause: Duration = .zero, port: Int, timeout: TimeAmount = .seconds(5),
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> [UInt8] {
    let sink = ByteSink()
    let channel = try await ClientBootstrap(group: group)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(RawCollector(sink: sink)) }
        }
        .connect(host: "127.0.0.1", port: port).get()
    for (index, bytes) in chunks.enumerated() {
        if index > 0 { try await Task.sleep(for: pause) }
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
    }
    let deadline = channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    try? await channel.closeFuture.get()
    deadline.cancel()
    return sink.bytes
}

/// Bytes received, readable from any thread.
final class ByteSink: Sendable {
    private let storage = Mutex<[UInt8]>([])
    func append(_ bytes: [UInt8]) { storage.withLock { $0 += bytes } }
    var bytes: [UInt8] { storage.withLock { $0 } }
}

final class RawCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let sink: ByteSink

    init(sink: ByteSink) {
        self.sink = sink
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        sink.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }
}
