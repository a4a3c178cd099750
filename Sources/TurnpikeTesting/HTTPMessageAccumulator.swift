import NIOCore
import NIOHTTP1

/// Gathers the parts of one HTTP message (request or response) into its head and whole body.
struct HTTPMessageAccumulator<Head: Equatable> {
    private var head: Head?
    private var body: [UInt8] = []

    /// Takes one part; returns the complete message at its end.
    mutating func take(_ part: HTTPPart<Head, ByteBuffer>) -> (head: Head, body: [UInt8])? {
        switch part {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            defer { head = nil }
            return head.map { ($0, body) }
        }
        return nil
    }
}
