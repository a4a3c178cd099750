import NIOCore
import NIOHTTP1

/// A strict HTTP/1.1 request-head parser over raw bytes, for the invoke listener.
///
/// It reads the request line (`METHOD target HTTP/1.x`, a known method, `CRLF` line ends) and
/// every header line (`token ":" OWS value OWS`), and understands only the headers the gateway
/// decides on: `Host`, `x-api-key`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Expect`
/// (plus the names that matter when forwarding). Everything else stays as byte ranges to forward.
///
/// Refused as ``Outcome/invalid`` (the listener answers 400 and closes): a head over
/// `maximumSize` bytes (80 KiB, as NIO's decoder), a bad request line or version, a target with
/// bytes outside visible ASCII or of no RFC 9112 form, a header line
/// without a colon or with whitespace before it, obsolete line folding, control bytes, a
/// `Content-Length` that is not a number or disagrees with another, `Transfer-Encoding` together
/// with `Content-Length`, a transfer coding other than a final `chunked`, and on HTTP/1.1 a
/// missing, repeated or malformed `Host`. Any other transfer coding before `chunked` is
/// ``Outcome/unsupportedCoding`` (501). An HTTP/1.0 request with a chunked body closes after it.
enum RequestHeadParser {
    enum Outcome {
        /// The head is not complete yet.
        case incomplete
        /// The head is malformed or too large.
        case invalid
        /// A transfer coding other than one `chunked` (`gzip, chunked`, `chunked, chunked`): 501.
        case unsupportedCoding
        /// A complete head, `length` bytes long including the blank line.
        case head(InvokeRequestHead, length: Int)
    }

    /// NIO's (and llhttp's) limit on a request head.
    static let defaultMaximumSize = 80 * 1024

    /// Where a head ends.
    enum HeadEnd {
        case incomplete
        case invalid
        /// The head is `Int` bytes long, including the blank line.
        case complete(Int)
    }

    /// Parses the head at the start of `buffer`'s readable bytes. `searchFrom` (a readable offset)
    /// skips bytes already known not to hold the head's end.
    static func parse(_ buffer: ByteBuffer, maximumSize: Int = defaultMaximumSize, searchFrom: Int = 0) -> Outcome {
        switch headLength(buffer, maximumSize: maximumSize, searchFrom: searchFrom) {
        case .incomplete:
            return .incomplete
        case .invalid:
            return .invalid
        case .complete(let end):
            var unsupportedCoding = false
            guard let head = parseHead(buffer.getSlice(at: buffer.readerIndex, length: end - 2)!, unsupportedCoding: &unsupportedCoding)
            else { return unsupportedCoding ? .unsupportedCoding : .invalid }
            return .head(head, length: end)
        }
    }

    /// Finds the blank line that ends a head of at most `maximumSize` bytes.
    static func headLength(_ buffer: ByteBuffer, maximumSize: Int, searchFrom: Int = 0) -> HeadEnd {
        let end: Int? = buffer.withUnsafeReadableBytes { raw in
            var index = max(0, searchFrom - 3)
            let limit = min(raw.count, maximumSize + 4)
            // Looks for CR LF CR LF ending at `index + 3`, skipping ahead when that byte rules it out.
            while index + 3 < limit {
                if raw[index + 3] != Byte.lf {
                    index += raw[index + 3] == Byte.cr ? 1 : 4
                    continue
                }
                if raw[index] == Byte.cr, raw[index + 1] == Byte.lf, raw[index + 2] == Byte.cr { return index + 4 }
                index += 1
            }
            return nil
        }
        guard let end else { return buffer.readableBytes > maximumSize ? .invalid : .incomplete }
        return end <= maximumSize + 4 ? .complete(end) : .invalid
    }

