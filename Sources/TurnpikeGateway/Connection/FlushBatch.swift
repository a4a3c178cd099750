import NIOCore

/// The flushes of one event loop's invoke connections (to clients and to backends), issued
/// together once the loop has handled every I/O event of its tick: NIO runs the loop's tasks after
/// them, and the first flush asked for in a tick schedules one task that issues them all.
///
/// A write to a socket whose reader sleeps wakes that reader; when it sleeps on another core, the
/// wakeup is an interprocessor interrupt, which costs more than the write itself (a trap to the
/// hypervisor on a virtual machine). Flushed one by one, a loop's answers wake their readers one by
/// one, each just gone back to sleep; flushed at the end of the tick, they arrive together, while
/// the readers the first ones woke are still awake (docs/performance.md). A request waits at most
/// for the rest of the tick it arrived in.
final class FlushBatch {
    private let eventLoop: any EventLoop
    private var pending: [ChannelHandlerContext] = []
    /// The list being flushed: a flush can trigger events that ask for more flushes, which go to
    /// ``pending`` and a task of their own.
    private var flushing: [ChannelHandlerContext] = []
    private var scheduled = false

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Flushes `context` at the end of the current tick (on the loop). A context removed from its
    /// pipeline meanwhile flushes nothing.
    func flush(_ context: ChannelHandlerContext) {
        pending.append(context)
        guard !scheduled else { return }
        scheduled = true
        eventLoop.assumeIsolated().execute { self.flushPending() }
    }

    /// Flushes `context` through `batch`, or at once without one.
    static func flush(_ context: ChannelHandlerContext, in batch: FlushBatch?) {
        if let batch { batch.flush(context) } else { context.flush() }
    }

    private func flushPending() {
        scheduled = false
        swap(&pending, &flushing)
        for context in flushing { context.flush() }
        flushing.removeAll(keepingCapacity: true)
    }
}
