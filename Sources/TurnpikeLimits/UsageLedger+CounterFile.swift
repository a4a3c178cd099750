import Synchronization

/// A ledger over a ``CounterFile``: the hot path adds to the key's record in the mapped file, and a
/// flush sends each changed record's *total* with the file's identity (a ``UsageBatch``). The store
/// keeps the totals it has seen per node and adds only what is new, so a batch sent twice (a crash
/// after the store wrote it) counts once, and counts made before a `kill -9` reach the store at the
/// next start: the new ledger lists every record of the file as changed.
extension UsageLedger {
    /// A ledger counting into `file`, with every record already in it to be sent (reconciliation at
    /// start).
    public convenience init(file: CounterFile) {
        self.init(state: State(file: file), file: file)
    }

    /// The counter file's identity (nil without one): the node the store keeps totals for.
    public var identity: String? { file?.identity }

    /// The counter file was last used under another boot of the machine (``CounterFile/machineRestarted``).
    public var machineRestarted: Bool { file?.machineRestarted ?? false }

    /// Takes what to send: counts kept in memory and the totals of records counted since the last
    /// drain. Give it back with ``restore(_:)`` when the store refused it, or ``confirm(_:)`` when
    /// it has it.
    public func drainBatch() -> UsageBatch {
        guard let file else { return UsageBatch(counts: drain(), node: "") }
        return state.withLock { state in
            var batch = UsageBatch(node: file.identity)
            for counter in state.listed where counter.pending > 0 {
                counter.pending = 0
                state.dirty.insert(counter.record)
            }
            state.listed.removeAll(keepingCapacity: true)
            batch.counts = state.counts
            state.counts.removeAll(keepingCapacity: true)
            batch.totals.reserveCapacity(state.dirty.count)
            batch.records.reserveCapacity(state.dirty.count)
            for record in state.dirty {
                guard let entry = state.entries[record] else { continue }
                let total = file.total(record).pointee
                guard total > state.confirmed[record, default: 0] else { continue }
                batch.totals[entry] = Int(clamping: total)
                batch.records[entry] = UsageBatch.RecordTotal(record: record, total: total)
            }
            state.dirty.removeAll(keepingCapacity: true)
            return batch
        }
    }

    /// The store has `batch`.
    public func confirm(_ batch: UsageBatch) {
        state.withLock { state in
            for sent in batch.records.values where state.entries[sent.record] != nil {
                state.confirmed[sent.record] = max(state.confirmed[sent.record, default: 0], sent.total)
            }
        }
    }

    /// The store refused `batch`: its counts and totals go out with the next one.
    public func restore(_ batch: UsageBatch) {
        state.withLock { state in
            for (entry, count) in batch.counts { state.counts[entry, default: 0] += count }
            state.dirty.formUnion(batch.records.values.lazy.map(\.record))
        }
    }

    /// Frees the records of days before `day` whose totals the store has; requests of such days
    /// are counted in memory from now on.
    public func releaseRecords(before day: UTCDay) {
        state.withLock { state in
            guard let file else { return }
            state.firstDay = max(state.firstDay, day.ordinal)
            for (entry, record) in state.records where entry.day < day && !state.dirty.contains(record)
                && state.confirmed[record, default: 0] == file.total(record).pointee {
                state.records[entry] = nil
                state.entries[record] = nil
                state.confirmed[record] = nil
                file.release(record)
            }
        }
    }

    /// Writes the file's pages to the disk (the power-loss bound, see docs/limits.md).
    public func sync() {
        guard let file else { return }
        CounterFile.sync(state.withLock { _ in file.mappedSegments })
    }
}

extension UsageLedger.State {
    init(file: CounterFile) {
        self.init()
        for record in file.records() {
            guard record.kind == .usage else {
                leases[UsageLedger.Entry(planId: record.planId, keyId: record.keyId, day: UTCDay(ordinal: 0))] = record.index
                continue
            }
            let entry = UsageLedger.Entry(planId: record.planId, keyId: record.keyId, day: record.day)
            records[entry] = record.index
            entries[record.index] = entry
            dirty.insert(record.index)
        }
    }

