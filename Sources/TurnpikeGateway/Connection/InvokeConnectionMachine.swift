import NIOCore
import NIOHTTP1
import TurnpikeLimits

/// One invoke connection as a value: the framing of its requests (``InvokeConnectionState``), the
/// decision for each (``InvokeRequestState``), the backend exchange in flight
/// (``UpstreamExchangeState``), its one timer, backpressure both ways, and the answers' bytes.
///
/// Events go in (bytes read, a backend's bytes, writability, the timer, a quota verdict, an admin
/// answer), each with the monotonic time the handler read from its event loop; actions come out,
/// in order, through ``nextAction()``. The handler only translates NIO's events and runs the
/// actions, so every path, pipelining, backpressure, the deadlines and the retry included, runs
/// without sockets in tests (a manual clock is just a number).
struct InvokeConnectionMachine {
    /// What the handler must do, in order.
    enum Action {
        /// Write bytes to the client; `flush` them with everything written before.
        case write(ByteBuffer, flush: Bool)
        /// Flush what was written to the client.
        case flush
        /// Write the last bytes (if any), flush, and close the connection once they are out.
        case writeAndClose(ByteBuffer?)
        /// Close the client connection now.
        case close
        /// Stop (or start again) reading the client: too much is queued behind the answer.
        case pauseReading
        case resumeReading
        /// Arm the connection's one timer for `at` (monotonic nanoseconds), replacing the armed one;
        /// when it fires, call ``timerFired(now:)``.
        case armTimer(at: UInt64)
        /// Hand a collected admin request to the admin endpoint; its answer comes back through
        /// ``adminAnswered(_:serial:now:)``.
        case dispatchAdmin(InvokeRequest, body: ByteBuffer?, serial: UInt64)
        /// Reserve quota; when `park`, the verdict comes back through ``quotaDecided(_:serial:now:)``.
        case reserveQuota(ThrottleLayout.PlanKey, count: Int, window: UTCDay, park: Bool, serial: UInt64)
        /// Wait for the reservation in flight for the key, then ``quotaDecided(_:serial:now:)``.
        case awaitQuota(ThrottleLayout.PlanKey, serial: UInt64)
        /// Count a keyed request that reached its integration.
        case countUsage(KeyAdmission, day: UTCDay)
        /// An answer was written in full, for the logs and counters.
        case answered(InvokeRequest, AnswerSummary)
        /// Borrow a pooled connection to the backend or open one, then
        /// ``upstreamConnected(serial:reused:now:)`` or ``upstreamFailed(now:)``.
        case acquireUpstream(UpstreamKey, connectTimeout: TimeAmount, serial: UInt64)
        /// Write a request (its head, and a small body) to the backend, then `body` when separate.
        case sendUpstream(ByteBuffer, body: ByteBuffer?)
        /// The exchange is over: the connection goes back to the pool (`reuse`, reading again when
        /// it was paused) or is closed.
        case releaseUpstream(reuse: Bool, resumeReading: Bool)
        /// Drop the exchange's connection (failure, timeout, client gone).
        case closeUpstream
        /// Log a warning about a Lambda function's call (rate-limited per function); never a key value.
        case warnLambda(function: String, reason: String)
        /// Log a warning about a backend that timed out or closed early (rate-limited per backend).
        case warnUpstream(UpstreamKey, reason: String)
        /// Stop (or start again) reading the backend while the client cannot take more.
        case pauseUpstream
        case resumeUpstream
    }

