public import TurnpikeModel
import Synchronization

/// Builds the gateway's snapshots off the control plane's write path.
///
/// An admin write hands its committed configuration over (``submit(_:)``, constant time, on the
/// control plane's actor) and returns; a builder task turns the newest configuration into a
/// snapshot and puts it in force (`publish`). Writes that arrive while a build runs coalesce into
/// the next build (``SnapshotCoalescing``). An admin operation answers only after
/// ``settle()``: its change is in force for invoke traffic before its caller hears back, as
/// when snapshots were built inside the write.
public final class SnapshotPublisher: Sendable {
    private let state = Mutex(SnapshotCoalescing<Configuration, CheckedContinuation<Void, Never>>())
    private let publish: @Sendable (Configuration) -> Void

    /// - Parameter publish: builds the snapshot for a configuration and puts it in force.
    public init(publish: @escaping @Sendable (Configuration) -> Void) {
        self.publish = publish
    }

    /// Submits a committed configuration; a build starts unless one runs already.
    public func submit(_ configuration: Configuration) {
        guard state.withLock({ $0.submit(configuration) }) else { return }
        Task.detached(priority: .userInitiated) { self.build() }
    }

    /// Returns once everything submitted before the call is in force.
    public func settle() async {
        await withCheckedContinuation { continuation in
            let waiting = state.withLock { $0.wait(for: $0.submitted, continuation) }
            if !waiting { continuation.resume() }
        }
    }

    /// Builds until nothing newer waits.
    private func build() {
        while let (configuration, generation) = state.withLock({ $0.nextBuild() }) {
            publish(configuration)
            for waiter in state.withLock({ $0.published(generation) }) { waiter.resume() }
        }
    }
}
