import Logging
import NIOCore
import ServiceLifecycle
import TurnpikeLimits
import TurnpikeStore

/// Tells the store every `interval` that this node is alive and what throttle demand it saw, and
/// learns how many nodes are alive and what the others saw: each node then enforces a share of
/// every throttle bucket that follows its part of the bucket's demand (``ThrottleShares``), so a key
/// whose traffic lands on one node gets its whole limit there, and traffic spread over N nodes gets
/// 1/N on each. While the store is unreachable the last node count and shares stay. A node that
/// stops gracefully leaves the registry, so the others count it out at their next heartbeat.
struct ClusterMembership: Service {
    let registry: any NodeRegistry
    let nodeId: String
    let interval: Duration
    /// How long a node counts as alive after its last heartbeat.
    let window: Duration
    let logger: Logger
    let nodesChanged: @Sendable (Int) -> Void
    /// Takes the requests each throttle bucket saw since the last call.
    let takeDemand: @Sendable () -> DemandReport
    /// Applies changed shares to the limiter.
    let sharesChanged: @Sendable ([ThrottleShares.Change]) -> Void

    func run() async throws {
        var known = 1
        // A peer's report older than one and a half intervals is from a node that stopped: its share
        // returns to the others within two heartbeats.
        var shares = ThrottleShares(staleAfter: UInt64((interval * 3 / 2) / .nanoseconds(1)))
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let (registry, nodeId, window) = (self.registry, self.nodeId, self.window)
                let demand = takeDemand()
                let beat = try await StoreDeadline.run(.seconds(2), "a heartbeat") {
                    try await registry.heartbeat(node: nodeId, window: window, demand: demand)
                }
                if beat.nodes != known {
                    logger.notice("gateway nodes sharing the limits", metadata: ["nodes": "\(beat.nodes)"])
                    known = beat.nodes
                    nodesChanged(beat.nodes)
                }
                let now = NIODeadline.now().uptimeNanoseconds
                let peers = beat.peers.map { peer in
                    let age = UInt64(max(.zero, peer.age) / .nanoseconds(1))
                    return ThrottleShares.PeerReport(node: peer.node, demand: peer.demand, reportedAt: now > age ? now - age : 0)
                }
                let changes = shares.heartbeat(own: demand, peers: peers, now: now)
                if !changes.isEmpty { sharesChanged(changes) }
            } catch {
                logger.debug("heartbeat failed; keeping the last node count and shares", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
        // Leaving (graceful shutdown, after the listeners drained): the others take this node's
        // share back at their next heartbeat.
        do {
            let (registry, nodeId) = (self.registry, self.nodeId)
            try await StoreDeadline.run(.seconds(2), "leaving the cluster") { try await registry.leave(node: nodeId) }
        } catch {
            logger.debug("could not leave the cluster; the others forget this node when its heartbeat ages out", metadata: ["error": "\(error)"])
        }
    }
}
