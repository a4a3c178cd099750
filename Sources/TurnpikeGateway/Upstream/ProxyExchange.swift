import NIOCore
import NIOHTTP1

/// One request proxied to a backend over raw bytes: borrows a pooled connection of the loop, writes
/// the request head (``ProxyHeaders``' rules) and body in one buffer, reads the answer with an
/// ``UpstreamResponseReader`` and streams it back (pausing the backend while the client cannot keep up), and answers
/// 504 on timeout or 502 when the backend cannot be reached. An idempotent request (RFC 9110
/// §9.2.2) that fails on a reused keep-alive connection before any byte of an answer arrived is
/// retried once on a fresh connection; any other request is never sent twice.
final class ProxyExchange: UpstreamExchange {
    /// Strong, as ``context`` (which holds the handler) already is: the handler drops its exchange
    /// when it ends or the client goes, and an `unowned` reference would be checked at every use.
    private let handler: InvokeHandler
    private let context: ChannelHandlerContext
    private let pool: UpstreamPool
    private let request: InvokeRequest
    private let plan: HTTPProxyPlan
    private let body: ByteBuffer?
    private let key: UpstreamKey

    private var connection: UpstreamConnection?
    private var reused = false
    private var attempts = 0
    /// The client's head is built (it may still wait in ``pending``).
    private var headWritten = false
    /// Bytes of the answer went to the client's socket (so a failure can no longer become a 502).
    private var relayed = false
    /// The backend sent something for this exchange.
    private var answered = false
    private var finished = false
    private var status = 0
    /// When the backend's answer must have begun (504 otherwise); the handler's timer watches it.
    private var deadline = NIODeadline.distantFuture
    private var reader = UpstreamResponseReader(requestMethod: "GET")
    /// The backend's body has no length the client can use: it goes out chunked.
    private var rechunk = false
    /// An HTTP/1.0 client learns the end of an unframed body from the close.
    private var closeClient = false
    /// The backend is not read (autoRead off) until the client can take more.
    private var upstreamPaused = false
    /// Bytes for the client not written yet (the head, and small body pieces behind it).
    private var pending: ByteBuffer?

    init(handler: InvokeHandler, context: ChannelHandlerContext, pool: UpstreamPool, request: InvokeRequest,
         plan: HTTPProxyPlan, body: ByteBuffer?) {
        self.handler = handler
        self.context = context
        self.pool = pool
        self.request = request
        self.plan = plan
        self.body = body
        self.key = plan.upstreamKey
    }

    func start() {
        guard plan.scheme == "http" else {
            // TLS to backends is not built yet: answer as AWS does when it cannot reach one.
            finished = true
            handler.exchangeEnded(self)
            handler.write(request.responses.render(.integrationFailure), for: request, context: context)
            return
        }
        deadline = .now() + .milliseconds(Int64(plan.timeoutMilliseconds))
        handler.armDeadline(deadline, context: context)
        connect()
    }

    private func connect() {
        attempts += 1
        if let idle = pool.takeIdle(key) {
            send(on: idle, reused: true)
            return
        }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        pool.connect(key, connectTimeout: .milliseconds(Int64(min(plan.timeoutMilliseconds, 10_000))))
            .whenComplete { result in
                let exchange = loopBound.value
                switch result {
                case .success(let connection):
                    guard !exchange.finished else {
                        exchange.pool.release(connection)
                        return
                    }
                    exchange.send(on: connection, reused: false)
                case .failure(let error):
                    exchange.upstreamFailed(error)
                }
            }
    }

    private func send(on connection: UpstreamConnection, reused: Bool) {
        self.connection = connection
        self.reused = reused
        connection.handler.exchange = self
        let method = plan.httpMethod ?? request.method
        reader = UpstreamResponseReader(requestMethod: method)
        var target = "/"
        if let match = request.match, let invoke = request.target {
            target = plan.upstreamTarget(requestPath: invoke.path, match: match, rawQuery: invoke.rawQuery)
        }
        let bodyLength = body?.readableBytes ?? 0
        // The head and a small body go out in one buffer, so in one write.
        let inline = bodyLength <= 4096
        var buffer = connection.headScratch.take(
            capacity: request.head.bytes.readableBytes + 256 + (inline ? bodyLength : 0), allocator: handler.allocator)
        ProxyHeaders.writeUpstreamRequestHead(
            into: &buffer, method: method, target: target, head: request.head, clientAddress: handler.clientAddress,
            upstreamHost: plan.hostHeader, bodyLength: bodyLength)
        if let body, bodyLength > 0 {
            if inline {
                buffer.writeImmutableBuffer(body)
            } else {
                connection.handler.write(buffer, flush: false)
                connection.headScratch.keep(buffer)
                connection.handler.write(body, flush: true)
                return
            }
        }
        connection.handler.write(buffer, flush: true)
        connection.headScratch.keep(buffer)
    }

    // MARK: Upstream events

