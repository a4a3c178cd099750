import Synchronization
import TurnpikeModel

extension LimiterTable {
    /// A table for a new configuration (a new snapshot) that carries this table's state over, so a
    /// configuration change neither refills buckets nor forgets leases.
    ///
    /// For each new slot whose key and plan existed before (`previousSlot`):
    /// - the plan bucket and the per-method buckets (matched by index) keep their fill, clipped to
    ///   the new limits (``TokenBucket/reconfigure(rateLimit:burstLimit:now:)``);
    /// - the quota ledger **moves** when the period is unchanged: its lease is taken out of this table
    ///   under the old shard's lock, so the lease is spent in exactly one table. Requests still
    ///   deciding on this table afterwards find no lease and reserve in the store. When the plan's
    ///   limit or offset changed, the moved ledger hands its lease back (``QuotaLedger/limitsChanged()``)
    ///   and asks the store again. With a new period the ledger starts empty. Leases handed back go to
    ///   `returnLease(newSlot, lease)`: give them back to the store before reserving for that key again.
    /// Stage-method buckets match through `previousStageMethod`; the account bucket is carried over.
    /// Each carried bucket keeps its share of the limits (``setShare(_:of:now:)``); new ones start whole.
    ///
    /// Reservations in flight complete against whichever table is current: resolve the key and plan
    /// to a slot when the store answers, not when the reservation starts.
    public func reconfigured(
        _ configuration: LimiterConfiguration,
        previousSlot: (Int) -> Int?,
        previousStageMethod: (Int) -> Int? = { _ in nil },
        shardCount: Int? = nil,
        now: UInt64,
        returnLease: (Int, QuotaLease) -> Void = { _, _ in }
    ) -> LimiterTable {
        let oldShares = shares.withLock { $0 }
        var carried: [Bucket: Double] = [:]
        func carry(_ old: Bucket, to new: Bucket) -> Double {
            guard let share = oldShares[old] else { return 1 }
            carried[new] = share
            return share
        }
        let table = LimiterTable(configuration: configuration, shardCount: shardCount ?? shards.count, now: now) { slot, record, methods in
            guard let old = previousSlot(slot), old >= 0, old < count else { return }
            let share = carry(.slot(old), to: .slot(slot))
            let plan = configuration.plans[Int(record.planIndex)]
            let oldIndex = old >> shardShift
            shards[old & ((1 << shardShift) - 1)].state.withLock { state in
                let oldShape = shapes[Int(state.keys[oldIndex].planIndex)]
                if let throttle = plan.throttle, oldShape.hasThrottle {
                    record.plan = state.keys[oldIndex].plan
                    record.plan.reconfigure(throttle, share: share, now: now)
                }
                let oldBase = Int(state.keys[oldIndex].methodBase)
                for method in 0..<min(methods.count, oldShape.methodCount) {
                    var bucket = state.methodBuckets[oldBase + method]
                    bucket.reconfigure(plan.methodThrottles[method], share: share, now: now)
                    methods[methods.startIndex + method] = bucket
                }
                guard oldShape.hasQuota else { return }
                if let period = plan.quotaPeriod, state.keys[oldIndex].quota.period == period {
                    record.quota = state.keys[oldIndex].quota
                    _ = state.keys[oldIndex].quota.returnLease()
                    let oldPlan = self.configuration.plans[Int(state.keys[oldIndex].planIndex)]
                    if oldPlan.quota != plan.quota || oldPlan.quotaStartDay != plan.quotaStartDay,
                       let lease = record.quota.limitsChanged() {
                        returnLease(slot, lease)
                    }
                } else if let lease = state.keys[oldIndex].quota.returnLease() {
                    returnLease(slot, lease)
                }
            }
        }
        for (index, locked) in table.stageBuckets.enumerated() {
            guard let old = previousStageMethod(index), old >= 0, old < stageBuckets.count else { continue }
            var bucket = stageBuckets[old].state.withLock { $0.bucket }
            bucket.reconfigure(configuration.stageMethods[index], share: carry(.stageMethod(old), to: .stageMethod(index)), now: now)
            locked.state.withLock { $0.bucket = bucket }
        }
        if let account = configuration.account, let oldAccount = accountBucket, let newAccount = table.accountBucket {
            var bucket = oldAccount.state.withLock { $0.bucket }
            bucket.reconfigure(account, share: carry(.account, to: .account), now: now)
            newAccount.state.withLock { $0.bucket = bucket }
        }
        table.shares.withLock { $0 = carried }
        return table
    }
}
