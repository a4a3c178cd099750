import Synchronization
import TurnpikeStore

/// The gateway's lifecycle as the status listener reports it: starting until every listener is
/// bound, serving, then draining from the first SIGTERM or SIGINT, when every listener gets the
/// same deadline to finish its requests in flight.
public final class GatewayHealth: Sendable {
    private struct State {
        var phase = Readiness.Phase.starting
        var listenersPending: Int
        var drainDeadline: ContinuousClock.Instant?
        var stopAccepting: [@Sendable () -> Void] = []
    }
    private let state: Mutex<State>
    /// How long requests in flight may take to finish once draining starts.
    public let drainTimeout: Duration

    /// - Parameter listeners: how many listeners must be bound before the gateway is serving.
    public init(listeners: Int, drainTimeout: Duration) {
        state = Mutex(State(listenersPending: listeners))
        self.drainTimeout = drainTimeout
    }

    public var phase: Readiness.Phase { state.withLock { $0.phase } }

    /// One more listener is bound; the last one turns the gateway to serving. `stopAccepting`
    /// closes it to new connections when draining starts (at once if it already has).
    func listenerBound(stopAccepting: @escaping @Sendable () -> Void = {}) {
        let draining = state.withLock { state in
            state.listenersPending -= 1
            if state.listenersPending <= 0, state.phase == .starting { state.phase = .serving }
            state.stopAccepting.append(stopAccepting)
            return state.phase == .draining
        }
        if draining { stopAccepting() }
    }

    /// Turns readiness to draining and closes every bound listener to new connections, together
    /// (once); returns the deadline shared by every listener for the requests in flight.
    @discardableResult
    func startDraining() -> ContinuousClock.Instant {
        let (deadline, stops) = state.withLock { state in
            if let deadline = state.drainDeadline { return (deadline, [@Sendable () -> Void]()) }
            let deadline = ContinuousClock.now + drainTimeout
            state.phase = .draining
            state.drainDeadline = deadline
            return (deadline, state.stopAccepting)
        }
        for stop in stops { stop() }
        return deadline
    }

    /// The readiness answer, asking `store` for its configuration version (under its deadline)
    /// when the gateway is serving.
    func readiness(probing store: any ConfigurationStore) async -> Readiness {
        let phase = self.phase
        guard phase == .serving else { return Readiness(phase: phase) }
        do {
            _ = try await store.configurationVersion()
            return Readiness(phase: self.phase)
        } catch {
            return Readiness(phase: self.phase, storeProblem: "\(error)")
        }
    }
}
