import Synchronization

/// Admitted requests counted in memory per plan, key and UTC day, until a flusher moves them to the
/// store in batches: the hot path pays one lock and one dictionary increment, never a database write.
public final class UsageLedger: Sendable {
    /// One counter's identity.
    public struct Entry: Sendable, Hashable {
        public var planId: String
        public var keyId: String
        public var day: UTCDay

        public init(planId: String, keyId: String, day: UTCDay) {
            self.planId = planId
            self.keyId = keyId
            self.day = day
        }
    }

    private let counts = Mutex<[Entry: Int]>([:])

    public init() {}

    /// Counts one admitted request.
    public func record(planId: String, keyId: String, day: UTCDay) {
        let entry = Entry(planId: planId, keyId: keyId, day: day)
        counts.withLock { $0[entry, default: 0] += 1 }
    }

    /// Takes every counter, leaving the ledger empty.
    public func drain() -> [Entry: Int] {
        counts.withLock { counts in
            defer { counts.removeAll(keepingCapacity: true) }
            return counts
        }
    }

    /// Puts counters back (after a failed flush), adding to what was counted meanwhile.
    public func restore(_ drained: [Entry: Int]) {
        counts.withLock { counts in
            for (entry, count) in drained { counts[entry, default: 0] += count }
        }
    }

    /// Requests counted and not yet drained.
    public var pending: Int { counts.withLock { $0.values.reduce(0, +) } }
}
