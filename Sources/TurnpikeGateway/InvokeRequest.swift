import NIOCore
import NIOHTTP1

/// One request on an invoke connection, as far as it has been understood.
struct InvokeRequest {
    let method: String
    let uri: String
    let version: HTTPVersion
    let keepAlive: Bool
    let headers: HTTPHeaders
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

    var apiId: String? { target?.apiId }
    var stage: String? { target?.stage }

    init(head: HTTPRequestHead, identity: RequestIdentity, responses: GatewayResponseRenderer) {
        method = head.method.rawValue
        uri = head.uri
        version = head.version
        keepAlive = head.isKeepAlive
        headers = head.headers
        self.identity = identity
        started = .now()
        self.responses = responses
    }
}
