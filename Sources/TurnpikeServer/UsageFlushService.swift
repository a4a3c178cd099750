import Logging
import ServiceLifecycle
import TurnpikeLimits
import TurnpikeStore

/// Moves the usage ledger's counts to the store every `interval`, in one transaction each time, and
/// once more when the gateway stops. A failed flush puts the counts back for the next attempt.
///
/// Flushes run one after another: ``flush()`` returns once everything counted before it was called
/// is in the store (or has failed and been put back), which is what `GetUsage` relies on to read
/// every admitted request.
struct UsageFlushService: Service {
    let ledger: UsageLedger
    let store: any UsageStore
    let interval: Duration
    let logger: Logger
    /// Told how each flush ended (true: everything counted before it is in the store).
    let flushed: @Sendable (Bool) -> Void
    private let chain = FlushChain()

    init(ledger: UsageLedger, store: any UsageStore, interval: Duration, logger: Logger,
         flushed: @escaping @Sendable (Bool) -> Void = { _ in }) {
        self.ledger = ledger
        self.store = store
        self.interval = interval
        self.logger = logger
        self.flushed = flushed
    }

    func run() async throws {
        while true {
            try? await Task.sleep(for: interval)
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            await flush()
        }
        // The store refuses work from a cancelled task; the last flush runs in a task of its own.
        await Task { await flush() }.value
    }

    func flush() async {
        let (ledger, store, logger, flushed) = (self.ledger, self.store, self.logger, self.flushed)
        await chain.enqueue {
            let counts = ledger.drain()
            guard !counts.isEmpty else { return flushed(true) }
            do {
                try await store.addUsage(counts)
                flushed(true)
            } catch is CancellationError {
                ledger.restore(counts)  // stopping: the last flush, in a task of its own, writes them
            } catch {
                ledger.restore(counts)
                flushed(false)
                logger.error("usage flush failed; will retry", metadata: ["error": "\(error)"])
            }
        }
    }
}
