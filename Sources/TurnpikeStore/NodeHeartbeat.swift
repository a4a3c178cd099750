import TurnpikeLimits

/// What a heartbeat learns about the cluster (``NodeRegistry/heartbeat(node:window:demand:)``).
public struct NodeHeartbeat: Sendable {
    /// Another live node's last demand report.
    public struct Peer: Sendable {
        public var node: String
        public var demand: DemandReport
        /// How long ago the node reported it (the store's clock).
        public var age: Duration

        public init(node: String, demand: DemandReport, age: Duration) {
            self.node = node
            self.demand = demand
            self.age = age
        }
    }

    /// Nodes seen within the window, this one included.
    public var nodes: Int
    /// The other live nodes' reports (at most ``NodeHeartbeat/peerLimit``).
    public var peers: [Peer]

    /// The most peers a heartbeat reads, so a report is bounded by `peerLimit × DemandReport.limit`.
    public static let peerLimit = 64

    public init(nodes: Int, peers: [Peer]) {
        self.nodes = nodes
        self.peers = peers
    }
}
