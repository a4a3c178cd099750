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
    /// Where the journal starts, in the mapped header page.
    let base: UnsafeMutableRawPointer

    /// Adds one request to `consumed` (record `lease`) and `total` (record `usage`).
    func count(usage: Int, total: UnsafeMutablePointer<UInt64>, lease: Int, consumed: UnsafeMutablePointer<UInt64>) {
        let totalBefore = total.pointee, consumedBefore = consumed.pointee
        base.storeBytes(of: UInt64(truncatingIfNeeded: usage), toByteOffset: 8, as: UInt64.self)
        base.storeBytes(of: UInt64(truncatingIfNeeded: lease), toByteOffset: 16, as: UInt64.self)
        base.storeBytes(of: totalBefore, toByteOffset: 24, as: UInt64.self)
        base.storeBytes(of: consumedBefore, toByteOffset: 32, as: UInt64.self)
        Self.store(1, at: base)
        Self.store(consumedBefore &+ 1, at: UnsafeMutableRawPointer(consumed))
        Self.store(totalBefore &+ 1, at: UnsafeMutableRawPointer(total))
        Self.store(0, at: base)
    }

    /// What an open journal says happened, read at open: the usage record to add the request to
    /// when the lease total moved and the usage total did not (nil when there is nothing to repair).
    /// - Parameter totals: the usage and lease totals of the journal's records, nil when either is
    ///   not a record of that kind any more.
    func repair(totals: (Int, Int) -> (usage: UInt64, lease: UInt64)?) -> Int? {
        guard base.load(as: UInt64.self) == 1 else { return nil }
        let usage = Int(truncatingIfNeeded: base.load(fromByteOffset: 8, as: UInt64.self))
        let lease = Int(truncatingIfNeeded: base.load(fromByteOffset: 16, as: UInt64.self))
        guard let now = totals(usage, lease),
              now.lease == base.load(fromByteOffset: 32, as: UInt64.self) &+ 1,
              now.usage == base.load(fromByteOffset: 24, as: UInt64.self) else { return nil }
        return usage
    }

    /// Marks the journal idle (after ``repair(totals:)``).
    func close() {
        Self.store(0, at: base)
    }

    private static func store(_ value: UInt64, at address: UnsafeMutableRawPointer) {
        address.assumingMemoryBound(to: Atomic<UInt64>.self).pointee.store(value, ordering: .releasing)
    }
}
