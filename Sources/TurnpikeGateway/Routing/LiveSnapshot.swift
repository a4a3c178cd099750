import NIOCore
import Synchronization
import TurnpikeLimits

/// The snapshot the data plane reads, replaced whole when the configuration changes, with the
/// limiter table whose buckets and quota ledgers carry over from one snapshot to the next.
///
/// Readers take the current references under a lock held for two pointer copies; the next
/// snapshot and table are built without holding that lock and swapped in. Replacements, and quota
/// reservations completing (``withStableLimiter(_:)``), are serialised by a second lock, so a
/// reservation's grant lands either in the old table before its state is carried over, or in the
/// new one: never in a table already left behind.
public final class LiveSnapshot: Sendable {
    private let box: Mutex<(GatewaySnapshot, LimiterTable)>
    /// Serialises replacements; holds the number of gateway nodes sharing the limits.
    private let replacing = Mutex(1)
    /// The demand tables left behind saw since the last ``takeDemand()``, which reports it with the
    /// current table's: a replacement just before a heartbeat must not make this node look idle.
    private let leftDemand = Mutex(DemandReport())

    public init(_ snapshot: GatewaySnapshot = .empty) {
        let now = NIODeadline.now().uptimeNanoseconds
        box = Mutex((snapshot, LimiterTable(layout: snapshot.throttles, now: now)))
    }

    /// Gateway nodes sharing the limits (quota leases are sized for them; throttle shares follow
    /// demand instead, see ``applyShares(_:)``).
    public var nodes: Int { replacing.withLock { $0 } }

    /// Changes the number of nodes sharing the limits; the table is rebuilt for the new lease sizes
    /// (bucket fills and throttle shares kept).
    /// - Returns: leases handed back (none unless quotas changed): return them to the store.
    @discardableResult
    public func setNodes(_ count: Int) -> [(ThrottleLayout.PlanKey, QuotaLease)] {
        let count = max(1, count)
        guard replacing.withLock({ nodes in
            defer { nodes = count }
            return nodes != count
        }) else { return [] }
        return replace(with: currentWithLimiter.0)
    }

    /// The snapshot in force and its limiter table.
    public var currentWithLimiter: (GatewaySnapshot, LimiterTable) { box.withLock { $0 } }

    /// Puts a new snapshot in force; buckets of keys, plans and stage settings that still exist keep
    /// their fill (changed limits apply to it at once), and quota ledgers keep their leases unless
    /// their plan's quota changed.
    /// - Returns: the leases handed back by keys whose plan's quota changed: return them to the store.
    @discardableResult
    public func replace(with snapshot: GatewaySnapshot) -> [(ThrottleLayout.PlanKey, QuotaLease)] {
        replacing.withLock { nodes in
            let (old, oldTable) = currentWithLimiter
            let (table, returned) = oldTable.reconfigured(
                from: old.throttles, to: snapshot.throttles, nodes: nodes, now: NIODeadline.now().uptimeNanoseconds)
            box.withLock { $0 = (snapshot, table) }
            let left = old.throttles.report(oldTable.takeDemand())
            if !left.requests.isEmpty { leftDemand.withLock { $0 = $0.merged(with: left) } }
            return returned
        }
    }

    /// The demand of tables replaced since the last call (``takeDemand()``), reset to none.
    func takeLeftDemand() -> DemandReport {
        leftDemand.withLock { left in
            defer { left = DemandReport() }
            return left
        }
    }

    /// Runs `body` with the snapshot in force while no replacement can start or finish.
    public func withStableLimiter<Result>(_ body: (GatewaySnapshot, LimiterTable) -> Result) -> Result {
        replacing.withLock { _ in
            let (snapshot, table) = currentWithLimiter
            return body(snapshot, table)
        }
    }
}
