/// What one answered request came to, for the logs and counters: the status, how many body bytes
/// went out, why the gateway refused it, and what its backend did.
struct AnswerSummary: Sendable, Equatable {
    var status: Int
    /// A gateway refusal (counted by the refusal counter); backend failures (502, 504) are not.
    var refused = false
    /// The gateway response type the answer rendered, if it is one.
    var responseType: GatewayResponseType?
    /// Body bytes written to the client (framing not counted).
    var bodyBytes = 0
    /// The backend's status, for a proxied answer.
    var integrationStatus: Int?
    /// From the exchange's start to the backend's head, for a proxied answer.
    var integrationNanoseconds: UInt64?
}
