import Synchronization

extension LimiterTable {
    /// Decides a request that carries no key (a method without `apiKeyRequired`): only the stage's
    /// method throttle and the account throttle apply, in that order.
    public func decideUnkeyed(stageMethod: Int?, now: UInt64) -> LimiterDecision {
        if let stageMethod, stageMethod >= 0, stageMethod < stageBuckets.count {
            let decision = stageBuckets[stageMethod].bucket.withLock { ThrottleChain.check(&$0, level: .stageMethod, now: now) }
            if case .throttled(let level, let wait) = decision { return .throttled(level: level, retryAfterNanoseconds: wait) }
        }
        if let accountBucket {
            let decision = accountBucket.bucket.withLock { ThrottleChain.check(&$0, level: .account, now: now) }
            if case .throttled(let level, let wait) = decision { return .throttled(level: level, retryAfterNanoseconds: wait) }
        }
        return .admitted
    }
}
