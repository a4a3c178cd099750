import TurnpikeLimits
import TurnpikeModel

/// A ``Store`` whose every call gives up after a deadline (``StoreDeadline``), so an unreachable
/// database turns into prompt errors (admin 503s, quota-limited requests refused) instead of
/// callers waiting without bound. Quota calls, which requests wait on, get the shortest deadline.
public struct DeadlineStore: Store {
    public let base: any Store
    /// For quota reservations and returns: a request may be parked behind one.
    public var quotaLimit: Duration
    /// For every other call.
    public var limit: Duration
    /// For loading the whole configuration.
    public var loadLimit: Duration
    /// Told of every call as it ends: the operation's name (`reserveQuota`), how long it took, and
    /// whether it failed (a timeout counts as a failure). The server's metrics are fed from here.
    public var observer: (@Sendable (_ operation: String, _ elapsed: Duration, _ failed: Bool) -> Void)?

    public init(_ base: any Store, quotaLimit: Duration = .seconds(2), limit: Duration = .seconds(5),
                loadLimit: Duration = .seconds(30)) {
        self.base = base
        self.quotaLimit = quotaLimit
        self.limit = limit
        self.loadLimit = loadLimit
    }

    public func loadConfiguration() async throws -> StoredConfiguration {
        try await measured("loadConfiguration", loadLimit, "loading the configuration") { [base] in try await base.loadConfiguration() }
    }

    public func configurationVersion() async throws -> Int64 {
        try await measured("configurationVersion", limit, "the configuration version") { [base] in try await base.configurationVersion() }
    }

    @discardableResult
    public func commit(_ changes: [ConfigurationChange], basedOn version: Int64?) async throws -> Int64 {
        try await measured("commit", limit, "a configuration change") { [base] in try await base.commit(changes, basedOn: version) }
    }

    public func dailyUsage(planId: String, keyIds: [String], days: ClosedRange<UTCDay>) async throws -> [String: [UTCDay: Int]] {
        try await measured("dailyUsage", limit, "a usage query") { [base] in
            try await base.dailyUsage(planId: planId, keyIds: keyIds, days: days)
        }
    }

    public func addUsage(planId: String, keyId: String, day: UTCDay, count: Int) async throws {
        try await addUsage([UsageLedger.Entry(planId: planId, keyId: keyId, day: day): count])
    }

    public func addUsage(_ counts: [UsageLedger.Entry: Int]) async throws {
        try await measured("addUsage", limit, "a usage write") { [base] in try await base.addUsage(counts) }
    }

    public func addUsage(_ batch: UsageBatch) async throws {
        try await measured("addUsage", limit, "a usage write") { [base] in try await base.addUsage(batch) }
    }

    public var usageRowsPerWrite: Int { base.usageRowsPerWrite }

    public func grant(planId: String, keyId: String) async throws -> QuotaGrant? {
        try await measured("grant", limit, "a grant query") { [base] in try await base.grant(planId: planId, keyId: keyId) }
    }

    @discardableResult
    public func saveGrant(_ grant: QuotaGrant, window: QuotaWindow) async throws -> UInt32 {
        try await measured("saveGrant", limit, "a grant") { [base] in try await base.saveGrant(grant, window: window) }
    }

    public func reserveQuota(_ request: QuotaReservationRequest) async throws -> QuotaReservation {
        try await measured("reserveQuota", quotaLimit, "a quota reservation") { [base] in try await base.reserveQuota(request) }
    }

    public func returnQuota(planId: String, keyId: String, lease: QuotaLease) async throws {
        try await measured("returnQuota", quotaLimit, "a quota return") { [base] in
            try await base.returnQuota(planId: planId, keyId: keyId, lease: lease)
        }
    }

    public func nodeLeases(node: String) async throws -> [ReservedLease] {
        try await measured("nodeLeases", limit, "a lease query") { [base] in try await base.nodeLeases(node: node) }
    }

    public func forgetNodeLeases(node: String) async throws {
        try await measured("forgetNodeLeases", limit, "a lease write") { [base] in try await base.forgetNodeLeases(node: node) }
    }

    /// Runs one call under its deadline and reports it to ``observer``.
    private func measured<T: Sendable>(
        _ operation: String, _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let observer else { return try await StoreDeadline.run(limit, what, body) }
        let started = ContinuousClock.now
        do {
            let value = try await StoreDeadline.run(limit, what, body)
            observer(operation, ContinuousClock.now - started, false)
            return value
        } catch {
            observer(operation, ContinuousClock.now - started, !(error is CancellationError))
            throw error
        }
    }
}
