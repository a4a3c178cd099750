import Synchronization
import TurnpikeModel

/// The node's throttles and quotas for every key, stored densely and decided in one lock acquisition.
///
/// Per key slot (one key in one plan, see ``LimiterConfiguration``) the table keeps a 64-byte record
/// (the plan bucket, the ``QuotaLedger``, the plan index and where the key's per-method buckets
/// start) plus one 24-byte ``TokenBucket`` per method limit of its plan: about
/// 92 bytes per key with one method limit (measured in `LimiterTableTests`). Slots are spread over
/// power-of-two shards by their low bits, each shard's records under its own `Mutex`.
///
/// ``decide(slot:planMethod:stageMethod:now:today:)`` takes the slot's shard lock once and, inside it,
/// checks AWS's levels in order (plan method, plan, stage method, account: the last two under their
/// own short locks, always taken in that order after the shard lock, so locks never cross) and then
/// the quota. It allocates nothing. The decision is data; the caller acts on it after the lock is
/// released (forward, answer 429, park the request, start a reservation).
///
/// A refused request takes nothing at the refusing level or later, and is not counted against the
/// quota; tokens it took at earlier levels stay taken (``ThrottleChain``).
public final class LimiterTable: Sendable {
    /// One plan's shape, read on every decision.
    struct PlanShape: Sendable {
        var hasThrottle: Bool
        var hasQuota: Bool
        var methodCount: Int
    }

    /// One key slot's state.
    struct KeyState: Sendable {
        var plan: TokenBucket
        var quota: QuotaLedger
        var planIndex: UInt32
        var methodBase: UInt32
    }

    struct ShardState: Sendable {
        var keys: [KeyState] = []
        var methodBuckets: [TokenBucket] = []
        /// Requests that reached each key (by the index in ``keys``) since ``takeDemand()``.
        var demand: [UInt32] = []
    }

    final class Shard: Sendable {
        let state: Mutex<ShardState>
        init(_ state: ShardState) { self.state = Mutex(state) }
    }

    /// A stage-method or account bucket, with the requests that reached it since ``takeDemand()``.
    final class LockedBucket: Sendable {
        let state: Mutex<(bucket: TokenBucket, demand: UInt32)>
        init(_ bucket: TokenBucket) { self.state = Mutex((bucket, 0)) }
    }

    /// The configuration the table was built from.
    public let configuration: LimiterConfiguration
    let shapes: [PlanShape]
    let shards: [Shard]
    let shardShift: Int
    let stageBuckets: [LockedBucket]
    let accountBucket: LockedBucket?
    let nodes: Int
    /// The buckets whose share of their limits is below 1 (``setShare(_:of:now:)``); changed only
    /// at heartbeats and carried over to the next table.
    let shares = Mutex<[Bucket: Double]>([:])

    /// Builds the table with every bucket full and every quota ledger empty.
    /// - Parameters:
    ///   - shardCount: rounded up to a power of two in `1...1024`.
    ///   - now: monotonic nanoseconds.
    public convenience init(configuration: LimiterConfiguration, shardCount: Int = 32, now: UInt64) {
        self.init(configuration: configuration, shardCount: shardCount, now: now) { _, _, _ in }
    }