    /// `bytes` holds the request line and the header lines, each ending in CRLF. A transfer coding
    /// that ends in `chunked` but is not exactly one `chunked` sets `unsupportedCoding` (and the
    /// head is refused).
    private static func parseHead(_ bytes: ByteBuffer, unsupportedCoding: inout Bool) -> InvokeRequestHead? {
        bytes.withUnsafeReadableBytes { raw -> InvokeRequestHead? in
            // Request line.
            guard let requestLineEnd = lineEnd(raw, from: 0),
                  let methodEnd = firstIndex(raw, of: Byte.space, in: 0..<requestLineEnd),
                  let method = knownMethod(raw, 0..<methodEnd),
                  let targetEnd = firstIndex(raw, of: Byte.space, in: (methodEnd + 1)..<requestLineEnd),
                  targetEnd > methodEnd + 1,
                  let version = version(raw, (targetEnd + 1)..<requestLineEnd) else { return nil }
            // RFC 9112 §3.2: visible ASCII only (no raw UTF-8: clients percent-encode it), and one of
            // the four forms: origin (`/...`), absolute (`scheme://...`), asterisk (`*`), or
            // authority (CONNECT's `host:port`).
            for index in (methodEnd + 1)..<targetEnd where raw[index] <= Byte.space || raw[index] >= 0x7F { return nil }
            guard isTargetForm(raw, (methodEnd + 1)..<targetEnd, connect: method == "CONNECT") else { return nil }
            let head = InvokeRequestHead(
                method: method, uriRange: Int32(methodEnd + 1)..<Int32(targetEnd), version: version, keepAlive: version.minor >= 1, host: nil, apiKeyRange: nil,
                contentLength: nil, chunked: false, expectsContinue: false, connectionNamesHeaders: false,
                bytes: bytes)
            var sawClose = false
            var sawKeepAlive = false
            var hosts = 0
            var codings = 0
            var start = requestLineEnd + 2
            while start < raw.count {
                guard let (field, end) = Self.fieldLine(raw, from: start) else { return nil }
                switch field.kind {
                case .host:
                    hosts += 1
                    guard hosts == 1, isValidHost(raw, Int(field.valueStart)..<Int(field.valueEnd)) else { return nil }
                    head.host = string(raw, field)
                case .apiKey:
                    if head.apiKeyRange == nil { head.apiKeyRange = field.valueStart..<field.valueEnd }
                case .contentLength:
                    guard let length = decimal(raw, Int(field.valueStart)..<Int(field.valueEnd)),
                          head.contentLength == nil || head.contentLength == length else { return nil }
                    head.contentLength = length
                case .transferEncoding:
                    // Only a final `chunked` coding frames a request body (else 400); the gateway
                    // decodes no other coding, so anything besides one `chunked` is a 501.
                    let value = Int(field.valueStart)..<Int(field.valueEnd)
                    guard endsWithChunked(raw, value) else { return nil }
                    forEachToken(raw, value) { _ in codings += 1 }
                    head.chunked = true
                case .connection:
                    forEachToken(raw, Int(field.valueStart)..<Int(field.valueEnd)) { token in
                        if equalsLowercased(raw, token, "close") {
                            sawClose = true
                        } else if equalsLowercased(raw, token, "keep-alive") {
                            sawKeepAlive = true
                        } else {
                            head.connectionNamesHeaders = true
                        }
                    }
                case .expect:
                    head.expectsContinue = equalsLowercased(raw, Int(field.valueStart)..<Int(field.valueEnd), "100-continue")
                case .other, .forwardedFor, .forwardedProto, .hopByHop:
                    break
                }
                head.fields.append(field)
                start = end + 2
            }
            if head.chunked, head.contentLength != nil { return nil }
            if codings > 1 {
                unsupportedCoding = true
                return nil
            }
            // HTTP/1.1 needs exactly one valid Host (RFC 9112 §3.2).
            if version.minor >= 1, hosts == 0 { return nil }
            if head.chunked, version.minor == 0 {
                // RFC 9112 §6.1: framing an HTTP/1.0 peer cannot be trusted with; close after it.
                head.keepAlive = false
                return head
            }
            if sawClose {
                head.keepAlive = false
            } else if sawKeepAlive {
                head.keepAlive = true
            }
            return head
        }
    }

