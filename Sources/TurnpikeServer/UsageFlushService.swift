import Logging
import ServiceLifecycle
import TurnpikeLimits
import TurnpikeStore

/// Moves the usage ledger's counts to the store every `interval`, in pieces of the store's
/// ``UsageStore/usageRowsPerWrite`` rows, a transaction each, and
/// once more when the gateway stops. A failed flush puts the counts back for the next attempt. With a
/// counter file, the first flush (at start, before the listeners open) writes what a killed process
/// counted and never flushed; each flush starts with `msync`, and between flushes the file is synced
/// every `syncInterval` (``FlushCadence``), which bounds what a power loss can take.
///
/// Flushes run one after another: ``flush()`` returns once everything counted before it was called
/// is in the store (or has failed and been put back), which is what `GetUsage` relies on to read
/// every admitted request.
struct UsageFlushService: Service {
    let ledger: UsageLedger
    let store: any UsageStore
    let interval: Duration
    /// How often the counter file's pages are written to the disk.
    let syncInterval: Duration
    let logger: Logger
    let clock: WallClock
    /// Told how each flush ended (true: everything counted before it is in the store).
    let flushed: @Sendable (Bool) -> Void
    private let chain = FlushChain()

    init(ledger: UsageLedger, store: any UsageStore, interval: Duration, syncInterval: Duration = .seconds(1), logger: Logger,
         clock: WallClock = .system, flushed: @escaping @Sendable (Bool) -> Void = { _ in }) {
        self.ledger = ledger
        self.store = store
        self.interval = interval
        self.syncInterval = syncInterval
        self.logger = logger
        self.clock = clock
        self.flushed = flushed
    }

    func run() async throws {
        var cadence = FlushCadence(flush: interval, sync: syncInterval)
        while true {
            try? await Task.sleep(for: cadence.tick)
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            switch cadence.next() {
            case .flush: await flush()
            case .sync: ledger.sync()
            }
        }
        // The store refuses work from a cancelled task; the last flush runs in a task of its own.
        await Task { await flush() }.value
    }

    /// Sends what was counted; with a counter file, syncs the file, sends the records' totals (the
    /// store adds what it has not seen), then frees records of days the store has whole.
    func flush() async {
        let (ledger, store, logger, clock, flushed) = (self.ledger, self.store, self.logger, self.clock, self.flushed)
        await chain.enqueue {
            let batch = ledger.drainBatch()
            guard !batch.isEmpty else { return flushed(true) }
            ledger.sync()  // on the disk before the store has it, whether or not the store answers
            let pieces = batch.pieces(ofAtMost: store.usageRowsPerWrite)
            for (index, piece) in pieces.enumerated() {
                do {
                    try await store.addUsage(piece)
                    ledger.confirm(piece)
                } catch {
                    for unsent in pieces[index...] { ledger.restore(unsent) }
                    // Stopping: the last flush, in a task of its own, writes them.
                    guard !(error is CancellationError) else { return }
                    flushed(false)
                    return logger.error("usage flush failed; will retry", metadata: ["error": "\(error)"])
                }
            }
            ledger.releaseRecords(before: UTCDay(ordinal: clock.today.ordinal - 2))
            flushed(true)
        }
    }
}
