import NIOCore
import NIOHTTP1
import TurnpikeLimits

/// One request on an invoke connection, as far as it has been understood. A class: it travels
/// through the state machine's phases and actions into the exchange, and a reference is passed
/// on where a struct of this size would be copied (a dozen reference counts each time).
final class InvokeRequest {
    /// The head as parsed, with its raw header lines.
    let head: InvokeRequestHead
    let identity: RequestIdentity
    let started: NIODeadline
    /// The gateway responses in force for this request (the API's, or the defaults).
    var responses: GatewayResponseRenderer
    var target: InvokeTarget?
    var match: RouteMatch?
    /// The admitted key, for methods that require one.
    var admission: KeyAdmission?
    /// The stage asks for `RateLimit` / `Retry-After` fields (stage variable `rateLimitHeaders=true`).
    var stageRateLimitHeaders = false
    /// The stage's access log format (`accessLogSettings.format`), when it has one.
    var accessLog: AccessLogTemplate?
    /// The stage's per-request series (metrics on, stage found).
    var metrics: StageMetrics?
    /// When a throttle refused the request: how long until it would admit one.
    var retryAfterNanoseconds: UInt64?
    /// An admin API request: its answers carry the admin API's request id, not the invoke path's
    /// correlation fields.
    var isAdmin = false

    var method: String { head.method }
    var uri: String { head.uri }
    var version: HTTPVersion { head.version }
    var keepAlive: Bool { head.keepAlive }
    var keyId: String? { admission?.keyId }
    var planId: String? { admission?.planId }
    var apiId: String? { target?.apiId }
    var stage: String? { target?.stage }

    /// Every header, as NIO's type (for the admin endpoint and tests; not on the hot path).
    var headers: HTTPHeaders { head.headers }

    init(head: InvokeRequestHead, identity: RequestIdentity, responses: GatewayResponseRenderer, started: NIODeadline = .now()) {
        self.head = head
        self.identity = identity
        self.started = started
        self.responses = responses
    }
}
