import Testing
import TurnpikeLimits

@Suite struct RefusalCounterTests {
    @Test func countsByKindForTheDayAndStartsOverTheNextDay() {
        let counter = RefusalCounter()
        let day = UTCDay(iso: "2026-12-03")!
        #expect(counter.counts(day: day) == RefusalCounter.Counts(day: "2026-12-03"))
        for status in [403, 403, 429, 413, 503] { counter.record(status: status, day: day) }
        #expect(counter.counts(day: day) == RefusalCounter.Counts(day: "2026-12-03", forbidden: 2, limited: 1, other: 2))
        #expect(counter.counts(day: day + 1) == RefusalCounter.Counts(day: "2026-12-04"))
        counter.record(status: 429, day: day + 1)
        #expect(counter.counts(day: day + 1).limited == 1 && counter.counts(day: day).limited == 0)
    }
}