    /// Builds the table; `adjust(slot, &record, &methodBuckets)` may replace each fresh slot's state
    /// (used to carry state over from a previous table).
    init(
        configuration: LimiterConfiguration,
        shardCount: Int,
        now: UInt64,
        adjust: (Int, inout KeyState, inout ArraySlice<TokenBucket>) -> Void
    ) {
        self.configuration = configuration
        let shapes = configuration.plans.map {
            PlanShape(hasThrottle: $0.throttle != nil, hasQuota: $0.quotaPeriod != nil, methodCount: $0.methodThrottles.count)
        }
        self.shapes = shapes
        var shift = 0
        while (1 << shift) < min(max(shardCount, 1), 1024) { shift += 1 }
        shardShift = shift
        let count = 1 << shift
        var slotsPerShard = [Int](repeating: 0, count: count)
        var methodsPerShard = [Int](repeating: 0, count: count)
        for (slot, planIndex) in configuration.slotPlans.enumerated() {
            slotsPerShard[slot & (count - 1)] += 1
            methodsPerShard[slot & (count - 1)] += shapes[Int(planIndex)].methodCount
        }
        var states = (0..<count).map { index in
            var state = ShardState()
            state.keys.reserveCapacity(slotsPerShard[index])
            state.methodBuckets.reserveCapacity(methodsPerShard[index])
            state.demand = [UInt32](repeating: 0, count: slotsPerShard[index])
            return state
        }
        let fullBuckets = configuration.plans.map { plan in
            (plan: plan.throttle.map { TokenBucket($0, now: now) } ?? TokenBucket(rateLimit: 0, burstLimit: 0, now: now),
             methods: plan.methodThrottles.map { TokenBucket($0, now: now) },
             quota: QuotaLedger(period: plan.quotaPeriod ?? .day))
        }
        for (slot, planIndex) in configuration.slotPlans.enumerated() {
            let fresh = fullBuckets[Int(planIndex)]
            let shard = slot & (count - 1)
            let base = states[shard].methodBuckets.count
            var record = KeyState(plan: fresh.plan, quota: fresh.quota, planIndex: UInt32(planIndex), methodBase: UInt32(base))
            states[shard].methodBuckets.append(contentsOf: fresh.methods)
            adjust(slot, &record, &states[shard].methodBuckets[base..<(base + fresh.methods.count)])
            states[shard].keys.append(record)
        }
        shards = states.map(Shard.init)
        stageBuckets = configuration.stageMethods.map { LockedBucket(TokenBucket($0, now: now)) }
        accountBucket = configuration.account.map { LockedBucket(TokenBucket($0, now: now)) }
        nodes = configuration.nodes
    }

    /// Key slots in the table.
    public var count: Int { configuration.slotPlans.count }

    /// Decides one request of key slot `slot`: throttles in AWS's order, then the quota.
    /// - Parameters:
    ///   - planMethod: the plan-method index when the plan limits this method; nil otherwise.
    ///   - stageMethod: the stage-method slot when the stage limits this method (or `*/*`); nil otherwise.
    ///   - now: monotonic nanoseconds.
    ///   - today: the UTC day of the wall clock (quota windows).
    public func decide(slot: Int, planMethod: Int? = nil, stageMethod: Int? = nil, now: UInt64, today: UTCDay) -> LimiterDecision {
        let index = slot >> shardShift
        return shards[slot & ((1 << shardShift) - 1)].state.withLock { state -> LimiterDecision in
            state.demand[index] &+= 1
            let shape = shapes[Int(state.keys[index].planIndex)]
            let throttles = ThrottleChain.decide(
                planMethod: {
                    guard let planMethod, planMethod >= 0, planMethod < shape.methodCount else { return .admitted }
                    let bucket = Int(state.keys[index].methodBase) + planMethod
                    return ThrottleChain.check(&state.methodBuckets[bucket], level: .planMethod, now: now)
                },
                plan: { shape.hasThrottle ? ThrottleChain.check(&state.keys[index].plan, level: .plan, now: now) : .admitted },
                stageMethod: { stageThrottle(stageMethod, now: now) },
                account: { accountThrottle(now: now) })
            guard throttles == .admitted else { return LimiterDecision(throttles) }
            guard shape.hasQuota else { return .admitted }
            return LimiterDecision(state.keys[index].quota.admit(today: today, now: now, nodes: nodes))
        }
    }

    /// Decides the quota alone for a request that already passed the throttles and was parked
    /// (``LimiterDecision/reserveAndWait(count:window:)`` or ``LimiterDecision/waitForReservation``).
    public func retryQuota(slot: Int, now: UInt64, today: UTCDay) -> LimiterDecision {
        withKey(slot) { key, shape in
            shape.hasQuota ? LimiterDecision(key.quota.admit(today: today, now: now, nodes: nodes)) : .admitted
        }
    }

    /// The store answered a reservation for `slot` (see ``QuotaLedger``); then retry the slot's parked
    /// requests with ``retryQuota(slot:now:today:)``, in arrival order.
    public func reservationCompleted(slot: Int, granted: Int, remainingInStore: Int, window: UTCDay, generation: UInt32 = 0, now: UInt64) {
        withKey(slot) { key, _ in
            key.quota.reservationCompleted(granted: granted, remainingInStore: remainingInStore, window: window, generation: generation, now: now)
        }
    }

    /// A reservation for `slot` failed; answer its parked requests with an error.
    public func reservationFailed(slot: Int, window: UTCDay) {
        withKey(slot) { key, _ in key.quota.reservationFailed(window: window) }
    }

    /// The store's quota for `slot` changed outside a reservation (see ``QuotaLedger/storeChanged(remainingInStore:window:generation:)``).
    public func storeChanged(slot: Int, remainingInStore: Int, window: UTCDay, generation: UInt32) {
        withKey(slot) { key, _ in key.quota.storeChanged(remainingInStore: remainingInStore, window: window, generation: generation) }
    }

