import TurnpikeLimits
import TurnpikeModel

/// Where the configuration lives: loaded whole at start, changed one admin operation at a time.
public protocol ConfigurationStore: Sendable {
    /// Every stored record, API key values decrypted.
    func loadRecords() async throws -> [EntityRecord]
    /// Applies one admin operation's changes in one transaction: all of them or none.
    func commit(_ changes: [ConfigurationChange]) async throws
}

/// Where usage lives: admitted requests per plan, key and UTC day, `UpdateUsage` grants, and the
/// quota leases reserved against them (``QuotaStore``).
public protocol UsageStore: QuotaStore {
    /// Use per key and day, for days in the range (missing days are zero).
    func dailyUsage(planId: String, keyIds: [String], days: ClosedRange<UTCDay>) async throws -> [String: [UTCDay: Int]]
    /// Adds admitted requests to a key's count for a day.
    func addUsage(planId: String, keyId: String, day: UTCDay, count: Int) async throws
    /// Adds a batch of counts in one transaction: all of them or none.
    func addUsage(_ counts: [UsageLedger.Entry: Int]) async throws
    /// The key's current grant in the plan, if any.
    func grant(planId: String, keyId: String) async throws -> QuotaGrant?
    /// Records a grant, replacing the key's previous one in the plan, and sets it on the key's quota
    /// row for the grant's window (see ``QuotaStore``), in one transaction.
    /// A later reservation under another allowance than `grant.allowance` (the plan's limit changed)
    /// drops the grant.
    /// - Parameter window: the grant's quota window (`grant.windowStart` is its start).
    /// - Returns: the row's new generation: leases of older generations are void.
    @discardableResult
    func saveGrant(_ grant: QuotaGrant, window: QuotaWindow) async throws -> UInt32
}

/// A complete store: configuration and usage.
public protocol Store: ConfigurationStore, UsageStore {}
