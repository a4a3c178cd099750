import Logging
import ServiceLifecycle
import TurnpikeStore

/// Keeps this node's configuration in step with commits made by other nodes sharing the store.
///
/// Two paths, so a missed notification only delays a change, never loses it:
/// - with a ``ConfigurationFeed`` (PostgreSQL's LISTEN/NOTIFY), each commit's version arrives at
///   once and the node reloads when it is newer than its own (reconnecting after a lost connection);
/// - every `interval` the node also asks the store for its version (a one-row read) and reloads
///   when it moved on.
/// While the store is unreachable the node keeps serving its snapshot and keeps trying.
struct ConfigurationFollower: Service {
    let controlPlane: ControlPlane
    let store: any ConfigurationStore
    let feed: (any ConfigurationFeed)?
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            if let feed {
                group.addTask { await listen(to: feed) }
            }
            group.addTask { await poll() }
            try? await gracefulShutdown()   // returns on graceful shutdown or cancellation
            group.cancelAll()
        }
    }

    private func listen(to feed: any ConfigurationFeed) async {
        await FeedConnection.keep("configuration notifications", interval: interval, logger: logger) {
            try await feed.followChanges { version in await refresh(to: version) }
        }
    }

    private func poll() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            do {
                await refresh(to: try await store.configurationVersion())
            } catch {
                logger.debug("configuration version check failed; will retry", metadata: ["error": "\(error)"])
            }
        }
    }

    private func refresh(to version: Int64) async {
        do {
            if try await controlPlane.refresh(to: version) {
                let current = await controlPlane.version
                logger.info("configuration changed on another node", metadata: ["version": "\(current)"])
            }
        } catch {
            logger.debug("configuration refresh failed; will retry", metadata: ["error": "\(error)"])
        }
    }
}
