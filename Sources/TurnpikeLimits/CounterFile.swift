#if canImport(Glibc)
import Glibc
#endif

/// The node's usage counts in a memory-mapped file of the data directory (`counters.bin`), mapped
/// `MAP_SHARED`: an increment is in the kernel's page cache the moment it is made, so `kill -9` of
/// the process loses none of them (a power loss can, back to the last ``sync()``).
///
/// The file is a 4 KiB header (one page, so segments are page-aligned) and segments of ``segmentRecords`` records of 128 bytes
/// (``CounterRecordLayout``); each segment is mapped on its own, so growing the file never moves a
/// record a counter points at. Records are never read or written concurrently: the owner (a
/// ``UsageLedger``) uses the file under its lock only.
///
/// Opening checks the header: a file that is not a counter file, or of another format version, is
/// refused (the node does not start, nothing is overwritten); a record whose checksum fails (torn by
/// a power loss) is dropped; a file that ends inside a segment (a growth cut short) is cut back to
/// its whole segments.
public final class CounterFile: @unchecked Sendable {
    /// Records per segment (1 MiB).
    public static let segmentRecords = 8_192
    static var segmentBytes: Int { segmentRecords * CounterRecordLayout.recordSize }

    /// The file's identity, random at creation: the store keeps the node's totals under it.
    public let identity: String
    private let descriptor: Int32
    private let path: String
    private var segments: [UnsafeMutableRawPointer] = []
    private var free: [Int] = []
    /// The header page, mapped for the ``journal``.
    private let header: UnsafeMutableRawPointer
    /// Where the hot path counts a request in a lease and in usage at once.
    let journal: CounterJournal

    /// True when the open found a request counted in its lease but not in usage (the process died
    /// between the two increments) and counted it in usage.
    private(set) var repairedRequest = false

    /// True when the file was last opened under another boot of the machine (or on another machine):
    /// its last second of counts may have been lost with the page cache, so leases are not settled
    /// from it (docs/limits.md).
    public let machineRestarted: Bool

