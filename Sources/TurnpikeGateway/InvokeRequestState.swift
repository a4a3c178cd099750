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
    }

    private enum Pending {
        case admin
        case mock(MockResponse)
        case proxy(HTTPProxyPlan)
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
        /// The answer is being produced (admin call or upstream exchange).
        case responding
    }

    private var phase = Phase.idle

    /// - Parameters:
    ///   - limiter: the throttles' table for `snapshot`; nil applies none.
    ///   - now: monotonic nanoseconds, for the token buckets.
    mutating func requestHead(_ head: HTTPRequestHead, identity: RequestIdentity, snapshot: GatewaySnapshot,
                              limiter: LimiterTable? = nil, now: UInt64 = 0,
                              hasAdmin: Bool, maximumBodySize: Int) -> Action {
        var request = InvokeRequest(head: head, identity: identity, responses: .defaults)
        if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > maximumBodySize {
            phase = .abandoned
            return .respond(request.responses.render(.requestTooLarge), request, closeAfter: true)
        }
        switch InvokeTarget.parse(host: head.headers.first(name: "host"), uri: head.uri) {
        case .notInvoke:
            guard hasAdmin else { return refuse(request, .missingAuthenticationToken) }
            phase = .collecting(request, .admin, body: nil)
            return .none
        case .invalid:
            return refuse(request, .missingAuthenticationToken)
        case .invoke(let target):
            request.target = target
            guard let stage = snapshot.stage(apiId: target.apiId, stage: target.stage) else {
                return refuse(request, .missingAuthenticationToken)
            }
            request.responses = stage.responses
            guard let match = stage.router.route(method: request.method, path: target.path) else {
                return refuse(request, .missingAuthenticationToken)
            }
            request.match = match
            if match.method.apiKeyRequired {
                switch snapshot.keys.check(apiKey: head.headers.first(name: "x-api-key"), apiId: target.apiId, stage: target.stage) {
                case .forbidden:
                    return refuse(request, .invalidApiKey)
                case .admitted(let keyId, let planId):
                    request.keyId = keyId
                    request.planId = planId
                }
            }
            if let limiter, let refusal = throttle(request, match: match, snapshot: snapshot, limiter: limiter, now: now) {
                return refuse(request, refusal)
            }
            switch match.method.integration {
            case .mock(let mock):
                phase = .collecting(request, .mock(mock), body: nil)
            case .httpProxy(let plan):
                phase = .collecting(request, .proxy(plan), body: nil)
            case .unsupported:
                return refuse(request, .default5xx)
            }
            return .none
        }
    }

    mutating func requestBody(_ buffer: ByteBuffer, maximumBodySize: Int) -> Action {
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
        case .idle, .discarding, .abandoned, .responding:
            return .none
        }
    }

    mutating func requestEnd() -> Action {
        switch phase {
        case .collecting(let request, .admin, let body):
            phase = .responding
            return .admin(request, body: body)
        case .collecting(let request, .mock(let mock), _):
            phase = .responding
            return .mock(mock.rendered, request)
        case .collecting(let request, .proxy(let plan), let body):
            phase = .responding
            return .proxy(request, plan, body: body)
        case .discarding(let request, let response):
            phase = .responding
            return .respond(response, request, closeAfter: false)
        case .abandoned:
            return .none
        case .idle, .responding:
            return .none
        }
    }

    /// The answer has been written in full.
    mutating func responseFinished() {
        if case .abandoned = phase { return }
        phase = .idle
    }

    /// The throttles in AWS's order for an admitted request: nil to go on, or the refusal.
    private func throttle(_ request: InvokeRequest, match: RouteMatch, snapshot: GatewaySnapshot, limiter: LimiterTable,
                          now: UInt64) -> GatewayResponseType? {
        guard let target = request.target else { return nil }
        let layout = snapshot.throttles
        let methodKey = match.method.methodKey
        let stageMethod = layout.stageMethod(apiId: target.apiId, stage: target.stage, methodKey: methodKey)
        let decision: LimiterDecision
        if let keyId = request.keyId, let planId = request.planId, let slot = layout.slot(planId: planId, keyId: keyId) {
            decision = limiter.decide(
                slot: slot,
                planMethod: layout.planMethod(planId: planId, apiId: target.apiId, stage: target.stage, methodKey: methodKey),
                stageMethod: stageMethod, now: now, today: UTCDay(ordinal: 0))
        } else {
            decision = limiter.decideUnkeyed(stageMethod: stageMethod, now: now)
        }
        switch decision {
        case .throttled: return .throttled
        case .quotaExceeded: return .quotaExceeded
        case .admitted, .admittedAndReserve, .reserveAndWait, .waitForReservation: return nil
        }
    }

    private mutating func refuse(_ request: InvokeRequest, _ type: GatewayResponseType) -> Action {
        phase = .discarding(request, request.responses.render(type))
        return .none
    }
}
