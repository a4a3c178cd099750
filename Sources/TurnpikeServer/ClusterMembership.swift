import Logging
import ServiceLifecycle
import TurnpikeStore

/// Tells the store every `interval` that this node is alive, and learns how many nodes are: each
/// node then enforces its share of every throttle (rate / nodes, burst / nodes rounded up), so a
/// load balancer that spreads each key's traffic evenly (round robin) sees the configured limits
/// cluster-wide. While the store is unreachable the last count stays.
struct ClusterMembership: Service {
    let registry: any NodeRegistry
    let nodeId: String
    let interval: Duration
    /// How long a node counts as alive after its last heartbeat.
    let window: Duration
    let logger: Logger
    let nodesChanged: @Sendable (Int) -> Void

    func run() async throws {
        var known = 1
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let (registry, nodeId, window) = (self.registry, self.nodeId, self.window)
                let count = try await StoreDeadline.run(.seconds(2), "a heartbeat") {
                    try await registry.heartbeat(node: nodeId, window: window)
                }
                if count != known {
                    logger.notice("gateway nodes sharing the limits", metadata: ["nodes": "\(count)"])
                    known = count
                    nodesChanged(count)
                }
            } catch {
                logger.debug("heartbeat failed; keeping the last node count", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
