import Foundation
import Synchronization
import Testing
import TurnpikeModel
@testable import TurnpikeLimits

@Suite struct LimiterTableTests {
    let t0: UInt64 = 7_000_000_000_000
    let second: UInt64 = 1_000_000_000
    let today = UTCDay(iso: "2026-11-25")!

    /// Plan 0: burst 2 per key, method 0 burst 1, daily quota. Plan 1: no limits at all.
    func configuration(slots: Int = 8, stageMethods: [ThrottleSettings] = [], account: ThrottleSettings? = nil) -> LimiterConfiguration {
        LimiterConfiguration(
            plans: [
                .init(throttle: ThrottleSettings(burstLimit: 2, rateLimit: 1), methodThrottles: [ThrottleSettings(burstLimit: 1, rateLimit: 0.5)], quotaPeriod: .day),
                .init(),
            ],
            slotPlans: (0..<slots).map { Int32($0 % 2) },
            stageMethods: stageMethods,
            account: account
        )
    }

    /// Gives `slot` a lease of `count` in today's window (a request parked for the reservation is dropped).
    func lease(_ table: LimiterTable, slot: Int, count: Int) {
        #expect(table.retryQuota(slot: slot, now: t0, today: today) == .reserveAndWait(count: 1, window: today))
        table.reservationCompleted(slot: slot, granted: count, remainingInStore: 1_000_000, window: today, now: t0)
    }

