/// Which threads of the process run behind the event loops, and at what `nice`: the plan of
/// ``BackgroundPriorityService``, as a value (no system calls here).
///
/// The event loops serve every request; everything else (the usage flush, quota reservations,
/// store calls, snapshot builds, admin operations) runs on the concurrency runtime's and the
/// database's threads. When one of those wakes on a core an event loop is using, the scheduler
/// may preempt the event loop for it, and every request on that loop waits: that shows in the
/// tail latency. So every thread but the event loops runs ``increment`` steps of `nice` behind
/// them (Linux's `nice` is per thread), which keeps them from preempting a busy loop while still
/// giving them a share of a saturated core (at +10 about a tenth).
struct BackgroundPriority {
    /// How far behind the event loops the other threads run.
    static let increment: Int32 = 10
    /// The largest `nice` Linux has.
    static let lowest: Int32 = 19

    /// The event loops' threads, left as they are.
    let protected: Set<Int32>
    /// The `nice` the other threads get: the event loops' plus ``increment``, at most ``lowest``.
    let target: Int32

    init(protected: Set<Int32>, eventLoopNice: Int32) {
        self.protected = protected
        target = min(Self.lowest, max(eventLoopNice, -20) + Self.increment)
    }

    /// The threads to move to ``target``: every thread not protected whose `nice` is below it (a
    /// thread someone already moved further back stays there).
    func threadsToLower(_ threads: [(id: Int32, nice: Int32)]) -> [Int32] {
        threads.filter { !protected.contains($0.id) && $0.nice < target }.map(\.id)
    }
}
