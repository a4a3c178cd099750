import ServiceLifecycle

/// The last service of the group, so the first to hear of a graceful shutdown (SIGTERM, SIGINT):
/// it turns readiness to 503 at once, before the listeners start draining.
struct DrainSignal: Service {
    let health: GatewayHealth

    func run() async throws {
        try? await gracefulShutdown()  // or cancellation
        health.startDraining()
    }
}
