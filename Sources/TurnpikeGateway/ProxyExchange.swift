import NIOCore
import NIOHTTP1

/// One request proxied to a backend: borrows a pooled connection of the loop, sends the request,
/// streams the answer back (pausing the backend while the client cannot keep up), and answers
/// 504 on timeout or 502 when the backend cannot be reached. A request that fails on a reused
/// keep-alive connection before any answer arrived is retried once on a fresh connection.
final class ProxyExchange: UpstreamExchange {
    private unowned let handler: InvokeHandler
    private let context: ChannelHandlerContext
    private let pool: UpstreamPool
    private let request: InvokeRequest
    private let plan: HTTPProxyPlan
    private let body: ByteBuffer?
    private let key: UpstreamKey

    private var connection: UpstreamConnection?
    private var reused = false
    private var attempts = 0
    private var headWritten = false
    private var finished = false
    private var status = 0
    private var upstreamKeepAlive = true
    private var timeout: Scheduled<Void>?

    init(handler: InvokeHandler, context: ChannelHandlerContext, pool: UpstreamPool, request: InvokeRequest,
         plan: HTTPProxyPlan, body: ByteBuffer?) {
        self.handler = handler
        self.context = context
        self.pool = pool
        self.request = request
        self.plan = plan
        self.body = body
        self.key = UpstreamKey(host: plan.host, port: plan.port)
    }

    func start() {
        guard plan.scheme == "http" else {
            // TLS to backends is not built yet: answer as AWS does when it cannot reach one.
            finished = true
            handler.write(request.responses.render(.integrationFailure), for: request, context: context)
            handler.exchangeEnded()
            return
        }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: .milliseconds(Int64(plan.timeoutMilliseconds))) {
            loopBound.value.timedOut()
        }
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
        let method = HTTPMethod(rawValue: plan.httpMethod ?? request.method)
        let uri = request.match.map { plan.upstreamTarget(requestPath: request.target?.path ?? "/", match: $0, rawQuery: request.target?.rawQuery ?? "") } ?? "/"
        var headers = ProxyHeaders.upstreamRequestHeaders(
            from: request.headers, clientAddress: context.channel.remoteAddress?.ipAddress,
            upstreamHost: plan.hostHeader)
        headers.remove(name: "transfer-encoding")
        if let body, body.readableBytes > 0 {
            headers.replaceOrAdd(name: "content-length", value: String(body.readableBytes))
        } else if method == .POST || method == .PUT || method == .PATCH {
            headers.replaceOrAdd(name: "content-length", value: "0")
        } else {
            headers.remove(name: "content-length")
        }
        let channel = connection.channel
        channel.write(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: headers)), promise: nil)
        if let body, body.readableBytes > 0 {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }

    // MARK: Upstream events

    func upstreamResponsePart(_ part: HTTPClientResponsePart) {
        guard !finished else { return }
        switch part {
        case .head(let head):
            guard head.status.code >= 200 else { return }  // 1xx interim answers are not passed on
            timeout?.cancel()
            status = Int(head.status.code)
            upstreamKeepAlive = head.isKeepAlive
            handler.writeHead(status: head.status, headers: ProxyHeaders.downstreamResponseHeaders(from: head.headers),
                              for: request, close: false, context: context)
            headWritten = true
        case .body(let buffer):
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
        case .end:
            finished = true
            if let connection {
                connection.handler.exchange = nil
                if upstreamKeepAlive { pool.release(connection) } else { connection.channel.close(promise: nil) }
            }
            connection = nil
            handler.finish(request, status: status, close: false, context: context)
            handler.exchangeEnded()
        }
    }

    func upstreamReadComplete() {
        guard headWritten, !finished else { return }
        context.flush()
        if !context.channel.isWritable {
            connection?.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
        }
    }

    func upstreamFailed(_ error: any Error) {
        guard !finished else { return }
        connection?.handler.exchange = nil
        connection = nil
        if !headWritten, reused, attempts < 2 {
            connect()
            return
        }
        finished = true
        timeout?.cancel()
        if headWritten {
            context.close(promise: nil)
        } else {
            handler.write(request.responses.render(.integrationFailure), for: request, context: context)
        }
        handler.exchangeEnded()
    }

    private func timedOut() {
        guard !finished, !headWritten else { return }
        finished = true
        if let connection {
            connection.handler.exchange = nil
            connection.channel.close(promise: nil)
        }
        connection = nil
        handler.write(request.responses.render(.integrationTimeout), for: request, context: context)
        handler.exchangeEnded()
    }

    // MARK: Downstream events

    func downstreamClosed() {
        guard !finished else { return }
        finished = true
        timeout?.cancel()
        if let connection {
            connection.handler.exchange = nil
            connection.channel.close(promise: nil)
        }
        connection = nil
    }

    func downstreamWritabilityChanged(_ writable: Bool) {
        guard let channel = connection?.channel else { return }
        channel.setOption(ChannelOptions.autoRead, value: writable).whenFailure { _ in }
        if writable { channel.read() }
    }
}
