import Testing
@testable import TurnpikeServer

@Suite struct FlushCadenceTests {
    @Test func syncsEveryTickAndFlushesEveryTenth() {
        var cadence = FlushCadence(flush: .seconds(10), sync: .seconds(1))
        #expect(cadence.tick == .seconds(1))
        let steps = (0..<25).map { _ in cadence.next() }
        #expect(steps.indices.filter { steps[$0] == .flush } == [9, 19])
        #expect(steps.filter { $0 == .sync }.count == 23)
    }

    @Test func aFlushIntervalShorterThanTheSyncFlushesEveryTick() {
        var cadence = FlushCadence(flush: .milliseconds(200), sync: .seconds(1))
        #expect(cadence.tick == .milliseconds(200))
        #expect((0..<3).map { _ in cadence.next() } == [.flush, .flush, .flush])
    }

    @Test func intervalsThatDoNotDivideRoundToTheNearestCount() {
        var cadence = FlushCadence(flush: .milliseconds(2_400), sync: .seconds(1))
        #expect(cadence.ticksPerFlush == 2)
        #expect((0..<4).map { _ in cadence.next() } == [.sync, .flush, .sync, .flush])
    }
}
