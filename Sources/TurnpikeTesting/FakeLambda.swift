import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import TurnpikeGateway
import TurnpikeSigV4

/// A Lambda Invoke API on loopback for gateway tests: `POST /2015-03-31/functions/{function}/invocations`
/// checked with SigV4 (service `lambda`, ``credentials``; a bad signature gets Lambda's 403), then
/// answered by the test's handler with the function and the event bytes. It records every
/// invocation and counts the connections it accepted.
public final class FakeLambda: Sendable {
    /// What the Invoke API answers.
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        /// How long the "function" runs before the answer goes out.
        public var delayMilliseconds: Int64

        public init(status: Int = 200, headers: [(String, String)] = [], body: String, delayMilliseconds: Int64 = 0) {
            self.status = status
            self.headers = headers
            self.body = Array(body.utf8)
            self.delayMilliseconds = delayMilliseconds
        }
    }

    /// One call the fake accepted: the function (decoded from the path) and the event.
    public struct Invocation: Sendable {
        public var function: String
        public var event: [UInt8]
        public var headers: [(String, String)]

        /// The event as JSON.
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(event))) as? [String: Any] ?? [:]
        }
    }

    /// The key pair the gateway under test signs with.
    public static let credentials = AWSCredentials(
        accessKeyID: "AKIDFAKELAMBDA", secretAccessKey: "fake-lambda-secret-key", sessionToken: "fake-session-token")

    public let port: Int
    private let channel: any Channel
    private let log: Log

    final class Log: Sendable {
        let invocations = Mutex<[Invocation]>([])
        let connections = Mutex(0)
        let refused = Mutex(0)
    }

    /// Starts the fake; `handler` answers each correctly signed call.
    public static func start(_ handler: @escaping @Sendable (_ function: String, _ event: [UInt8]) -> Answer) async throws -> FakeLambda {
        let log = Log()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                log.connections.withLock { $0 += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FakeLambdaHandler(log: log, handler: handler))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeLambda(channel: channel, log: log)
    }

    private init(channel: any Channel, log: Log) {
        self.channel = channel
        self.log = log
        port = channel.localAddress?.port ?? 0
    }

    public var endpoint: String { "http://127.0.0.1:\(port)" }
    public var invocations: [Invocation] { log.invocations.withLock { $0 } }
    public var connections: Int { log.connections.withLock { $0 } }
    /// Calls refused for their signature or path.
    public var refused: Int { log.refused.withLock { $0 } }

    public func stop() async {
        try? await channel.close()
    }
}

final class FakeLambdaHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: FakeLambda.Log
    private let handler: @Sendable (String, [UInt8]) -> FakeLambda.Answer
    private var message = HTTPMessageAccumulator<HTTPRequestHead>()
    private let verifier = SigV4Verifier(service: "lambda") {
        $0 == FakeLambda.credentials.accessKeyID ? FakeLambda.credentials.secretAccessKey : nil
    }

    init(log: FakeLambda.Log, handler: @escaping @Sendable (String, [UInt8]) -> FakeLambda.Answer) {
        self.log = log
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let (head, body) = message.take(unwrapInboundIn(data)) else { return }
        let headers = head.headers.map { ($0.name, $0.value) }
        let prefix = "/2015-03-31/functions/", suffix = "/invocations"
        let signed = verifier.verify(SignableRequest(method: head.method.rawValue, rawPath: head.uri, rawQuery: "",
                                                     headers: headers, body: body), now: Date())
        guard case .success = signed, head.method == .POST, head.uri.hasPrefix(prefix), head.uri.hasSuffix(suffix),
              head.headers["x-amz-security-token"].first == FakeLambda.credentials.sessionToken,
              let function = String(head.uri.dropFirst(prefix.count).dropLast(suffix.count)).removingPercentEncoding
        else {
            log.refused.withLock { $0 += 1 }
            return respond(FakeLambda.Answer(status: 403, body: #"{"Type":"User","message":"The request signature does not match"}"#),
                           context: context)
        }
        log.invocations.withLock { $0.append(FakeLambda.Invocation(function: function, event: body, headers: headers)) }
        let answer = handler(function, body)
        guard answer.delayMilliseconds > 0 else { return respond(answer, context: context) }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .milliseconds(answer.delayMilliseconds)) {
            let (handler, context) = loopBound.value
            handler.respond(answer, context: context)
        }
    }

    private func respond(_ answer: FakeLambda.Answer, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(answer.headers)
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(answer.body.count))
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: answer.body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
