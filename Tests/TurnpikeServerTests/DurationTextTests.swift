import Testing
import TurnpikeServer

/// Durations as operators write them for the timeout options.
@Suite struct DurationTextTests {
    @Test func unitsAndPlainSeconds() {
        #expect(DurationText.parse("60s") == .seconds(60))
        #expect(DurationText.parse("500ms") == .milliseconds(500))
        #expect(DurationText.parse("2m") == .seconds(120))
        #expect(DurationText.parse("75") == .seconds(75))
        #expect(DurationText.parse("0.25") == .milliseconds(250))
    }

    @Test(arguments: ["", "s", "abc", "-1s", "1h", "1e3", "nan", "inf", "99999999s", "1 s x"])
    func refusals(text: String) {
        #expect(DurationText.parse(text) == nil, "\(text)")
    }
}
