import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A backend that misbehaves on purpose: for every request head it reads (up to the blank line;
/// bodies are read along and ignored), it plays the steps its script returns for that request
/// number: bytes to write, pauses, a close. Tests use it for framing a real server would never send.
public final class ScriptedBackend: Sendable {
    /// One thing the backend does.
    public enum Step: Sendable {
        case send(String)
        case pause(milliseconds: Int64)
        case close
    }

    public let port: Int
    private let channel: any Channel
    private let state: ScriptLog

    /// Starts the backend; `script` gets the request's number (0 first, across connections) and its head.
    public static func start(_ script: @escaping @Sendable (_ index: Int, _ head: String) -> [Step]) async throws -> ScriptedBackend {
        let state = ScriptLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                state.storage.withLock { $0.connections += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ScriptedConnection(state: state, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedBackend(channel: channel, state: state)
    }

    private init(channel: any Channel, state: ScriptLog) {
        self.channel = channel
        self.state = state
        self.port = channel.localAddress?.port ?? 0
    }

    /// Connections accepted so far.
    public var connections: Int { state.storage.withLock { $0.connections } }
    /// The request heads received so far, in order.
    public var requests: [String] { state.storage.withLock { $0.requests } }

    public func stop() async {
        try? await channel.close()
    }
}

/// Plays the script on one connection.
final class ScriptedConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let state: ScriptLog
    private let script: @Sendable (Int, String) -> [ScriptedBackend.Step]
    private var buffer = ""

    init(state: ScriptLog, script: @escaping @Sendable (Int, String) -> [ScriptedBackend.Step]) {
        self.state = state
        self.script = script
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        buffer += String(decoding: unwrapInboundIn(data).readableBytesView, as: UTF8.self)
        while let end = buffer.range(of: "\r\n\r\n") {
            let head = String(buffer[..<end.lowerBound])
            buffer = String(buffer[end.upperBound...])
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            buffer = String(buffer.dropFirst(min(length, buffer.count)))
            let index = state.storage.withLock { state in
                state.requests.append(head)
                return state.requests.count - 1
            }
            play(script(index, head)[...], context: context)
        }
    }

    private func play(_ steps: ArraySlice<ScriptedBackend.Step>, context: ChannelHandlerContext) {
        guard let step = steps.first else { return }
        let rest = steps.dropFirst()
        switch step {
        case .send(let text):
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
            play(rest, context: context)
        case .pause(let milliseconds):
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(milliseconds)) {
                let (connection, context) = loopBound.value
                connection.play(rest, context: context)
            }
        case .close:
            context.close(promise: nil)
        }
    }
}

/// What a scripted backend saw, readable from any thread.
final class ScriptLog: Sendable {
    let storage = Mutex<(connections: Int, requests: [String])>((0, []))
}
