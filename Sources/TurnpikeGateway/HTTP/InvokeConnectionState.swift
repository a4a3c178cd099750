import NIOCore

/// The framing of one client connection, as a value: bytes go in, request events come out, one
/// request at a time. While a request is being answered, further bytes (pipelined requests) are
/// queued, not parsed; ``answered()`` lets the next request through, in order. No I/O here.
///
/// The handler keeps reading the socket while it answers (no read interest toggled per request);
/// it stops only when ``shouldPauseReading`` says the queue is over its bound.
struct InvokeConnectionState {
    enum Event {
        /// A request head; its body (if any) follows as ``body(_:)`` events, then ``end``.
        case head(InvokeRequestHead)
        case body(ByteBuffer)
        case end
        /// Nothing to do until more bytes arrive (or the current answer is written).
        case wait
        /// Bad framing or a head too large: answer 400 and close.
        case malformed
        /// A transfer coding the gateway does not decode (`gzip, chunked`): answer 501 and close.
        case unsupportedCoding
        /// A chunk's size takes the body over the limit: answer 413 and close (its data is not read).
        case bodyTooLarge
    }

    private enum Phase {
        /// Waiting for a request head; `searched` bytes are known not to hold its end.
        case head(searched: Int)
        case fixedBody(remaining: Int)
        case chunkedBody(ChunkedBodyDecoder)
        /// The request was read; its answer is not written yet.
        case answering
        /// The connection is done: nothing more is parsed.
        case closed
    }

    /// Which timeout ends a connection (``ConnectionLimits``).
    enum Timeout: Equatable {
        /// No request in progress for too long: close quietly.
        case idle
        /// A request head started and did not end in time: 408.
        case head
        /// A request body stalled: 408.
        case body
    }

    private var phase = Phase.head(searched: 0)
    private var inbound: ByteBuffer?
    /// Monotonic nanoseconds: when the connection last had no request in progress (opened or answered).
    private var idleSince: UInt64 = 0
    /// When the first byte of the head being read arrived.
    private var headStarted: UInt64 = 0
    /// When bytes last arrived.
    private var lastReceived: UInt64 = 0
    let maximumHeadSize: Int
    /// The bytes queued while answering after which reading stops.
    let maximumQueued: Int
    /// The largest chunked body accepted (a larger `Content-Length` is the request state's to refuse).
    let maximumBodySize: Int

    init(maximumHeadSize: Int = RequestHeadParser.defaultMaximumSize, maximumQueued: Int = 128 * 1024,
         maximumBodySize: Int = .max) {
        self.maximumHeadSize = maximumHeadSize
        self.maximumQueued = maximumQueued
        self.maximumBodySize = maximumBodySize
    }

    /// The connection opened at `now` (monotonic nanoseconds): the idle timeout starts.
    mutating func opened(now: UInt64) {
        idleSince = now
        lastReceived = now
    }

    /// Bytes read from the client at `now` (monotonic nanoseconds).
    mutating func received(_ buffer: ByteBuffer, now: UInt64 = 0) {
        if case .closed = phase { return }
        if case .head = phase, queuedBytes == 0 { headStarted = now }
        lastReceived = now
        inbound.append(buffer)
    }

    /// The timeout that applies now, and when it expires; nil while an answer is being made (the
    /// integration's own deadline and the write timeout apply then) or once closed.
    func deadline(_ limits: ConnectionLimits.Nanoseconds) -> (timeout: Timeout, at: UInt64)? {
        switch phase {
        case .head:
            return queuedBytes == 0 ? (.idle, idleSince &+ limits.idle) : (.head, headStarted &+ limits.head)
        case .fixedBody, .chunkedBody:
            return (.body, lastReceived &+ limits.body)
        case .answering, .closed:
            return nil
        }
    }

    /// The next event of the request being read.
    mutating func next() -> Event {
        switch phase {
        case .answering, .closed:
            return .wait
        case .head(let searched):
            guard let buffer = inbound, buffer.readableBytes > 0 else { return .wait }
            switch RequestHeadParser.parse(buffer, maximumSize: maximumHeadSize, searchFrom: searched) {
            case .incomplete:
                phase = .head(searched: buffer.readableBytes)
                return .wait
            case .invalid:
                close()
                return .malformed
            case .unsupportedCoding:
                close()
                return .unsupportedCoding
            case .head(let head, let length):
                inbound!.moveReaderIndex(forwardBy: length)
                if head.chunked {
                    phase = .chunkedBody(ChunkedBodyDecoder(maximumBodySize: maximumBodySize))
                } else if let length = head.contentLength, length > 0 {
                    phase = .fixedBody(remaining: length)
                } else {
                    phase = .fixedBody(remaining: 0)
                }
                return .head(head)
            }
        case .fixedBody(let remaining):
            if remaining == 0 {
                phase = .answering
                return .end
            }
            guard let available = inbound?.readableBytes, available > 0 else { return .wait }
            let count = min(remaining, available)
            phase = .fixedBody(remaining: remaining - count)
            return .body(inbound!.readSlice(length: count)!)
        case .chunkedBody(var decoder):
            guard inbound != nil else { return .wait }
            phase = .answering  // keep `inbound` uniquely referenced while the decoder reads it
            let step = decoder.next(&inbound!)
            phase = .chunkedBody(decoder)
            switch step {
            case .data(let slice):
                return .body(slice)
            case .needMore:
                return .wait
            case .end:
                phase = .answering
                return .end
            case .invalid:
                close()
                return .malformed
            case .tooLarge:
                close()
                return .bodyTooLarge
            }
        }
    }

    /// The current request's answer is written at `now`: the next request may be read (a
    /// pipelined head already queued starts its head timeout now).
    mutating func answered(now: UInt64 = 0) {
        if case .closed = phase { return }
        phase = .head(searched: 0)
        if inbound?.readableBytes == 0 { inbound = nil }
        idleSince = now
        headStarted = now
    }

    /// The connection is ending: stop parsing and drop what is queued.
    mutating func close() {
        phase = .closed
        inbound = nil
    }

    /// The connection is closed or closing.
    var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    /// Bytes received and not yet handed out.
    var queuedBytes: Int { inbound?.readableBytes ?? 0 }

    /// Too much is queued behind the request being answered: stop reading the client until
    /// ``answered()``. (A request being read is bounded by the head limit and the body limit.)
    var shouldPauseReading: Bool {
        if case .answering = phase { return queuedBytes > maximumQueued }
        return false
    }
}
