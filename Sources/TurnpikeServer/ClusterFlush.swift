import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TurnpikeStore

/// Read-your-writes for usage across a cluster: ``settle()`` (run before `GetUsage` and `UpdateUsage`)
/// flushes this node's usage, then asks every other live node to flush theirs (a
/// ``UsageFlushNotice`` with a fresh token) and waits for each to answer that its flush is in the
/// store, at most ``wait``. A node that does not answer in time is named in the log, and the call
/// goes on. As a service it listens for the other nodes' requests (flushes, then answers) and for
/// the answers to its own.
final class ClusterFlush: Service, Sendable {
    let feed: any UsageFlushFeed
    /// This node's id in the ``NodeRegistry``.
    let nodeId: String
    let flusher: UsageFlushService
    /// How long a node counts as alive after its last heartbeat.
    let window: Duration
    /// How long ``settle()`` waits for the other nodes.
    let wait: Duration
    let logger: Logger
    private let pending = Mutex<[String: Pending]>([:])

    private struct Pending {
        var waiting: Set<String>
        var answer: CheckedContinuation<Set<String>, Never>
    }

    init(feed: any UsageFlushFeed, nodeId: String, flusher: UsageFlushService, window: Duration, wait: Duration, logger: Logger) {
        self.feed = feed
        self.nodeId = nodeId
        self.flusher = flusher
        self.window = window
        self.wait = wait
        self.logger = logger
    }

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                await FeedConnection.keep("usage flush notifications", interval: .seconds(1), logger: logger) {
                    try await feed.followFlushNotices { notice in self.received(notice) }
                }
            }
            try? await gracefulShutdown()   // returns on graceful shutdown or cancellation
            group.cancelAll()
        }
    }

    /// Flushes this node's usage and every other live node's (see the type's description).
    func settle() async {
        await flusher.flush()
        let (feed, nodeId, window) = (self.feed, self.nodeId, self.window)
        let others: [String]
        do {
            others = try await StoreDeadline.run(wait, "a node query") { try await feed.liveNodes(besides: nodeId, window: window) }
        } catch {
            logger.warning("could not ask the other nodes to flush their usage", metadata: ["error": "\(error)"])
            return
        }
        guard !others.isEmpty else { return }
        let token = UUID().uuidString
        let silent = await withCheckedContinuation { answer in
            pending.withLock { $0[token] = Pending(waiting: Set(others), answer: answer) }
            let wait = self.wait
            Task {
                do {
                    try await feed.send(.request(token: token, node: nodeId))
                    try await Task.sleep(for: wait)
                } catch {}
                self.finish(token)
            }
        }
        if !silent.isEmpty {
            logger.warning("nodes did not flush their usage in time; GetUsage may miss their last requests", metadata: [
                "nodes": "\(silent.sorted().joined(separator: ","))", "waited": "\(wait)",
            ])
        }
    }

    private func received(_ notice: UsageFlushNotice) {
        switch notice {
        case .request(let token, let node) where node != nodeId:
            let (flusher, feed, nodeId, logger) = (self.flusher, self.feed, self.nodeId, self.logger)
            Task {
                await flusher.flush()
                do {
                    try await feed.send(.done(token: token, node: nodeId))
                } catch {
                    logger.warning("could not answer a usage flush request", metadata: ["error": "\(error)"])
                }
            }
        case .done(let token, let node):
            let done = pending.withLock { pending -> CheckedContinuation<Set<String>, Never>? in
                guard pending[token]?.waiting.remove(node) != nil, pending[token]?.waiting.isEmpty == true else { return nil }
                return pending.removeValue(forKey: token)?.answer
            }
            done?.resume(returning: [])
        default:
            break
        }
    }

    /// The wait for `token` is over: answers with the nodes still silent (nothing if all answered).
    private func finish(_ token: String) {
        guard let ended = pending.withLock({ $0.removeValue(forKey: token) }) else { return }
        ended.answer.resume(returning: ended.waiting)
    }
}
