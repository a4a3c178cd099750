import Synchronization

/// Admitted requests counted in memory per plan, key and UTC day, until a flusher moves them to the
/// store in batches: the hot path pays one lock and one dictionary increment, never a database write.
public final class UsageLedger: Sendable {
    /// A key in a plan, made once (per configuration snapshot) so that counting a request hashes one
    /// integer instead of two strings.
    public struct Counter: Sendable {
        public let planId: String
        public let keyId: String
        /// `planId` and `keyId` hashed together (this process's seed).
        let identity: Int

        public init(planId: String, keyId: String) {
            self.planId = planId
            self.keyId = keyId
            var hasher = Hasher()
            hasher.combine(planId)
            hasher.combine(keyId)
            identity = hasher.finalize()
        }
    }

    /// One counter's identity.
    public struct Entry: Sendable, Hashable {
        public var planId: String { counter.planId }
        public var keyId: String { counter.keyId }
        public var day: UTCDay
        private let counter: Counter

        public init(planId: String, keyId: String, day: UTCDay) {
            self.init(Counter(planId: planId, keyId: keyId), day: day)
        }

        public init(_ counter: Counter, day: UTCDay) {
            self.counter = counter
            self.day = day
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(counter.identity)
            hasher.combine(day)
        }

        public static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.counter.identity == rhs.counter.identity && lhs.day == rhs.day
                && lhs.counter.planId == rhs.counter.planId && lhs.counter.keyId == rhs.counter.keyId
        }
    }

    private let counts = Mutex<[Entry: Int]>([:])

    public init() {}

    /// Counts one admitted request.
    public func record(planId: String, keyId: String, day: UTCDay) {
        record(Counter(planId: planId, keyId: keyId), day: day)
    }

    /// Counts one admitted request (the hot path's form: the counter is made once per key).
    public func record(_ counter: Counter, day: UTCDay) {
        let entry = Entry(counter, day: day)
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
