import Synchronization

extension LimiterTable {
    /// Decides a key holder's own request (`GET /_turnpike/self`) of key slot `slot`: the plan's
    /// throttle, then the account's, exactly as an invoke request of the key with no method limit,
    /// but never the quota, so the request is not counted as usage.
    /// - Returns: ``LimiterDecision/admitted`` or ``LimiterDecision/throttled(level:retryAfterNanoseconds:)``.
    public func decideThrottles(slot: Int, now: UInt64) -> LimiterDecision {
        withKey(slot) { key, shape in
            if shape.hasThrottle,
               case .throttled(let level, let wait) = ThrottleChain.check(&key.plan, level: .plan, now: now) {
                return .throttled(level: level, retryAfterNanoseconds: wait)
            }
            if let accountBucket {
                let decision = accountBucket.bucket.withLock { ThrottleChain.check(&$0, level: .account, now: now) }
                if case .throttled(let level, let wait) = decision { return .throttled(level: level, retryAfterNanoseconds: wait) }
            }
            return .admitted
        }
    }
}
