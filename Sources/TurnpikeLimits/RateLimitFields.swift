/// The IETF `RateLimit-Policy` and `RateLimit` response fields
/// (draft-ietf-httpapi-ratelimit-headers-10) for one key in one usage plan, and `Retry-After`.
///
/// Two policies, each present when the plan has it:
/// - `"burst"`: the plan's token bucket per key, described as `q` = `burstLimit` requests per
///   `w` = `ceil(burstLimit / rateLimit)` seconds; `r` is the whole tokens left and `t` the seconds
///   until the bucket is full again;
/// - `"quota"`: `q` = the window's allowance (`limit`, less `offset` in the first window),
///   `w` = the window's length in seconds; `r` is what the key may still use (this node's unused
///   lease plus what the store has left) and `t` the seconds until the window ends (UTC).
///
/// Example: `RateLimit-Policy: "burst";q=20;w=2, "quota";q=1000;w=86400` and
/// `RateLimit: "burst";r=19;t=1, "quota";r=977;t=40213`. Pure: no clock is read here.
public struct RateLimitFields: Sendable, Equatable {
    /// The `RateLimit-Policy` field value.
    public var policy: String
    /// The `RateLimit` field value.
    public var limit: String
    /// Seconds until the quota window ends (for `Retry-After` on `Limit Exceeded`); nil without a quota.
    public var quotaResetSeconds: Int?

    /// The fields for a plan's state; nil when the plan has neither a throttle nor a quota.
    /// - Parameters:
    ///   - bucket: the key's plan bucket, when the plan has a throttle.
    ///   - ledger: the key's quota ledger, when the plan has a quota.
    ///   - now: monotonic nanoseconds (the bucket's clock).
    ///   - epochSeconds: the wall clock (the quota window's).
    public init?(plan: LimiterConfiguration.Plan, bucket: TokenBucket?, ledger: QuotaLedger?, now: UInt64, epochSeconds: Int) {
        var policies: [String] = []
        var limits: [String] = []
        if let bucket, plan.throttle != nil, bucket.burstLimit > 0 {
            let burst = bucket.burstLimit
            let rate = bucket.rateLimit
            let tokens = bucket.tokens(now: now)
            let window = rate > 0 ? max(1, Self.clampedWhole((Double(burst) / rate).rounded(.up))) : 86_400
            let refill = rate > 0 ? Self.clampedWhole(((Double(burst) - tokens) / rate).rounded(.up)) : 0
            policies.append("\"burst\";q=\(burst);w=\(window)")
            limits.append("\"burst\";r=\(Self.clampedWhole(tokens.rounded(.down)));t=\(refill)")
        }
        var reset: Int?
        if let period = plan.quotaPeriod {
            let today = UTCDay(containing: epochSeconds)
            let window = QuotaWindow.containing(today, period: period)
            if let allowance = plan.allowance(window: window.start) {
                let seconds = window.end.ordinal * 86_400 - epochSeconds
                reset = max(1, seconds)
                policies.append("\"quota\";q=\(allowance);w=\((window.end.ordinal - window.start.ordinal) * 86_400)")
                if let ledger, ledger.window == window, let stored = ledger.remainingInStore {
                    limits.append("\"quota\";r=\(min(allowance, stored + ledger.unusedLease()));t=\(max(0, seconds))")
                }
            }
        }
        guard !policies.isEmpty else { return nil }
        policy = policies.joined(separator: ", ")
        limit = limits.joined(separator: ", ")
        quotaResetSeconds = reset
    }

    /// A whole count of seconds or tokens as an `Int`, total for every `Double`: clamped to
    /// `0 ... UInt32.max` (a bucket's largest burst; 136 years of seconds), NaN as 0. Limits stored
    /// before validation existed (a rate of `1e-19` makes `burst / rate` 1e19 seconds) must never
    /// trap the request path.
    public static func clampedWhole(_ value: Double) -> Int {
        guard value > 0 else { return 0 }   // also NaN
        return value >= Double(UInt32.max) ? Int(UInt32.max) : Int(value)
    }

    /// `Retry-After` seconds for a wait in nanoseconds: whole seconds, at least 1.
    public static func retryAfter(nanoseconds: UInt64) -> Int {
        guard nanoseconds < UInt64(Int32.max) * 1_000_000_000 else { return Int(Int32.max) }
        return max(1, Int((nanoseconds + 999_999_999) / 1_000_000_000))
    }
}
