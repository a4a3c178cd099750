/// The literal edges of the route trie: (parent node, path part) → child node, in one open-addressed
/// hash table over a shared byte pool, so that a lookup hashes the request's segment bytes in place
/// and compares them with the stored bytes: no `String` is made per segment.
struct LiteralTable: Sendable {
    struct Entry: Sendable {
        var parent: Int32 = -1
        /// -1 marks an empty slot.
        var child: Int32 = -1
        var offset: Int32 = 0
        var length: Int32 = 0
        var hash: UInt64 = 0
    }

    private let entries: [Entry]
    private let pool: [UInt8]
    private let mask: Int

    /// A table of `edges` (parent, path part, child); a (parent, part) pair must appear once.
    init(edges: [(parent: Int32, part: String, child: Int32)]) {
        var capacity = 8
        while capacity < edges.count * 2 { capacity <<= 1 }
        var entries = [Entry](repeating: Entry(), count: capacity)
        var pool: [UInt8] = []
        for edge in edges {
            let bytes = Array(edge.part.utf8)
            let hash = bytes.withUnsafeBufferPointer { Self.hash(parent: edge.parent, segment: $0) }
            var index = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while entries[index].child >= 0 { index = (index + 1) & (capacity - 1) }
            entries[index] = Entry(
                parent: edge.parent, child: edge.child, offset: Int32(pool.count), length: Int32(bytes.count), hash: hash
            )
            pool.append(contentsOf: bytes)
        }
        self.entries = entries
        self.pool = pool
        self.mask = capacity - 1
    }

    /// The child of `parent` whose literal path part is exactly `segment`, or nil.
    @inline(__always)
    func child(of parent: Int32, segment: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(parent: parent, segment: segment)
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = entries[index]
            if entry.child < 0 { return nil }
            if entry.hash == hash, entry.parent == parent, Int(entry.length) == segment.count, matches(entry, segment) {
                return entry.child
            }
            index = (index + 1) & mask
        }
    }

    private func matches(_ entry: Entry, _ segment: UnsafeBufferPointer<UInt8>) -> Bool {
        pool.withUnsafeBufferPointer { pool in
            var poolIndex = Int(entry.offset)
            for byte in segment {
                if pool[poolIndex] != byte { return false }
                poolIndex += 1
            }
            return true
        }
    }

    /// FNV-1a over the segment, mixed with the parent node and finished with a 64-bit avalanche.
    @inline(__always)
    private static func hash(parent: Int32, segment: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ (UInt64(UInt32(bitPattern: parent)) &* 0x9E37_79B9_7F4A_7C15)
        for byte in segment {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
