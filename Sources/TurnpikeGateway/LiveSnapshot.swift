import Synchronization

/// The snapshot the data plane reads, replaced whole when the configuration changes.
///
/// Readers take the current reference under a lock held for a pointer copy; builders make the next
/// snapshot without holding anything and swap it in.
public final class LiveSnapshot: Sendable {
    private let box: Mutex<GatewaySnapshot>

    public init(_ snapshot: GatewaySnapshot = .empty) {
        box = Mutex(snapshot)
    }

    /// The snapshot in force.
    public var current: GatewaySnapshot { box.withLock { $0 } }

    /// Puts a new snapshot in force.
    public func replace(with snapshot: GatewaySnapshot) {
        box.withLock { $0 = snapshot }
    }
}
