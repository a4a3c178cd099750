/// A throttle bucket's identity across gateway nodes: nodes of one cluster serve the same
/// configuration, so a bucket is named by what it limits (a key in a plan, a stage's method
/// setting, the account), never by a table index, which differs between snapshots.
///
/// The encoded form (``encoded``) is what a node publishes with its demand (``DemandReport``):
/// fields joined by U+001F (unit separator), which no id, stage name or resource path contains.
public enum ThrottleBucketID: Hashable, Sendable {
    /// A key's plan bucket and its per-method buckets (one key in one plan).
    case key(ThrottleLayout.PlanKey)
    /// A stage's `methodSettings` bucket (`res/METHOD` or `*/*`).
    case stageMethod(ThrottleLayout.StageMethod)
    /// The account bucket.
    case account

    static let separator: Character = "\u{1F}"

    /// The published form: `k␟plan␟key`, `s␟api␟stage␟method` or `a`.
    public var encoded: String {
        let fields: [String] = switch self {
        case .key(let key): ["k", key.planId, key.keyId]
        case .stageMethod(let method): ["s", method.apiId, method.stage, method.methodKey]
        case .account: ["a"]
        }
        return fields.joined(separator: String(Self.separator))
    }

    /// Reads ``encoded``; nil for anything else.
    public init?(encoded: Substring) {
        let fields = encoded.split(separator: Self.separator, omittingEmptySubsequences: false).map(String.init)
        switch (fields.first, fields.count) {
        case ("k", 3): self = .key(.init(planId: fields[1], keyId: fields[2]))
        case ("s", 4): self = .stageMethod(.init(apiId: fields[1], stage: fields[2], methodKey: fields[3]))
        case ("a", 1): self = .account
        default: return nil
        }
    }
}