    /// The header line starting at `start` and the index of the CR ending it, in one pass: a name of
    /// token bytes, a colon, then a value without control bytes (tab allowed) up to CRLF; nil for
    /// anything else (a bare CR or LF, whitespace before the colon, no line end).
    static func fieldLine(_ raw: UnsafeRawBufferPointer, from start: Int) -> (InvokeRequestHead.Field, end: Int)? {
        var index = start
        var underscore = false
        while index < raw.count, isTokenByte(raw[index]) {
            underscore = underscore || raw[index] == Byte.underscore
            index += 1
        }
        guard index > start, index < raw.count, raw[index] == Byte.colon else { return nil }
        let colon = index
        index = visibleRun(raw, from: index + 1)
        while index < raw.count {
            let byte = raw[index]
            if byte >= Byte.space ? byte == 0x7F : byte != Byte.tab { break }
            index += 1
        }
        guard index + 1 < raw.count, raw[index] == Byte.cr, raw[index + 1] == Byte.lf else { return nil }
        let end = index
        var valueStart = colon + 1
        var valueEnd = end
        while valueStart < valueEnd, raw[valueStart] == Byte.space || raw[valueStart] == Byte.tab { valueStart += 1 }
        while valueEnd > valueStart, raw[valueEnd - 1] == Byte.space || raw[valueEnd - 1] == Byte.tab { valueEnd -= 1 }
        let field = InvokeRequestHead.Field(
            nameStart: Int32(start), nameEnd: Int32(colon), valueStart: Int32(valueStart), valueEnd: Int32(valueEnd),
            kind: underscore ? underscoreVariantKind(raw, start..<colon) : kind(raw, start..<colon))
        return (field, end)
    }

