import NIOCore

/// ``ProxyHeaders``' rules applied to raw header lines: the invoke path copies the lines it keeps
/// byte for byte instead of building `HTTPHeaders`.
extension ProxyHeaders {
    /// Writes the head of the request to send upstream: the request line, `Host: upstreamHost`,
    /// the client's header lines without hop-by-hop ones (nor `Host`, `Content-Length`), the
    /// client's address appended to `X-Forwarded-For`, `X-Forwarded-Proto: http` unless the client
    /// sent one, and `Content-Length` for `bodyLength` (0 is sent for methods that carry a body).
    static func writeUpstreamRequestHead(
        into buffer: inout ByteBuffer, method: String, target: String, head: InvokeRequestHead, clientAddress: String?,
        upstreamHost: String, bodyLength: Int
    ) {
        buffer.writeString(method)
        buffer.writeStaticString(" ")
        buffer.writeString(target)
        buffer.writeStaticString(" HTTP/1.1\r\nHost: ")
        buffer.writeString(upstreamHost)
        buffer.writeStaticString("\r\n")
        let appendsAddress = clientAddress.map { !$0.isEmpty } ?? false
        var forwardedFor: [InvokeRequestHead.Field] = []
        var hasProto = false
        head.bytes.withUnsafeReadableBytes { raw in
            for field in head.fields {
                switch field.kind {
                case .host, .contentLength, .transferEncoding, .connection, .hopByHop:
                    continue
                case .forwardedFor where appendsAddress:
                    forwardedFor.append(field)
                    continue
                case .forwardedProto:
                    hasProto = true
                default:
                    break
                }
                if head.connectionNamesHeaders, isNamedByConnection(field, raw: raw, fields: head.fields) { continue }
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[Int(field.nameStart)..<Int(field.valueEnd)]))
                buffer.writeStaticString("\r\n")
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
        if !hasProto { buffer.writeStaticString("X-Forwarded-Proto: http\r\n") }
        if bodyLength > 0 || !methodsWithoutBody.contains(method) {
            buffer.writeStaticString("Content-Length: ")
            buffer.writeString(String(bodyLength))
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
    }

    /// Writes the backend's response header lines that may reach the client (hop-by-hop ones dropped).
    static func writeDownstreamResponseFields(of head: UpstreamResponseHead, into buffer: inout ByteBuffer) {
        head.bytes.withUnsafeReadableBytes { raw in
            for field in head.fields {
                switch field.kind {
                case .transferEncoding, .connection, .hopByHop:
                    continue
                default:
                    if head.connectionNamesHeaders, isNamedByConnection(field, raw: raw, fields: head.fields) { continue }
                    buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[Int(field.nameStart)..<Int(field.valueEnd)]))
                    buffer.writeStaticString("\r\n")
                }
            }
        }
    }

    /// Methods sent upstream without `Content-Length` when there is no body (NIO's encoder frames
    /// the others).
    private static let methodsWithoutBody: Set<String> = ["GET", "HEAD", "DELETE", "CONNECT", "TRACE", "OPTIONS"]

    /// Whether a `Connection` header of the same head names `field`.
    private static func isNamedByConnection(
        _ field: InvokeRequestHead.Field, raw: UnsafeRawBufferPointer, fields: [InvokeRequestHead.Field]
    ) -> Bool {
        let name = Int(field.nameStart)..<Int(field.nameEnd)
        var named = false
        for connection in fields where connection.kind == .connection {
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
