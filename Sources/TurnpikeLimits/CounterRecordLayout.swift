/// The byte layout of a ``CounterFile``: its header and one 128-byte record, read and written at a
/// raw address (no I/O of its own). All integers are little-endian, as the machine writes them.
///
/// Header (4,096 bytes): magic `TPCOUNTR` (8), format ``version`` (4), record size (4), identity (16
/// random bytes), FNV-1a checksum of the first 32 bytes (4), zeros, and at ``bootOffset`` the boot
/// id of the machine that last opened the file (``bootBytes``, ASCII, zero-padded), and at
/// ``journalOffset`` the ``CounterJournal`` (zeros when idle).
///
/// Record (128 bytes): state (4: 0 free, 1 usage, 2 lease), day (4, days since 1970-01-01), total
/// (8), checksum (4: FNV-1a of day, lengths, ids and generation), plan id length (1), key id length
/// (1), zeros (2), plan id then key id (``idBytes``, UTF-8), generation (4, at 120), zeros (4).
/// A usage record's total is the requests counted for the key on the day; a lease record's is the
/// requests admitted against the key's leases of the quota window starting on the day, in the store
/// generation. A record is written ids first and state last; its total only ever grows.
struct CounterRecordLayout {
    /// One page: segments after it stay page-aligned for `mmap`.
    static let headerSize = 4_096
    static let recordSize = 128
    static let version: UInt32 = 1
    static let idBytes = 96
    static let generationOffset = 120
    static let magic: [UInt8] = Array("TPCOUNTR".utf8)
    static let bootOffset = 64
    static let bootBytes = 40
    static let journalOffset = 512

    let base: UnsafeMutableRawPointer

    static func fits(planId: String, keyId: String) -> Bool {
        planId.utf8.count + keyId.utf8.count <= idBytes && planId.utf8.count < 256 && keyId.utf8.count < 256
    }

    var total: UnsafeMutablePointer<UInt64> { (base + 8).assumingMemoryBound(to: UInt64.self) }

    func write(planId: String, keyId: String, day: UTCDay, kind: CounterRecord.Kind = .usage, generation: UInt32 = 0) {
        base.storeBytes(of: UInt32(0), toByteOffset: 0, as: UInt32.self)
        let plan = Array(planId.utf8), key = Array(keyId.utf8)
        (base + 24).copyMemory(from: plan, byteCount: plan.count)
        (base + 24 + plan.count).copyMemory(from: key, byteCount: key.count)
        base.storeBytes(of: Int32(truncatingIfNeeded: day.ordinal), toByteOffset: 4, as: Int32.self)
        total.pointee = 0
        base.storeBytes(of: UInt8(plan.count), toByteOffset: 20, as: UInt8.self)
        base.storeBytes(of: UInt8(key.count), toByteOffset: 21, as: UInt8.self)
        base.storeBytes(of: generation, toByteOffset: Self.generationOffset, as: UInt32.self)
        base.storeBytes(of: checksum(), toByteOffset: 16, as: UInt32.self)
        base.storeBytes(of: kind.rawValue, toByteOffset: 0, as: UInt32.self)
    }

    /// The record, nil when free or torn.
    func read(index: Int) -> CounterRecord? {
        guard let kind = CounterRecord.Kind(rawValue: base.load(as: UInt32.self)) else { return nil }
        let planLength = Int(base.load(fromByteOffset: 20, as: UInt8.self))
        let keyLength = Int(base.load(fromByteOffset: 21, as: UInt8.self))
        guard planLength + keyLength <= Self.idBytes, base.load(fromByteOffset: 16, as: UInt32.self) == checksum() else {
            return nil
        }
        let ids = UnsafeRawBufferPointer(start: base + 24, count: planLength + keyLength)
        guard let plan = String(validating: ids[..<planLength], as: UTF8.self),
              let key = String(validating: ids[planLength...], as: UTF8.self) else { return nil }
        return CounterRecord(
            index: index, kind: kind, planId: plan, keyId: key,
            day: UTCDay(ordinal: Int(base.load(fromByteOffset: 4, as: Int32.self))), total: total.pointee,
            generation: base.load(fromByteOffset: Self.generationOffset, as: UInt32.self))
    }

    func clear() {
        base.storeBytes(of: UInt32(0), toByteOffset: 0, as: UInt32.self)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: Self.recordSize)
    }

    private func checksum() -> UInt32 {
        let planLength = Int(base.load(fromByteOffset: 20, as: UInt8.self))
        let keyLength = Int(base.load(fromByteOffset: 21, as: UInt8.self))
        var hash = Self.fnv(UnsafeRawBufferPointer(start: base + 4, count: 4))
        hash = Self.fnv(UnsafeRawBufferPointer(start: base + 20, count: 2), hash)
        hash = Self.fnv(UnsafeRawBufferPointer(start: base + 24, count: min(planLength + keyLength, Self.idBytes)), hash)
        return Self.fnv(UnsafeRawBufferPointer(start: base + Self.generationOffset, count: 4), hash)
    }

    static func header(identity: [UInt8]) -> [UInt8] {
        var bytes = magic
        withUnsafeBytes(of: version.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: UInt32(recordSize).littleEndian) { bytes += $0 }
        bytes += identity
        let sum = bytes.withUnsafeBytes { fnv($0) }
        withUnsafeBytes(of: sum.littleEndian) { bytes += $0 }
        return bytes + [UInt8](repeating: 0, count: headerSize - bytes.count)
    }

    /// The identity in a header, nil when the header is not one of this format.
    static func identity(inHeader header: [UInt8]) -> [UInt8]? {
        guard header.count >= 36, Array(header[0..<8]) == magic else { return nil }
        let expected = Self.header(identity: Array(header[16..<32]))
        return Array(header[0..<36]) == Array(expected[0..<36]) ? Array(header[16..<32]) : nil
    }

    static func fnv(_ bytes: UnsafeRawBufferPointer, _ seed: UInt32 = 2_166_136_261) -> UInt32 {
        var hash = seed
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }
}
