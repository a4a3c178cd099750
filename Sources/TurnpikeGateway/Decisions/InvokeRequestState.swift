import NIOCore
import NIOHTTP1
import TurnpikeLimits

/// The decisions of one invoke connection, as a value: each request part goes in, an action comes
/// out, and the handler performs it. No I/O here, so every refusal path is testable directly.
struct InvokeRequestState {
    /// What the handler must do.
    enum Action {
        case none
        /// Answer now; `closeAfter` ends the connection (the rest of the request is not read).
        case respond(RenderedResponse, InvokeRequest, closeAfter: Bool)
        /// Answer with a MOCK integration's response: the request reached its integration.
        case mock(RenderedResponse, InvokeRequest)
        /// Hand the collected request to the admin endpoint.
        case admin(InvokeRequest, body: ByteBuffer?)
        /// Send the collected request upstream.
        case proxy(InvokeRequest, HTTPProxyPlan, body: ByteBuffer?)
        /// Invoke the collected request's Lambda function.
        case invokeLambda(InvokeRequest, LambdaPlan, body: ByteBuffer?)
        /// Reserve `count` of the key's quota for the window starting `window`; when `park`, the
        /// request waits for the verdict (``quotaDecided(_:)``), otherwise it goes on.
        case reserveQuota(ThrottleLayout.PlanKey, count: Int, window: UTCDay, park: Bool)
        /// Wait for the reservation in flight for the key, then ``quotaDecided(_:)``.
        case awaitQuota(ThrottleLayout.PlanKey)
    }

    /// What the limiter asks for a request that passed its checks so far.
    private enum LimitOutcome {
        case proceed
        case refuse(GatewayResponseType, retryAfterNanoseconds: UInt64? = nil)
        case reserve(ThrottleLayout.PlanKey, count: Int, window: UTCDay, park: Bool)
        case await(ThrottleLayout.PlanKey)
    }

    private enum Pending {
        case admin
        case mock(MockResponse)
        case proxy(HTTPProxyPlan)
        case lambda(LambdaPlan)
    }

    private enum Phase {
        /// Waiting for a request head.
        case idle
        /// Reading the body of a request that will be served at its end.
        case collecting(InvokeRequest, Pending, body: ByteBuffer?)
        /// Reading (and dropping) the body of a request already refused; the answer goes out at its end.
        case discarding(InvokeRequest, RenderedResponse)
        /// Answered early (body too large); the connection closes, further parts are ignored.
        case abandoned
        /// The request was read in full and waits for its quota verdict.
        case parked(InvokeRequest, Pending, body: ByteBuffer?)
        /// The answer is being produced (admin call or upstream exchange).
        case responding
    }

    private var phase = Phase.idle
    /// The request being read waits for a quota reservation.
    private var waitingForQuota = false
    /// The largest body the request being read may have (lowered for admin requests).
    private var bodyLimit = Int.max

