import NIOCore
import NIOHTTP1

/// One request on an invoke connection, as far as it has been understood.
struct InvokeRequest {
    /// The head as parsed, with its raw header lines.
    let head: InvokeRequestHead
    let identity: RequestIdentity
    let started: NIODeadline
    /// The gateway responses in force for this request (the API's, or the defaults).
    var responses: GatewayResponseRenderer
    var target: InvokeTarget?
    var match: RouteMatch?
    var keyId: String?
    var planId: String?
    /// The stage asks for `RateLimit` / `Retry-After` fields (stage variable `rateLimitHeaders=true`).
    var stageRateLimitHeaders = false
    /// When a throttle refused the request: how long until it would admit one.
    var retryAfterNanoseconds: UInt64?

    var method: String { head.method }
    var uri: String { head.uri }
    var version: HTTPVersion { head.version }
    var keepAlive: Bool { head.keepAlive }
    var apiId: String? { target?.apiId }
    var stage: String? { target?.stage }

    /// Every header, as NIO's type (for the admin endpoint and tests; not on the hot path).
    var headers: HTTPHeaders { head.headers }

    init(head: InvokeRequestHead, identity: RequestIdentity, responses: GatewayResponseRenderer) {
        self.head = head
        self.identity = identity
        started = .now()
        self.responses = responses
    }
}
