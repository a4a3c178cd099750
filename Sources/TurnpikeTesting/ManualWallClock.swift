import Synchronization
import TurnpikeLimits

/// A wall clock a test moves by hand (for quota windows and usage days), shared by the gateway and
/// the admin API of a ``LiveGateway``.
public final class ManualWallClock: Sendable {
    private let seconds: Mutex<Int>

    /// Starts at `epochSeconds`.
    public init(epochSeconds: Int) {
        seconds = Mutex(epochSeconds)
    }

    /// The clock to hand to the gateway.
    public var clock: WallClock { WallClock { [self] in self.seconds.withLock { $0 } } }

    /// Moves the clock forward (or back, with a negative amount).
    public func advance(seconds delta: Int) {
        seconds.withLock { $0 += delta }
    }
}
