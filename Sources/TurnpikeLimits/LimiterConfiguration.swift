import TurnpikeModel

/// What a ``LimiterTable`` limits, laid out as numbers the snapshot assigns once: plan indices, key
/// slots, method indices and stage-method slots, so the hot path indexes arrays instead of hashing.
///
/// - A **key slot** is one API key in one usage plan (a key in two plans has two slots). Its plan
///   bucket, per-method buckets and quota are shared by all stages of the plan.
/// - A **plan method** is an index into the plan's ``Plan/methodThrottles`` (the plan's
///   `apiStages[].throttle["/res/METHOD"]` entries, numbered by the snapshot).
/// - A **stage method** is an index into ``stageMethods``: a stage's `methodSettings` for one
///   method, or its `*/*` default, resolved by the snapshot.
///
/// Throttle settings are read through `normalized`: a missing rate or burst is 0.
public struct LimiterConfiguration: Sendable, Equatable {
    /// One usage plan's limits.
    public struct Plan: Sendable, Equatable {
        /// The plan's limit per key (`throttle`); nil: no plan bucket.
        public var throttle: ThrottleSettings?
        /// The plan's per-method limits per key, by plan-method index.
        public var methodThrottles: [ThrottleSettings]
        /// The quota's period; nil: the plan has no quota.
        public var quotaPeriod: QuotaPeriod?
        /// The quota's limit and offset (what the store is asked to allow).
        public var quota: QuotaSettings?
        /// The UTC day the quota was first set (the window it falls in is reduced by `offset`).
        public var quotaStartDay: UTCDay?

        public init(throttle: ThrottleSettings? = nil, methodThrottles: [ThrottleSettings] = [], quotaPeriod: QuotaPeriod? = nil,
                    quota: QuotaSettings? = nil, quotaStartDay: UTCDay? = nil) {
            self.throttle = throttle
            self.methodThrottles = methodThrottles
            self.quotaPeriod = quotaPeriod ?? quota?.quotaPeriod
            self.quota = quota
            self.quotaStartDay = quotaStartDay
        }

        /// Whether the plan limits each of its keys (a throttle, a method throttle or a quota): a key
        /// of a plan that does not has no state of its own to check in the ``LimiterTable``.
        public var limitsEachKey: Bool { throttle != nil || !methodThrottles.isEmpty || quotaPeriod != nil }

        /// What the plan allows in the window starting `window` (nil without a quota).
        public func allowance(window: UTCDay) -> Int? {
            quota?.allowance(on: window, startDay: quotaStartDay)
        }
    }

    /// The usage plans, by plan index.
    public var plans: [Plan]
    /// The plan index of each key slot; each must index ``plans`` (the table traps otherwise).
    public var slotPlans: [Int32]
    /// The stage-method limits, by stage-method slot.
    public var stageMethods: [ThrottleSettings]
    /// The account limit; nil: none.
    public var account: ThrottleSettings?
    /// Gateway nodes sharing the limits: leases are sized for them (``LeaseSizing``). Throttle
    /// shares follow demand instead (``ThrottleShares``).
    public var nodes: Int

    public init(
        plans: [Plan],
        slotPlans: [Int32],
        stageMethods: [ThrottleSettings] = [],
        account: ThrottleSettings? = nil,
        nodes: Int = 1
    ) {
        self.plans = plans
        self.slotPlans = slotPlans
        self.stageMethods = stageMethods
        self.account = account
        self.nodes = nodes
    }
}

extension TokenBucket {
    /// A full bucket with `settings`' limits (missing values read as 0), or this node's `share` of
    /// them when several gateway nodes enforce the limit together (see ``ThrottleSettings/share(_:)``).
    public init(_ settings: ThrottleSettings, share: Double = 1, now: UInt64) {
        let limits = settings.share(share)
        self.init(rateLimit: limits.rateLimit ?? 0, burstLimit: limits.burstLimit ?? 0, now: now)
    }

    /// Changes the limits to `settings` (this node's `share` of them), keeping the fill (see
    /// ``reconfigure(rateLimit:burstLimit:now:)``).
    public mutating func reconfigure(_ settings: ThrottleSettings, share: Double = 1, now: UInt64) {
        let limits = settings.share(share)
        reconfigure(rateLimit: limits.rateLimit ?? 0, burstLimit: limits.burstLimit ?? 0, now: now)
    }
}

extension ThrottleSettings {
    /// One node's part of a limit that several gateway nodes enforce together, the node enforcing
    /// `fraction` of it (``ThrottleShares``): the rate times `fraction`, the burst times `fraction`
    /// rounded up (a burst of at least 1 stays at least 1). A fraction outside `0...1` (or NaN) reads
    /// as 1. Missing values read as 0, a negative burst as 0; total for any stored value.
    public func share(_ fraction: Double) -> ThrottleSettings {
        let normalized = self.normalized
        guard fraction > 0, fraction < 1 else { return normalized }
        let burst = max(0, normalized.burstLimit ?? 0)
        let scaled = (Double(burst) * fraction).rounded(.up)
        // Clamped: a stored `Int.max` burst times a fraction near 1 rounds to 2^63 in Double.
        let share = scaled >= 9.2e18 ? burst : Int(scaled)
        return ThrottleSettings(burstLimit: share, rateLimit: (normalized.rateLimit ?? 0) * fraction)
    }
}
