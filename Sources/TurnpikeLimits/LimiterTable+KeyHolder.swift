extension LimiterTable {
    /// Decides a key holder's own request (`GET /_turnpike/self`) of key slot `slot`: the plan's
    /// throttle, then the account's, exactly as an invoke request of the key with no method limit,
    /// but never the quota, so the request is not counted as usage.
    /// - Returns: ``LimiterDecision/admitted`` or ``LimiterDecision/throttled(level:retryAfterNanoseconds:)``.
    public func decideThrottles(slot: Int, now: UInt64) -> LimiterDecision {
        withKey(slot) { key, shape in
            LimiterDecision(ThrottleChain.decide(
                planMethod: { .admitted },
                plan: { shape.hasThrottle ? ThrottleChain.check(&key.plan, level: .plan, now: now) : .admitted },
                stageMethod: { .admitted }, account: { accountThrottle(now: now) }))
        }
    }
}
