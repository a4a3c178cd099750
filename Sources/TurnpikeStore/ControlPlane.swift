import TurnpikeModel

/// The live configuration: one value, changed by admin operations one at a time.
///
/// `write` runs an operation on a copy; when the operation succeeds its changes are committed to
/// the store in one transaction and only then does the copy become the live configuration. A
/// refused operation or a failed commit leaves both the store and the live value untouched.
public actor ControlPlane {
    private let store: any ConfigurationStore
    /// The live configuration.
    public private(set) var configuration: Configuration
    private var writing = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var observers: [@Sendable (Configuration) -> Void] = []

    public init(store: any ConfigurationStore, configuration: Configuration) {
        self.store = store
        self.configuration = configuration
    }

    /// Loads the configuration from the store.
    public static func load(from store: any ConfigurationStore) async throws -> ControlPlane {
        ControlPlane(store: store, configuration: try Configuration(records: try await store.loadRecords()))
    }

    /// Reads the live configuration.
    public func read<T: Sendable>(_ body: @Sendable (Configuration) throws -> T) rethrows -> T {
        try body(configuration)
    }

    /// Runs one admin operation and stores what it changed, atomically.
    public func write<T: Sendable>(_ body: @Sendable (inout Configuration) throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        var copy = configuration
        let result = try body(&copy)
        let changes = copy.takeChanges()
        if !changes.isEmpty {
            try await store.commit(changes)
        }
        configuration = copy
        if !changes.isEmpty {
            for observer in observers { observer(copy) }
        }
        return result
    }

    /// Calls `observer` with each new configuration after a committed change.
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
