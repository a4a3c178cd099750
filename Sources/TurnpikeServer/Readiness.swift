import TurnpikeModel

/// Whether the gateway should be sent traffic, as `GET /health/ready` answers it: a pure
/// function of the lifecycle phase and the store's last answer.
public struct Readiness: Sendable, Equatable {
    /// Where the gateway is in its life.
    public enum Phase: String, Sendable {
        /// Listeners not all bound yet.
        case starting
        /// Serving traffic.
        case serving
        /// SIGTERM or SIGINT arrived: listeners stop accepting, requests in flight finish.
        case draining
    }

    public var phase: Phase
    /// Why the store did not answer the readiness probe; nil when it answered.
    public var storeProblem: String?

    public init(phase: Phase, storeProblem: String? = nil) {
        self.phase = phase
        self.storeProblem = storeProblem
    }

    /// 200 only when serving with a store that answers; 503 otherwise.
    public var status: Int { phase == .serving && storeProblem == nil ? 200 : 503 }

    /// The JSON body: `{"status":"ready"}`, or `{"status":"not ready","reason":"draining"}` (or
    /// `starting`, or `store unreachable` with the store's `detail`).
    public var body: String {
        switch (phase, storeProblem) {
        case (.serving, nil):
            return #"{"status":"ready"}"#
        case (.serving, let problem?):
            return #"{"status":"not ready","reason":"store unreachable","detail":\#(problem.jsonLiteral)}"#
        case (let phase, _):
            return #"{"status":"not ready","reason":"\#(phase.rawValue)"}"#
        }
    }
}
