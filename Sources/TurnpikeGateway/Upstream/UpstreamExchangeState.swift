import NIOCore
import NIOHTTP1

/// One request proxied to a backend, as a value: the sub-machine of ``InvokeConnectionMachine`` that
/// knows which attempt is in flight, what the backend has answered so far and how the answer goes
/// back to the client. No I/O here: the connection machine turns its outcomes into actions.
///
/// An idempotent request (RFC 9110 §9.2.2), or a Lambda Invoke call, that fails on a reused
/// keep-alive connection before any byte of an answer arrived is retried once on a fresh
/// connection; any other request is never sent twice.
struct UpstreamExchangeState {
    let request: InvokeRequest
    let plan: HTTPProxyPlan
    let body: ByteBuffer?
    /// The serial of the request, so a connection that arrives for an earlier exchange is recognised.
    let serial: UInt64
    /// When the exchange started and when the backend's answer must have begun (monotonic
    /// nanoseconds; 504 otherwise).
    let started: UInt64
    let deadline: UInt64
    /// From the start to the backend's head (the integration latency), once the head arrived.
    var answeredAfter: UInt64?
    /// Body bytes passed to the client.
    var bodyBytes = 0
    /// How many connections were asked for.
    private(set) var attempts = 1
    /// The connection in use came from the pool.
    private var reused = false
    /// A connection is in use (not still being acquired).
    private(set) var connected = false
    /// The backend sent something for this exchange.
    private var answered = false
    /// The backend's head arrived (the deadline no longer applies).
    private(set) var headSeen = false
    /// Bytes of the answer went to the client (a failure can no longer become a 502).
    var relayed = false
    private(set) var status = 0
    /// The backend's body has no length the client can use: it goes out chunked.
    private(set) var rechunk = false
    /// An HTTP/1.0 client learns the end of an unframed body from the close.
    private(set) var closeClient = false
    /// The backend is not read until the client can take more.
    var upstreamPaused = false
    private var reader: UpstreamResponseReader
    /// A Lambda Invoke call (``plan`` then carries it to the Lambda endpoint): its answer is
    /// collected in ``payload`` and mapped, not relayed.
    let lambda: LambdaPlan?
    /// The Invoke API's answer so far (at most ``LambdaOutcome/maximumPayload`` bytes).
    var payload: [UInt8] = []
    /// The Invoke API's `X-Amz-Function-Error`.
    var functionError: String?
    /// The Invoke API's `X-Amzn-ErrorType` when it refused the call (`TooManyRequestsException`, ...).
    var lambdaErrorType: String?
    /// The credentials a Lambda call is signed with, taken when the exchange starts (a retry
    /// signs again with the same ones).
    var lambdaCredentials: AWSCredentials?

    init(request: InvokeRequest, plan: HTTPProxyPlan, body: ByteBuffer?, serial: UInt64, now: UInt64,
         lambda: LambdaPlan? = nil) {
        self.request = request
        self.plan = plan
        self.lambda = lambda
        self.body = body
        self.serial = serial
        self.started = now
        self.deadline = now &+ UInt64(plan.timeoutMilliseconds) &* 1_000_000
        self.reader = UpstreamResponseReader(requestMethod: plan.httpMethod ?? request.method)
    }

    /// The method sent upstream.
    var method: String { plan.httpMethod ?? request.method }

    /// How long a connection may take to open.
    var connectTimeout: TimeAmount { .milliseconds(Int64(min(plan.timeoutMilliseconds, 10_000))) }

    /// The answer deadline, while the exchange still waits for the backend's head.
    var answerDeadline: UInt64? { headSeen ? nil : deadline }

    /// A connection is ready for the request (`reused`: it came from the pool).
    mutating func connected(reused: Bool) {
        connected = true
        self.reused = reused
        reader = UpstreamResponseReader(requestMethod: method)
    }

    /// Bytes from the backend.
    mutating func received(_ buffer: ByteBuffer) {
        answered = true
        reader.received(buffer)
    }

    /// The next event of the backend's answer (a head is parsed into `head`). A head decides how
    /// the body goes to the client.
    mutating func next(head: inout UpstreamResponseHead) -> UpstreamResponseReader.Event {
        let event = reader.next(head: &head)
        if case .head = event {
            status = head.status
            headSeen = true
            let unframed = head.framing == .chunked || head.framing == .close
            rechunk = unframed && request.version.minor >= 1
            closeClient = unframed && request.version.minor == 0
        }
        return event
    }

    /// The backend closed the connection: the end of an answer framed by the close, or a failure.
    mutating func closed() -> UpstreamResponseReader.Event { reader.closed() }

    /// The connection failed: whether to ask for another one (and count the attempt).
    mutating func retries() -> Bool {
        connected = false
        // A Lambda Invoke call is retried as the AWS SDKs retry it: the endpoint closes idle
        // keep-alive connections, and a call on one that failed before any answer is sent again.
        guard !answered, reused, attempts < 2, Self.isIdempotent(method) || lambda != nil else { return false }
        attempts += 1
        return true
    }

    /// RFC 9110 §9.2.2's idempotent methods: the only ones sent a second time.
    static func isIdempotent(_ method: String) -> Bool {
        switch method {
        case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE": return true
        default: return false
        }
    }
}
