import Synchronization

/// Lease consumption in the counter file: one lease record per key and plan counts the requests
/// admitted against the key's leases in one quota window and store generation, on the same
/// increment as the key's usage. The store keeps what it reserved for the node in that window and
/// generation (``QuotaStore/nodeLeases(node:)``), so after a `kill -9` the node settles each lease
/// exactly: reserved less consumed goes back (``LeaseSettlement``).
extension UsageLedger {
    /// Makes sure the key has a lease record before a reservation is asked; false when the file
    /// cannot hold one (no counter file, ids too long, file full): the reservation is then not kept
    /// per node, and a crash strands its unused part as before.
    public func prepareLease(planId: String, keyId: String) -> Bool {
        guard let file else { return false }
        return state.withLock { state in
            let entry = Entry(planId: planId, keyId: keyId, day: UTCDay(ordinal: 0))
            if state.leases[entry] != nil { return true }
            guard let index = file.allocate(planId: planId, keyId: keyId, day: UTCDay(ordinal: Int(Int32.min)), kind: .lease) else {
                return false
            }
            state.leases[entry] = index
            state.leaseEpoch += 1
            return true
        }
    }

    /// A reservation for the window starting `window` answered with `generation`: when that is a
    /// later window or generation than the key's lease record counts, the record starts again at 0
    /// (the earlier leases are void). Call it before the grant reaches the ``QuotaLedger``.
    public func leaseGranted(planId: String, keyId: String, window: UTCDay, generation: UInt32) {
        guard let file else { return }
        state.withLock { state in
            guard let index = state.leases[Entry(planId: planId, keyId: keyId, day: UTCDay(ordinal: 0))],
                  let current = file.record(index) else { return }
            guard (window.ordinal, generation) > (current.day.ordinal, current.generation) else { return }
            file.rewrite(index, planId: planId, keyId: keyId, day: window, kind: .lease, generation: generation)
        }
    }

    /// The lease records: what the node consumed of its leases, by key, window and generation.
    public func heldLeases() -> [HeldLease] {
        guard let file else { return [] }
        return state.withLock { state in
            state.leases.values.compactMap { file.record($0) }.map {
                HeldLease(planId: $0.planId, keyId: $0.keyId, window: $0.day, generation: $0.generation, consumed: Int(clamping: $0.total))
            }
        }
    }

    /// Frees every lease record (the leases are settled).
    public func releaseLeases() {
        guard let file else { return }
        state.withLock { state in
            for index in state.leases.values { file.release(index) }
            state.leases.removeAll()
            state.leaseEpoch += 1
        }
    }
}

extension UsageLedger.State {
    /// Points `counter` at its key's lease record, if any.
    mutating func attachLease(_ counter: UsageLedger.Counter, file: CounterFile) {
        counter.leaseEpoch = leaseEpoch
        let index = leases[UsageLedger.Entry(counter, day: UTCDay(ordinal: 0))]
        counter.leaseRecord = index ?? -1
        counter.consumed = index.map { file.total($0) }
    }
}

/// What a node consumed of its leases for a key in one quota window and generation (a lease record).
public struct HeldLease: Sendable, Equatable {
    public var planId: String
    public var keyId: String
    /// First day of the quota window.
    public var window: UTCDay
    public var generation: UInt32
    /// Requests admitted against the leases.
    public var consumed: Int

    public init(planId: String, keyId: String, window: UTCDay, generation: UInt32, consumed: Int) {
        self.planId = planId
        self.keyId = keyId
        self.window = window
        self.generation = generation
        self.consumed = consumed
    }
}
