import Testing
import TurnpikeModel
@testable import TurnpikeLimits

@Suite struct QuotaWindowEdgeTests {
    func day(_ text: String) -> UTCDay { UTCDay(iso: text)! }
    func window(_ text: String, _ period: QuotaPeriod) -> (String, String) {
        let window = QuotaWindow.containing(day(text), period: period)
        return (window.start.description, window.end.description)
    }

    @Test(arguments: [
        ("2026-01-31", "2026-01-01", "2026-02-01"),
        ("2026-04-30", "2026-04-01", "2026-05-01"),
        ("2026-04-01", "2026-04-01", "2026-05-01"),
        ("2026-12-31", "2026-12-01", "2027-01-01"),
        ("2027-01-01", "2027-01-01", "2027-02-01"),
        ("2024-02-29", "2024-02-01", "2024-03-01"),
        ("2025-02-28", "2025-02-01", "2025-03-01"),
        ("2000-02-29", "2000-02-01", "2000-03-01"),
        ("1900-02-28", "1900-02-01", "1900-03-01"),
        ("2100-02-28", "2100-02-01", "2100-03-01"),
        ("1969-12-31", "1969-12-01", "1970-01-01"),
        ("1970-01-01", "1970-01-01", "1970-02-01"),
    ])
    func monthEnds(text: String, start: String, end: String) {
        #expect(window(text, .month) == (start, end))
    }

    @Test func monthLengthsOverALeapCycle() {
        var lengths: [Int] = []
        var first = day("2023-01-01")
        while first < day("2025-01-01") {
            let window = QuotaWindow.containing(first, period: .month)
            #expect(window.start == first)
            lengths.append(window.end.ordinal - window.start.ordinal)
            first = window.end
        }
        #expect(lengths == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    }

    @Test(arguments: [
        // ISO weeks run Monday to Sunday, across month and year ends.
        ("2020-12-31", "2020-12-28"), ("2021-01-03", "2020-12-28"), ("2021-01-04", "2021-01-04"),
        ("2026-01-01", "2025-12-29"), ("2025-12-29", "2025-12-29"), ("2025-12-28", "2025-12-22"),
        ("2024-02-29", "2024-02-26"), ("2024-03-03", "2024-02-26"), ("2024-03-04", "2024-03-04"),
        ("1970-01-01", "1969-12-29"), ("1969-12-28", "1969-12-22"), ("2027-01-03", "2026-12-28"),
    ])
    func isoWeeksAcrossYearEnds(text: String, monday: String) {
        let (start, end) = window(text, .week)
        #expect(start == monday)
        #expect(day(end).ordinal - day(start).ordinal == 7)
        #expect(day(start).isoWeekdayIndex == 0)
    }

    @Test func everyDayIsInExactlyOneWindowOfEachPeriod() {
        var day = self.day("2023-12-20")
        while day < self.day("2025-01-10") {
            for period in QuotaPeriod.allCases {
                let window = QuotaWindow.containing(day, period: period)
                #expect(window.contains(day))
                #expect(!window.contains(window.end) && !window.contains(window.start + -1))
                #expect(QuotaWindow.containing(window.start, period: period) == window)
                #expect(QuotaWindow.containing(window.end + -1, period: period) == window)
            }
            day = day + 1
        }
    }

    @Test func dayWindowsAreOneDay() {
        #expect(window("2024-02-29", .day) == ("2024-02-29", "2024-03-01"))
        #expect(window("2026-12-31", .day) == ("2026-12-31", "2027-01-01"))
    }

    @Test func offsetsReduceOnlyTheWindowThePlanStartedIn() {
        let weekly = QuotaSettings(limit: 700, offset: 200, period: "WEEK")
        let start = day("2026-12-31")   // a Thursday; its week runs 2026-12-28 .. 2027-01-03
        #expect(weekly.allowance(on: day("2026-12-28"), startDay: start) == 500)
        #expect(weekly.allowance(on: day("2027-01-03"), startDay: start) == 500)
        #expect(weekly.allowance(on: day("2027-01-04"), startDay: start) == 700)
        #expect(weekly.allowance(on: day("2026-12-27"), startDay: start) == 700)

        let daily = QuotaSettings(limit: 10, offset: 10, period: "DAY")
        #expect(daily.allowance(on: day("2024-02-29"), startDay: day("2024-02-29")) == 0)
        #expect(daily.allowance(on: day("2024-03-01"), startDay: day("2024-02-29")) == 10)

        let monthly = QuotaSettings(limit: 100, offset: 1, period: "MONTH")
        #expect(monthly.allowance(on: day("2024-02-01"), startDay: day("2024-02-29")) == 99)
        #expect(monthly.allowance(on: day("2024-03-01"), startDay: day("2024-02-29")) == 100)
        #expect(monthly.allowance(on: day("2024-02-10"), startDay: nil) == 100)
        #expect(QuotaSettings(limit: 100, period: "MONTH").allowance(on: day("2024-02-10"), startDay: day("2024-02-10")) == 100)
    }

    @Test func epochSecondsAroundMidnightAndBeforeTheEpoch() {
        #expect(UTCDay(containing: day("2024-02-29").startSeconds - 1) == day("2024-02-28"))
        #expect(UTCDay(containing: day("2024-03-01").startSeconds) == day("2024-03-01"))
        #expect(UTCDay(containing: -86_400) == day("1969-12-31"))
        #expect(UTCDay(containing: -86_401) == day("1969-12-30"))
        #expect(day("1969-12-31").isoWeekdayIndex == 2)   // a Wednesday
        #expect(day("1969-12-29").isoWeekdayIndex == 0)
    }
}
