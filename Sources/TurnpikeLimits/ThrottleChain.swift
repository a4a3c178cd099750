/// The four throttle levels of API Gateway, in the order a request meets them.
public enum ThrottleLevel: UInt8, Sendable, Hashable, CaseIterable {
    /// The usage plan's per-method limit for this key (`apiStages[].throttle["/res/METHOD"]`).
    case planMethod
    /// The usage plan's limit for this key, one bucket per key per plan shared by all its stages.
    case plan
    /// The stage's `methodSettings` for this method, or its `*/*` default.
    case stageMethod
    /// The account-wide limit.
    case account
}

/// The outcome of the throttle checks for one request.
public enum ThrottleDecision: Sendable, Equatable {
    /// Every level that applies had a token; one was taken at each.
    case admitted
    /// `level` refused: AWS answers 429 `{"message":"Too Many Requests"}`. A token there should be
    /// back after `retryAfterNanoseconds` (`UInt64.max`: never, e.g. a burst of 0).
    case throttled(level: ThrottleLevel, retryAfterNanoseconds: UInt64)
}

/// AWS's throttle order, written once: the limiter's decisions (``LimiterTable``) and the pure
/// form over four buckets both go through ``decide(planMethod:plan:stageMethod:account:)``.
///
/// Levels are checked in ``ThrottleLevel`` order and the first refusal wins. A refused request takes
/// nothing at the refusing level or any later one. Tokens already taken at earlier levels **stay
/// taken**: like API Gateway, a request throttled by the stage or the account still used up its
/// key's plan tokens (so a key cannot use a throttled stage to keep its own budget intact, and no
/// level ever gives back more than it refilled).
///
/// ```swift
/// switch ThrottleChain.decide(planMethod: &a, plan: &b, stageMethod: &c, account: &d, now: now) {
/// case .admitted: …
/// case .throttled(let level, let wait): // 429 Too Many Requests
/// }
/// ```
public enum ThrottleChain {
    /// Asks the levels in AWS's order and stops at the first refusal. Each closure checks its level
    /// (``check(_:level:now:)`` on its bucket, under whatever lock guards that bucket) or answers
    /// ``ThrottleDecision/admitted`` when the level does not apply to the request.
    @inline(__always)
    static func decide(
        planMethod: () -> ThrottleDecision,
        plan: () -> ThrottleDecision,
        stageMethod: () -> ThrottleDecision,
        account: () -> ThrottleDecision
    ) -> ThrottleDecision {
        let first = planMethod()
        guard first == .admitted else { return first }
        let second = plan()
        guard second == .admitted else { return second }
        let third = stageMethod()
        guard third == .admitted else { return third }
        return account()
    }

    /// The chain over four buckets; a nil bucket is a level that is not configured.
    public static func decide(
        planMethod: inout TokenBucket?,
        plan: inout TokenBucket?,
        stageMethod: inout TokenBucket?,
        account: inout TokenBucket?,
        now: UInt64
    ) -> ThrottleDecision {
        decide(
            planMethod: { check(&planMethod, level: .planMethod, now: now) },
            plan: { check(&plan, level: .plan, now: now) },
            stageMethod: { check(&stageMethod, level: .stageMethod, now: now) },
            account: { check(&account, level: .account, now: now) })
    }

    /// One level: takes a token from `bucket`, or reports how long until it has one. A nil bucket
    /// admits.
    public static func check(_ bucket: inout TokenBucket?, level: ThrottleLevel, now: UInt64) -> ThrottleDecision {
        guard bucket != nil else { return .admitted }
        return check(&bucket!, level: level, now: now)
    }

    /// One configured level: takes a token from `bucket`, or reports how long until it has one.
    public static func check(_ bucket: inout TokenBucket, level: ThrottleLevel, now: UInt64) -> ThrottleDecision {
        if bucket.tryTake(now: now) { return .admitted }
        return .throttled(level: level, retryAfterNanoseconds: bucket.waitForNextToken(now: now))
    }
}
