import TurnpikeLimits
import TurnpikeModel

/// Where the configuration lives: loaded whole at start, changed one admin operation at a time.
///
/// The stored configuration has a *version*, bumped by every commit from any node sharing the
/// store. A node commits only on top of the version its change was computed from (otherwise
/// ``ConfigurationConflict``: reload and compute again), and follows other nodes' commits by
/// watching the version (see ``ConfigurationFeed``).
public protocol ConfigurationStore: Sendable {
    /// Every stored record (API key values decrypted) and the version they make up, read at once.
    func loadConfiguration() async throws -> StoredConfiguration
    /// The stored configuration's version.
    func configurationVersion() async throws -> Int64
    /// Applies one admin operation's changes in one transaction: all of them or none.
    /// - Parameter version: the version the changes were computed from; nil applies them whatever
    ///   the version is.
    /// - Returns: the new version.
    /// - Throws: ``ConfigurationConflict`` when the stored version is not `version` (nothing is written).
    @discardableResult
    func commit(_ changes: [ConfigurationChange], basedOn version: Int64?) async throws -> Int64
}

extension ConfigurationStore {
    /// Every stored record, API key values decrypted.
    public func loadRecords() async throws -> [EntityRecord] { try await loadConfiguration().records }

    /// Applies changes whatever the stored version is.
    public func commit(_ changes: [ConfigurationChange]) async throws {
        try await commit(changes, basedOn: nil)
    }
}

/// The stored configuration as loaded: its records and their version.
public struct StoredConfiguration: Sendable {
    public var records: [EntityRecord]
    public var version: Int64

    public init(records: [EntityRecord], version: Int64) {
        self.records = records
        self.version = version
    }
}

/// Another writer committed since the version a change was computed from.
public struct ConfigurationConflict: Error, Sendable, Equatable {
    /// The stored version found.
    public var stored: Int64

    public init(stored: Int64) { self.stored = stored }
}

/// A store that tells its nodes when another one changed the configuration (PostgreSQL's
/// LISTEN/NOTIFY). Without it, nodes learn by polling ``ConfigurationStore/configurationVersion()``.
public protocol ConfigurationFeed: Sendable {
    /// Calls `changed` with the new version after each commit by any node, until the task is
    /// cancelled; throws when the connection is lost (the caller reconnects by calling again).
    func followChanges(_ changed: @escaping @Sendable (Int64) async -> Void) async throws
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
    /// Adds a flush's counts and a node's running totals in one transaction: of each total only what
    /// the store has not seen from `batch.node` yet (``UsageBatch/deltas(seen:)``), so sending a
    /// batch twice counts it once.
    func addUsage(_ batch: UsageBatch) async throws
    /// Rows (keys used per plan and day) a usage flush sends per `addUsage(_ batch:)` call: a
    /// flush of many keys goes out in pieces of this many (``UsageBatch/pieces(ofAtMost:)``), a
    /// transaction each.
    var usageRowsPerWrite: Int { get }
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

/// A store shared by several gateway nodes that keeps track of which are alive and what traffic each
/// saw, so each node can enforce its share of every throttle (PostgreSQL; a SQLite store serves one node).
public protocol NodeRegistry: Sendable {
    /// Records that node `id` is alive now and saw `demand` since its last heartbeat.
    /// - Returns: how many nodes (this one included) were seen within the last `window`, and the
    ///   other live nodes' last demand reports.
    func heartbeat(node id: String, window: Duration, demand: DemandReport) async throws -> NodeHeartbeat
    /// Forgets node `id`, which is leaving: the others stop counting it, and its demand, at their
    /// next heartbeat instead of when its last one ages out of their window.
    func leave(node id: String) async throws
}

/// A store through which nodes ask each other to flush their usage and answer when they did
/// (PostgreSQL LISTEN/NOTIFY), so `GetUsage` on one node reads requests admitted on any.
public protocol UsageFlushFeed: Sendable {
    /// The nodes (``NodeRegistry`` ids) seen within the last `window`, `node` excluded.
    func liveNodes(besides node: String, window: Duration) async throws -> [String]
    /// Sends `notice` to every node listening, this one included.
    func send(_ notice: UsageFlushNotice) async throws
    /// Calls `received` with each notice, until the task is cancelled; throws when the connection is
    /// lost (the caller reconnects by calling again).
    func followFlushNotices(_ received: @escaping @Sendable (UsageFlushNotice) async -> Void) async throws
}

/// A store that tells every node about `UpdateUsage` grants made on any of them, so leases of
/// older generations are voided at once everywhere, not at the holder's next reservation.
public protocol QuotaGrantFeed: Sendable {
    /// Calls `granted` with each grant and its generation, until the task is cancelled; throws when
    /// the connection is lost (the caller reconnects by calling again).
    func followGrants(_ granted: @escaping @Sendable (QuotaGrant, UInt32) async -> Void) async throws
}
