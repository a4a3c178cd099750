/// What the data plane says about a key holder's own request (`GET /_turnpike/self`).
public enum KeyHolderCheck: Sendable, Equatable {
    /// The key is enabled and in these plans (ids, sorted); the request took its throttle tokens.
    case admitted(keyId: String, planIds: [String])
    /// Missing, unknown or disabled key, or one in no plan: 403 `{"message":"Forbidden"}`.
    case forbidden
    /// The key's throttle refused: 429 `{"message":"Too Many Requests"}`.
    case throttled(retryAfterSeconds: Int)
}

/// Checks a key holder's request against the live key table and the key's throttle (never its quota).
public typealias KeyHolderGate = @Sendable (_ apiKey: String) -> KeyHolderCheck
