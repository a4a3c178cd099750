import Testing
import TurnpikeModel
@testable import TurnpikeLimits

@Suite struct QuotaWindowTests {
    func day(_ text: String) -> UTCDay { UTCDay(iso: text)! }

    @Test(arguments: ["1970-01-01", "2000-02-29", "2024-12-31", "2026-11-25", "1969-12-31", "2100-03-01"])
    func civilDatesRoundTrip(text: String) {
        #expect(day(text).description == text)
    }

    @Test func epochSecondsMapToTheirDay() {
        #expect(UTCDay(containing: 0) == day("1970-01-01"))
        #expect(UTCDay(containing: 86_399) == day("1970-01-01"))
        #expect(UTCDay(containing: 86_400) == day("1970-01-02"))
        #expect(UTCDay(containing: -1) == day("1969-12-31"))
        #expect(UTCDay(containing: 1_764_072_000) == day("2025-11-25"))
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "2024-04-31", "24-01-01", "2024-1-01", "garbage", "2024-01-01x"])
    func invalidDatesAreRejected(text: String) {
        #expect(UTCDay(iso: text) == nil)
    }

    @Test func weeksStartOnMonday() {
        // 2026-11-25 is a Wednesday.
        let window = QuotaWindow.containing(day("2026-11-25"), period: .week)
        #expect(window.start == day("2026-11-23") && window.end == day("2026-11-30"))
        #expect(QuotaWindow.containing(day("2026-11-23"), period: .week).start == day("2026-11-23"))
        #expect(QuotaWindow.containing(day("2026-11-29"), period: .week).start == day("2026-11-23"))
        // A week across a year boundary.
        #expect(QuotaWindow.containing(day("2027-01-01"), period: .week).start == day("2026-12-28"))
    }

    @Test func monthsFollowTheCalendarIncludingLeapYears() {
        #expect(QuotaWindow.containing(day("2024-02-29"), period: .month) == QuotaWindow(start: day("2024-02-01"), end: day("2024-03-01")))
        #expect(QuotaWindow.containing(day("2023-02-28"), period: .month).end == day("2023-03-01"))
        #expect(QuotaWindow.containing(day("2026-12-31"), period: .month).end == day("2027-01-01"))
        #expect(QuotaWindow.containing(day("2100-02-15"), period: .month).end == day("2100-03-01"))
    }

    @Test func offsetReducesOnlyTheFirstWindow() {
        let quota = QuotaSettings(limit: 100, offset: 30, period: "MONTH")
        let start = day("2026-11-10")
        #expect(quota.allowance(on: day("2026-11-30"), startDay: start) == 70)
        #expect(quota.allowance(on: day("2026-12-01"), startDay: start) == 100)
        #expect(QuotaSettings(limit: 5, period: "YEAR").allowance(on: start, startDay: nil) == nil)
    }
}

@Suite struct UsageReportTests {
    func day(_ text: String) -> UTCDay { UTCDay(iso: text)! }

    @Test func remainingCountsDownThroughTheWindow() {
        let report = UsageReport(quota: QuotaSettings(limit: 10, offset: 0, period: "WEEK"), quotaStartDay: nil)
        let daily = [day("2026-11-23"): 3, day("2026-11-25"): 4, day("2026-11-30"): 1]
        let values = report.values(daily: daily, grant: nil, from: day("2026-11-24"), through: day("2026-11-30"))
        #expect(values == [[0, 7], [4, 3], [0, 3], [0, 3], [0, 3], [0, 3], [1, 9]])
        #expect(report.readRange(from: day("2026-11-24"), through: day("2026-11-30")).lowerBound == day("2026-11-23"))
    }

    @Test func grantsReplaceWhatIsLeftInTheirWindow() {
        let report = UsageReport(quota: QuotaSettings(limit: 10, offset: 0, period: "DAY"), quotaStartDay: nil)
        let grant = QuotaGrant(planId: "p", keyId: "k", windowStart: day("2026-11-25"), remaining: 50, usedAtGrant: 8)
        let daily = [day("2026-11-25"): 12]
        #expect(report.values(daily: daily, grant: grant, from: day("2026-11-25"), through: day("2026-11-26")) == [[12, 46], [0, 10]])
    }

    @Test func noQuotaReportsZeroRemaining() {
        let report = UsageReport(quota: nil, quotaStartDay: nil)
        #expect(report.values(daily: [:], grant: nil, from: day("2026-11-25"), through: day("2026-11-25")) == [[0, 0]])
    }
}