    /// Points `counter` at its record for `day`, making the record if needed; false when the file
    /// has no record for it (the count is kept in memory).
    mutating func attach(_ counter: UsageLedger.Counter, day: UTCDay, file: CounterFile) -> Bool {
        guard day.ordinal >= firstDay else { return false }
        if counter.pending > 0, counter.record >= 0 {
            dirty.insert(counter.record)   // the previous day's record still has to go out
        }
        let entry = UsageLedger.Entry(counter, day: day)
        let record: Int
        if let known = records[entry] {
            record = known
        } else {
            guard let made = file.allocate(planId: counter.planId, keyId: counter.keyId, day: day) else { return false }
            record = made
            records[entry] = record
            entries[record] = entry
        }
        counter.record = record
        counter.day = day
        counter.total = file.total(record)
        return true
    }
}

/// What a flush sends: counts kept in memory (added as they are) and a node's running totals per
/// key, plan and day (the store adds what it has not seen from the node yet).
public struct UsageBatch: Sendable {
    public var counts: [UsageLedger.Entry: Int] = [:]
    public var totals: [UsageLedger.Entry: Int] = [:]
    /// The counter file's identity.
    public var node: String
    /// A total's record in the counter file and its exact value.
    struct RecordTotal: Sendable {
        var record: Int
        var total: UInt64
    }

    /// Each total's record and exact value, for ``UsageLedger/confirm(_:)``.
    var records: [UsageLedger.Entry: RecordTotal] = [:]
    /// Whether the store prunes the node's old totals with this batch (``pruneBefore``).
    var prunes = true

    public init(counts: [UsageLedger.Entry: Int] = [:], totals: [UsageLedger.Entry: Int] = [:], node: String) {
        self.counts = counts
        self.totals = totals
        self.node = node
    }

    public var isEmpty: Bool { counts.isEmpty && totals.isEmpty }
}

extension UsageBatch {
    /// What the batch adds to the usage counts when the store has already seen `seen` of the node's
    /// totals: the counts, plus each total's growth since (never negative).
    public func deltas(seen: [UsageLedger.Entry: Int]) -> [UsageLedger.Entry: Int] {
        var deltas = counts
        for (entry, total) in totals {
            let growth = total - seen[entry, default: 0]
            if growth > 0 { deltas[entry, default: 0] += growth }
        }
        return deltas
    }

    /// Days before this one are pruned from the store's record of the node's totals: the node frees
    /// its records two days after their day, well before.
    public var pruneBefore: UTCDay? {
        guard prunes else { return nil }
        return totals.keys.map(\.day).max().map { UTCDay(ordinal: $0.ordinal - 9) }
    }

    /// The batch cut into pieces of at most `rows` counts and totals each, in that order, which the
    /// store takes one at a time (confirm or restore each): a piece is a short transaction, so a
    /// thread writing it gives the core back soon, and an event loop sharing that core waits for it
    /// far less than a scheduler tick. Only the last piece prunes.
    public func pieces(ofAtMost rows: Int) -> [UsageBatch] {
        precondition(rows > 0)
        guard counts.count + totals.count > rows else { return [self] }
        var pieces: [UsageBatch] = []
        var piece = UsageBatch(node: node)
        func cut() {
            piece.prunes = false
            pieces.append(piece)
            piece = UsageBatch(node: node)
        }
        for (entry, count) in counts {
            if piece.counts.count == rows { cut() }
            piece.counts[entry] = count
        }
        for (entry, total) in totals {
            if piece.counts.count + piece.totals.count == rows { cut() }
            piece.totals[entry] = total
            piece.records[entry] = records[entry]
        }
        pieces.append(piece)
        return pieces
    }
}
