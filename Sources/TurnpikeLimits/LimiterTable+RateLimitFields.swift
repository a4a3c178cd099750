extension LimiterTable {
    /// The rate-limit fields of key slot `slot` (one shard lock).
    public func rateLimitFields(slot: Int, now: UInt64, epochSeconds: Int) -> RateLimitFields? {
        withKey(slot) { key, shape in
            RateLimitFields(
                plan: configuration.plans[Int(key.planIndex)], bucket: shape.hasThrottle ? key.plan : nil,
                ledger: shape.hasQuota ? key.quota : nil, now: now, epochSeconds: epochSeconds)
        }
    }
}