    let environment: InvokeEnvironment
    let limits: ConnectionLimits.Nanoseconds
    let allocator: ByteBufferAllocator
    /// The client's address, for `X-Forwarded-For`.
    let clientAddress: String?
    var framing: InvokeConnectionState
    var decisions = InvokeRequestState()
    var exchange: UpstreamExchangeState?
    /// The head of the exchange's answer, once it arrived: kept here, out of the optional exchange,
    /// so it is parsed and read in place (see ``HeaderFields``).
    var upstreamHead = UpstreamResponseHead()
    /// Counts request heads, so a verdict or answer for an earlier request is recognised and dropped.
    var serial: UInt64 = 0
    /// Request ids need uniqueness, not secrecy: a fast generator seeded once per connection.
    var generator = FastRandom()
    /// The last answer head's buffer, reused for the next one.
    var headScratch = ReusableBuffer()
    /// The last request head sent upstream, reused likewise.
    var upstreamScratch = ReusableBuffer()
    /// The head of a backend's answer (and small body pieces behind it), not written yet.
    var pending: ByteBuffer?
    /// When the timer is armed for (nil: not armed).
    private var timerAt: UInt64?
    /// Since when the client's socket has refused more bytes, for the write timeout.
    var unwritableSince: UInt64?
    private var readPaused = false
    var isClosed = false
    /// The listener is draining: the connection closes once it has no request in progress.
    var draining = false
    /// When a connection idle at the start of draining closes (bytes already on their way are
    /// still read and answered until then).
    private var drainCloseAt: UInt64?
    private var actions: [Action] = []
    private var actionIndex = 0

    init(environment: InvokeEnvironment, allocator: ByteBufferAllocator, clientAddress: String?) {
        self.environment = environment
        self.limits = environment.connectionLimits.nanoseconds
        self.allocator = allocator
        self.clientAddress = clientAddress
        self.framing = InvokeConnectionState(maximumBodySize: environment.maximumBodySize)
        actions.reserveCapacity(8)
    }

    /// The next action to run, in order; nil when there is none.
    mutating func nextAction() -> Action? {
        guard actionIndex < actions.count else { return nil }
        var action = Action.flush  // swapped in: the queue drops the action's references unretained
        swap(&action, &actions[actionIndex])
        actionIndex += 1
        if actionIndex == actions.count {
            actions.removeAll(keepingCapacity: true)
            actionIndex = 0
        }
        return action
    }

    mutating func perform(_ action: Action) {
        actions.append(action)
    }

    // MARK: Client events

    /// The connection is open: the idle timeout starts.
    mutating func opened(now: UInt64) {
        framing.opened(now: now)
        scheduleTimer(now: now)
    }

    /// Bytes from the client.
    mutating func received(_ buffer: ByteBuffer, now: UInt64) {
        guard !isClosed else { return }
        framing.received(buffer, now: now)
        process(now: now)
        if !readPaused, framing.shouldPauseReading {
            readPaused = true
            perform(.pauseReading)
        }
    }

    /// The client's socket takes bytes again (`writable`), or refuses them.
    mutating func writabilityChanged(_ writable: Bool, now: UInt64) {
        if writable {
            unwritableSince = nil
            if exchange?.upstreamPaused == true {
                exchange!.upstreamPaused = false
                perform(.resumeUpstream)
            }
        } else if unwritableSince == nil {
            unwritableSince = now
            scheduleTimer(now: now)
        }
    }

    /// The client connection is gone (closed or failed): the exchange in flight is dropped.
    mutating func closed() {
        if exchange != nil {
            exchange = nil
            perform(.closeUpstream)
        }
        decisions = InvokeRequestState()
        pending = nil
        framing.close()
        isClosed = true
    }

    /// The listener drains: a connection with a request in progress answers it with
    /// `connection: close` and closes after it; an idle one closes after a second's grace, in which
    /// a request already sent (not read yet when draining began) is still answered.
    mutating func drain(now: UInt64) {
        guard !isClosed, !draining else { return }
        draining = true
        drainCloseAt = now &+ Self.drainGrace
        scheduleTimer(now: now)
    }

    static let drainGrace: UInt64 = 1_000_000_000

    private var isIdle: Bool {
        guard exchange == nil, case .idle? = framing.deadline(limits)?.timeout else { return false }
        return true
    }

