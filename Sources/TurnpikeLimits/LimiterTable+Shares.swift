import Synchronization
import TurnpikeModel

extension LimiterTable {
    /// A bucket of the table, by index: a key slot's plan and per-method buckets, a stage-method
    /// slot's bucket, or the account bucket. ``ThrottleLayout`` names them across nodes (``ThrottleBucketID``).
    public enum Bucket: Hashable, Sendable {
        case slot(Int)
        case stageMethod(Int)
        case account
    }

    /// The requests that reached each bucket since the last call (admitted or refused; a request
    /// refused at the plan level does not reach the stage or account bucket), and resets the counts.
    /// Buckets without requests are left out. Called once per heartbeat; the hot path only increments.
    public func takeDemand() -> [(Bucket, UInt32)] {
        var demand: [(Bucket, UInt32)] = []
        for (shardIndex, shard) in shards.enumerated() {
            shard.state.withLock { state in
                for index in state.demand.indices where state.demand[index] > 0 {
                    demand.append((.slot((index << shardShift) | shardIndex), state.demand[index]))
                    state.demand[index] = 0
                }
            }
        }
        for (index, locked) in stageBuckets.enumerated() {
            let count = locked.state.withLock { state in
                defer { state.demand = 0 }
                return state.demand
            }
            if count > 0 { demand.append((.stageMethod(index), count)) }
        }
        if let count = accountBucket?.state.withLock({ state in
            defer { state.demand = 0 }
            return state.demand
        }), count > 0 {
            demand.append((.account, count))
        }
        return demand
    }

    /// Makes `bucket` enforce `share` of its configured rate and burst (``ThrottleSettings/share(_:)``),
    /// keeping its fill (clipped to the new burst); for a key slot, its plan bucket and its
    /// per-method buckets. The share is carried to the next table (``reconfigured(_:previousSlot:previousStageMethod:shardCount:now:returnLease:)``).
    /// Indices outside the table are ignored.
    public func setShare(_ share: Double, of bucket: Bucket, now: UInt64) {
        let share = share > 0 && share < 1 ? share : 1
        switch bucket {
        case .slot(let slot):
            guard slot >= 0, slot < count else { return }
            let plan = configuration.plans[Int(configuration.slotPlans[slot])]
            let index = slot >> shardShift
            shards[slot & ((1 << shardShift) - 1)].state.withLock { state in
                if let throttle = plan.throttle { state.keys[index].plan.reconfigure(throttle, share: share, now: now) }
                let base = Int(state.keys[index].methodBase)
                for (method, throttle) in plan.methodThrottles.enumerated() {
                    state.methodBuckets[base + method].reconfigure(throttle, share: share, now: now)
                }
            }
        case .stageMethod(let index):
            guard index >= 0, index < stageBuckets.count else { return }
            stageBuckets[index].state.withLock { $0.bucket.reconfigure(configuration.stageMethods[index], share: share, now: now) }
        case .account:
            guard let account = configuration.account, let accountBucket else { return }
            accountBucket.state.withLock { $0.bucket.reconfigure(account, share: share, now: now) }
        }
        shares.withLock { $0[bucket] = share < 1 ? share : nil }
    }

    /// The share of its limits `bucket` enforces (1 unless ``setShare(_:of:now:)`` lowered it).
    public func share(of bucket: Bucket) -> Double { shares.withLock { $0[bucket] ?? 1 } }
}
