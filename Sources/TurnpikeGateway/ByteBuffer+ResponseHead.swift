import NIOCore
import NIOHTTP1

/// Writing an HTTP/1.1 response head straight into bytes (the invoke path does not use NIO's encoder).
extension ByteBuffer {
    /// `HTTP/1.x <status> <reason>` and CRLF; `reason` defaults to the status's standard phrase.
    mutating func writeStatusLine(version: HTTPVersion, status: Int, reason: String? = nil) {
        writeStaticString(version.minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ")
        writeString(String(status))
        writeStaticString(" ")
        writeString(reason ?? HTTPResponseStatus(statusCode: status).reasonPhrase)
        writeStaticString("\r\n")
    }

    /// The status line of a backend's response, its reason phrase copied as received.
    mutating func writeStatusLine(version: HTTPVersion, of head: UpstreamResponseHead) {
        writeStaticString(version.minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ")
        writeString(String(head.status))
        writeStaticString(" ")
        if let reason = head.bytes.getSlice(at: head.bytes.readerIndex + head.reason.lowerBound, length: head.reason.count) {
            writeImmutableBuffer(reason)
        }
        writeStaticString("\r\n")
    }

    /// `name: value` and CRLF.
    mutating func writeHeader(_ name: StaticString, _ value: String) {
        writeStaticString(name)
        writeStaticString(": ")
        writeString(value)
        writeStaticString("\r\n")
    }

    /// `name: value` and CRLF, for a name known only at run time.
    mutating func writeHeader(name: String, _ value: String) {
        writeString(name)
        writeStaticString(": ")
        writeString(value)
        writeStaticString("\r\n")
    }

    /// The correlation headers every answer carries.
    mutating func writeCorrelation(of identity: RequestIdentity) {
        writeHeader("x-amzn-RequestId", identity.requestId)
        writeHeader("x-amz-apigw-id", identity.gatewayId)
        writeHeader("X-Amzn-Trace-Id", identity.traceId)
    }

    /// One chunk's size line (hex) for a chunked body.
    mutating func writeChunkSize(_ size: Int) {
        writeString(String(size, radix: 16))
        writeStaticString("\r\n")
    }
}
