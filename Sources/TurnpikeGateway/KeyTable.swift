public import TurnpikeModel

/// Which API key may call which API stage, through which usage plan: the key check of the hot path.
///
/// Built from the configuration's keys, plans and plan keys. Only enabled keys that belong to at
/// least one plan are kept, each with the API stages its plans cover. A key may be in several plans
/// but never in two plans that share an API stage (the admin API refuses that), so at most one plan
/// admits a key on a stage; if stored data broke that rule, the plan with the smallest id wins.
///
/// ``check(apiKey:apiId:stage:)`` hashes the key value once and compares a few strings: it
/// allocates nothing. Key values are never printed: `description` shows counts only.
public struct KeyTable: Sendable, CustomStringConvertible, CustomReflectable {
    /// An admitted key and the API stages it may call.
    struct Entry: Sendable {
        var keyId: String
        var grants: [Grant]
    }

    /// One API stage a key may call, and the plan that lets it.
    struct Grant: Sendable {
        var apiId: String
        var stage: String
        var planId: String
    }

    private let entries: [String: Entry]

    /// A table that admits no key.
    public init() {
        entries = [:]
    }

    /// Builds the table from the configuration's API keys, usage plans and plan keys.
    public init(configuration: Configuration) {
        var entries: [String: Entry] = [:]
        for (planId, keyIds) in configuration.planKeys.sorted(by: { $0.key < $1.key }) {
            guard let plan = configuration.usagePlans[planId] else { continue }
            for keyId in keyIds {
                guard let key = configuration.apiKeys[keyId], key.enabled, let value = key.value, !value.isEmpty else { continue }
                var entry = entries[value] ?? Entry(keyId: key.id, grants: [])
                for stage in plan.apiStages
                where !entry.grants.contains(where: { $0.apiId == stage.apiId && $0.stage == stage.stage }) {
                    entry.grants.append(Grant(apiId: stage.apiId, stage: stage.stage, planId: plan.id))
                }
                entries[value] = entry
            }
        }
        self.entries = entries
    }

    /// Admits `apiKey` (the `x-api-key` header's value) on an API stage, or refuses it: a missing,
    /// empty, unknown, disabled or deleted key, or one no plan of which covers `apiId:stage`, is
    /// ``KeyCheck/forbidden`` (AWS answers 403 `{"message":"Forbidden"}`).
    public func check(apiKey: String?, apiId: String, stage: String) -> KeyCheck {
        guard let apiKey, !apiKey.isEmpty, let entry = entries[apiKey] else { return .forbidden }
        for grant in entry.grants where grant.apiId == apiId && grant.stage == stage {
            return .admitted(keyId: entry.keyId, planId: grant.planId)
        }
        return .forbidden
    }

    /// How many keys the table admits somewhere.
    public var count: Int { entries.count }

    public var description: String { "KeyTable(\(entries.count) keys)" }

    /// Redacted: mirrors (`dump`, debuggers) show the count, never a key value.
    public var customMirror: Mirror { Mirror(self, children: ["count": entries.count]) }
}

/// The outcome of ``KeyTable/check(apiKey:apiId:stage:)``.
public enum KeyCheck: Sendable, Equatable {
    /// The key may call the stage; usage counts against this key in this plan.
    case admitted(keyId: String, planId: String)
    /// 403 `ForbiddenException`.
    case forbidden
}
