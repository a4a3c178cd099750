/// A token bucket: refills at `rateLimit` tokens per second up to `burstLimit` tokens, starts full,
/// and a request takes one token.
///
/// Time is a parameter (`now`, nanoseconds on a monotonic clock), so tests move time instead of
/// sleeping. The bucket is 24 bytes: the fill in billionths of a token (`UInt64`), the instant of the
/// last refill, the rate as a `Float` and the burst as a `UInt32`.
///
/// Exact behaviour at the edges:
/// - rate 0: the bucket never refills; its `burstLimit` tokens are all it will ever give.
/// - burst 0: the bucket holds nothing and refuses every request.
/// - fractional rates: 0.5 per second gives one token every 2 seconds.
/// - the rate is kept as a `Float` (24-bit significand): integers up to 16,777,216 and binary
///   fractions (0.5, 0.25 …) are exact, others are within 6e-8 of what was asked. Negative and NaN
///   rates read as 0, an infinite rate refills the bucket whenever time moves forward.
/// - the burst is clipped to `0...UInt32.max`.
/// - any elapsed time, up to `UInt64.max` nanoseconds, fills the bucket without overflow.
/// - a clock that goes backwards (two threads reading it in one order and taking the lock in the
///   other) counts as no time passed; the bucket keeps its later instant.
/// - the fill counts billionths of a token; the unspent fraction carries over as time, so a slow
///   bucket polled often still refills at its rate (it may lag by one nanosecond per refill, never
///   run ahead).
///
/// ```swift
/// var bucket = TokenBucket(rateLimit: 10, burstLimit: 20, now: clock.now)
/// if !bucket.tryTake(now: clock.now) {
///     let retryAfter = bucket.waitForNextToken(now: clock.now)   // nanoseconds
/// }
/// ```
public struct TokenBucket: Sendable, Equatable {
    /// One token, in the bucket's fixed-point unit (a billionth of a token).
    static let unit: UInt64 = 1_000_000_000

    /// The fill, in billionths of a token.
    private var fill: UInt64
    /// The instant (monotonic nanoseconds) the fill was last brought up to date.
    private var updatedAt: UInt64
    /// Tokens per second. Tokens per second is billionths of a token per nanosecond.
    private var rate: Float
    /// The capacity, in tokens.
    private var burst: UInt32

    /// A full bucket.
    /// - Parameters:
    ///   - rateLimit: tokens added per second (AWS `rateLimit`); may be fractional.
    ///   - burstLimit: the capacity in tokens (AWS `burstLimit`).
    ///   - now: the current instant, in nanoseconds of a monotonic clock.
    public init(rateLimit: Double, burstLimit: Int, now: UInt64) {
        rate = Self.sanitized(rateLimit)
        burst = Self.sanitized(burstLimit)
        fill = UInt64(burst) * Self.unit
        updatedAt = now
    }

    /// The refill rate in tokens per second, as the bucket keeps it.
    public var rateLimit: Double { Double(rate) }

    /// The capacity in tokens.
    public var burstLimit: Int { Int(burst) }

    /// The tokens the bucket would hold at `now`, fractions included (for tests and metrics).
    public func tokens(now: UInt64) -> Double {
        Double(refilled(now: now)) / Double(Self.unit)
    }

    /// Takes one token if the bucket holds a whole one at `now`.
    /// - Returns: true when the request is admitted; false leaves the bucket's fill unchanged (only
    ///   brought up to date).
    public mutating func tryTake(now: UInt64) -> Bool {
        refill(now: now)
        return takeWholeToken()
    }

    /// Nanoseconds from `now` until the bucket holds one whole token: 0 when it already does,
    /// `UInt64.max` when it never will (burst 0, or rate 0 and empty). For a `Retry-After` header.
    public func waitForNextToken(now: UInt64) -> UInt64 {
        let current = refilled(now: now)
        if current >= Self.unit { return 0 }
        guard burst > 0, rate > 0 else { return .max }
        let missing = Double(Self.unit - current)
        let nanoseconds = (missing / Double(rate)).rounded(.up)
        return nanoseconds >= 18_446_744_073_709_549_568 ? .max : UInt64(nanoseconds)
    }

    /// Changes the limits, keeping what the bucket holds: the fill is brought up to `now` at the old
    /// rate, then clipped to the new burst. A larger burst does not fill the bucket; it refills at the
    /// new rate from `now` on.
    public mutating func reconfigure(rateLimit: Double, burstLimit: Int, now: UInt64) {
        refill(now: now)
        rate = Self.sanitized(rateLimit)
        burst = Self.sanitized(burstLimit)
        fill = min(fill, UInt64(burst) * Self.unit)
    }

    /// Brings the fill up to `now`.
    private mutating func refill(now: UInt64) {
        (fill, updatedAt) = advanced(to: now)
    }

    private mutating func takeWholeToken() -> Bool {
        guard fill >= Self.unit else { return false }
        fill -= Self.unit
        return true
    }

    /// The fill at `now`, without changing the bucket.
    private func refilled(now: UInt64) -> UInt64 { advanced(to: now).fill }

    /// The fill at `now`, and the instant it is exact at.
    ///
    /// The fill counts whole billionths of a token; the fraction of one is kept as time not yet
    /// credited (`updatedAt` advances only by the time the credited billionths took, rounded up), so
    /// frequent calls on a slow bucket lose nothing: at most one nanosecond's worth per refill, a
    /// relative error below 1/(nanoseconds between calls).
    private func advanced(to now: UInt64) -> (fill: UInt64, updatedAt: UInt64) {
        guard now > updatedAt else { return (fill, updatedAt) }
        let capacity = UInt64(burst) * Self.unit
        guard rate > 0, fill < capacity else { return (min(fill, capacity), now) }
        let deficit = capacity - fill
        // Billionths of a token per nanosecond times nanoseconds, in Double, so no elapsed time can
        // overflow it (at most ~1.8e19 × 3.4e38, far inside Double's range; infinity compares fine).
        let exact = Double(rate) * Double(now - updatedAt)
        guard exact < Double(deficit) else { return (capacity, now) }
        let gained = UInt64(exact)
        guard gained > 0 else { return (fill, updatedAt) }
        let took = (Double(gained) / Double(rate)).rounded(.up)
        let credited = took >= Double(now - updatedAt) ? now : updatedAt + UInt64(took)
        return (fill + gained, credited)
    }

    private static func sanitized(_ rateLimit: Double) -> Float {
        rateLimit > 0 ? Float(rateLimit) : 0   // NaN and negatives fail `> 0`
    }

    private static func sanitized(_ burstLimit: Int) -> UInt32 {
        UInt32(clamping: burstLimit)
    }
}
