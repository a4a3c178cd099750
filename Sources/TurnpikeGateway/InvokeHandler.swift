#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
import NIOHTTP1
import TurnpikeLimits

/// The per-connection handler of the invoke listener, over raw bytes: ``InvokeConnectionState``
/// frames the requests (pipelined ones wait their turn, in order), ``InvokeRequestState`` decides
/// each one (routing, key check, limits), and this handler performs the actions: it answers MOCK
/// integrations and refusals itself, proxies HTTP integrations through the loop's upstream pool,
/// and hands anything that is not an invoke request to the admin endpoint.
final class InvokeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let environment: InvokeEnvironment
    private var state = InvokeRequestState()
    private var connection: InvokeConnectionState
    /// Request ids need uniqueness, not secrecy: a fast generator seeded once per connection
    /// avoids a `getrandom` system call per request.
    private var generator = FastRandom()
    private var context: ChannelHandlerContext?
    private var exchange: ProxyExchange?
    /// Counts request heads, so a quota verdict for an earlier request is recognised and dropped.
    private var requestSerial: UInt64 = 0
    /// The client's address for `X-Forwarded-For`, looked up once.
    private(set) lazy var clientAddress: String? = context?.channel.remoteAddress?.ipAddress
    /// Requests are being taken from ``connection`` (actions may finish a request meanwhile).
    private var processing = false
    /// Reading is paused (autoRead off) while too much is queued behind the current answer. An
    /// inbound handler only: NIO's reads then skip it, where a duplex one would see every `read`.
    private var readPaused = false
    /// The last answer head's buffer, reused for the next one.
    private var headScratch = ReusableBuffer()
    /// The channel's allocator, looked up once.
    private(set) lazy var allocator: ByteBufferAllocator = context?.channel.allocator ?? ByteBufferAllocator()
    /// The upstream pool of this connection's loop, looked up once.
    private lazy var pool: UpstreamPool? = context.flatMap { environment.pool(for: $0.eventLoop) }
    /// One timer per connection for the exchanges' answer deadlines. It is re-armed lazily: an
    /// exchange whose deadline is not earlier than the armed one schedules nothing, and the timer,
    /// when it fires early for the exchange now in flight, moves to that exchange's deadline.
    private var deadlineTimer: Scheduled<Void>?
    /// When ``deadlineTimer`` fires.
    private var deadlineTimerAt = NIODeadline.distantFuture
    /// The connection's timeouts (``ConnectionLimits``), in nanoseconds.
    private let limits: ConnectionLimits.Nanoseconds
    /// The client-side timeouts' timer: always armed no later than the timeout that applies, and
    /// re-armed when it fires early (activity moved the deadline), so requests schedule nothing.
    private var timeoutTimer: Scheduled<Void>?
    /// Since when the socket has refused more bytes (monotonic nanoseconds), for the write timeout.
    private var unwritableSince: UInt64?
    /// The body of the current request, kept only when a MOCK method validates it
    /// (``GatewaySnapshot/keepsBodyForValidation(_:)``; proxied bodies come with their action).
    private var validationBody: ByteBuffer?
    private var keepsValidationBody = false

    init(environment: InvokeEnvironment) {
        self.environment = environment
        self.limits = environment.connectionLimits.nanoseconds
        self.connection = InvokeConnectionState(maximumBodySize: environment.maximumBodySize)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { started(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        cancelDeadlineTimer()
        timeoutTimer?.cancel()
        timeoutTimer = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if timeoutTimer == nil { started(context: context) }
        context.fireChannelActive()
    }

    private func started(context: ChannelHandlerContext) {
        let now = NIODeadline.now().uptimeNanoseconds
        connection.opened(now: now)
        armTimeout(at: now &+ limits.idle, context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = NIODeadline.now().uptimeNanoseconds
        connection.received(unwrapInboundIn(data), now: now)
        process(context: context, now: now)
        if !readPaused, connection.shouldPauseReading {
            readPaused = true
            setAutoRead(false, context: context)
        }
    }

    private func setAutoRead(_ on: Bool, context: ChannelHandlerContext) {
        try? context.channel.syncOptions?.setOption(.autoRead, value: on)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadlineTimer()
        timeoutTimer?.cancel()
        timeoutTimer = nil
        exchange?.downstreamClosed()
        exchange = nil
        state = InvokeRequestState()
        connection.close()
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        let writable = context.channel.isWritable
        if writable {
            unwritableSince = nil
        } else if unwritableSince == nil {
            unwritableSince = NIODeadline.now().uptimeNanoseconds
        }
        exchange?.downstreamWritabilityChanged(writable)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        exchange?.downstreamClosed()
        exchange = nil
        connection.close()
        context.close(promise: nil)
    }

    // MARK: Requests

    /// Takes request events from the connection until it waits for bytes or for an answer; `now`
    /// is the monotonic time of the read (or answer) that let them through.
    private func process(context: ChannelHandlerContext, now: UInt64) {
        guard !processing else { return }
        processing = true
        defer { processing = false }
        // Every event but `wait` consumes bytes or ends a request, so this ends with the input.
        while true {
            switch connection.next() {
            case .wait:
                return
            case .malformed:
                refuseFraming("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n", context: context)
                return
            case .unsupportedCoding:
                refuseFraming("HTTP/1.1 501 Not Implemented\r\ncontent-length: 0\r\nconnection: close\r\n\r\n", context: context)
                return
            case .bodyTooLarge:
                run(state.bodyTooLarge(), context: context)
                return
            case .head(let head):
                let epochSeconds = environment.clock.epochSeconds()
                let identity = RequestIdentity(epochSeconds: epochSeconds, using: &generator)
                let (snapshot, limiter) = environment.snapshot.currentWithLimiter
                requestSerial &+= 1
                validationBody = nil
                keepsValidationBody = snapshot.keepsBodyForValidation(head)
                var action = state.requestHead(
                    head, identity: identity, snapshot: snapshot, limiter: limiter, now: now,
                    today: UTCDay(containing: epochSeconds),
                    hasAdmin: environment.hasAdmin, maximumBodySize: environment.maximumBodySize, adminOnly: environment.adminOnly)
                if state.collectsAdmin { action = checkAdminHead(head) }
                if head.expectsContinue, head.version.minor >= 1, head.chunked || (head.contentLength ?? 0) > 0,
                   connection.queuedBytes == 0, !isEarlyClose(action) {
                    var buffer = context.channel.allocator.buffer(capacity: 32)
                    buffer.writeStaticString("HTTP/1.1 100 Continue\r\n\r\n")
                    context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
                }
                run(action, context: context)
            case .body(let buffer):
                if keepsValidationBody { validationBody.append(buffer) }
                run(state.requestBody(buffer, maximumBodySize: environment.maximumBodySize), context: context)
            case .end:
                run(state.requestEnd(), context: context)
            }
            if connection.isClosed { return }
        }
    }

    private func isEarlyClose(_ action: InvokeRequestState.Action) -> Bool {
        if case .respond(_, _, closeAfter: true) = action { return true }
        return false
    }

    /// Checks an admin request's head before its body is read: a request that fails
    /// authentication, or announces a body over its operation's limit, is answered and the
    /// connection closed without reading (or asking for) the body.
    private func checkAdminHead(_ head: InvokeRequestHead) -> InvokeRequestState.Action {
        guard let admin = environment.admin else { return .none }
        let headers = head.headers.map { ($0.name, $0.value) }
        if let refusal = admin.refusalBeforeBody(method: head.method, target: head.uri, headers: headers) {
            return state.refuseBeforeBody(refusal)
        }
        return state.limitBody(to: admin.maximumBodySize(method: head.method, target: head.uri))
    }

    /// Answers a request whose framing cannot be read with a fixed `answer`, and closes.
    private func refuseFraming(_ answer: StaticString, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: answer.utf8CodeUnitCount)
        buffer.writeStaticString(answer)
        closeAfterWriting(buffer, context: context)
    }

    private func closeAfterWriting(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        connection.close()
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }

    // MARK: Timeouts

    private func armTimeout(at deadline: UInt64, context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timeoutTimer = context.eventLoop.scheduleTask(deadline: .uptimeNanoseconds(deadline)) {
            loopBound.value.timeoutFired()
        }
    }

    /// Ends the connection when the timeout that applies has passed; otherwise sleeps until it can.
    private func timeoutFired() {
        timeoutTimer = nil
        guard let context else { return }
        let now = NIODeadline.now().uptimeNanoseconds
        if let since = unwritableSince {
            if now &- since >= limits.write {
                connection.close()
                context.close(promise: nil)
                return
            }
            return armTimeout(at: min(since &+ limits.write, now &+ limits.shortest), context: context)
        }
        guard let (timeout, deadline) = connection.deadline(limits) else {
            // Answering: no client timeout applies until the answer is written.
            return armTimeout(at: now &+ limits.shortest, context: context)
        }
        guard deadline <= now else { return armTimeout(at: deadline, context: context) }
        switch timeout {
        case .idle:
            connection.close()
            context.close(promise: nil)
        case .head, .body:
            exchange?.downstreamClosed()
            exchange = nil
            refuseFraming("HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n", context: context)
        }
    }

    // MARK: Actions

    private func run(_ action: InvokeRequestState.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .respond(let response, let request, let closeAfter):
            environment.refusals?.record(status: response.status, day: UTCDay(containing: request.identity.epochSeconds))
            write(response, for: request, context: context, close: closeAfter, correlation: needsCorrelation(response, request))
        case .mock(let response, let request):
            if let refusal = request.validationRefusal(body: validationBody) {
                return run(.respond(refusal, request, closeAfter: false), context: context)
            }
            countUsage(of: request)
            write(response, for: request, context: context)
        case .admin(let request, let body):
            dispatchAdmin(request, body: body, context: context)
        case .proxy(let request, let plan, let body):
            if let refusal = request.validationRefusal(body: body) {
                return run(.respond(refusal, request, closeAfter: false), context: context)
            }
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

    /// Writes a complete answer and finishes the request. An answer to `HEAD`, and a 1xx, 204 or
    /// 304 answer, carries no body (RFC 9110 §9.3.2, §15); 1xx, 204 and 304 no `Content-Length`
    /// either, and a 1xx (a MOCK can be set to one) ends the connection, as no final answer follows.
    /// Admin answers (`correlation` false) carry the admin API's own request id only.
    func write(_ response: RenderedResponse, for request: InvokeRequest, context: ChannelHandlerContext, close: Bool = false,
               correlation: Bool = true) {
        let status = response.status
        let framesBody = status >= 200 && status != 204 && status != 304
        let sendsBody = framesBody && request.method != "HEAD"
        let close = close || status < 200
        var buffer = context.channel.allocator.buffer(capacity: 384 + (sendsBody ? response.body.count : 0))
        buffer.writeStatusLine(version: request.version, status: status)
        for (name, value) in response.headers where !(name.utf8.count == 14 && name.lowercased() == "content-length") {
            buffer.writeHeader(name: name, value)
        }
        if framesBody { buffer.writeHeader("content-length", String(response.body.count)) }
        writeCommonFields(into: &buffer, status: status, for: request, close: close, correlation: correlation)
        buffer.writeStaticString("\r\n")
        if sendsBody { buffer.writeBytes(response.body) }
        finish(request, status: status, close: close, context: context, writing: buffer)
    }

    /// The head of a backend's answer for the client: its status line and end-to-end headers, the
    /// framing (`rechunk`: the body goes out chunked), and the gateway's own headers.
    func proxiedHead(_ head: UpstreamResponseHead, for request: InvokeRequest, rechunk: Bool, close: Bool) -> ByteBuffer {
        var buffer = headScratch.take(capacity: head.bytes.readableBytes + 320, allocator: allocator)
        buffer.writeStatusLine(version: request.version, of: head)
        ProxyHeaders.writeDownstreamResponseFields(of: head, into: &buffer)
        if rechunk { buffer.writeStaticString("transfer-encoding: chunked\r\n") }
        writeCommonFields(into: &buffer, status: head.status, for: request, close: close)
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// Writes an answer's head (made by ``proxiedHead(_:for:rechunk:close:)``, perhaps with body
    /// bytes behind it) and keeps its storage for the next answer's head.
    func writeHead(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(buffer), promise: nil)
        headScratch.keep(buffer)
    }

    /// ``writeHead(_:context:)`` and a flush, in one pass through the pipeline.
    private func writeHeadAndFlush(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        headScratch.keep(buffer)
    }

    /// Whether an answer needs the invoke path's correlation fields: every answer but the admin
    /// API's own, which carry its request id (one `x-amzn-RequestId` per answer).
    func needsCorrelation(_ response: RenderedResponse, _ request: InvokeRequest) -> Bool {
        !request.isAdmin || !response.headers.contains { $0.0.lowercased() == "x-amzn-requestid" }
    }

    /// The correlation headers, `connection: close` when the connection ends, and the rate-limit fields.
    private func writeCommonFields(into buffer: inout ByteBuffer, status: Int, for request: InvokeRequest, close: Bool,
                                   correlation: Bool = true) {
        if correlation { buffer.writeCorrelation(of: request.identity) }
        if close || !request.keepAlive { buffer.writeStaticString("connection: close\r\n") }
        if environment.rateLimitHeaders || request.stageRateLimitHeaders {
            addRateLimitFields(to: &buffer, for: request, status: status)
        }
    }

    /// Ends the response (writing its last bytes, `writing`, when there are some), logs it, closes
    /// the connection when it must not be reused, and lets the next pipelined request through.
    func finish(_ request: InvokeRequest, status: Int, close: Bool, context: ChannelHandlerContext, writing last: ByteBuffer? = nil) {
        let mustClose = close || !request.keepAlive
        if environment.accessLog { logAccess(request, status: status) }
        state.responseFinished()
        if mustClose {
            connection.close()
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(last ?? context.channel.allocator.buffer(capacity: 0)))
                .whenComplete { _ in channel.close(promise: nil) }
            return
        }
        if let last {
            writeHeadAndFlush(last, context: context)
        } else {
            context.flush()
        }
        let now = NIODeadline.now().uptimeNanoseconds
        connection.answered(now: now)
        if readPaused, !connection.shouldPauseReading {
            readPaused = false
            setAutoRead(true, context: context)
        }
        process(context: context, now: now)
    }

    /// `RateLimit-Policy` / `RateLimit` for keyed requests of plans with limits, and `Retry-After` on 429s.
    private func addRateLimitFields(to headers: inout ByteBuffer, for request: InvokeRequest, status: Int) {
        let now = NIODeadline.now().uptimeNanoseconds
        var fields: RateLimitFields?
        if let keyId = request.keyId, let planId = request.planId {
            // The slot in the current snapshot: the request's own may be older.
            let (snapshot, limiter) = environment.snapshot.currentWithLimiter
            if let slot = snapshot.throttles.slot(planId: planId, keyId: keyId) {
                fields = limiter.rateLimitFields(slot: slot, now: now, epochSeconds: environment.clock.epochSeconds())
            }
        }
        if let fields {
            headers.writeHeader("RateLimit-Policy", fields.policy)
            if !fields.limit.isEmpty { headers.writeHeader("RateLimit", fields.limit) }
        }
        guard status == 429 else { return }
        if let wait = request.retryAfterNanoseconds {
            headers.writeHeader("Retry-After", String(RateLimitFields.retryAfter(nanoseconds: wait)))
        } else if let reset = fields?.quotaResetSeconds {
            headers.writeHeader("Retry-After", String(reset))
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
        let loopBound = NIOLoopBound((self, context, request), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        Task {
            let answer = await admin.answer(method: method, target: uri, headers: headers, body: bytes)
            eventLoop.execute {
                let (handler, context, request) = loopBound.value
                guard handler.context != nil else { return }
                handler.write(answer, for: request, context: context, correlation: handler.needsCorrelation(answer, request))
            }
        }
    }

    // MARK: Proxy

    /// Counts a keyed request that reached its integration (AWS counts it whatever the integration
    /// answers; refusals never count).
    private func countUsage(of request: InvokeRequest) {
        guard let usage = environment.usage, let admission = request.admission else { return }
        usage.record(admission.usage, day: UTCDay(containing: request.identity.epochSeconds))
    }

    private func startProxy(_ request: InvokeRequest, plan: HTTPProxyPlan, body: ByteBuffer?, context: ChannelHandlerContext) {
        countUsage(of: request)
        guard let pool else {
            write(request.responses.render(.integrationFailure), for: request, context: context)
            return
        }
        let exchange = ProxyExchange(handler: self, context: context, pool: pool, request: request, plan: plan, body: body)
        self.exchange = exchange
        exchange.start()
    }

    /// Makes sure the deadline timer fires no later than `deadline` (an exchange's answer deadline).
    func armDeadline(_ deadline: NIODeadline, context: ChannelHandlerContext) {
        if deadlineTimer != nil, deadlineTimerAt <= deadline { return }
        deadlineTimer?.cancel()
        scheduleDeadlineTimer(at: deadline, context: context)
    }

    private func scheduleDeadlineTimer(at deadline: NIODeadline, context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        deadlineTimerAt = deadline
        deadlineTimer = context.eventLoop.scheduleTask(deadline: deadline) { loopBound.value.deadlineTimerFired() }
    }

    /// Times out the exchange in flight when its deadline has passed, or re-arms for it.
    private func deadlineTimerFired() {
        deadlineTimer = nil
        deadlineTimerAt = .distantFuture
        guard let context, let exchange, let deadline = exchange.answerDeadline else { return }
        if deadline <= .now() {
            exchange.timedOut()
        } else {
            scheduleDeadlineTimer(at: deadline, context: context)
        }
    }

    private func cancelDeadlineTimer() {
        deadlineTimer?.cancel()
        deadlineTimer = nil
        deadlineTimerAt = .distantFuture
    }

    /// Called by an exchange when it is over, whatever the outcome (a pipelined request may
    /// already have started the next one).
    func exchangeEnded(_ ended: ProxyExchange) {
        if exchange === ended { exchange = nil }
    }
}