    /// Opens (creating if missing, mode 0600, never through a symbolic link) the counter file at `path`.
    /// - Parameter bootId: the machine's boot id, recorded in the header (the kernel's by default).
    public init(path: String, bootId: String = CounterFile.kernelBootId()) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CounterFileError("cannot open the counter file \(path): errno \(errno)") }
        let whole: Int
        do {
            var status = stat()
            guard fstat(descriptor, &status) == 0, (status.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG) else {
                throw CounterFileError("the counter file \(path) is not a regular file")
            }
            var size = Int(status.st_size)
            let created = size == 0
            if created {
                identity = try Self.create(descriptor, path: path)
                size = CounterRecordLayout.headerSize
            } else {
                identity = try Self.readHeader(descriptor, size: size, path: path)
            }
            machineRestarted = try Self.recordBoot(bootId, descriptor, path: path) && !created
            whole = (size - CounterRecordLayout.headerSize) / Self.segmentBytes
            if CounterRecordLayout.headerSize + whole * Self.segmentBytes != size {
                guard ftruncate(descriptor, off_t(CounterRecordLayout.headerSize + whole * Self.segmentBytes)) == 0 else {
                    throw CounterFileError("cannot repair the counter file \(path): errno \(errno)")
                }
            }
            header = try Self.map(descriptor, offset: 0, bytes: CounterRecordLayout.headerSize, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        journal = CounterJournal(base: header + CounterRecordLayout.journalOffset)
        // Initialized from here on: a throw releases the file and `deinit` unmaps and closes.
        for _ in 0..<whole { try mapSegment() }
        if whole == 0 { try grow() }
        repairedRequest = repairJournal()
    }

    deinit {
        for segment in segments { munmap(segment, Self.segmentBytes) }
        munmap(header, CounterRecordLayout.headerSize)
        close(descriptor)
    }

    /// Completes the request an open ``journal`` was counting when the process died between its two
    /// increments (the lease total moved, the usage total did not); closes the journal.
    private func repairJournal() -> Bool {
        defer { journal.close() }
        guard let entry = journal.openEntry,
              (0..<capacity).contains(entry.usage), (0..<capacity).contains(entry.lease),
              record(entry.usage)?.kind == .usage, record(entry.lease)?.kind == .lease,
              total(entry.lease).pointee == entry.leaseBefore &+ 1,
              total(entry.usage).pointee == entry.usageBefore else { return false }
        total(entry.usage).pointee &+= 1
        return true
    }

    /// Record slots in the file.
    public var capacity: Int { segments.count * Self.segmentRecords }

    /// Every record in use, as stored (torn records are freed, not listed).
    public func records() -> [CounterRecord] {
        var found: [CounterRecord] = []
        free.removeAll()
        for index in (0..<capacity).reversed() {
            let layout = CounterRecordLayout(base: base(of: index))
            if let record = layout.read(index: index) {
                found.append(record)
            } else {
                layout.clear()
                free.append(index)
            }
        }
        return found.reversed()
    }

    /// Makes a record for a key in a plan on a day, its total 0; nil when the ids do not fit a record
    /// (``CounterRecordLayout/idBytes``) or the file cannot grow.
    public func allocate(
        planId: String, keyId: String, day: UTCDay, kind: CounterRecord.Kind = .usage, generation: UInt32 = 0
    ) -> Int? {
        guard CounterRecordLayout.fits(planId: planId, keyId: keyId) else { return nil }
        if free.isEmpty, (try? grow()) == nil { return nil }
        let index = free.removeLast()
        rewrite(index, planId: planId, keyId: keyId, day: day, kind: kind, generation: generation)
        return index
    }

    /// Writes record `index` afresh, its total 0.
    public func rewrite(_ index: Int, planId: String, keyId: String, day: UTCDay, kind: CounterRecord.Kind, generation: UInt32) {
        CounterRecordLayout(base: base(of: index)).write(planId: planId, keyId: keyId, day: day, kind: kind, generation: generation)
    }

    /// Record `index` as stored, nil when free or torn.
    public func record(_ index: Int) -> CounterRecord? {
        CounterRecordLayout(base: base(of: index)).read(index: index)
    }

    /// The total of record `index`, where the hot path adds to it.
    public func total(_ index: Int) -> UnsafeMutablePointer<UInt64> {
        CounterRecordLayout(base: base(of: index)).total
    }

    /// Frees record `index` (its counts are in the store).
    public func release(_ index: Int) {
        CounterRecordLayout(base: base(of: index)).clear()
        free.append(index)
    }

    /// The mapped segments, for ``sync(_:)`` (read under the owner's lock: growing adds to them).
    public var mappedSegments: [UnsafeMutableRawPointer] { segments }

    /// Writes the mapped pages of `segments` to the disk (`msync(MS_SYNC)`): what a power loss cannot
    /// take back. Runs without the owner's lock (segments are never unmapped while the file is open),
    /// so counting goes on while the disk writes.
    public static func sync(_ segments: [UnsafeMutableRawPointer]) {
        for segment in segments { msync(segment, segmentBytes, MS_SYNC) }
    }

    private func base(of index: Int) -> UnsafeMutableRawPointer {
        segments[index / Self.segmentRecords] + (index % Self.segmentRecords) * CounterRecordLayout.recordSize
    }

    private func grow() throws {
        let size = CounterRecordLayout.headerSize + (segments.count + 1) * Self.segmentBytes
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw CounterFileError("cannot grow \(path): errno \(errno)") }
        try mapSegment()
        let first = (segments.count - 1) * Self.segmentRecords
        free.append(contentsOf: (first..<(first + Self.segmentRecords)).reversed())
    }

    private func mapSegment() throws {
        let offset = CounterRecordLayout.headerSize + segments.count * Self.segmentBytes
        segments.append(try Self.map(descriptor, offset: offset, bytes: Self.segmentBytes, path: path))
    }

    private static func map(_ descriptor: Int32, offset: Int, bytes: Int, path: String) throws -> UnsafeMutableRawPointer {
        guard let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, off_t(offset)),
              mapped != MAP_FAILED else {
            throw CounterFileError("cannot map the counter file \(path): errno \(errno)")
        }
        return mapped
    }

    private static func create(_ descriptor: Int32, path: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let header = CounterRecordLayout.header(identity: random)
        let written = header.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == header.count, fsync(descriptor) == 0 else { throw CounterFileError("cannot write \(path): errno \(errno)") }
        return CounterRecordLayout.hex(random)
    }

    /// The kernel's boot id, empty where there is none.
    public static func kernelBootId() -> String {
        let file = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return "" }
        defer { close(file) }
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = bytes.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress, $0.count) }
        guard count > 0 else { return "" }
        return String(decoding: bytes[..<count].filter { $0 > 32 }, as: UTF8.self)
    }

    /// Records `bootId` in the header; true when another one was there.
    private static func recordBoot(_ bootId: String, _ descriptor: Int32, path: String) throws -> Bool {
        var boot = Array(bootId.utf8.prefix(CounterRecordLayout.bootBytes))
        boot += [UInt8](repeating: 0, count: CounterRecordLayout.bootBytes - boot.count)
        var stored = [UInt8](repeating: 0, count: CounterRecordLayout.bootBytes)
        let read = stored.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(CounterRecordLayout.bootOffset)) }
        guard read == stored.count else { throw CounterFileError("cannot read \(path): errno \(errno)") }
        guard stored != boot else { return false }
        let written = boot.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(CounterRecordLayout.bootOffset)) }
        guard written == boot.count, fsync(descriptor) == 0 else { throw CounterFileError("cannot write \(path): errno \(errno)") }
        return true
    }

    private static func readHeader(_ descriptor: Int32, size: Int, path: String) throws -> String {
        var header = [UInt8](repeating: 0, count: CounterRecordLayout.headerSize)
        let count = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count == header.count, let identity = CounterRecordLayout.identity(inHeader: header) else {
            throw CounterFileError("""
                \(path) is not a Turnpike counter file of format \(CounterRecordLayout.version): move it aside \
                (its counts are lost) or start the version that wrote it
                """)
        }
        return CounterRecordLayout.hex(identity)
    }
}

/// One record in use in a ``CounterFile``.
public struct CounterRecord: Sendable, Equatable {
    /// What a record counts.
    public enum Kind: UInt32, Sendable {
        /// Requests of a key on ``CounterRecord/day``.
        case usage = 1
        /// Requests admitted against a key's leases in the quota window starting on ``CounterRecord/day``,
        /// store generation ``CounterRecord/generation``.
        case lease = 2
    }

    public var index: Int
    public var kind: Kind
    public var planId: String
    public var keyId: String
    public var day: UTCDay
    public var total: UInt64
    public var generation: UInt32
}

/// The counter file cannot be used.
public struct CounterFileError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
