/// Which configuration the snapshot builder takes next, and which waiters a finished build
/// releases, as a value with no I/O (``SnapshotPublisher`` runs it).
///
/// Configurations are numbered as they are submitted (generations). One build runs at a time;
/// what is submitted meanwhile replaces what was waiting, so a burst of writes costs one build for
/// the newest configuration, which contains all of theirs. A waiter for generation `g` is released
/// once a build of generation `g` or later is published.
struct SnapshotCoalescing<Configuration, Waiter> {
    /// The generation of the newest configuration submitted.
    private(set) var submitted: UInt64 = 0
    /// The generation of the newest snapshot published.
    private(set) var published: UInt64 = 0
    private var pending: Configuration?
    private var building = false
    private var waiters: [(generation: UInt64, waiter: Waiter)] = []

    /// Submits a configuration; true when no build runs, so the caller must start one.
    mutating func submit(_ configuration: Configuration) -> Bool {
        submitted += 1
        pending = configuration
        guard !building else { return false }
        building = true
        return true
    }

    /// The next configuration to build and its generation; nil when nothing waits (the builder stops).
    mutating func nextBuild() -> (configuration: Configuration, generation: UInt64)? {
        guard let configuration = pending else {
            building = false
            return nil
        }
        pending = nil
        return (configuration, submitted)
    }

    /// A build of `generation` was published: the waiters it satisfies, in the order they came.
    mutating func published(_ generation: UInt64) -> [Waiter] {
        published = max(published, generation)
        var released: [Waiter] = []
        waiters.removeAll { entry in
            guard entry.generation <= published else { return false }
            released.append(entry.waiter)
            return true
        }
        return released
    }

    /// Waits for `generation`; false when it is already published (the waiter is not kept).
    mutating func wait(for generation: UInt64, _ waiter: Waiter) -> Bool {
        guard generation > published else { return false }
        waiters.append((generation, waiter))
        return true
    }
}
