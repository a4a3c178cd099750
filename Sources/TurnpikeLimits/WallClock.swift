#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The wall clock quota windows and usage days are read from (UTC epoch seconds). The gateway and
/// the admin API share one, so a test can move both across a day boundary without sleeping.
public struct WallClock: Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: @Sendable () -> Int

    public init(epochSeconds: @escaping @Sendable () -> Int) {
        self.epochSeconds = epochSeconds
    }

    /// The system's clock.
    public static let system = WallClock { Int(time(nil)) }

    /// The UTC day it is now.
    public var today: UTCDay { UTCDay(containing: epochSeconds()) }
}
