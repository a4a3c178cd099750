extension LimiterTable {
    /// Decides a request that carries no key (a method without `apiKeyRequired`): only the stage's
    /// method throttle and the account throttle apply, in that order.
    public func decideUnkeyed(stageMethod: Int?, now: UInt64) -> LimiterDecision {
        let decision = ThrottleChain.decide(
            planMethod: { .admitted }, plan: { .admitted },
            stageMethod: { stageThrottle(stageMethod, now: now) }, account: { accountThrottle(now: now) })
        return LimiterDecision(decision)
    }
}
