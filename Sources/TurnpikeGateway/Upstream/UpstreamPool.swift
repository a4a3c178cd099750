import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Keep-alive connections to backends, one pool per event loop: a downstream connection only
/// ever borrows upstream connections of its own loop, so nothing here is shared between threads.
final class UpstreamPool {
    let eventLoop: any EventLoop
    /// Idle connections kept per backend at most.
    let maximumIdle: Int
    /// The TLS contexts of `https://` backends; nil fails every TLS connection.
    let tls: UpstreamTLS?
    /// Connection failures are logged at most once per backend per interval.
    private var warnings = WarningThrottle()
    private var idle: [UpstreamKey: IdleList] = [:]
    /// The list used last: most gateways proxy to few backends, so this usually spares the hash.
    private var recent: IdleList?
    /// Opens a connection to a backend; nil opens a TCP connection (tests give channels of their own).
    var connector: ((UpstreamKey) -> EventLoopFuture<UpstreamConnection>)?
    /// The open backend connections of every pool.
    let openConnections: UpstreamConnectionCount

    init(eventLoop: any EventLoop, maximumIdle: Int = 128, tls: UpstreamTLS? = nil,
         openConnections: UpstreamConnectionCount = UpstreamConnectionCount()) {
        self.eventLoop = eventLoop
        self.maximumIdle = maximumIdle
        self.tls = tls
        self.openConnections = openConnections
    }

    /// An idle, still open connection to the backend, if the pool has one.
    func takeIdle(_ key: UpstreamKey) -> UpstreamConnection? {
        eventLoop.assertInEventLoop()
        guard let list = existingList(key) else { return nil }
        while let connection = list.connections.popLast() {
            if connection.channel.isActive { return connection }
        }
        return nil
    }

    private func existingList(_ key: UpstreamKey) -> IdleList? {
        if let recent, recent.key == key { return recent }
        let list = idle[key]
        if list != nil { recent = list }
        return list
    }

    private func list(_ key: UpstreamKey) -> IdleList {
        if let list = existingList(key) { return list }
        let list = IdleList(key: key)
        idle[key] = list
        recent = list
        return list
    }

    /// A new connection to the backend. An IP address is connected to directly; a name is resolved
    /// on every connect (NIO's Happy Eyeballs), so DNS changes are followed. A TLS connection sends
    /// the host as SNI (unless it is an address) and checks the certificate names it (or the
    /// address); the handshake runs as the connection opens, the request waits for it.
    func connect(_ key: UpstreamKey, connectTimeout: TimeAmount) -> EventLoopFuture<UpstreamConnection> {
        eventLoop.assertInEventLoop()
        if let connector { return connector(key) }
        let address = try? SocketAddress(ipAddress: key.host, port: key.port)
        let tlsContext: NIOSSLContext?
        if key.transport != .plain {
            guard let context = tls?.context(for: key.transport) else {
                return eventLoop.makeFailedFuture(UpstreamTLSUnavailable())
            }
            tlsContext = context
        } else {
            tlsContext = nil
        }
        let serverHostname = address == nil ? key.host : nil
        let bootstrap = ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        let tls = try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
                        try channel.pipeline.syncOperations.addHandler(tls)
                    }
                    try channel.pipeline.syncOperations.addHandler(UpstreamHandler())
                }
            }
        let connected: EventLoopFuture<any Channel>
        if let address {
            connected = bootstrap.connect(to: address)
        } else {
            connected = bootstrap.connect(host: key.host, port: key.port)
        }
        let count = openConnections
        return connected
            .flatMapThrowing { channel in
                let handler = try channel.pipeline.syncOperations.handler(type: UpstreamHandler.self)
                count.opened()
                channel.closeFuture.whenComplete { _ in count.closed() }
                return UpstreamConnection(key: key, channel: channel, handler: handler)
            }
    }

    /// Returns a connection after a complete exchange that left it reusable.
    func release(_ connection: UpstreamConnection) {
        eventLoop.assertInEventLoop()
        guard connection.channel.isActive else { return }
        let list = list(connection.key)
        guard list.connections.count < maximumIdle else {
            connection.channel.close(promise: nil)
            return
        }
        connection.handler.exchange = nil
        list.connections.append(connection)
    }

    /// Logs a backend connection that could not be made, failed or timed out (rate-limited per backend).
    func warn(_ key: UpstreamKey, reason: String, logger: Logger) {
        var metadata: Logger.Metadata = ["host": "\(key.host)", "port": "\(key.port)"]
        if key.transport != .plain { metadata["tls"] = "\(key.transport == .tls ? "verified" : "unverified")" }
        warn(about: key.host, "integration backend failed", reason: reason, metadata: metadata, logger: logger)
    }

    /// Logs `message` about `subject` (a backend host, a function) with `reason`, rate-limited per subject.
    func warn(about subject: String, _ message: Logger.Message, reason: String, metadata: Logger.Metadata = [:],
              logger: Logger) {
        guard let heldBack = warnings.admit(subject, now: eventLoop.now.uptimeNanoseconds) else { return }
        var metadata = metadata
        metadata["reason"] = "\(reason)"
        if heldBack > 0 { metadata["suppressed"] = "\(heldBack)" }
        logger.warning(message, metadata: metadata)
    }

    /// The idle connections to one backend (a class, so they are changed in place).
    private final class IdleList {
        let key: UpstreamKey
        var connections: [UpstreamConnection] = []

        init(key: UpstreamKey) {
            self.key = key
        }
    }
}

