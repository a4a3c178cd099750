#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
import NIOHTTP1
import TurnpikeLimits

/// The per-connection handler of the invoke listener: routes each request over the snapshot,
/// checks its API key, answers MOCK integrations and refusals itself, proxies HTTP integrations
/// through the loop's upstream pool, and hands anything that is not an invoke request to the admin
/// endpoint. NIO's pipelining handler in front of it delivers one request at a time.
final class InvokeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let environment: InvokeEnvironment
    private var state = InvokeRequestState()
    /// Request ids need uniqueness, not secrecy: a fast generator seeded once per connection
    /// avoids a `getrandom` system call per request.
    private var generator = FastRandom()
    private var context: ChannelHandlerContext?
    private var exchange: ProxyExchange?
    /// Counts request heads, so a quota verdict for an earlier request is recognised and dropped.
    private var requestSerial: UInt64 = 0

    init(environment: InvokeEnvironment) {
        self.environment = environment
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let epochSeconds = environment.clock.epochSeconds()
            let identity = RequestIdentity(epochSeconds: epochSeconds, using: &generator)
            let (snapshot, limiter) = environment.snapshot.currentWithLimiter
            requestSerial &+= 1
            let action = state.requestHead(
                head, identity: identity, snapshot: snapshot, limiter: limiter, now: NIODeadline.now().uptimeNanoseconds,
                today: UTCDay(containing: epochSeconds),
                hasAdmin: environment.admin != nil, maximumBodySize: environment.maximumBodySize)
            run(action, context: context)
        case .body(let buffer):
            run(state.requestBody(buffer, maximumBodySize: environment.maximumBodySize), context: context)
        case .end:
            run(state.requestEnd(), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        exchange?.downstreamClosed()
        exchange = nil
        state = InvokeRequestState()
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        exchange?.downstreamWritabilityChanged(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        exchange?.downstreamClosed()
        exchange = nil
        context.close(promise: nil)
    }

    // MARK: Actions

    private func run(_ action: InvokeRequestState.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .respond(let response, let request, let closeAfter):
            write(response, for: request, context: context, close: closeAfter)
        case .mock(let response, let request):
            countUsage(of: request)
            write(response, for: request, context: context)
        case .admin(let request, let body):
            dispatchAdmin(request, body: body, context: context)
        case .proxy(let request, let plan, let body):
            startProxy(request, plan: plan, body: body, context: context)
        case .reserveQuota(let key, let count, let window, let park):
            guard let quota = environment.quota else { return run(state.quotaDecided(.unavailable), context: context) }
            quota.reserve(key, count: count, window: window, waiter: park ? waiter(context: context) : nil)
        case .awaitQuota(let key):
            guard let quota = environment.quota else { return run(state.quotaDecided(.unavailable), context: context) }
            quota.await(key, waiter: waiter(context: context))
        }
    }

    /// Wakes this handler, on its loop, with the quota verdict for the current request.
    private func waiter(context: ChannelHandlerContext) -> QuotaReserver.Waiter {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let serial = requestSerial
        return { verdict in
            eventLoop.execute {
                let (handler, context) = loopBound.value
                guard handler.context != nil, handler.requestSerial == serial else { return }
                handler.run(handler.state.quotaDecided(verdict), context: context)
            }
        }
    }

    /// Writes a complete answer and finishes the request.
    func write(_ response: RenderedResponse, for request: InvokeRequest, context: ChannelHandlerContext, close: Bool = false) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 5)
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        headers.replaceOrAdd(name: "content-length", value: String(response.body.count))
        writeHead(status: HTTPResponseStatus(statusCode: response.status), headers: headers, for: request, close: close, context: context)
        if !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        }
        finish(request, status: response.status, close: close, context: context)
    }

    /// Writes a response head with the correlation headers.
    func writeHead(status: HTTPResponseStatus, headers: HTTPHeaders, for request: InvokeRequest, close: Bool,
                   context: ChannelHandlerContext) {
        var headers = headers
        headers.add(name: "x-amzn-RequestId", value: request.identity.requestId)
        headers.add(name: "x-amz-apigw-id", value: request.identity.gatewayId)
        headers.add(name: "X-Amzn-Trace-Id", value: request.identity.traceId)
        if close || !request.keepAlive { headers.replaceOrAdd(name: "connection", value: "close") }
        if environment.rateLimitHeaders || request.stageRateLimitHeaders {
            addRateLimitFields(to: &headers, for: request, status: status)
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
    }

    /// Ends the response, logs it, and closes the connection when it must not be reused.
    func finish(_ request: InvokeRequest, status: Int, close: Bool, context: ChannelHandlerContext) {
        let mustClose = close || !request.keepAlive
        if environment.accessLog { logAccess(request, status: status) }
        state.responseFinished()
        if mustClose {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// `RateLimit-Policy` / `RateLimit` for keyed requests of plans with limits, and `Retry-After` on 429s.
    private func addRateLimitFields(to headers: inout HTTPHeaders, for request: InvokeRequest, status: HTTPResponseStatus) {
        let now = NIODeadline.now().uptimeNanoseconds
        var fields: RateLimitFields?
        if let keyId = request.keyId, let planId = request.planId {
            let (snapshot, limiter) = environment.snapshot.currentWithLimiter
            if let slot = snapshot.throttles.slot(planId: planId, keyId: keyId) {
                fields = limiter.rateLimitFields(slot: slot, now: now, epochSeconds: environment.clock.epochSeconds())
            }
        }
        if let fields {
            headers.add(name: "RateLimit-Policy", value: fields.policy)
            if !fields.limit.isEmpty { headers.add(name: "RateLimit", value: fields.limit) }
        }
        guard status == .tooManyRequests else { return }
        if let wait = request.retryAfterNanoseconds {
            headers.add(name: "Retry-After", value: String(RateLimitFields.retryAfter(nanoseconds: wait)))
        } else if let reset = fields?.quotaResetSeconds {
            headers.add(name: "Retry-After", value: String(reset))
        }
    }

    private func logAccess(_ request: InvokeRequest, status: Int) {
        let elapsed = NIODeadline.now() - request.started
        environment.logger.info("request", metadata: [
            "requestId": "\(request.identity.requestId)", "method": "\(request.method)", "path": "\(request.uri)",
            "apiId": "\(request.apiId ?? "-")", "stage": "\(request.stage ?? "-")", "keyId": "\(request.keyId ?? "-")",
            "status": "\(status)", "micros": "\(elapsed.nanoseconds / 1000)",
        ])
    }

    // MARK: Admin

    private func dispatchAdmin(_ request: InvokeRequest, body: ByteBuffer?, context: ChannelHandlerContext) {
        guard let admin = environment.admin else { return }
        let bytes = body.map { Array(buffer: $0) } ?? []
        let headers = request.headers.map { ($0.name, $0.value) }
        let method = request.method
        let uri = request.uri
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        Task {
            let answer = await admin.answer(method: method, target: uri, headers: headers, body: bytes)
            eventLoop.execute {
                let (handler, context) = loopBound.value
                guard handler.context != nil else { return }
                handler.write(answer, for: request, context: context)
            }
        }
    }

    // MARK: Proxy

    /// Counts a keyed request that reached its integration (AWS counts it whatever the integration
    /// answers; refusals never count).
    private func countUsage(of request: InvokeRequest) {
        guard let usage = environment.usage, let keyId = request.keyId, let planId = request.planId else { return }
        usage.record(planId: planId, keyId: keyId, day: UTCDay(containing: request.identity.epochSeconds))
    }

    private func startProxy(_ request: InvokeRequest, plan: HTTPProxyPlan, body: ByteBuffer?, context: ChannelHandlerContext) {
        countUsage(of: request)
        guard let pool = environment.pool(for: context.eventLoop) else {
            write(request.responses.render(.integrationFailure), for: request, context: context)
            return
        }
        let exchange = ProxyExchange(handler: self, context: context, pool: pool, request: request, plan: plan, body: body)
        self.exchange = exchange
        exchange.start()
    }

    /// Called by the exchange when it is over, whatever the outcome.
    func exchangeEnded() {
        exchange = nil
    }
}
