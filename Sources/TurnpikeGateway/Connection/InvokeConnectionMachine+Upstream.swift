import NIOCore

/// The backend exchange of the request being answered: a connection is asked for, the request
/// written (head and body in one buffer when small), the answer streamed back (the backend paused
/// while the client cannot keep up), 504 when its head is late, 502 when it cannot be reached.
extension InvokeConnectionMachine {
    /// Starts proxying `request` with `plan`.
    mutating func startExchange(_ request: InvokeRequest, plan: HTTPProxyPlan, body: ByteBuffer?, now: UInt64) {
        countUsage(of: request)
        // The exchange is built in place and read through `exchange!` below: a copy of it would
        // retain each of its references.
        exchange = UpstreamExchangeState(request: request, plan: plan, body: body, serial: serial, now: now)
        perform(.acquireUpstream(plan.upstreamKey, connectTimeout: exchange!.connectTimeout, serial: serial))
        scheduleTimer(now: now)
    }

    /// A connection for exchange `serial` is ready (`reused`: from the pool). False when that
    /// exchange is over: the caller returns the connection to the pool.
    mutating func upstreamConnected(serial: UInt64, reused: Bool) -> Bool {
        guard !isClosed, exchange?.serial == serial, exchange?.connected == false else { return false }
        exchange!.connected(reused: reused)
        if let lambda = exchange!.lambda {
            perform(.sendUpstream(lambdaCall(exchange!, lambda), body: nil))
            return true
        }
        let request = exchange!.request
        let plan = exchange!.plan
        var target = "/"
        if let match = request.match, let invoke = request.target {
            target = plan.upstreamTarget(requestPath: invoke.path, match: match, rawQuery: invoke.rawQuery)
        }
        let body = exchange!.body
        let bodyLength = body?.readableBytes ?? 0
        // The head and a small body go out in one buffer, so in one write.
        let inline = bodyLength <= 4096
        var buffer = upstreamScratch.take(
            capacity: request.head.bytes.readableBytes + 256 + (inline ? bodyLength : 0), allocator: allocator)
        ProxyHeaders.writeUpstreamRequestHead(
            into: &buffer, method: plan.httpMethod ?? request.method, target: target, head: request.head,
            clientAddress: clientAddress, identity: request.identity, upstreamHost: plan.hostHeader, bodyLength: bodyLength)
        var separate: ByteBuffer?
        if let body, bodyLength > 0 {
            if inline { buffer.writeImmutableBuffer(body) } else { separate = body }
        }
        perform(.sendUpstream(buffer, body: separate))
        upstreamScratch.keep(buffer)
        return true
    }

    /// Bytes from the backend.
    mutating func upstreamRead(_ buffer: ByteBuffer, now: UInt64) {
        guard !isClosed, exchange != nil else { return }
        exchange!.received(buffer)
        // Every event but `wait` consumes bytes or ends the answer, so this ends with the input.
        while let event = exchange?.next(head: &upstreamHead) {
            switch event {
            case .wait:
                return
            case .head:
                exchange!.answeredAfter = now &- exchange!.started
                if exchange!.lambda != nil {
                    lambdaHead()
                } else {
                    pending = proxiedHead(now: now)
                }
                // Its bytes are a slice of the read buffer, which NIO reuses once no one holds it.
                upstreamHead.bytes = ByteBuffer()
            case .body(let bytes):
                if exchange!.lambda != nil {
                    if !collectLambdaPayload(bytes) { return upstreamFailed(now: now) }
                    continue
                }
                relay(bytes)
            case .end(let keepAlive):
                return upstreamEnded(reuse: keepAlive, now: now)
            case .invalid:
                return upstreamFailed(now: now)
            }
        }
    }

    /// The end of one read burst from the backend: what was passed on goes out; the backend pauses
    /// when the client's socket is full.
    mutating func upstreamReadComplete(clientWritable: Bool) {
        guard !isClosed, exchange?.headSeen == true, exchange!.lambda == nil else { return }
        writePending()
        perform(.flush)
        if !clientWritable, !exchange!.upstreamPaused {
            exchange!.upstreamPaused = true
            perform(.pauseUpstream)
        }
    }

