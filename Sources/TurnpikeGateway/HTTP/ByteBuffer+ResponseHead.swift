import NIOCore
import NIOHTTP1

/// Writing an HTTP/1.1 response head straight into bytes (the invoke path does not use NIO's encoder).
extension ByteBuffer {
    /// `HTTP/1.x <status> <reason>` and CRLF; `reason` defaults to the status's standard phrase.
    mutating func writeStatusLine(version: HTTPVersion, status: Int, reason: String? = nil) {
        writeStatusPrefix(version: version, status: status)
        writeString(reason ?? HTTPResponseStatus(statusCode: status).reasonPhrase)
        writeStaticString("\r\n")
    }

    /// The status line of a backend's response: `status`, and its reason phrase at `reason` in
    /// `bytes` (the head's), copied as received.
    mutating func writeStatusLine(version: HTTPVersion, status: Int, reason: Range<Int>, in bytes: ByteBuffer) {
        writeStatusPrefix(version: version, status: status)
        // The reason phrase ends the backend's status line: it is copied with its CRLF.
        _ = bytes.withUnsafeReadableBytes { raw in
            writeBytes(UnsafeRawBufferPointer(rebasing: raw[reason.lowerBound..<(reason.upperBound + 2)]))
        }
    }

    /// `HTTP/1.x <status> ` in one write, the status's digits without building a `String`.
    private mutating func writeStatusPrefix(version: HTTPVersion, status: Int) {
        guard (100...999).contains(status) else {
            writeStaticString(version.minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ")
            writeString("\(status) ")
            return
        }
        writeWithUnsafeMutableBytes(minimumWritableBytes: 13) { raw in
            let prefix: StaticString = version.minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 "
            raw.baseAddress!.copyMemory(from: prefix.utf8Start, byteCount: 9)
            raw[9] = UInt8(ascii: "0") + UInt8(status / 100)
            raw[10] = UInt8(ascii: "0") + UInt8(status / 10 % 10)
            raw[11] = UInt8(ascii: "0") + UInt8(status % 10)
            raw[12] = UInt8(ascii: " ")
            return 13
        }
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
        identity.writeCorrelationFields(into: &self)
    }

    /// One chunk's size line (hex) for a chunked body.
    mutating func writeChunkSize(_ size: Int) {
        writeString(String(size, radix: 16))
        writeStaticString("\r\n")
    }
}
