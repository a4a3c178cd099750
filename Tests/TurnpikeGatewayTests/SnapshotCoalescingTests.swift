import Synchronization
import Testing
import TurnpikeModel
@testable import TurnpikeGateway

/// Snapshot builds off the write path: one build at a time, bursts coalesced into the newest
/// configuration, and waiters released only by a build that contains their write.
@Suite struct SnapshotCoalescingTests {
    @Test func theFirstSubmissionStartsABuildAndLaterOnesWaitForIt() {
        var state = SnapshotCoalescing<String, String>()
        let starts = [state.submit("c1"), state.submit("c2"), state.submit("c3")]
        #expect(starts == [true, false, false], "a build runs: no second builder")
        let build = state.nextBuild()
        #expect(build?.configuration == "c3" && build?.generation == 3, "the burst is one build of the newest")
        let none = state.nextBuild()
        #expect(none == nil, "the builder stops")
        let again = state.submit("c4")
        #expect(again, "the next submission starts a builder again")
    }

    @Test func aWaiterIsReleasedOnlyByABuildThatContainsItsWrite() {
        var state = SnapshotCoalescing<String, String>()
        _ = state.submit("c1")
        let first = state.nextBuild()!
        _ = state.submit("c2")
        let waits = [state.wait(for: 1, "w1"), state.wait(for: 2, "w2")]
        #expect(waits == [true, true])
        let afterFirst = state.published(first.generation)
        #expect(afterFirst == ["w1"], "generation 1 does not contain write 2")
        let second = state.nextBuild()!
        #expect(second.generation == 2)
        let afterSecond = state.published(second.generation)
        #expect(afterSecond == ["w2"])
        let late = state.wait(for: 2, "late")
        #expect(!late, "already in force: no wait")
    }

    @Test func waitersForOneBuildAreReleasedInOrder() {
        var state = SnapshotCoalescing<String, Int>()
        _ = state.submit("c1")
        _ = state.submit("c2")
        for waiter in 1...3 { _ = state.wait(for: state.submitted, waiter) }
        let build = state.nextBuild()!
        let released = state.published(build.generation)
        #expect(released == [1, 2, 3])
    }
}

/// The publisher with real tasks: a change is in force once ``SnapshotPublisher/settle()`` returns.
@Suite struct SnapshotPublisherTests {
    @Test func settleReturnsOnceTheNewestSubmissionIsPublished() async {
        let published = Mutex<[Int]>([])
        let publisher = SnapshotPublisher { configuration in
            published.withLock { $0.append(configuration.restApis.count) }
        }
        var configuration = Configuration()
        for index in 1...20 {
            try? GatewayFixtures.createApi("api\(index)", in: &configuration)
            publisher.submit(configuration)
        }
        await publisher.settle()
        let seen = published.withLock { $0 }
        #expect(seen.last == 20, "the newest configuration is in force")
        #expect(seen == seen.sorted(), "never an older one after a newer one")
        #expect(seen.count <= 20)
    }
}
