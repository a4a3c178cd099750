import ServiceLifecycle
import TurnpikeGateway

/// Holds the quota leases' lifetime: when the gateway stops gracefully (after the listeners have
/// closed), every unused lease goes back to the store, so a clean restart loses no quota.
struct QuotaLeaseService: Service {
    let reserver: QuotaReserver

    func run() async throws {
        try? await gracefulShutdown()  // or cancellation: hand the leases back either way
        // The store refuses work from a cancelled task; the leases go back from a task of their own.
        await Task { await reserver.returnAllLeases() }.value
    }
}