    /// The end of the run of 8-byte words from `start` whose bytes are all space or visible ASCII
    /// (0x20-0x7E), read a word at a time (SWAR): a header value's bytes, which the byte loop after
    /// it then only checks from the first word holding anything else.
    static func visibleRun(_ raw: UnsafeRawBufferPointer, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        while index + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let control = (word &- ones &* 0x20) & ~word & highs    // a byte below 0x20
            let delete = word ^ (ones &* 0x7F)
            let isDelete = (delete &- ones) & ~delete & highs       // a byte equal to 0x7F
            guard (control | isDelete | (word & highs)) == 0 else { break }
            index += 8
        }
        return index
    }

    /// What a header name means to the gateway.
    static func kind(_ raw: UnsafeRawBufferPointer, _ name: Range<Int>) -> InvokeRequestHead.FieldKind {
        switch name.count {
        case 2: if equalsLowercased(raw, name, "te") { return .hopByHop }
        case 4: if equalsLowercased(raw, name, "host") { return .host }
        case 6: if equalsLowercased(raw, name, "expect") { return .expect }
        case 7:
            if equalsLowercased(raw, name, "upgrade") { return .hopByHop }
            if equalsLowercased(raw, name, "trailer") { return .hopByHop }
        case 8: if equalsLowercased(raw, name, "trailers") { return .hopByHop }
        case 9: if equalsLowercased(raw, name, "x-api-key") { return .apiKey }
        case 10:
            if equalsLowercased(raw, name, "connection") { return .connection }
            if equalsLowercased(raw, name, "keep-alive") { return .hopByHop }
        case 14: if equalsLowercased(raw, name, "content-length") { return .contentLength }
        case 15: if equalsLowercased(raw, name, "x-forwarded-for") { return .forwardedFor }
        case 16: if equalsLowercased(raw, name, "proxy-connection") { return .hopByHop }
        case 17:
            if equalsLowercased(raw, name, "transfer-encoding") { return .transferEncoding }
            if equalsLowercased(raw, name, "x-forwarded-proto") { return .forwardedProto }
        case 18: if equalsLowercased(raw, name, "proxy-authenticate") { return .hopByHop }
        case 19: if equalsLowercased(raw, name, "proxy-authorization") { return .hopByHop }
        default: break
        }
        return .other
    }

    // MARK: Pieces

    /// The methods llhttp (NIO's parser) accepts; anything else is a malformed request.
    private static let methods: [String] = [
        "GET", "PUT", "POST", "HEAD", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "COPY", "LOCK", "MKCOL",
        "MOVE", "PROPFIND", "PROPPATCH", "SEARCH", "UNLOCK", "BIND", "REBIND", "UNBIND", "ACL", "REPORT",
        "MKACTIVITY", "CHECKOUT", "MERGE", "M-SEARCH", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "PURGE",
        "MKCALENDAR", "LINK", "UNLINK", "SOURCE",
    ]

    private static func knownMethod(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> String? {
        // The common ones without a search; the returned literals need no allocation.
        if range.count == 3, raw[0] == UInt8(ascii: "G"), raw[1] == UInt8(ascii: "E"), raw[2] == UInt8(ascii: "T") { return "GET" }
        let bytes = UnsafeRawBufferPointer(rebasing: raw[range])
        return methods.first { $0.utf8.elementsEqual(bytes) }
    }

    private static func version(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> HTTPVersion? {
        guard range.count == 8 else { return nil }
        let text = UnsafeRawBufferPointer(rebasing: raw[range])
        guard startsWithHTTP1(text) else { return nil }
        switch text[7] {
        case UInt8(ascii: "1"): return .http1_1
        case UInt8(ascii: "0"): return .http1_0
        default: return nil
        }
    }

    /// Whether `raw` starts with `HTTP/1.` (the caller checked there are at least 7 bytes).
    static func startsWithHTTP1(_ raw: UnsafeRawBufferPointer) -> Bool {
        raw[0] == UInt8(ascii: "H") && raw[1] == UInt8(ascii: "T") && raw[2] == UInt8(ascii: "T") && raw[3] == UInt8(ascii: "P")
            && raw[4] == UInt8(ascii: "/") && raw[5] == UInt8(ascii: "1") && raw[6] == UInt8(ascii: ".")
    }

    /// The index of the CR of the CRLF ending the line that starts at `start`; nil when a bare CR
    /// or LF comes first (or no line end at all).
    static func lineEnd(_ raw: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index + 1 < raw.count {
            let byte = raw[index]
            if byte == Byte.cr { return raw[index + 1] == Byte.lf ? index : nil }
            if byte == Byte.lf { return nil }
            index += 1
        }
        return nil
    }

    /// The first index of `byte` in `range` of `raw`.
    static func firstIndex(_ raw: UnsafeRawBufferPointer, of byte: UInt8, in range: Range<Int>) -> Int? {
        var index = range.lowerBound
        while index < range.upperBound {
            if raw[index] == byte { return index }
            index += 1
        }
        return nil
    }

    private static func string(_ raw: UnsafeRawBufferPointer, _ field: InvokeRequestHead.Field) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: raw[Int(field.valueStart)..<Int(field.valueEnd)]), as: UTF8.self)
    }

    /// A non-negative decimal without sign or whitespace that fits an `Int`.
    static func decimal(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for index in range {
            let digit = raw[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// Whether the last coding of a `Transfer-Encoding` list is `chunked`.
    static func endsWithChunked(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var last: Range<Int>?
        forEachToken(raw, range) { last = $0 }
        return last.map { equalsLowercased(raw, $0, "chunked") } ?? false
    }

    /// Calls `body` with each non-empty, trimmed element of a comma-separated list.
    static func forEachToken(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>, _ body: (Range<Int>) -> Void) {
        var start = range.lowerBound
        while start < range.upperBound {
            var end = start
            while end < range.upperBound, raw[end] != Byte.comma { end += 1 }
            var tokenStart = start
            var tokenEnd = end
            while tokenStart < tokenEnd, raw[tokenStart] == Byte.space || raw[tokenStart] == Byte.tab { tokenStart += 1 }
            while tokenEnd > tokenStart, raw[tokenEnd - 1] == Byte.space || raw[tokenEnd - 1] == Byte.tab { tokenEnd -= 1 }
            if tokenStart < tokenEnd { body(tokenStart..<tokenEnd) }
            start = end + 1
        }
    }

    /// Whether the bytes in `range` equal the lowercase ASCII `lowered`, ignoring case.
    static func equalsLowercased(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>, _ lowered: StaticString) -> Bool {
        guard range.count == lowered.utf8CodeUnitCount else { return false }
        let expected = lowered.utf8Start
        var offset = 0
        for index in range {
            if lowercased(raw[index]) != expected[offset] { return false }
            offset += 1
        }
        return true
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// RFC 9110 `tchar`: a bit per byte value below 128, so the test is a shift and a mask.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        byte < 64 ? (tokenBitsLow >> UInt64(byte)) & 1 == 1 : byte < 128 && (tokenBitsHigh >> UInt64(byte - 64)) & 1 == 1
    }

    /// `tchar` among bytes 0-63: `! # $ % & ' * + - .` and the digits (checked by a test).
    static let tokenBitsLow: UInt64 = 0x03FF_6CFA_0000_0000
    /// `tchar` among bytes 64-127: the letters and `^ _ ` | ~` (checked by a test).
    static let tokenBitsHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    enum Byte {
        static let cr = UInt8(ascii: "\r")
        static let lf = UInt8(ascii: "\n")
        static let space = UInt8(ascii: " ")
        static let tab = UInt8(ascii: "\t")
        static let colon = UInt8(ascii: ":")
        static let comma = UInt8(ascii: ",")
        static let underscore = UInt8(ascii: "_")
    }
}