/// One upstream connection and its handler. Only ever used on its channel's event loop; it is
/// `Sendable` only so that it can travel in that loop's futures.
final class UpstreamConnection: @unchecked Sendable {
    let key: UpstreamKey
    let channel: any Channel
    let handler: UpstreamHandler
    /// The last request head written here, kept so that its storage is reused for the next one.
    var headScratch = ReusableBuffer()

    init(key: UpstreamKey, channel: any Channel, handler: UpstreamHandler) {
        self.key = key
        self.channel = channel
        self.handler = handler
    }
}

/// Receives what an upstream exchange needs to hear.
protocol UpstreamExchange: AnyObject {
    /// Bytes from the backend.
    func upstreamRead(_ buffer: ByteBuffer)
    /// The backend closed the connection.
    func upstreamClosed()
    /// The end of one read burst from the backend: the time to flush what was passed on.
    func upstreamReadComplete()
    func upstreamFailed(_ error: any Error)
}

/// The only handler of an upstream connection: passes the backend's bytes to the current exchange.
final class UpstreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The exchange in progress; nil while the connection is idle in the pool.
    var exchange: (any UpstreamExchange)?
    /// This handler's context while it is in the pipeline: writes start here, on the loop, without
    /// the channel's hop check or a walk from the pipeline's tail.
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes bytes to the backend (on the channel's loop), flushing them when `flush`: with
    /// `batch`, at the end of the loop's tick.
    func write(_ buffer: ByteBuffer, flush: Bool, batch: FlushBatch?) {
        guard let context else { return }
        context.write(wrapOutboundOut(buffer), promise: nil)
        if flush { FlushBatch.flush(context, in: batch) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange else {
            // Bytes on an idle connection answer nothing that was asked: the connection is unusable.
            context.close(promise: nil)
            return
        }
        exchange.upstreamRead(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        exchange?.upstreamReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A TLS backend that closes without close_notify: the close itself says what it means
        // (the end of an answer framed by the close, or a failure).
        if let tlsError = error as? NIOSSLError, case .uncleanShutdown = tlsError { return }
        exchange?.upstreamFailed(error)
        exchange = nil
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let exchange = self.exchange
        self.exchange = nil
        exchange?.upstreamClosed()
        context.fireChannelInactive()
    }
}

/// A TLS connection was asked for without TLS contexts.
struct UpstreamTLSUnavailable: Error, CustomStringConvertible {
    var description: String { "TLS to backends is not configured" }
}
