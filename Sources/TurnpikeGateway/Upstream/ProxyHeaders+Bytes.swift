import NIOCore

/// ``ProxyHeaders``' rules applied to raw header lines: the invoke path copies the lines it keeps
/// byte for byte instead of building `HTTPHeaders`.
extension ProxyHeaders {
    /// Writes the head of the request to send upstream: the request line, `Host: upstreamHost`,
    /// the client's header lines without hop-by-hop ones (nor `Host`, `Content-Length`, `Expect`,
    /// underscore variants of those names, or the client's `X-Forwarded-Proto`), the client's
    /// address appended to `X-Forwarded-For`, `X-Forwarded-Proto: http`, and `Content-Length` for
    /// `bodyLength` (0 is sent for methods that carry a body), and with `identity` the request's
    /// `x-amzn-RequestId` and `X-Amzn-Trace-Id` (the client's own lines of those names dropped, so
    /// the backend sees the ids the client gets back; a W3C `traceparent` passes as it came). The
    /// body was read in full, so the backend is never asked to send `100 Continue`.
    static func writeUpstreamRequestHead(
        into buffer: inout ByteBuffer, method: String, target: String, head: InvokeRequestHead, clientAddress: String?,
        identity: RequestIdentity? = nil, upstreamHost: String, bodyLength: Int
    ) {
        buffer.writeString(method)
        buffer.writeStaticString(" ")
        buffer.writeString(target)
        buffer.writeStaticString(" HTTP/1.1\r\nHost: ")
        buffer.writeString(upstreamHost)
        buffer.writeStaticString("\r\n")
        let appendsAddress = clientAddress.map { !$0.isEmpty } ?? false
        var forwardedFor: [InvokeRequestHead.Field] = []
        let namesHeaders = head.connectionNamesHeaders
        head.bytes.withUnsafeReadableBytes { raw in
            head.fields.withUnsafeLines { lines in
                copyLines(raw, lines, into: &buffer) { field in
                    switch field.kind {
                    case .host, .contentLength, .transferEncoding, .connection, .hopByHop, .expect, .forwardedProto:
                        return false
                    case .forwardedFor where appendsAddress:
                        forwardedFor.append(field)
                        return false
                    case .other where identity != nil:
                        if isCorrelationField(field, raw: raw) { return false }
                    default:
                        break
                    }
                    return !(namesHeaders && isNamedByConnection(field, raw: raw, lines: lines))
                }
            }
            if let clientAddress, appendsAddress {
                buffer.writeStaticString("X-Forwarded-For: ")
                for field in forwardedFor {
                    RequestHeadParser.forEachToken(raw, Int(field.valueStart)..<Int(field.valueEnd)) { token in
                        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[token]))
                        buffer.writeStaticString(", ")
                    }
                }
                buffer.writeString(clientAddress)
                buffer.writeStaticString("\r\n")
            }
        }
        identity?.writeUpstreamFields(into: &buffer)
        buffer.writeStaticString("X-Forwarded-Proto: http\r\n")
        if bodyLength > 0 || !sendsNoBody(method) {
            buffer.writeStaticString("Content-Length: ")
            buffer.writeString(String(bodyLength))
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
    }

    /// Writes the backend's response header lines that may reach the client (hop-by-hop ones
    /// dropped, and `Content-Length` when the body is not framed by it: a backend that sent both
    /// it and `Transfer-Encoding` is read by the coding, RFC 9112 §6.3, and only that reaches the client).
    /// `inout` only so that the head's lines are read in place (see ``HeaderFields``): nothing changes.
    static func writeDownstreamResponseFields(of head: inout UpstreamResponseHead, into buffer: inout ByteBuffer) {
        let dropsLength = head.framing == .chunked || head.framing == .close
        let namesHeaders = head.connectionNamesHeaders
        head.bytes.withUnsafeReadableBytes { raw in
            head.fields.withUnsafeLines { lines in
                copyLines(raw, lines, into: &buffer) { field in
                    switch field.kind {
                    case .transferEncoding, .connection, .hopByHop:
                        return false
                    case .contentLength where dropsLength:
                        return false
                    default:
                        return !(namesHeaders && isNamedByConnection(field, raw: raw, lines: lines))
                    }
                }
            }
        }
    }

    /// Copies the header lines `keep` accepts (name, value and CRLF; whitespace after a value is
    /// dropped), neighbouring lines in one write: most heads are copied in one or two pieces.
    static func copyLines(
        _ raw: UnsafeRawBufferPointer, _ lines: UnsafeBufferPointer<InvokeRequestHead.Field>, into buffer: inout ByteBuffer,
        keep: (InvokeRequestHead.Field) -> Bool
    ) {
        var run = 0..<0  // whole lines, CRLF included, not written yet
        for field in lines where keep(field) {
            let start = Int(field.nameStart), valueEnd = Int(field.valueEnd)
            // A line whose value ends at its CR can be copied as it stands.
            let whole = valueEnd + 1 < raw.count && raw[valueEnd] == RequestHeadParser.Byte.cr
            if whole, !run.isEmpty, run.upperBound == start {
                run = run.lowerBound..<(valueEnd + 2)
                continue
            }
            if !run.isEmpty { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[run])) }
            if whole {
                run = start..<(valueEnd + 2)
            } else {
                run = 0..<0
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[start..<valueEnd]))
                buffer.writeStaticString("\r\n")
            }
        }
        if !run.isEmpty { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[run])) }
    }

    /// Whether `method` is sent upstream without `Content-Length` when there is no body (NIO's
    /// encoder framed the others).
    private static func sendsNoBody(_ method: String) -> Bool {
        switch method {
        case "GET", "HEAD", "DELETE", "CONNECT", "TRACE", "OPTIONS": return true
        default: return false
        }
    }

    /// Whether `field` is `X-Amzn-Trace-Id` or `x-amzn-RequestId` (any case): the gateway's own go upstream.
    private static func isCorrelationField(_ field: InvokeRequestHead.Field, raw: UnsafeRawBufferPointer) -> Bool {
        let length = Int(field.nameEnd - field.nameStart)
        guard length == 15 || length == 16 else { return false }
        let name: StaticString = length == 15 ? "x-amzn-trace-id" : "x-amzn-requestid"
        return name.withUTF8Buffer { expected in
            (0..<length).allSatisfy { RequestHeadParser.lowercased(raw[Int(field.nameStart) + $0]) == expected[$0] }
        }
    }

    /// Whether a `Connection` header of the same head names `field`.
    private static func isNamedByConnection(
        _ field: InvokeRequestHead.Field, raw: UnsafeRawBufferPointer, lines: UnsafeBufferPointer<InvokeRequestHead.Field>
    ) -> Bool {
        let name = Int(field.nameStart)..<Int(field.nameEnd)
        var named = false
        for connection in lines where connection.kind == .connection {
            RequestHeadParser.forEachToken(raw, Int(connection.valueStart)..<Int(connection.valueEnd)) { token in
                guard !named, token.count == name.count else { return }
                named = zip(token, name).allSatisfy {
                    RequestHeadParser.lowercased(raw[$0.0]) == RequestHeadParser.lowercased(raw[$0.1])
                }
            }
        }
        return named
    }
}
