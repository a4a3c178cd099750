import NIOCore
import Synchronization
import TurnpikeLimits

/// The snapshot the data plane reads, replaced whole when the configuration changes, with the
/// limiter table whose buckets carry over from one snapshot to the next.
///
/// Readers take the current references under a lock held for two pointer copies; the next
/// snapshot and table are built without holding anything and swapped in.
public final class LiveSnapshot: Sendable {
    private let box: Mutex<(GatewaySnapshot, LimiterTable)>

    public init(_ snapshot: GatewaySnapshot = .empty) {
        let now = NIODeadline.now().uptimeNanoseconds
        box = Mutex((snapshot, LimiterTable(configuration: snapshot.throttles.configuration, now: now)))
    }

    /// The snapshot in force and its limiter table.
    public var currentWithLimiter: (GatewaySnapshot, LimiterTable) { box.withLock { $0 } }

    /// Puts a new snapshot in force; buckets of keys, plans and stage settings that still exist keep
    /// their fill (changed limits apply to it at once). Called by one writer at a time.
    public func replace(with snapshot: GatewaySnapshot) {
        let (old, oldTable) = currentWithLimiter
        let layout = snapshot.throttles
        let table = oldTable.reconfigured(
            layout.configuration,
            previousSlot: { old.throttles.slot(of: layout.slotKeys[$0]) },
            previousStageMethod: { old.throttles.slot(of: layout.stageMethodKeys[$0]) },
            now: NIODeadline.now().uptimeNanoseconds)
        box.withLock { $0 = (snapshot, table) }
    }
}