    func upstreamRead(_ buffer: ByteBuffer) {
        guard !finished else { return }
        answered = true
        reader.received(buffer)
        // Every event but `wait` consumes bytes or ends the response, so this ends with the input.
        while !finished {
            switch reader.next() {
            case .wait:
                return
            case .head(let head):
                status = head.status
                let unframed = head.framing == .chunked || head.framing == .close
                rechunk = unframed && request.version.minor >= 1
                closeClient = unframed && request.version.minor == 0
                pending = handler.proxiedHead(head, for: request, rechunk: rechunk, close: closeClient)
                headWritten = true
            case .body(let bytes):
                relay(bytes)
            case .end(let keepAlive):
                ended(upstreamKeepAlive: keepAlive)
            case .invalid:
                upstreamFailed(UpstreamResponseError())
            }
        }
    }

    /// Passes body bytes to the client, chunked when the backend's framing cannot be passed on.
    private func relay(_ bytes: ByteBuffer) {
        guard bytes.readableBytes > 0 else { return }
        if rechunk {
            var size = context.channel.allocator.buffer(capacity: 12)
            size.writeChunkSize(bytes.readableBytes)
            append(size)
            append(bytes)
            var crlf = context.channel.allocator.buffer(capacity: 2)
            crlf.writeStaticString("\r\n")
            append(crlf)
        } else {
            append(bytes)
        }
    }

    /// Queues bytes for the client: small pieces are copied behind the pending head (one write).
    private func append(_ bytes: ByteBuffer) {
        if pending != nil, bytes.readableBytes <= 4096 {
            pending!.writeImmutableBuffer(bytes)
            return
        }
        writePending()
        relayed = true
        context.write(NIOAny(bytes), promise: nil)
    }

    private func writePending() {
        if let head = pending {
            relayed = true
            handler.writeHead(head, context: context)
            pending = nil
        }
    }

    /// The backend's answer is complete.
    private func ended(upstreamKeepAlive: Bool) {
        finished = true
        if rechunk {
            var last = context.channel.allocator.buffer(capacity: 5)
            last.writeStaticString("0\r\n\r\n")
            append(last)
        }
        // What is still pending goes out with the flush that ends the answer.
        let last = pending
        pending = nil
        if let connection {
            connection.handler.exchange = nil
            if upstreamKeepAlive {
                // A pooled connection must read again for its next exchange.
                if upstreamPaused { connection.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in } }
                pool.release(connection)
            } else {
                connection.channel.close(promise: nil)
            }
        }
        connection = nil
        handler.exchangeEnded(self)
        handler.finish(request, status: status, close: closeClient, context: context, writing: last)
    }

    func upstreamReadComplete() {
        guard headWritten, !finished else { return }
        writePending()
        context.flush()
        if !context.channel.isWritable, !upstreamPaused, let channel = connection?.channel {
            upstreamPaused = true
            channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
        }
    }

    func upstreamClosed() {
        guard !finished else { return }
        if case .end = reader.closed() {
            ended(upstreamKeepAlive: false)
        } else {
            upstreamFailed(ChannelError.ioOnClosedChannel)
        }
    }

    func upstreamFailed(_ error: any Error) {
        guard !finished else { return }
        if let connection {
            connection.handler.exchange = nil
            connection.channel.close(promise: nil)
        }
        connection = nil
        if !answered, reused, attempts < 2, Self.isIdempotent(plan.httpMethod ?? request.method) {
            connect()
            return
        }
        finished = true
        handler.exchangeEnded(self)
        if relayed {
            // Part of the answer is out: the client learns of the failure from the close, after
            // everything relayed so far.
            pending = nil
            let channel = context.channel
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(capacity: 0))).whenComplete { _ in
                channel.close(promise: nil)
            }
        } else {
            // Nothing reached the client yet (a head may wait in `pending`): a clean 502 instead.
            pending = nil
            handler.write(request.responses.render(.integrationFailure), for: request, context: context)
        }
    }

    /// RFC 9110 §9.2.2's idempotent methods: the only ones sent a second time.
    static func isIdempotent(_ method: String) -> Bool {
        switch method {
        case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE": return true
        default: return false
        }
    }

    /// The answer deadline, while the exchange still waits for the backend's head.
    var answerDeadline: NIODeadline? {
        finished || headWritten ? nil : deadline
    }

    /// The backend's head did not arrive by ``answerDeadline``: 504.
    func timedOut() {
        guard !finished, !headWritten else { return }
        finished = true
        if let connection {
            connection.handler.exchange = nil
            connection.channel.close(promise: nil)
        }
        connection = nil
        handler.exchangeEnded(self)
        handler.write(request.responses.render(.integrationTimeout), for: request, context: context)
    }

    // MARK: Downstream events

    func downstreamClosed() {
        guard !finished else { return }
        finished = true
        if let connection {
            connection.handler.exchange = nil
            connection.channel.close(promise: nil)
        }
        connection = nil
    }

    func downstreamWritabilityChanged(_ writable: Bool) {
        guard writable, upstreamPaused, let channel = connection?.channel else { return }
        upstreamPaused = false
        channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
        channel.read()
    }
}

/// A backend answered with something that is not a valid HTTP/1.1 response.
struct UpstreamResponseError: Error {}
