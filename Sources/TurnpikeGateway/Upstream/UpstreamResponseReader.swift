import NIOCore

/// The framing of one backend response, as a value: bytes from the backend go in, the head, body
/// pieces and the end come out. Interim (1xx) answers are skipped. No I/O here.
struct UpstreamResponseReader {
    enum Event {
        /// The answer's head arrived, parsed into the `head` given to ``next(head:)``.
        case head
        /// Body bytes to relay (a slice of what was read, no copy).
        case body(ByteBuffer)
        /// The response is complete; the connection may be reused when `keepAlive`.
        case end(keepAlive: Bool)
        /// Nothing to do until more bytes arrive.
        case wait
        /// The backend sent something that is not HTTP/1.1, or closed mid-response.
        case invalid
    }

    private enum Phase {
        case head
        case fixed(remaining: Int, keepAlive: Bool)
        case chunked(ChunkedBodyDecoder, keepAlive: Bool)
        case untilClose
        /// The end was reported (or the response failed).
        case done
    }

    private let requestMethod: String
    private var phase = Phase.head
    private var inbound: ByteBuffer?

    init(requestMethod: String) {
        self.requestMethod = requestMethod
    }

    /// Bytes read from the backend.
    mutating func received(_ buffer: ByteBuffer) {
        inbound.append(buffer)
    }

    /// The next event; a head is parsed into `head` (in place: its owner keeps it where it is read,
    /// as every copy of a head moves a few hundred bytes).
    mutating func next(head: inout UpstreamResponseHead) -> Event {
        switch phase {
        case .done:
            return .wait
        case .head:
            guard let buffer = inbound, buffer.readableBytes > 0 else { return .wait }
            switch UpstreamResponseHead.parse(buffer, requestMethod: requestMethod, into: &head) {
            case .incomplete:
                return .wait
            case .invalid:
                phase = .done
                return .invalid
            case .head(let length):
                inbound!.moveReaderIndex(forwardBy: length)
                // The gateway never asks to switch protocols (`Upgrade` is not forwarded).
                if head.status == 101 {
                    phase = .done
                    return .invalid
                }
                if head.status < 200 { return next(head: &head) }  // an interim answer: the real one follows
                switch head.framing {
                case .none: phase = .fixed(remaining: 0, keepAlive: head.keepAlive)
                case .length(let length): phase = .fixed(remaining: length, keepAlive: head.keepAlive)
                case .chunked: phase = .chunked(ChunkedBodyDecoder(), keepAlive: head.keepAlive)
                case .close: phase = .untilClose
                }
                return .head
            }
        case .fixed(let remaining, let keepAlive):
            if remaining == 0 {
                phase = .done
                // Bytes beyond the response make the connection unusable for the next exchange.
                return .end(keepAlive: keepAlive && (inbound?.readableBytes ?? 0) == 0)
            }
            guard let available = inbound?.readableBytes, available > 0 else { return .wait }
            let count = min(remaining, available)
            phase = .fixed(remaining: remaining - count, keepAlive: keepAlive)
            return .body(inbound!.readSlice(length: count)!)
        case .chunked(var decoder, let keepAlive):
            guard inbound != nil else { return .wait }
            phase = .done  // keep `inbound` uniquely referenced while the decoder reads it
            let step = decoder.next(&inbound!)
            phase = .chunked(decoder, keepAlive: keepAlive)
            switch step {
            case .data(let slice): return .body(slice)
            case .needMore: return .wait
            case .end:
                phase = .done
                return .end(keepAlive: keepAlive && inbound!.readableBytes == 0)
            case .invalid, .tooLarge:
                phase = .done
                return .invalid
            }
        case .untilClose:
            guard let available = inbound?.readableBytes, available > 0 else { return .wait }
            return .body(inbound!.readSlice(length: available)!)
        }
    }

    /// The backend closed the connection: the end of a close-delimited body, else a failure.
    mutating func closed() -> Event {
        switch phase {
        case .untilClose:
            phase = .done
            return .end(keepAlive: false)
        case .done:
            return .wait
        case .head, .fixed, .chunked:
            phase = .done
            return .invalid
        }
    }

    /// The head has not arrived yet (a failure now can be retried or answered with 502).
    var awaitsHead: Bool {
        if case .head = phase { return true }
        return false
    }
}
