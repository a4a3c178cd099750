/// Which threads of the process run behind the event loops, and how: the plan of
/// ``BackgroundPriorityService``, as a value (no system calls here).
///
/// The event loops serve every request; everything else (the usage flush, quota reservations,
/// store calls, snapshot builds, admin operations) runs on the concurrency runtime's and the
/// database's threads. When one of those wakes on a core an event loop is using, the scheduler
/// may preempt the event loop for it, and every request on that loop waits until the next
/// scheduler tick (4 ms at 250 Hz) when the thread has that much to do: that shows in the tail
/// latency. `nice` alone does not prevent it. So every thread but the event loops runs under
/// Linux's `SCHED_IDLE` policy (per thread): it never preempts a loop, a loop that wakes preempts
/// it at once, and it runs whenever the core's loop waits for events; a loop that never waits
/// still leaves it a small share (about 0.3 % of the core). Its `nice` also goes ``increment``
/// steps behind, which is what remains where the policy cannot be set.
struct BackgroundPriority {
    /// `SCHED_IDLE` (Linux's `sched.h`; not exported to Swift).
    static let idlePolicy: Int32 = 5
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
