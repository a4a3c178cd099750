import NIOCore

/// Watches a connection's bytes, without touching them, so a draining listener can close the
/// connections that have no request in progress.
///
/// From the ``InvokeServer/Draining`` event on, every `quiet` the connection is checked: one whose
/// last bytes went out (an answer written) and that moved no bytes since the previous check is
/// closed. A connection whose last bytes came in (a request waiting for its answer) is left to
/// finish; the listener's drain deadline bounds it.
final class DrainWatch: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// How a connection has moved since the last check (pure; the handler only feeds it).
    struct Activity {
        private(set) var lastWasInbound = false
        private var moved = false

        mutating func received() { lastWasInbound = true; moved = true }
        mutating func sent() { lastWasInbound = false; moved = true }

        /// True when the connection may close: its last bytes went out and none moved since the previous check.
        mutating func idleSinceLastCheck() -> Bool {
            defer { moved = false }
            return !moved && !lastWasInbound
        }
    }

    private var activity = Activity()
    private var draining = false
    private let quiet: TimeAmount

    init(quiet: TimeAmount = .seconds(1)) {
        self.quiet = quiet
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        activity.received()
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        activity.sent()
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is InvokeServer.Draining, !draining {
            draining = true
            _ = activity.idleSinceLastCheck()  // the first check looks at the `quiet` that follows
            scheduleCheck(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func scheduleCheck(context: ChannelHandlerContext) {
        context.eventLoop.assumeIsolated().scheduleTask(in: quiet) { [self] in
            guard context.channel.isActive else { return }
            if activity.idleSinceLastCheck() {
                context.close(promise: nil)
            } else {
                scheduleCheck(context: context)
            }
        }
    }
}
