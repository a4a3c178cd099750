import NIOCore

/// A backend's response head, parsed only as far as relaying needs: the status, the body's framing,
/// whether the connection stays open, and the header lines as byte ranges (hop-by-hop ones marked).
/// `UpstreamResponseHead()` is an empty head, for ``parse(_:requestMethod:maximumSize:into:)`` to fill.
struct UpstreamResponseHead {
    /// How the body is delimited.
    enum Framing: Equatable {
        /// No body (HEAD request, 1xx, 204, 304).
        case none
        case length(Int)
        case chunked
        /// Until the backend closes the connection.
        case close
    }

    var status = 0
    /// The status line's reason phrase, as bytes in ``bytes``.
    var reason = 0..<0
    var framing = Framing.none
    /// The backend keeps the connection open after this response.
    var keepAlive = false
    /// The head's bytes (status line and header lines).
    var bytes = ByteBuffer()
    var fields = HeaderFields()
    /// `Connection` names headers besides `close` and `keep-alive` (those are dropped too).
    var connectionNamesHeaders = false

    enum Outcome {
        case incomplete
        case invalid
        /// A head of `length` bytes (its blank line included) was parsed.
        case head(length: Int)
    }

    /// Parses a response head at the start of `buffer`'s readable bytes, for a request sent with
    /// `requestMethod` (a HEAD request's answer has no body), into `head`: in place, as a head is a
    /// few hundred bytes (its lines are held inline) and every copy would move all of them.
    static func parse(_ buffer: ByteBuffer, requestMethod: String, maximumSize: Int = RequestHeadParser.defaultMaximumSize,
                      into head: inout UpstreamResponseHead) -> Outcome {
        let length: Int
        switch RequestHeadParser.headLength(buffer, maximumSize: maximumSize) {
        case .incomplete: return .incomplete
        case .invalid: return .invalid
        case .complete(let end): length = end
        }
        let bytes = buffer.getSlice(at: buffer.readerIndex, length: length - 2)!
        let valid = bytes.withUnsafeReadableBytes { raw in
            guard let lineEnd = RequestHeadParser.lineEnd(raw, from: 0), lineEnd >= 12,
                  RequestHeadParser.startsWithHTTP1(raw),
                  raw[7] == UInt8(ascii: "1") || raw[7] == UInt8(ascii: "0"), raw[8] == RequestHeadParser.Byte.space,
                  let status = RequestHeadParser.decimal(raw, 9..<12), (100...999).contains(status),
                  lineEnd == 12 || raw[12] == RequestHeadParser.Byte.space else { return false }
            head.status = status
            head.reason = min(13, lineEnd)..<lineEnd
            head.framing = .close
            head.keepAlive = raw[7] == UInt8(ascii: "1")
            head.bytes = bytes
            head.fields.removeAll()
            head.connectionNamesHeaders = false
            var contentLength: Int?
            var chunked = false
            var transferEncoded = false
            var start = lineEnd + 2
            while start < raw.count {
                guard let (field, end) = RequestHeadParser.fieldLine(raw, from: start) else { return false }
                let value = Int(field.valueStart)..<Int(field.valueEnd)
                switch field.kind {
                case .contentLength:
                    guard let length = RequestHeadParser.decimal(raw, value), contentLength == nil || contentLength == length else {
                        return false
                    }
                    contentLength = length
                case .transferEncoding:
                    transferEncoded = true
                    chunked = RequestHeadParser.endsWithChunked(raw, value)
                case .connection:
                    RequestHeadParser.forEachToken(raw, value) { token in
                        if RequestHeadParser.equalsLowercased(raw, token, "close") {
                            head.keepAlive = false
                        } else if RequestHeadParser.equalsLowercased(raw, token, "keep-alive") {
                            head.keepAlive = true
                        } else {
                            head.connectionNamesHeaders = true
                        }
                    }
                default:
                    break
                }
                head.fields.append(field)
                start = end + 2
            }
            if requestMethod == "HEAD" || status < 200 || status == 204 || status == 304 {
                head.framing = .none
            } else if transferEncoded {
                head.framing = chunked ? .chunked : .close
            } else if let contentLength {
                head.framing = .length(contentLength)
            } else {
                head.framing = .close
            }
            if head.framing == .close { head.keepAlive = false }
            return true
        }
        return valid ? .head(length: length) : .invalid
    }
}