    /// - Parameters:
    ///   - limiter: the throttles' table for `snapshot`; nil applies none.
    ///   - now: monotonic nanoseconds, for the token buckets and the request's start (nil: read the clock).
    ///   - today: the UTC day, for quota windows.
    mutating func requestHead(_ head: InvokeRequestHead, identity: RequestIdentity, snapshot: GatewaySnapshot,
                              limiter: LimiterTable? = nil, now: UInt64? = nil, today: UTCDay = UTCDay(ordinal: 0),
                              hasAdmin: Bool, maximumBodySize: Int, adminOnly: Bool = false) -> Action {
        waitingForQuota = false
        bodyLimit = maximumBodySize
        let started = now.map(NIODeadline.uptimeNanoseconds) ?? .now()
        let now = started.uptimeNanoseconds
        let request = InvokeRequest(head: head, identity: identity, responses: .defaults, started: started)
        if let length = head.contentLength, length > maximumBodySize {
            phase = .abandoned
            return .respond(request.responses.render(.requestTooLarge), request, closeAfter: true)
        }
        switch adminOnly ? .notInvoke : snapshot.target(of: head) {
        case .notInvoke:
            guard hasAdmin else { return refuse(request, .missingAuthenticationToken) }
            request.isAdmin = true
            phase = .collecting(request, .admin, body: nil)
            return .none
        case .invalid:
            return refuse(request, .missingAuthenticationToken)
        case .unmappedDomain:
            // No API is chosen, so no gateway response applies: AWS's own 403 `{"message":"Forbidden"}`
            // with `ForbiddenException`, which is INVALID_API_KEY's default.
            return refuse(request, .invalidApiKey)
        case .invoke(let target):
            request.target = target
            // No API Gateway method is CONNECT or TRACE (`ANY` does not cover them): never proxied.
            if head.method == "CONNECT" || head.method == "TRACE" { return refuse(request, .missingAuthenticationToken) }
            guard let stage = snapshot.stage(apiId: target.apiId, stage: target.stage) else {
                return refuse(request, .missingAuthenticationToken)
            }
            request.responses = stage.responses
            request.stageRateLimitHeaders = stage.rateLimitHeaders
            request.accessLog = stage.accessLog
            request.metrics = stage.metrics
            guard let match = stage.router.route(method: request.method, path: target.path) else {
                return refuse(request, .missingAuthenticationToken)
            }
            request.match = match
            if match.method.needsAuthorizer { return refuse(request, .authorizerConfigurationError) }
            if match.method.apiKeyRequired {
                guard let admission = head.withAPIKey({
                    snapshot.keys.admission(apiKeyBytes: $0, stage: stage.keyStage)
                }) else { return refuse(request, .invalidApiKey) }
                request.admission = admission
            }
            var outcome = LimitOutcome.proceed
            if let limiter {
                outcome = limit(request, target: target, match: match, snapshot: snapshot, limiter: limiter, now: now, today: today)
                if case .refuse(let refusal, let wait) = outcome {
                    request.retryAfterNanoseconds = wait
                    return refuse(request, refusal)
                }
            }
            switch match.method.integration {
            case .mock(let mock):
                phase = .collecting(request, .mock(mock), body: nil)
            case .httpProxy(let plan):
                phase = .collecting(request, .proxy(plan), body: nil)
            case .lambda(let plan):
                phase = .collecting(request, .lambda(plan), body: nil)
            case .unsupported:
                return refuse(request, .default5xx)
            }
            switch outcome {
            case .proceed, .refuse:
                return .none
            case .reserve(let key, let count, let window, let park):
                waitingForQuota = park
                return .reserveQuota(key, count: count, window: window, park: park)
            case .await(let key):
                waitingForQuota = true
                return .awaitQuota(key)
            }
        }
    }

    /// The quota verdict for the request parked by ``Action/reserveQuota(_:count:window:park:)`` or
    /// ``Action/awaitQuota(_:)``.
    mutating func quotaDecided(_ verdict: QuotaVerdict) -> Action {
        guard waitingForQuota else { return .none }
        waitingForQuota = false
        switch phase {
        case .collecting(let request, _, _):
            if let refusal = Self.refusal(verdict, request) { phase = .discarding(request, refusal) }
            return .none
        case .parked(let request, let pending, let body):
            if let refusal = Self.refusal(verdict, request) {
                phase = .responding
                return .respond(refusal, request, closeAfter: false)
            }
            phase = .collecting(request, pending, body: body)
            return requestEnd()
        case .idle, .discarding, .abandoned, .responding:
            return .none
        }
    }

    /// The request being read is an admin request (its head may be checked before its body is read).
    var collectsAdmin: Bool {
        if case .collecting(_, .admin, _) = phase { return true }
        return false
    }

    /// Refuses the request being read with `response` before its body is read: when it has a
    /// body, the answer goes out at once and the connection closes (the body is never read);
    /// without one, the answer goes out at its end as any refusal's.
    mutating func refuseBeforeBody(_ response: RenderedResponse) -> Action {
        guard case .collecting(let request, _, _) = phase else { return .none }
        guard request.head.chunked || (request.head.contentLength ?? 0) > 0 else {
            phase = .discarding(request, response)
            return .none
        }
        phase = .abandoned
        return .respond(response, request, closeAfter: true)
    }

    /// Lowers the body limit of the request being read (admin requests: ``AdminEndpoint/maximumBodySize(method:target:)``);
    /// a `Content-Length` over it is refused at once.
    mutating func limitBody(to limit: Int) -> Action {
        bodyLimit = min(bodyLimit, limit)
        guard case .collecting(let request, _, _) = phase, let length = request.head.contentLength, length > bodyLimit else {
            return .none
        }
        return bodyTooLarge()
    }

    /// A chunk's size takes the body over the limit: 413 at once, and the connection closes.
    mutating func bodyTooLarge() -> Action {
        switch phase {
        case .collecting(let request, _, _), .parked(let request, _, _), .discarding(let request, _):
            phase = .abandoned
            return .respond(request.responses.render(.requestTooLarge), request, closeAfter: true)
        case .idle, .abandoned, .responding:
            return .none
        }
    }

