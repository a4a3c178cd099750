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

    private var phase = Phase.head(searched: 0)
    private var inbound: ByteBuffer?
    let maximumHeadSize: Int
    /// The bytes queued while answering after which reading stops.
    let maximumQueued: Int

    init(maximumHeadSize: Int = RequestHeadParser.defaultMaximumSize, maximumQueued: Int = 128 * 1024) {
        self.maximumHeadSize = maximumHeadSize
        self.maximumQueued = maximumQueued
    }

    /// Bytes read from the client.
    mutating func received(_ buffer: ByteBuffer) {
        if case .closed = phase { return }
        inbound.append(buffer)
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
            case .head(let head, let length):
                inbound!.moveReaderIndex(forwardBy: length)
                if head.chunked {
                    phase = .chunkedBody(ChunkedBodyDecoder())
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
            }
        }
    }

    /// The current request's answer is written: the next request may be read.
    mutating func answered() {
        if case .closed = phase { return }
        phase = .head(searched: 0)
        if inbound?.readableBytes == 0 { inbound = nil }
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