    /// Takes every unused lease out of the table, for graceful shutdown: give each back to the store.
    public func returnLeases() -> [(slot: Int, lease: QuotaLease)] {
        var leases: [(slot: Int, lease: QuotaLease)] = []
        for (shardIndex, shard) in shards.enumerated() {
            shard.state.withLock { state in
                for index in state.keys.indices {
                    if let lease = state.keys[index].quota.returnLease() {
                        leases.append(((index << shardShift) | shardIndex, lease))
                    }
                }
            }
        }
        return leases
    }

    /// The quota ledger of `slot`, for tests and metrics.
    public func quotaLedger(slot: Int) -> QuotaLedger { withKey(slot) { key, _ in key.quota } }

    /// The plan bucket of `slot`, for tests and metrics.
    public func planBucket(slot: Int) -> TokenBucket { withKey(slot) { key, _ in key.plan } }

    /// Bytes the table occupies: array capacities times element strides for the per-key state and
    /// the ``configuration``'s slot array, plus shards and locks (plans and their arrays excluded).
    public var memoryBytes: Int {
        var bytes = shards.count * (MemoryLayout<Mutex<ShardState>>.stride + 16)
        bytes += configuration.slotPlans.capacity * MemoryLayout<Int32>.stride
        for shard in shards {
            shard.state.withLock { state in
                bytes += state.keys.capacity * MemoryLayout<KeyState>.stride
                bytes += state.methodBuckets.capacity * MemoryLayout<TokenBucket>.stride
                bytes += state.demand.capacity * MemoryLayout<UInt32>.stride
            }
        }
        return bytes + (stageBuckets.count + 1) * (MemoryLayout<Mutex<(bucket: TokenBucket, demand: UInt32)>>.stride + 16)
    }

    /// The stage's method level: its bucket when the stage limits the method, else admitted.
    func stageThrottle(_ stageMethod: Int?, now: UInt64) -> ThrottleDecision {
        guard let stageMethod, stageMethod >= 0, stageMethod < stageBuckets.count else { return .admitted }
        return stageBuckets[stageMethod].state.withLock {
            $0.demand &+= 1
            return ThrottleChain.check(&$0.bucket, level: .stageMethod, now: now)
        }
    }

    /// The account level: its bucket when the account is limited, else admitted.
    func accountThrottle(now: UInt64) -> ThrottleDecision {
        guard let accountBucket else { return .admitted }
        return accountBucket.state.withLock {
            $0.demand &+= 1
            return ThrottleChain.check(&$0.bucket, level: .account, now: now)
        }
    }

    func withKey<Result>(_ slot: Int, _ body: (inout KeyState, PlanShape) -> Result) -> Result {
        let index = slot >> shardShift
        return shards[slot & ((1 << shardShift) - 1)].state.withLock { state in
            body(&state.keys[index], shapes[Int(state.keys[index].planIndex)])
        }
    }
}

/// What the limiter says about one request.
public enum LimiterDecision: Sendable, Equatable {
    /// Forward the request.
    case admitted
    /// Forward the request, and reserve `count` more of the key's quota in the store for `window`.
    case admittedAndReserve(count: Int, window: UTCDay)
    /// 429 `TooManyRequestsException` (`{"message":"Too Many Requests"}`) from `level`.
    case throttled(level: ThrottleLevel, retryAfterNanoseconds: UInt64)
    /// 429 `LimitExceededException` (`{"message":"Limit Exceeded"}`).
    case quotaExceeded
    /// Park the request, reserve `count` in the store for `window`, retry when the reservation completes.
    case reserveAndWait(count: Int, window: UTCDay)
    /// Park the request; a reservation is in flight; retry when it completes.
    case waitForReservation

    init(_ throttles: ThrottleDecision) {
        switch throttles {
        case .admitted: self = .admitted
        case .throttled(let level, let wait): self = .throttled(level: level, retryAfterNanoseconds: wait)
        }
    }

    init(_ action: QuotaAction) {
        switch action {
        case .admitted: self = .admitted
        case .admittedAndReserve(let count, let window): self = .admittedAndReserve(count: count, window: window)
        case .reserveAndWait(let count, let window): self = .reserveAndWait(count: count, window: window)
        case .waitForReservation: self = .waitForReservation
        case .exhausted: self = .quotaExceeded
        }
    }
}
