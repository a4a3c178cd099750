import NIOCore

extension Optional where Wrapped == ByteBuffer {
    /// Queues bytes read from a peer behind those not consumed yet (taking the buffer as it is
    /// when nothing is queued, so the common case copies nothing).
    mutating func append(_ buffer: ByteBuffer) {
        guard case .some(var queued) = self, queued.readableBytes > 0 else {
            self = buffer
            return
        }
        self = nil  // keep the storage uniquely referenced while appending
        var incoming = buffer
        queued.writeBuffer(&incoming)
        self = queued
    }
}