    mutating func requestBody(_ buffer: ByteBuffer, maximumBodySize: Int) -> Action {
        let maximumBodySize = min(maximumBodySize, bodyLimit)
        switch phase {
        case .collecting(let request, let pending, var body):
            phase = .responding  // avoid copy-on-write of the body while appending
            if body == nil {
                body = buffer
            } else {
                var incoming = buffer
                body!.writeBuffer(&incoming)
            }
            if body!.readableBytes > maximumBodySize {
                phase = .abandoned
                return .respond(request.responses.render(.requestTooLarge), request, closeAfter: true)
            }
            phase = .collecting(request, pending, body: body)
            return .none
        case .idle, .discarding, .abandoned, .parked, .responding:
            return .none
        }
    }

    /// The answer to a quota verdict that refuses: `Limit Exceeded`, or, when the store could not be
    /// asked, `503 {"message":"Service Unavailable"}` (fail closed, promptly; not an AWS answer).
    static func refusal(_ verdict: QuotaVerdict, _ request: InvokeRequest) -> RenderedResponse? {
        switch verdict {
        case .admitted: return nil
        case .exhausted: return request.responses.render(.quotaExceeded)
        case .unavailable: return serviceUnavailable
        }
    }

    static let serviceUnavailable = RenderedResponse(
        status: 503,
        headers: [("content-type", "application/json"), ("x-amzn-ErrorType", "ServiceUnavailableException")],
        body: Array(#"{"message":"Service Unavailable"}"#.utf8), type: .default5xx)

    mutating func requestEnd() -> Action {
        if waitingForQuota, case .collecting(let request, let pending, let body) = phase {
            phase = .parked(request, pending, body: body)
            return .none
        }
        switch phase {
        case .collecting(let request, .admin, let body):
            phase = .responding
            return .admin(request, body: body)
        case .collecting(let request, .mock(let mock), let body):
            phase = .responding
            if let refusal = request.validationRefusal(body: body) { return .respond(refusal, request, closeAfter: false) }
            return .mock(mock.rendered, request)
        case .collecting(let request, .proxy(let plan), let body):
            phase = .responding
            if let refusal = request.validationRefusal(body: body) { return .respond(refusal, request, closeAfter: false) }
            return .proxy(request, plan, body: body)
        case .collecting(let request, .lambda(let plan), let body):
            phase = .responding
            return .invokeLambda(request, plan, body: body)
        case .discarding(let request, let response):
            phase = .responding
            return .respond(response, request, closeAfter: false)
        case .abandoned, .idle, .parked, .responding:
            return .none
        }
    }

    /// The answer has been written in full.
    mutating func responseFinished() {
        if case .abandoned = phase { return }
        phase = .idle
    }

    /// The throttles in AWS's order, then the quota, for a request that passed its key check.
    private func limit(_ request: InvokeRequest, target: InvokeTarget, match: RouteMatch, snapshot: GatewaySnapshot,
                       limiter: LimiterTable, now: UInt64, today: UTCDay) -> LimitOutcome {
        let layout = snapshot.throttles
        let methodKey = match.method.methodKey
        let stageMethod = layout.stageMethod(apiId: target.apiId, stage: target.stage, methodKey: methodKey)
        // A key of a plan with no limits of its own goes through the stage's and account's alone.
        guard let admission = request.admission, let slot = admission.slot, admission.limited else {
            if case .throttled(_, let wait) = limiter.decideUnkeyed(stageMethod: stageMethod, now: now) {
                return .refuse(.throttled, retryAfterNanoseconds: wait)
            }
            return .proceed
        }
        let decision = limiter.decide(
            slot: slot,
            planMethod: layout.planMethod(planId: admission.planId, apiId: target.apiId, stage: target.stage, methodKey: methodKey),
            stageMethod: stageMethod, now: now, today: today)
        switch decision {
        case .admitted: return .proceed
        case .throttled(_, let wait): return .refuse(.throttled, retryAfterNanoseconds: wait)
        case .quotaExceeded: return .refuse(.quotaExceeded)
        case .admittedAndReserve(let count, let window):
            return .reserve(layout.slotKeys[slot], count: count, window: window, park: false)
        case .reserveAndWait(let count, let window):
            return .reserve(layout.slotKeys[slot], count: count, window: window, park: true)
        case .waitForReservation:
            return .await(layout.slotKeys[slot])
        }
    }

    private mutating func refuse(_ request: InvokeRequest, _ type: GatewayResponseType) -> Action {
        phase = .discarding(request, request.responses.render(type))
        return .none
    }
}
