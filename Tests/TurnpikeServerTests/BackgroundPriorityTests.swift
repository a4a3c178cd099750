import Testing
@testable import TurnpikeServer

@Suite struct BackgroundPriorityTests {
    @Test func otherThreadsRunTenStepsBehindTheEventLoops() {
        #expect(BackgroundPriority(protected: [], eventLoopNice: 0).target == 10)
        #expect(BackgroundPriority(protected: [], eventLoopNice: -5).target == 5)
        #expect(BackgroundPriority(protected: [], eventLoopNice: 12).target == 19)
        #expect(BackgroundPriority(protected: [], eventLoopNice: 19).target == 19)
        #expect(BackgroundPriority(protected: [], eventLoopNice: -40).target == -10)
    }

    @Test func eventLoopsAndThreadsAlreadyBehindAreLeftAlone() {
        let plan = BackgroundPriority(protected: [101, 102], eventLoopNice: 0)
        let threads: [(id: Int32, nice: Int32)] = [(100, 0), (101, 0), (102, 0), (103, 10), (104, 15), (105, 3), (106, -2)]
        #expect(plan.threadsToLower(threads) == [100, 105, 106])
        #expect(plan.threadsToLower([]) == [])
    }
}
