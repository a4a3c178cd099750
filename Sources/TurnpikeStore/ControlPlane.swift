import TurnpikeModel

/// The live configuration: one value, changed by admin operations one at a time.
///
/// `write` runs an operation on a copy; when the operation succeeds its changes are committed to
/// the store in one transaction and only then does the copy become the live configuration. A
/// refused operation or a failed commit leaves both the store and the live value untouched.
///
/// Several nodes may share the store. Each commit is made on top of the stored version the copy was
/// computed from; when another node committed in between (``ConfigurationConflict``), the plane
/// reloads and runs the operation again on the fresh configuration; so does an operation refused
/// (a `GatewayError`) while the store holds a newer version. ``refresh(to:)`` follows other nodes'
/// commits.
public actor ControlPlane {
    private let store: any ConfigurationStore
    /// The live configuration.
    public private(set) var configuration: Configuration
    /// The stored version the live configuration reflects.
    public private(set) var version: Int64
    private var writing = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var observers: [@Sendable (Configuration) -> Void] = []

    /// How often an operation is run again after conflicting with another node's commit.
    static let conflictRetries = 5

    public init(store: any ConfigurationStore, configuration: Configuration, version: Int64 = 0) {
        self.store = store
        self.configuration = configuration
        self.version = version
    }

    /// Loads the configuration from the store.
    public static func load(from store: any ConfigurationStore) async throws -> ControlPlane {
        let stored = try await store.loadConfiguration()
        return ControlPlane(store: store, configuration: try Configuration(records: stored.records), version: stored.version)
    }

    /// Reads the live configuration.
    public func read<T: Sendable>(_ body: @Sendable (Configuration) throws -> T) rethrows -> T {
        try body(configuration)
    }

    /// Runs one admin operation and stores what it changed, atomically.
    public func write<T: Sendable>(_ body: @Sendable (inout Configuration) throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        var attempt = 0
        while true {
            var copy = configuration
            let result: T
            do {
                result = try body(&copy)
            } catch let refusal as GatewayError where attempt < Self.conflictRetries {
                // Refused on what this node knows: if another node committed since, decide again on that.
                guard let stored = try? await store.configurationVersion(), stored > version else { throw refusal }
                attempt += 1
                try await reload()
                continue
            }
            let changes = copy.takeChanges()
            guard !changes.isEmpty else { return result }
            do {
                version = try await store.commit(changes, basedOn: version)
            } catch is ConfigurationConflict where attempt < Self.conflictRetries {
                attempt += 1
                try await reload()
                continue
            }
            configuration = copy
            for observer in observers { observer(copy) }
            return result
        }
    }

    /// Reloads from the store when its version (`storeVersion`, or asked when nil) is not the one
    /// the live configuration reflects. Usually the store is ahead (another node committed); it can
    /// also be behind (a database restored from a backup, or one that lost its last commits in a
    /// crash): the store is the truth either way.
    /// - Returns: true when the live configuration changed.
    @discardableResult
    public func refresh(to storeVersion: Int64? = nil) async throws -> Bool {
        await acquire()
        defer { release() }
        if let storeVersion, storeVersion == version { return false }
        return try await reload()
    }

    /// Replaces the live configuration with the store's, when the store's version differs.
    @discardableResult
    private func reload() async throws -> Bool {
        let stored = try await store.loadConfiguration()
        guard stored.version != version else { return false }
        let fresh = try Configuration(records: stored.records)
        configuration = fresh
        version = stored.version
        for observer in observers { observer(fresh) }
        return true
    }

    /// Calls `observer` with each new configuration after a committed change (this node's or
    /// another's).
    public func observe(_ observer: @escaping @Sendable (Configuration) -> Void) {
        observers.append(observer)
    }

    private func acquire() async {
        if writing {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            writing = true
        }
    }

    private func release() {
        if waiting.isEmpty {
            writing = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