    @Test func aPlanWithoutLimitsAdmitsEverything() {
        let table = LimiterTable(configuration: configuration(), now: t0)
        for _ in 0..<100 { #expect(table.decide(slot: 1, planMethod: 0, now: t0, today: today) == .admitted) }
    }

    @Test func theQuotaReservesBeforeAdmitting() {
        let table = LimiterTable(configuration: configuration(), now: t0)
        #expect(table.decide(slot: 0, now: t0, today: today) == .reserveAndWait(count: 1, window: today))
        #expect(table.decide(slot: 0, now: t0 + second, today: today) == .waitForReservation)
        table.reservationCompleted(slot: 0, granted: 10, remainingInStore: 90, window: today, now: t0 + second)
        #expect(table.retryQuota(slot: 0, now: t0 + second, today: today) == .admitted)
        #expect(table.retryQuota(slot: 0, now: t0 + second, today: today) == .admitted)
        #expect(table.quotaLedger(slot: 0).unusedLease() == 8)
    }

    @Test func thePlanBucketIsPerKeyAndThrottlesWithItsLevel() {
        let table = LimiterTable(configuration: configuration(), now: t0)
        lease(table, slot: 0, count: 100)
        lease(table, slot: 2, count: 100)
        #expect(table.decide(slot: 0, now: t0, today: today) == .admitted)
        #expect(table.decide(slot: 0, now: t0, today: today) == .admitted)
        #expect(table.decide(slot: 0, now: t0, today: today) == .throttled(level: .plan, retryAfterNanoseconds: second))
        // Another key of the same plan has its own bucket.
        #expect(table.decide(slot: 2, now: t0, today: today) == .admitted)
        // Throttled requests are not counted against the quota.
        #expect(table.quotaLedger(slot: 0).unusedLease() == 98)
    }

    @Test func aPlanMethodRefusalTakesNothingFromThePlanBucket() {
        let table = LimiterTable(configuration: configuration(), now: t0)
        lease(table, slot: 0, count: 100)
        #expect(table.decide(slot: 0, planMethod: 0, now: t0, today: today) == .admitted)
        #expect(table.decide(slot: 0, planMethod: 0, now: t0, today: today) == .throttled(level: .planMethod, retryAfterNanoseconds: 2 * second))
        #expect(table.planBucket(slot: 0).tokens(now: t0) == 1)
        // A method the plan does not limit only meets the plan bucket.
        #expect(table.decide(slot: 0, planMethod: 7, now: t0, today: today) == .admitted)
    }

    @Test func stageAndAccountBucketsAreSharedByAllKeysAndComeAfterThePlan() {
        let table = LimiterTable(
            configuration: configuration(stageMethods: [ThrottleSettings(burstLimit: 3, rateLimit: 1)], account: ThrottleSettings(burstLimit: 4, rateLimit: 1)),
            now: t0
        )
        for slot in [1, 3, 5] { #expect(table.decide(slot: slot, stageMethod: 0, now: t0, today: today) == .admitted) }
        #expect(table.decide(slot: 7, stageMethod: 0, now: t0, today: today) == .throttled(level: .stageMethod, retryAfterNanoseconds: second))
        #expect(table.decide(slot: 7, now: t0, today: today) == .admitted)
        #expect(table.decide(slot: 7, now: t0, today: today) == .throttled(level: .account, retryAfterNanoseconds: second))
        // A key refused by the account still spent its plan token (AWS order; earlier tokens stay taken).
        lease(table, slot: 0, count: 10)
        #expect(table.decide(slot: 0, now: t0, today: today) == .throttled(level: .account, retryAfterNanoseconds: second))
        #expect(table.planBucket(slot: 0).tokens(now: t0) == 1)
        #expect(table.quotaLedger(slot: 0).unusedLease() == 10)
    }

    @Test(arguments: [1, 2, 16, 64])
    func everySlotHasItsOwnStateWhateverTheShards(shards: Int) {
        let table = LimiterTable(configuration: configuration(slots: 1_000), shardCount: shards, now: t0)
        for slot in stride(from: 0, to: 1_000, by: 2) { lease(table, slot: slot, count: slot + 1) }
        for slot in stride(from: 0, to: 1_000, by: 2) {
            #expect(table.quotaLedger(slot: slot).unusedLease() == slot + 1)
        }
        let leases = table.returnLeases()
        #expect(leases.count == 500)
        #expect(leases.allSatisfy { $0.lease.count == $0.slot + 1 && $0.lease.window == today })
        #expect(table.returnLeases().isEmpty)
    }

    @Test func reconfiguringKeepsFillAndMovesLeases() {
        let old = LimiterTable(configuration: configuration(stageMethods: [ThrottleSettings(burstLimit: 5, rateLimit: 1)]), now: t0)
        lease(old, slot: 2, count: 50)
        #expect(old.decide(slot: 2, planMethod: 0, stageMethod: 0, now: t0, today: today) == .admitted)
        var changed = configuration(stageMethods: [ThrottleSettings(burstLimit: 5, rateLimit: 1)])
        changed.plans[0].throttle = ThrottleSettings(burstLimit: 10, rateLimit: 1)
        changed.slotPlans = [0, 0]   // new slot 1 is old slot 2; new slot 0 is a new key
        let new = old.reconfigured(changed, previousSlot: { $0 == 1 ? 2 : nil }, previousStageMethod: { $0 }, now: t0)
        #expect(new.planBucket(slot: 1).tokens(now: t0) == 1)
        #expect(new.planBucket(slot: 0).tokens(now: t0) == 10)
        #expect(new.quotaLedger(slot: 1).unusedLease() == 49)
        #expect(old.quotaLedger(slot: 2).unusedLease() == 0)
        #expect(new.decide(slot: 1, planMethod: 0, now: t0, today: today) == .throttled(level: .planMethod, retryAfterNanoseconds: 2 * second))
        let stageTokens = new.stageBuckets[0].state.withLock { $0.bucket.tokens(now: t0) }
        #expect(stageTokens == 4)
        // A period change starts the quota afresh and hands the old lease back.
        changed.plans[0].quotaPeriod = .month
        var returned: [(Int, QuotaLease)] = []
        let monthly = new.reconfigured(changed, previousSlot: { $0 }, now: t0, returnLease: { returned.append(($0, $1)) })
        #expect(monthly.quotaLedger(slot: 1).unusedLease() == 0)
        #expect(monthly.quotaLedger(slot: 1).period == .month)
        #expect(returned.count == 1 && returned.first?.0 == 1 && returned.first?.1 == QuotaLease(window: today, count: 49, generation: 0))
    }

    @Test func aChangedLimitHandsLeasesBackAndAnUnchangedOneKeepsThem() {
        var limited = configuration()
        limited.plans[0].quota = QuotaSettings(limit: 100, period: "DAY")
        let old = LimiterTable(configuration: limited, now: t0)
        lease(old, slot: 0, count: 20)
        var returned: [(Int, QuotaLease)] = []
        let same = old.reconfigured(limited, previousSlot: { $0 }, now: t0, returnLease: { returned.append(($0, $1)) })
        #expect(returned.isEmpty && same.quotaLedger(slot: 0).unusedLease() == 20)
        limited.plans[0].quota = QuotaSettings(limit: 10, period: "DAY")
        let lowered = same.reconfigured(limited, previousSlot: { $0 }, now: t0, returnLease: { returned.append(($0, $1)) })
        #expect(returned.count == 1 && returned.first?.1.count == 20)
        #expect(lowered.quotaLedger(slot: 0).unusedLease() == 0 && lowered.quotaLedger(slot: 0).remainingInStore == nil)
        #expect(lowered.decide(slot: 0, now: t0, today: today) == .reserveAndWait(count: 1, window: today))
    }

    @Test func concurrentDecisionsNeverGiveMoreThanTheBurst() async {
        let config = LimiterConfiguration(plans: [.init(throttle: ThrottleSettings(burstLimit: 1_000, rateLimit: 0))], slotPlans: [0, 0, 0, 0])
        let table = LimiterTable(configuration: config, shardCount: 2, now: t0)
        let admitted = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var count = 0
                    for _ in 0..<500 where table.decide(slot: task % 2, now: t0, today: today) == .admitted { count += 1 }
                    return count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(admitted == 2_000)
    }

    @Test func decidingTheSameRequestAgainAfterAWindowChangeReserves() {
        let table = LimiterTable(configuration: configuration(), now: t0)
        lease(table, slot: 0, count: 50)
        #expect(table.decide(slot: 0, now: t0, today: today + 1) == .reserveAndWait(count: 1, window: today + 1))
        table.reservationFailed(slot: 0, window: today + 1)
        table.storeChanged(slot: 0, remainingInStore: 0, window: today + 1, generation: 0)
        #expect(table.decide(slot: 0, now: t0 + second / 2, today: today + 1) == .quotaExceeded)
        // Exhausted is re-checked with the store (one request, parked) once per second.
        #expect(table.decide(slot: 0, now: t0 + second, today: today + 1) == .reserveAndWait(count: 1, window: today + 1))
        #expect(table.retryQuota(slot: 0, now: t0 + second, today: today + 1) == .quotaExceeded)
    }

    /// 1,000,000 keys, each with a plan bucket, one per-method bucket and a daily quota.
    @Test func memoryPerKeyForAMillionKeys() {
        let keys = 1_000_000
        let config = LimiterConfiguration(
            plans: [.init(throttle: ThrottleSettings(burstLimit: 100, rateLimit: 50), methodThrottles: [ThrottleSettings(burstLimit: 10, rateLimit: 5)], quotaPeriod: .day)],
            slotPlans: [Int32](repeating: 0, count: keys)
        )
        let before = Self.residentBytes()
        let table = LimiterTable(configuration: config, now: t0)
        let after = Self.residentBytes()
        let counted = Double(table.memoryBytes) / Double(keys)
        let resident = Double(after - before) / Double(keys)
        print("LimiterTable, \(keys) keys (plan bucket + 1 method bucket + quota): \(counted) bytes/key by stride, \(resident) bytes/key RSS delta")
        #expect(MemoryLayout<LimiterTable.KeyState>.stride == 64)
        #expect(counted < 100)
        #expect(resident < 200)
        #expect(table.decide(slot: keys - 1, now: t0, today: today) == .reserveAndWait(count: 1, window: today))
    }

    /// Resident set size from `/proc/self/statm` (0 where it does not exist).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

@Suite struct LimiterShareTests {
    let t0: UInt64 = 3_000_000_000_000
    let second: UInt64 = 1_000_000_000
    let today = UTCDay(iso: "2026-11-25")!

    @Test func aShareScalesRateAndRoundsTheBurstUp() {
        #expect(ThrottleSettings(burstLimit: 20, rateLimit: 10).share(0.5) == ThrottleSettings(burstLimit: 10, rateLimit: 5))
        #expect(ThrottleSettings(burstLimit: 5, rateLimit: 1).share(1.0 / 3) == ThrottleSettings(burstLimit: 2, rateLimit: 1.0 / 3))
        #expect(ThrottleSettings(burstLimit: 1, rateLimit: 1).share(0.05).burstLimit == 1)
        #expect(ThrottleSettings(burstLimit: 7, rateLimit: 2).share(0) == ThrottleSettings(burstLimit: 7, rateLimit: 2))
        #expect(ThrottleSettings(burstLimit: 7, rateLimit: 2).share(.nan) == ThrottleSettings(burstLimit: 7, rateLimit: 2))
    }

    /// Plan 0 (burst 20 at 10/s, one method limit burst 4 at 2/s), a stage setting and an account limit.
    var configuration: LimiterConfiguration {
        LimiterConfiguration(
            plans: [.init(throttle: ThrottleSettings(burstLimit: 20, rateLimit: 10), methodThrottles: [ThrottleSettings(burstLimit: 4, rateLimit: 2)])],
            slotPlans: [0, 0], stageMethods: [ThrottleSettings(burstLimit: 6, rateLimit: 3)],
            account: ThrottleSettings(burstLimit: 100, rateLimit: 50), nodes: 2)
    }

    @Test func bucketsStartWholeOnAnyNodeCount() {
        let table = LimiterTable(configuration: configuration, now: t0)
        #expect(table.planBucket(slot: 0).burstLimit == 20 && table.planBucket(slot: 0).rateLimit == 10)
        #expect(table.share(of: .slot(0)) == 1)
    }

    @Test func demandCountsEveryRequestThatReachesABucketAndIsTakenOnce() {
        let table = LimiterTable(configuration: configuration, now: t0)
        for _ in 0..<25 { _ = table.decide(slot: 1, planMethod: 0, stageMethod: 0, now: t0, today: today) }
        _ = table.decideUnkeyed(stageMethod: 0, now: t0)
        let demand = Dictionary(table.takeDemand(), uniquingKeysWith: +)
        // 25 reached the key; 4 passed the method bucket, and of those all reached the stage (burst 6)
        // and the account; plus the unkeyed request.
        #expect(demand == [.slot(1): 25, .stageMethod(0): 5, .account: 5])
        #expect(table.takeDemand().isEmpty)
    }

    @Test func aShareResizesTheKeysBucketsAndCarriesOver() {
        let table = LimiterTable(configuration: configuration, now: t0)
        table.setShare(0.25, of: .slot(1), now: t0)
        table.setShare(0.5, of: .stageMethod(0), now: t0)
        #expect(table.planBucket(slot: 1).burstLimit == 5 && table.planBucket(slot: 1).tokens(now: t0) == 5)
        #expect(table.planBucket(slot: 1).rateLimit == 2.5)
        #expect(table.planBucket(slot: 0).burstLimit == 20)
        // The method bucket follows the key's share: burst 4 × 0.25 = 1.
        #expect(table.decide(slot: 1, planMethod: 0, now: t0, today: today) == .admitted)
        #expect(table.decide(slot: 1, planMethod: 0, now: t0, today: today) != .admitted)
        // Slots swap places in the next snapshot: each share follows its key.
        let next = table.reconfigured(configuration, previousSlot: { 1 - $0 }, previousStageMethod: { $0 }, now: t0)
        #expect(next.share(of: .slot(0)) == 0.25 && next.share(of: .slot(1)) == 1)
        #expect(next.share(of: .stageMethod(0)) == 0.5)
        #expect(next.planBucket(slot: 0).burstLimit == 5 && next.planBucket(slot: 1).burstLimit == 20)
        // Back to the whole limit: the burst grows, the fill refills at the full rate.
        next.setShare(1, of: .slot(0), now: t0)
        #expect(next.share(of: .slot(0)) == 1 && next.planBucket(slot: 0).burstLimit == 20)
        #expect(next.planBucket(slot: 0).tokens(now: t0 + second) == 14)   // 4 left, +10
        next.setShare(0.5, of: .slot(9), now: t0)   // outside the table: ignored
        #expect(next.share(of: .slot(9)) == 1)
    }
}
