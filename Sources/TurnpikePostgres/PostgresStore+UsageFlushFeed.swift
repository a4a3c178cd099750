import PostgresNIO
import TurnpikeStore

extension PostgresStore: UsageFlushFeed {
    /// The channel of ``UsageFlushNotice``s.
    static let flushChannel = "turnpike_flush"

    public func liveNodes(besides node: String, window: Duration) async throws -> [String] {
        let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
        let rows = try await client.query("""
            SELECT id FROM gateway_nodes WHERE id <> \(node) AND seen_at > now() - make_interval(secs => \(seconds))
            ORDER BY id
            """, logger: logger)
        var nodes: [String] = []
        for try await id in rows.decode(String.self) { nodes.append(id) }
        return nodes
    }

    public func send(_ notice: UsageFlushNotice) async throws {
        try await client.query("SELECT pg_notify(\(Self.flushChannel), \(notice.payload))", logger: logger)
    }

    public func followFlushNotices(_ received: @escaping @Sendable (UsageFlushNotice) async -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: Self.flushChannel) { notifications in
                for try await notification in notifications {
                    if let notice = UsageFlushNotice(payload: notification.payload) { await received(notice) }
                }
            }
        }
    }
}