    /// The client connection failed: drop everything and close it.
    mutating func failed() {
        guard !isClosed else { return }
        closed()
        perform(.close)
    }

    /// The timer armed by ``Action/armTimer(at:)`` fired: ends what is overdue, re-arms for the rest.
    mutating func timerFired(now: UInt64) {
        timerAt = nil
        guard !isClosed else { return }
        if let since = unwritableSince, now &- since >= limits.write {
            return failed()
        }
        if let closeAt = drainCloseAt, closeAt <= now {
            drainCloseAt = nil
            if isIdle {
                framing.close()
                isClosed = true
                return perform(.close)
            }
        }
        if let deadline = exchange?.answerDeadline, deadline <= now {
            upstreamTimedOut(now: now)
            if isClosed { return }
        }
        if let (timeout, deadline) = framing.deadline(limits), deadline <= now {
            switch timeout {
            case .idle:
                return failed()
            case .head, .body:
                if exchange != nil {
                    exchange = nil
                    perform(.closeUpstream)
                }
                return refuseFraming("HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            }
        }
        scheduleTimer(now: now)
    }

    /// Arms the timer when what must be watched now ends before the armed one fires. A deadline
    /// later than the armed timer schedules nothing: the timer fires early and moves on.
    mutating func scheduleTimer(now: UInt64) {
        guard !isClosed else { return }
        var wanted = UInt64.max
        if let since = unwritableSince { wanted = since &+ limits.write }
        if let deadline = exchange?.answerDeadline { wanted = min(wanted, deadline) }
        if let closeAt = drainCloseAt { wanted = min(wanted, closeAt) }
        if let (_, deadline) = framing.deadline(limits) { wanted = min(wanted, deadline) }
        guard wanted != .max, timerAt.map({ wanted < $0 }) ?? true else { return }
        timerAt = wanted
        perform(.armTimer(at: wanted))
    }

    // MARK: Services

    /// The quota verdict for request `serial` (dropped when that request is over).
    mutating func quotaDecided(_ verdict: QuotaVerdict, serial: UInt64, now: UInt64) {
        guard !isClosed, serial == self.serial else { return }
        run(decisions.quotaDecided(verdict), now: now)
        process(now: now)
    }

    /// The admin endpoint's answer for request `serial`.
    mutating func adminAnswered(_ answer: RenderedResponse, for request: InvokeRequest, serial: UInt64, now: UInt64) {
        guard !isClosed, serial == self.serial else { return }
        write(answer, for: request, now: now, correlation: needsCorrelation(answer, request))
        process(now: now)
    }

    // MARK: Requests

    /// Takes request events from the framing until it waits for bytes or for an answer.
    mutating func process(now: UInt64) {
        while !isClosed {
            switch framing.next() {
            case .wait:
                scheduleTimer(now: now)
                return
            case .malformed:
                return refuseFraming("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            case .unsupportedCoding:
                return refuseFraming("HTTP/1.1 501 Not Implemented\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            case .bodyTooLarge:
                return run(decisions.bodyTooLarge(), now: now)
            case .head(let head):
                requestHead(head, now: now)
            case .body(let buffer):
                run(decisions.requestBody(buffer, maximumBodySize: environment.maximumBodySize), now: now)
            case .end:
                run(decisions.requestEnd(), now: now)
            }
        }
    }

    private mutating func requestHead(_ head: InvokeRequestHead, now: UInt64) {
        let epochSeconds = environment.clock.epochSeconds()
        let identity = RequestIdentity(epochSeconds: epochSeconds, using: &generator)
        let (snapshot, limiter) = environment.snapshot.currentWithLimiter
        serial &+= 1
        var action = decisions.requestHead(
            head, identity: identity, snapshot: snapshot, limiter: limiter, now: now,
            today: UTCDay(containing: epochSeconds), hasAdmin: environment.hasAdmin,
            maximumBodySize: environment.maximumBodySize, adminOnly: environment.adminOnly)
        if decisions.collectsAdmin { action = checkAdminHead(head) }
        if head.expectsContinue, head.version.minor >= 1, head.chunked || (head.contentLength ?? 0) > 0,
           framing.queuedBytes == 0, !Self.isEarlyClose(action) {
            var buffer = allocator.buffer(capacity: 32)
            buffer.writeStaticString("HTTP/1.1 100 Continue\r\n\r\n")
            perform(.write(buffer, flush: true))
        }
        run(action, now: now)
    }

    private static func isEarlyClose(_ action: InvokeRequestState.Action) -> Bool {
        if case .respond(_, _, closeAfter: true) = action { return true }
        return false
    }

    /// Checks an admin request's head before its body is read: a request that fails
    /// authentication, or announces a body over its operation's limit, is answered and the
    /// connection closed without reading (or asking for) the body.
    private mutating func checkAdminHead(_ head: InvokeRequestHead) -> InvokeRequestState.Action {
        guard let admin = environment.admin else { return .none }
        let headers = head.headers.map { ($0.name, $0.value) }
        if let refusal = admin.refusalBeforeBody(method: head.method, target: head.uri, headers: headers) {
            return decisions.refuseBeforeBody(refusal)
        }
        return decisions.limitBody(to: admin.maximumBodySize(method: head.method, target: head.uri))
    }

    /// Turns a decision into actions.
    private mutating func run(_ action: InvokeRequestState.Action, now: UInt64) {
        switch action {
        case .none:
            break
        case .respond(let response, let request, let closeAfter):
            write(response, for: request, now: now, close: closeAfter, correlation: needsCorrelation(response, request),
                  refused: true)
        case .mock(let response, let request):
            countUsage(of: request)
            write(response, for: request, now: now)
        case .admin(let request, let body):
            perform(.dispatchAdmin(request, body: body, serial: serial))
        case .proxy(let request, let plan, let body):
            startExchange(request, plan: plan, body: body, now: now)
        case .invokeLambda(let request, let plan, let body):
            startLambdaExchange(request, plan: plan, body: body, now: now)
        case .reserveQuota(let key, let count, let window, let park):
            perform(.reserveQuota(key, count: count, window: window, park: park, serial: serial))
        case .awaitQuota(let key):
            perform(.awaitQuota(key, serial: serial))
        }
    }

    /// Counts a keyed request that reached its integration (AWS counts it whatever the integration
    /// answers; refusals never count).
    mutating func countUsage(of request: InvokeRequest) {
        guard environment.usage != nil, let admission = request.admission else { return }
        perform(.countUsage(admission, day: UTCDay(containing: request.identity.epochSeconds)))
    }

    /// Answers a request whose framing cannot be read with a fixed `answer`, and closes.
    private mutating func refuseFraming(_ answer: StaticString) {
        var buffer = allocator.buffer(capacity: answer.utf8CodeUnitCount)
        buffer.writeStaticString(answer)
        framing.close()
        isClosed = true
        perform(.writeAndClose(buffer))
    }

    /// Ends the answer to `request` (writing `last`, its last bytes, when there are some), closes
    /// the connection when it must not be reused, and lets the next pipelined request through.
    mutating func finish(_ request: InvokeRequest, _ summary: AnswerSummary, close: Bool, now: UInt64,
                         writing last: ByteBuffer?) {
        perform(.answered(request, summary))
        decisions.responseFinished()
        if close || !request.keepAlive || draining {
            framing.close()
            isClosed = true
            perform(.writeAndClose(last))
            return
        }
        if let last {
            perform(.write(last, flush: true))
            headScratch.keep(last)
        } else {
            perform(.flush)
        }
        framing.answered(now: now)
        if readPaused, !framing.shouldPauseReading {
            readPaused = false
            perform(.resumeReading)
        }
    }
}
