import Synchronization

/// Counts the invoke requests the gateway refused today (UTC), by kind: the numbers behind the
/// console's overview. Kept in memory on each node (not stored, not shared in a cluster), reset at
/// UTC midnight and at restart. Recorded on refusals only, so admitted requests never touch it.
public final class RefusalCounter: Sendable {
    /// Today's refusals.
    public struct Counts: Sendable, Equatable, Encodable {
        /// The UTC day counted, `YYYY-MM-DD`.
        public var day: String
        /// 403s: a missing, unknown or disabled key, or no route.
        public var forbidden = 0
        /// 429s: a throttle or the quota.
        public var limited = 0
        /// Any other refusal (a body too large, the quota store unreachable, ...).
        public var other = 0

        public init(day: String, forbidden: Int = 0, limited: Int = 0, other: Int = 0) {
            self.day = day
            self.forbidden = forbidden
            self.limited = limited
            self.other = other
        }
    }

    private let day = Atomic<Int>(Int.min)
    private let forbidden = Atomic<Int>(0)
    private let limited = Atomic<Int>(0)
    private let other = Atomic<Int>(0)

    public init() {}

    /// Counts one refused request answered with `status` on `day`. Lock-free, so a flood of
    /// refusals on every event loop does not queue on a lock; the first refusal of a new day resets
    /// the counts (one racing at that instant may be lost).
    public func record(status: Int, day today: UTCDay) {
        let seen = day.load(ordering: .relaxed)
        if seen != today.ordinal, day.compareExchange(expected: seen, desired: today.ordinal, ordering: .relaxed).exchanged {
            forbidden.store(0, ordering: .relaxed)
            limited.store(0, ordering: .relaxed)
            other.store(0, ordering: .relaxed)
        }
        switch status {
        case 403: forbidden.wrappingAdd(1, ordering: .relaxed)
        case 429: limited.wrappingAdd(1, ordering: .relaxed)
        default: other.wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// The counts of `day` (zeros when nothing was refused that day).
    public func counts(day today: UTCDay) -> Counts {
        guard day.load(ordering: .relaxed) == today.ordinal else { return Counts(day: today.description) }
        return Counts(day: today.description, forbidden: forbidden.load(ordering: .relaxed),
                      limited: limited.load(ordering: .relaxed), other: other.load(ordering: .relaxed))
    }
}
