import Testing
import TurnpikeModel
@testable import TurnpikeLimits

@Suite struct UsageReportGrantTests {
    let day = UTCDay(iso: "2026-11-25")!

    @Test func aGrantHoldsUntilThePlansLimitChanges() {
        let grant = QuotaGrant(planId: "p", keyId: "k", windowStart: day, remaining: 10, usedAtGrant: 40, allowance: 100)
        let daily = [day: 45]
        let before = UsageReport(quota: QuotaSettings(limit: 100, period: "DAY"), quotaStartDay: nil)
        #expect(before.remaining(after: day, daily: daily, grant: grant) == 5)
        let raised = UsageReport(quota: QuotaSettings(limit: 200, period: "DAY"), quotaStartDay: nil)
        #expect(raised.remaining(after: day, daily: daily, grant: grant) == 155)
        var legacy = grant
        legacy.allowance = nil
        #expect(raised.remaining(after: day, daily: daily, grant: legacy) == 5)
    }
}
