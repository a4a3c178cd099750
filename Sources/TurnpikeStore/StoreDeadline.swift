import Synchronization

/// Bounds how long a caller waits for the store: the operation runs in a task of its own, and when
/// `limit` passes first the caller gets a ``StoreError`` at once while the operation is cancelled.
///
/// A store that cannot be reached (PostgreSQL down, a network that drops packets) must never hang
/// an admin call or a request parked on a quota reservation; the caller answers 503 instead.
public enum StoreDeadline {
    /// Runs `operation`, giving up after `limit`.
    /// - Parameter what: named in the error (`"a quota reservation"`).
    public static func run<T: Sendable>(
        _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let outcome = Outcome<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                outcome.start(continuation)
                let work = Task {
                    do { outcome.finish(.success(try await operation())) } catch { outcome.finish(.failure(error)) }
                }
                let timer = Task {
                    try? await Task.sleep(for: limit)
                    if outcome.finish(.failure(StoreError("The store did not answer \(what) within \(limit)"))) { work.cancel() }
                }
                outcome.onFinish { timer.cancel() }
            }
        } onCancel: {
            outcome.finish(.failure(CancellationError()))
        }
    }

    /// Resumes its continuation once, with whichever result comes first.
    private final class Outcome<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var early: Result<T, any Error>?
            var done = false
            var cleanup: (@Sendable () -> Void)?
        }
        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<T, any Error>) {
            let early = state.withLock { state -> Result<T, any Error>? in
                if let early = state.early { return early }
                state.continuation = continuation
                return nil
            }
            if let early { continuation.resume(with: early) }
        }

        func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
            let finished = state.withLock { state -> Bool in
                if state.done { return true }
                state.cleanup = cleanup
                return false
            }
            if finished { cleanup() }
        }

        /// - Returns: true when this result was the first.
        @discardableResult
        func finish(_ result: Result<T, any Error>) -> Bool {
            let (continuation, cleanup, first) = state.withLock { state -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?, Bool) in
                guard !state.done else { return (nil, nil, false) }
                state.done = true
                if state.continuation == nil { state.early = result }
                defer { state.continuation = nil; state.cleanup = nil }
                return (state.continuation, state.cleanup, true)
            }
            continuation?.resume(with: result)
            cleanup?()
            return first
        }
    }
}