    /// The backend closed the connection: the end of an answer framed by the close, or a failure.
    mutating func upstreamClosed(now: UInt64) {
        guard !isClosed, exchange != nil else { return }
        if case .end = exchange!.closed() {
            upstreamEnded(reuse: false, now: now)
        } else {
            upstreamFailed(now: now, reason: "the backend closed the connection before its response was complete")
        }
    }

    /// The connection could not be made, failed, or the backend's answer was invalid: retried once
    /// when that is safe, otherwise 502 (or, when part of the answer is out, the client's
    /// connection closes after it). `reason`, when given, is logged once the failure is final
    /// (an error the connection reported is logged where it is caught).
    mutating func upstreamFailed(now: UInt64, reason: String? = nil) {
        guard !isClosed, var exchange else { return }
        perform(.closeUpstream)
        if exchange.retries() {
            self.exchange = exchange
            perform(.acquireUpstream(exchange.plan.upstreamKey, connectTimeout: exchange.connectTimeout, serial: exchange.serial))
            return
        }
        if let reason { perform(.warnUpstream(exchange.plan.upstreamKey, reason: reason)) }
        self.exchange = nil
        if exchange.relayed {
            pending = nil
            framing.close()
            isClosed = true
            perform(.writeAndClose(nil))
        } else {
            // Nothing reached the client yet (a head may wait in `pending`): a clean 502 instead.
            pending = nil
            write(exchange.request.responses.render(.integrationFailure), for: exchange.request, now: now)
            process(now: now)
        }
    }

    /// The backend's head did not arrive by the exchange's deadline: 504.
    mutating func upstreamTimedOut(now: UInt64) {
        guard let exchange, !exchange.headSeen else { return }
        self.exchange = nil
        perform(.closeUpstream)
        perform(.warnUpstream(exchange.plan.upstreamKey, reason: "no response head within the integration's timeout"))
        write(exchange.request.responses.render(.integrationTimeout), for: exchange.request, now: now)
        process(now: now)
    }

    /// Passes body bytes to the client, chunked when the backend's framing cannot be passed on.
    private mutating func relay(_ bytes: ByteBuffer) {
        guard bytes.readableBytes > 0 else { return }
        exchange!.bodyBytes &+= bytes.readableBytes
        if exchange!.rechunk {
            var size = allocator.buffer(capacity: 12)
            size.writeChunkSize(bytes.readableBytes)
            append(size)
            append(bytes)
            var crlf = allocator.buffer(capacity: 2)
            crlf.writeStaticString("\r\n")
            append(crlf)
        } else {
            append(bytes)
        }
    }

    /// Queues bytes for the client: small pieces are copied behind the pending head (one write).
    private mutating func append(_ bytes: ByteBuffer) {
        if pending != nil, bytes.readableBytes <= 4096 {
            pending!.writeImmutableBuffer(bytes)
            return
        }
        writePending()
        exchange!.relayed = true
        perform(.write(bytes, flush: false))
    }

    private mutating func writePending() {
        guard let head = pending else { return }
        pending = nil
        exchange!.relayed = true
        perform(.write(head, flush: false))
        headScratch.keep(head)
    }

    /// The backend's answer is complete.
    private mutating func upstreamEnded(reuse: Bool, now: UInt64) {
        guard self.exchange != nil else { return }
        if let lambda = self.exchange!.lambda { return finishLambda(self.exchange!, lambda, reuse: reuse, now: now) }
        if self.exchange!.rechunk {
            var last = allocator.buffer(capacity: 5)
            last.writeStaticString("0\r\n\r\n")
            append(last)
        }
        // Read in place: the exchange is a few hundred bytes, and taking it out would copy them.
        let request = exchange!.request, close = exchange!.closeClient, paused = exchange!.upstreamPaused
        let summary = AnswerSummary(
            status: exchange!.status, bodyBytes: exchange!.bodyBytes, integrationStatus: exchange!.status,
            integrationNanoseconds: exchange!.answeredAfter)
        exchange = nil
        // What is still pending goes out with the flush that ends the answer.
        let last = pending
        pending = nil
        perform(.releaseUpstream(reuse: reuse, resumeReading: paused))
        finish(request, summary, close: close, now: now, writing: last)
        process(now: now)
    }
}
