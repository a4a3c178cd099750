import Synchronization

/// One request's two increments in a ``CounterFile`` (the key's lease consumption, then its usage),
/// written ahead in the file's header so that a `kill -9` landing between them is repaired at the
/// next open: without it that request would be consumed from the lease but missing from usage.
///
/// Layout (in the header page, at ``CounterRecordLayout/journalOffset``; zeros in a file that never
/// had one): state (8: 0 idle, 1 open), the usage record (8), the lease record (8), the usage total
/// before (8), the lease total before (8). The hot path writes the four values, opens, adds 1 to the
/// lease total, adds 1 to the usage total, and closes, each step a release store, so the file holds
/// them in that order whatever instant the process dies at.
struct CounterJournal {
    /// What an open journal was counting.
    struct Entry: Equatable {
        var usage: Int
        var lease: Int
        var usageBefore: UInt64
        var leaseBefore: UInt64
    }

    /// Where the journal starts, in the mapped header page.
    let base: UnsafeMutableRawPointer

    /// Adds one request to `consumed` (record `lease`) and `total` (record `usage`).
    func count(usage: Int, total: UnsafeMutablePointer<UInt64>, lease: Int, consumed: UnsafeMutablePointer<UInt64>) {
        let entry = Entry(usage: usage, lease: lease, usageBefore: total.pointee, leaseBefore: consumed.pointee)
        open(entry)
        Self.store(entry.leaseBefore &+ 1, at: UnsafeMutableRawPointer(consumed))
        Self.store(entry.usageBefore &+ 1, at: UnsafeMutableRawPointer(total))
        close()
    }

    /// Writes `entry`, then marks the journal open (the first half of ``count(usage:total:lease:consumed:)``).
    func open(_ entry: Entry) {
        base.storeBytes(of: UInt64(truncatingIfNeeded: entry.usage), toByteOffset: 8, as: UInt64.self)
        base.storeBytes(of: UInt64(truncatingIfNeeded: entry.lease), toByteOffset: 16, as: UInt64.self)
        base.storeBytes(of: entry.usageBefore, toByteOffset: 24, as: UInt64.self)
        base.storeBytes(of: entry.leaseBefore, toByteOffset: 32, as: UInt64.self)
        Self.store(1, at: base)
    }

    /// The request an open journal was counting (read at open); nil when the journal is idle.
    var openEntry: Entry? {
        guard base.load(as: UInt64.self) == 1 else { return nil }
        return Entry(usage: Int(truncatingIfNeeded: base.load(fromByteOffset: 8, as: UInt64.self)),
                     lease: Int(truncatingIfNeeded: base.load(fromByteOffset: 16, as: UInt64.self)),
                     usageBefore: base.load(fromByteOffset: 24, as: UInt64.self),
                     leaseBefore: base.load(fromByteOffset: 32, as: UInt64.self))
    }

    /// Marks the journal idle.
    func close() {
        Self.store(0, at: base)
    }

    private static func store(_ value: UInt64, at address: UnsafeMutableRawPointer) {
        address.assumingMemoryBound(to: Atomic<UInt64>.self).pointee.store(value, ordering: .releasing)
    }
}
