import NIOCore
import TurnpikeLimits

/// The bytes of the answers: complete ones (refusals, MOCK integrations, the admin API) and the
/// heads of backends' answers, with the gateway's own fields.
extension InvokeConnectionMachine {
    /// Writes a complete answer and finishes the request. An answer to `HEAD`, and a 1xx, 204 or
    /// 304 answer, carries no body (RFC 9110 §9.3.2, §15); 1xx, 204 and 304 no `Content-Length`
    /// either, and a 1xx (a MOCK can be set to one) ends the connection, as no final answer follows.
    /// Admin answers (`correlation` false) carry the admin API's own request id only.
    mutating func write(_ response: RenderedResponse, for request: InvokeRequest, now: UInt64, close: Bool = false,
                        correlation: Bool = true, refused: Bool = false) {
        let status = response.status
        let framesBody = status >= 200 && status != 204 && status != 304
        let sendsBody = framesBody && request.method != "HEAD"
        let close = close || status < 200
        var buffer = allocator.buffer(capacity: 384 + (sendsBody ? response.body.count : 0))
        buffer.writeStatusLine(version: request.version, status: status)
        for (name, value) in response.headers where !(name.utf8.count == 14 && name.lowercased() == "content-length") {
            buffer.writeHeader(name: name, value)
        }
        if framesBody { buffer.writeHeader("content-length", String(response.body.count)) }
        writeCommonFields(into: &buffer, status: status, for: request, close: close, now: now, correlation: correlation)
        buffer.writeStaticString("\r\n")
        if sendsBody { buffer.writeBytes(response.body) }
        let summary = AnswerSummary(
            status: status, refused: refused, responseType: response.type, bodyBytes: sendsBody ? response.body.count : 0)
        finish(request, summary, close: close, now: now, writing: buffer)
    }

    /// The head of the backend's answer in flight, for the client: its status line and end-to-end
    /// headers, the framing (chunked when the backend's cannot be passed on), and the gateway's own
    /// headers. The backend's head is read in place (see ``HeaderFields``).
    mutating func proxiedHead(now: UInt64) -> ByteBuffer {
        var buffer = headScratch.take(capacity: upstreamHead.bytes.readableBytes + 320, allocator: allocator)
        let request = exchange!.request
        buffer.writeStatusLine(version: request.version, status: upstreamHead.status, reason: upstreamHead.reason,
                               in: upstreamHead.bytes)
        ProxyHeaders.writeDownstreamResponseFields(of: &upstreamHead, into: &buffer)
        if exchange!.rechunk { buffer.writeStaticString("transfer-encoding: chunked\r\n") }
        writeCommonFields(into: &buffer, status: exchange!.status, for: request, close: exchange!.closeClient, now: now)
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// Whether an answer needs the invoke path's correlation fields: every answer but the admin
    /// API's own, which carry its request id (one `x-amzn-RequestId` per answer).
    func needsCorrelation(_ response: RenderedResponse, _ request: InvokeRequest) -> Bool {
        !request.isAdmin || !response.headers.contains { $0.0.lowercased() == "x-amzn-requestid" }
    }

    /// The correlation headers, `connection: close` when the connection ends, and the rate-limit
    /// fields. `mutating` only so that the machine is passed in place: called from a mutating
    /// method, a non-mutating one gets a copy of the machine, which retains each of its references.
    private mutating func writeCommonFields(into buffer: inout ByteBuffer, status: Int, for request: InvokeRequest, close: Bool,
                                   now: UInt64, correlation: Bool = true) {
        if correlation { buffer.writeCorrelation(of: request.identity) }
        if close || !request.keepAlive || draining { buffer.writeStaticString("connection: close\r\n") }
        if environment.rateLimitHeaders || request.stageRateLimitHeaders {
            addRateLimitFields(to: &buffer, for: request, status: status, now: now)
        }
    }

    /// `RateLimit-Policy` / `RateLimit` for keyed requests of plans with limits, and `Retry-After` on
    /// 429s. `mutating` only so that the machine is passed in place (see ``writeCommonFields``).
    private mutating func addRateLimitFields(to headers: inout ByteBuffer, for request: InvokeRequest, status: Int, now: UInt64) {
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
}
