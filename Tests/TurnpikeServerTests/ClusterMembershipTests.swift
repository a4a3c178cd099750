import Logging
import ServiceLifecycleTestKit
import Synchronization
import Testing
import TurnpikeLimits
import TurnpikeStore
@testable import TurnpikeServer

/// The membership service's lifecycle: heartbeats while running, and leaving the registry when the
/// node stops gracefully, so the others count it out at their next heartbeat.
@Suite struct ClusterMembershipTests {
    /// A registry alone in its cluster that records what the node asked of it.
    final class RecordingRegistry: NodeRegistry {
        let calls = Mutex<[String]>([])
        let beats: AsyncStream<Void>
        private let beat: AsyncStream<Void>.Continuation

        init() { (beats, beat) = AsyncStream.makeStream(of: Void.self) }

        func heartbeat(node id: String, window: Duration, demand: DemandReport) async throws -> NodeHeartbeat {
            calls.withLock { $0.append("heartbeat \(id)") }
            beat.yield()
            return NodeHeartbeat(nodes: 1, peers: [])
        }

        func leave(node id: String) async throws {
            calls.withLock { $0.append("leave \(id)") }
        }
    }

    @Test func aNodeThatStopsGracefullyLeavesTheRegistry() async throws {
        let registry = RecordingRegistry()
        let membership = ClusterMembership(
            registry: registry, nodeId: "n1", interval: .milliseconds(5), window: .seconds(3),
            logger: Logger(label: "test"), nodesChanged: { _ in }, takeDemand: { DemandReport() }, sharesChanged: { _ in })
        try await testGracefulShutdown { trigger in
            async let running: Void = membership.run()
            var beats = registry.beats.makeAsyncIterator()
            _ = await beats.next()
            #expect(registry.calls.withLock { $0 }.allSatisfy { $0 == "heartbeat n1" })
            trigger.triggerGracefulShutdown()
            try await running
        }
        let calls = registry.calls.withLock { $0 }
        #expect(calls.last == "leave n1")
        #expect(calls.dropLast().allSatisfy { $0 == "heartbeat n1" } && calls.count >= 2)
    }
}
