import Synchronization

/// Runs async jobs one after another, in the order they were enqueued.
final class FlushChain: Sendable {
    private let last = Mutex<Task<Void, Never>?>(nil)

    /// Runs `job` after every job enqueued before it, and waits for it.
    func enqueue(_ job: @escaping @Sendable () async -> Void) async {
        let task = last.withLock { last -> Task<Void, Never> in
            let previous = last
            let task = Task {
                await previous?.value
                await job()
            }
            last = task
            return task
        }
        await task.value
    }
}
