import Logging
import ServiceLifecycle
import TurnpikeGateway
import TurnpikeStore

/// Applies `UpdateUsage` grants made on other nodes as soon as they are committed (PostgreSQL's
/// LISTEN/NOTIFY), so every node voids its leases of older generations at once. A missed
/// notification only delays this until the node's next reservation for the key, which returns the
/// new generation.
struct QuotaGrantFollower: Service {
    let feed: any QuotaGrantFeed
    let reserver: QuotaReserver
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await FeedConnection.keep("quota grant notifications", interval: interval, logger: logger) {
                    try await feed.followGrants { grant, generation in reserver.granted(grant, generation: generation) }
                }
            }
            try? await gracefulShutdown()   // returns on graceful shutdown or cancellation
            group.cancelAll()
        }
    }
}
