/// When the usage flusher (``UsageFlushService``) sends the counts to the store and when it only
/// writes the counter file's pages to the disk: it wakes every `sync` interval (every `flush`
/// interval when that is shorter), and every `flush / sync` wakes (at least one) it also flushes.
/// A pure value, so the cadence is tested without waiting.
struct FlushCadence: Sendable {
    /// What a wake does.
    enum Step: Equatable, Sendable {
        /// `msync` the counter file (the power-loss bound).
        case sync
        /// Send the counts to the store (which syncs first).
        case flush
    }

    /// How long the flusher sleeps between wakes: the shorter of the two intervals.
    let tick: Duration
    /// Wakes per flush.
    let ticksPerFlush: Int
    private var sinceFlush = 0

    init(flush: Duration, sync: Duration) {
        precondition(flush > .zero && sync > .zero, "flush and sync intervals must be positive")
        tick = min(flush, sync)
        ticksPerFlush = max(1, Int((flush / tick).rounded()))
    }

    /// The next wake's step.
    mutating func next() -> Step {
        sinceFlush += 1
        guard sinceFlush >= ticksPerFlush else { return .sync }
        sinceFlush = 0
        return .flush
    }
}
