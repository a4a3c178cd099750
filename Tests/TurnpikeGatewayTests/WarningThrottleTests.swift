import Testing
@testable import TurnpikeGateway

@Suite struct WarningThrottleTests {
    @Test func oneWarningPerSubjectPerIntervalCountingTheHeldBack() {
        var throttle = WarningThrottle(interval: 10, capacity: 2)
        #expect(throttle.admit("a", now: 100) == 0)
        #expect(throttle.admit("a", now: 105) == nil)
        #expect(throttle.admit("a", now: 109) == nil)
        #expect(throttle.admit("b", now: 109) == 0)
        #expect(throttle.admit("a", now: 110) == 2)
        #expect(throttle.admit("a", now: 111) == nil)
        // Full: a third subject waits until an old one's interval is over.
        #expect(throttle.admit("c", now: 112) == nil)
        #expect(throttle.admit("c", now: 120) == 0)
    }
}
