import Synchronization

/// Admitted requests counted in memory per plan, key and UTC day, until a flusher moves them to the
/// store in batches: the hot path pays one lock and one increment, never a database write.
///
/// The hot path counts through a ``Counter`` (one per key and plan, made when a snapshot is built):
/// the count is kept in the counter itself, which the ledger lists once per flush interval, so a
/// request neither hashes nor looks anything up. Counts by name (``record(planId:keyId:day:)``)
/// and counts a counter carried over a change of day go to a dictionary; ``drain()`` merges both.
public final class UsageLedger: Sendable {
    /// A key in a plan, and the requests counted for it since the last drain. Made once per
    /// configuration snapshot; a newer snapshot's counter for the same key counts the same entry.
    /// Its mutable fields are only touched under the ledger's lock.
    ///
    /// Open so that the gateway's per-key record (`KeyAdmission`) can be the counter itself: the
    /// hot path then reads the key's admission and counts its request in one object, one cache
    /// miss instead of two. Its fields are internal, so a subclass cannot override them.
    open class Counter: @unchecked Sendable {
        public let planId: String
        public let keyId: String
        /// `planId` and `keyId` hashed together (this process's seed).
        let identity: Int
        /// Requests counted on ``day`` and not drained yet; the counter is listed while nonzero.
        var pending = 0
        var day = UTCDay(ordinal: 0)
        /// With a counter file: the record counting ``day`` (-1 when none) and its total.
        var record = -1
        var total: UnsafeMutablePointer<UInt64>?
        /// With a counter file: the key's lease record and its total (nil when none), looked up again
        /// when the ledger's ``State/leaseEpoch`` moves past ``leaseEpoch``.
        var consumed: UnsafeMutablePointer<UInt64>?
        var leaseRecord = -1
        var leaseEpoch = -1

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
        public let planId: String
        public let keyId: String
        public var day: UTCDay
        private let identity: Int

        public init(planId: String, keyId: String, day: UTCDay) {
            self.init(Counter(planId: planId, keyId: keyId), day: day)
        }

        public init(_ counter: Counter, day: UTCDay) {
            planId = counter.planId
            keyId = counter.keyId
            identity = counter.identity
            self.day = day
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(identity)
            hasher.combine(day)
        }

        public static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.identity == rhs.identity && lhs.day == rhs.day && lhs.planId == rhs.planId && lhs.keyId == rhs.keyId
        }
    }

    struct State {
        /// Counters with a nonzero ``Counter/pending``.
        var listed: [Counter] = []
        /// Everything else counted since the last drain.
        var counts: [Entry: Int] = [:]
        /// With a counter file (``UsageLedger+CounterFile.swift``): records by entry and back, the
        /// total the store has of each, records counted since the last drain, and the first day
        /// records are kept for.
        var records: [Entry: Int] = [:]
        var entries: [Int: Entry] = [:]
        var confirmed: [Int: UInt64] = [:]
        var dirty: Set<Int> = []
        var firstDay = Int.min
        /// Lease records by key (``Entry`` of day 0), bumped ``leaseEpoch`` whenever one is made or freed.
        var leases: [Entry: Int] = [:]
        var leaseEpoch = 0

        /// Moves a listed counter's count into ``counts``.
        mutating func spill(_ counter: Counter) {
            counts[Entry(counter, day: counter.day), default: 0] += counter.pending
            counter.pending = 0
        }
    }

    let state: Mutex<State>
    /// Where counts survive the process (see ``init(file:)``); used under `state`'s lock only.
    let file: CounterFile?

    /// A ledger that counts in memory only: counts not flushed yet die with the process.
    public convenience init() {
        self.init(state: State(), file: nil)
    }

    init(state: State, file: CounterFile?) {
        self.state = Mutex(state)
        self.file = file
    }

    /// Counts one admitted request.
    public func record(planId: String, keyId: String, day: UTCDay) {
        let entry = Entry(planId: planId, keyId: keyId, day: day)
        state.withLock { $0.counts[entry, default: 0] += 1 }
    }

    /// Counts one admitted request (the hot path's form).
    public func record(_ counter: Counter, day: UTCDay) {
        state.withLock { state in
            if let file {
                if counter.leaseEpoch != state.leaseEpoch { state.attachLease(counter, file: file) }
                if counter.record < 0 || counter.day != day || day.ordinal < state.firstDay {
                    guard state.attach(counter, day: day, file: file) else {
                        counter.consumed?.pointee &+= 1
                        state.counts[Entry(counter, day: day), default: 0] += 1
                        return
                    }
                }
                if let consumed = counter.consumed {
                    // Both or neither, whenever the process dies (the journal repairs the one between).
                    file.journal.count(usage: counter.record, total: counter.total.unsafelyUnwrapped,
                                       lease: counter.leaseRecord, consumed: consumed)
                } else {
                    counter.total.unsafelyUnwrapped.pointee &+= 1
                }
                if counter.pending == 0 {
                    counter.pending = 1
                    state.listed.append(counter)
                }
                return
            }
            if counter.pending == 0 {
                state.listed.append(counter)
            } else if counter.day != day {
                // Midnight passed with this day's requests not drained yet: they keep their day.
                state.spill(counter)
            }
            counter.day = day
            counter.pending += 1
        }
    }

    /// Takes every count, leaving the ledger empty (a ledger without a counter file; one with a
    /// file drains with ``drainBatch()``).
    public func drain() -> [Entry: Int] {
        state.withLock { state in
            for counter in state.listed where counter.pending > 0 { state.spill(counter) }
            state.listed.removeAll(keepingCapacity: true)
            defer { state.counts.removeAll(keepingCapacity: true) }
            return state.counts
        }
    }

    /// Puts counts back (after a failed flush), adding to what was counted meanwhile.
    public func restore(_ drained: [Entry: Int]) {
        state.withLock { state in
            for (entry, count) in drained { state.counts[entry, default: 0] += count }
        }
    }

    /// Requests counted and not yet drained.
    public var pending: Int {
        state.withLock { state in
            state.listed.reduce(0) { $0 + $1.pending } + state.counts.values.reduce(0, +)
        }
    }
}
