import NIOCore

/// A buffer kept after it was handed to a channel, so that the next head written on the same
/// connection reuses its storage instead of allocating: once the socket has written the bytes, the
/// storage is this value's alone again and ``take(capacity:allocator:)`` clears it in place. While
/// the channel still holds it, a new buffer is allocated (copy-on-write keeps the pending bytes safe).
struct ReusableBuffer {
    /// Buffers that grew past this are not kept (a connection holds at most this much).
    static let maximumKeptCapacity = 16 * 1024

    private var kept: ByteBuffer?

    init() {}

    /// An empty buffer with room for `capacity` bytes.
    mutating func take(capacity: Int, allocator: ByteBufferAllocator) -> ByteBuffer {
        guard var buffer = kept else { return allocator.buffer(capacity: capacity) }
        kept = nil
        buffer.clear(minimumCapacity: capacity)
        return buffer
    }

    /// Keeps `buffer` (just written to a channel) for the next ``take(capacity:allocator:)``.
    mutating func keep(_ buffer: ByteBuffer) {
        kept = buffer.capacity <= Self.maximumKeptCapacity ? buffer : nil
    }
}
