import Testing
import TurnpikeModel
@testable import TurnpikeLimits

@Suite struct RateLimitFieldsTests {
    let t0: UInt64 = 5_000_000_000_000
    // 2026-11-25T12:00:00Z: 12 hours left in the day.
    let noon = 1_795_000_000 - 1_795_000_000 % 86_400 + 43_200

    @Test func burstAndQuotaPoliciesWithWhatIsLeft() {
        let plan = LimiterConfiguration.Plan(
            throttle: ThrottleSettings(burstLimit: 20, rateLimit: 10), quota: QuotaSettings(limit: 1_000, period: "DAY"))
        var bucket = TokenBucket(rateLimit: 10, burstLimit: 20, now: t0)
        for _ in 0..<5 { _ = bucket.tryTake(now: t0) }
        var ledger = QuotaLedger(period: .day)
        let today = UTCDay(containing: noon)
        _ = ledger.admit(today: today, now: t0)
        ledger.reservationCompleted(granted: 10, remainingInStore: 900, window: today, now: t0)
        _ = ledger.admit(today: today, now: t0)
        let fields = RateLimitFields(plan: plan, bucket: bucket, ledger: ledger, now: t0, epochSeconds: noon)
        #expect(fields?.policy == #""burst";q=20;w=2, "quota";q=1000;w=86400"#)
        #expect(fields?.limit == #""burst";r=15;t=1, "quota";r=909;t=43200"#)
        #expect(fields?.quotaResetSeconds == 43_200)
    }

    @Test func aQuotaNotYetHeardFromHasAPolicyButNoRemaining() {
        let plan = LimiterConfiguration.Plan(quota: QuotaSettings(limit: 70, period: "WEEK"))
        let fields = RateLimitFields(plan: plan, bucket: nil, ledger: QuotaLedger(period: .week), now: t0, epochSeconds: noon)
        #expect(fields?.policy == #""quota";q=70;w=604800"#)
        #expect(fields?.limit == "")
        // 2026-11-25 is a Wednesday: the ISO week ends at Monday 2026-11-30 00:00Z.
        #expect(fields?.quotaResetSeconds == 4 * 86_400 + 43_200)
    }

    @Test func aPlanWithoutLimitsHasNoFields() {
        #expect(RateLimitFields(plan: .init(), bucket: nil, ledger: nil, now: t0, epochSeconds: noon) == nil)
    }

    @Test func retryAfterIsWholeSecondsAtLeastOne() {
        #expect(RateLimitFields.retryAfter(nanoseconds: 0) == 1)
        #expect(RateLimitFields.retryAfter(nanoseconds: 1) == 1)
        #expect(RateLimitFields.retryAfter(nanoseconds: 1_000_000_001) == 2)
        #expect(RateLimitFields.retryAfter(nanoseconds: .max) == Int(Int32.max))
    }
}
