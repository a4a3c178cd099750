import Testing
import TurnpikeModel
@testable import TurnpikeLimits

/// Issue 13 item 4 (b): limits stored before validation existed must never trap the request path.
/// Every Double→Int conversion reachable from a keyed request is total.
@Suite struct ExtremeLimitTests {
    let t0: UInt64 = 5_000_000_000_000
    let noon = 1_795_000_000 - 1_795_000_000 % 86_400 + 43_200

    static let rates: [Double] = [1e-19, 1e-45, 1e-300, 5e-324, 1e300, .greatestFiniteMagnitude, .nan, .infinity, -.infinity, -1, 0, 0.001, 1e9]
    static let bursts: [Int] = [.max, .min, -1, 0, 1, Int(Int32.max), Int(UInt32.max), Int(UInt32.max) + 1]

    @Test(arguments: rates)
    func rateLimitFieldsAreTotal(rate: Double) {
        for burst in Self.bursts {
            let throttle = ThrottleSettings(burstLimit: burst, rateLimit: rate)
            let plan = LimiterConfiguration.Plan(throttle: throttle, quota: QuotaSettings(limit: .max, offset: -1, period: "DAY"),
                                                 quotaStartDay: UTCDay(containing: noon))
            for share in [1, 1.0 / 3] {
                var bucket = TokenBucket(throttle, share: share, now: t0)
                for step in [0, 1, 1_000_000_000, UInt64.max / 2] {
                    _ = bucket.tryTake(now: t0 &+ step)
                    _ = bucket.waitForNextToken(now: t0 &+ step)
                    let fields = RateLimitFields(plan: plan, bucket: bucket, ledger: QuotaLedger(period: .day), now: t0 &+ step, epochSeconds: noon)
                    #expect(fields != nil)
                }
            }
        }
    }

    @Test func theFirstKeyedRequestOfA1eMinus19PlanHasFiniteFields() {
        let plan = LimiterConfiguration.Plan(throttle: ThrottleSettings(burstLimit: 10, rateLimit: 1e-19))
        var bucket = TokenBucket(rateLimit: 1e-19, burstLimit: 10, now: t0)
        let admitted = bucket.tryTake(now: t0)
        #expect(admitted)
        let fields = RateLimitFields(plan: plan, bucket: bucket, ledger: nil, now: t0, epochSeconds: noon)
        #expect(fields?.policy == #""burst";q=10;w=4294967295"#)
        #expect(fields?.limit == #""burst";r=9;t=4294967295"#)
    }

    @Test func clampedWholeIsTotal() {
        #expect(RateLimitFields.clampedWhole(.nan) == 0)
        #expect(RateLimitFields.clampedWhole(-.infinity) == 0)
        #expect(RateLimitFields.clampedWhole(-5) == 0)
        #expect(RateLimitFields.clampedWhole(2.9) == 2)
        #expect(RateLimitFields.clampedWhole(1e19) == Int(UInt32.max))
        #expect(RateLimitFields.clampedWhole(.infinity) == Int(UInt32.max))
    }

    @Test func nodeSharesAndAllowancesDoNotOverflow() {
        #expect(ThrottleSettings(burstLimit: .max, rateLimit: 1).share(0.5).burstLimit == Int.max / 2 + 1)
        #expect(ThrottleSettings(burstLimit: -7, rateLimit: 1).share(0.5).burstLimit == 0)
        #expect(ThrottleSettings(burstLimit: 5, rateLimit: 1).share(0.5).burstLimit == 3)
        let day = UTCDay(containing: noon)
        #expect(QuotaSettings(limit: .max, offset: -1, period: "DAY").allowance(on: day, startDay: day) == .max)
        #expect(QuotaSettings(limit: .min, offset: .max, period: "DAY").allowance(on: day, startDay: day) == 0)
        #expect(QuotaSettings(limit: -3, period: "DAY").allowance(on: day, startDay: nil) == 0)
        #expect(QuotaSettings(limit: 10, offset: 4, period: "DAY").allowance(on: day, startDay: day) == 6)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, -1e300, 1e300, 1e-19])
    func leaseSizingIsTotal(rate: Double) {
        let size = LeaseSizing.typicalLease(recentAdmitsPerSecond: rate)
        #expect((1...LeaseSizing.maximum).contains(size))
        #expect(LeaseSizing.size(remaining: .max, recentAdmitsPerSecond: rate, nodes: .max) >= 0)
    }
}
