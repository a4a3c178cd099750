import Foundation
import Synchronization

/// The credentials Lambda Invoke calls are signed with, kept fresh: resolved through
/// ``AWSCredentialsChain`` when first asked for, then again whenever ``refreshSeconds`` have passed,
/// so temporary credentials rewritten into the shared credentials file (by `aws sso login`, a
/// `credential_process` wrapper, a sidecar, a rotation job) are used without a restart. Between
/// two resolutions the last credentials are reused: a file is read at most once per interval, by
/// the first call after it, not per invoke.
///
/// Fixed credentials (``init(fixed:)``, for tests and embedders) are never re-read.
///
/// ```swift
/// let source = AWSCredentialsSource(chain: AWSCredentialsChain(environment: ProcessInfo.processInfo.environment))
/// let credentials = source.credentials(epochSeconds: now)  // nil: none found (Invoke calls answer 500)
/// ```
public final class AWSCredentialsSource: Sendable {
    /// How long resolved credentials are used before the chain is asked again.
    public let refreshSeconds: Int
    private let resolve: @Sendable () -> AWSCredentials?
    private let state: Mutex<State>

    private struct State {
        var credentials: AWSCredentials?
        /// When they were resolved (seconds since 1970); nil before the first resolution.
        var resolvedAt: Int?
    }

    /// The default refresh interval: well inside the shortest lifetime of temporary credentials
    /// (15 minutes) and the margin the SDKs keep before their expiry (5 minutes).
    public static let defaultRefreshSeconds = 60

    /// Credentials resolved through `chain`, reading files with `read` (nil when a file cannot be
    /// read), again every `refreshSeconds`.
    public init(
        chain: AWSCredentialsChain, refreshSeconds: Int = AWSCredentialsSource.defaultRefreshSeconds,
        read: @escaping @Sendable (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
    ) {
        self.refreshSeconds = refreshSeconds
        resolve = { chain.resolve(read: read) }
        state = Mutex(State())
    }

    /// Always `credentials` (nil: none).
    public init(fixed credentials: AWSCredentials?) {
        refreshSeconds = .max
        resolve = { credentials }
        state = Mutex(State(credentials: credentials, resolvedAt: 0))
    }

    /// The credentials to sign with at `epochSeconds`, resolved again when the last resolution is
    /// `refreshSeconds` old (or when the clock went back past it).
    public func credentials(epochSeconds: Int) -> AWSCredentials? {
        state.withLock { state in
            if let resolvedAt = state.resolvedAt, refreshSeconds == .max
                || (epochSeconds >= resolvedAt && epochSeconds - resolvedAt < refreshSeconds) {
                return state.credentials
            }
            state.credentials = resolve()
            state.resolvedAt = epochSeconds
            return state.credentials
        }
    }
}
