import Foundation
import TurnpikeLimits
import TurnpikeStore

/// What an admin handler works with: the live configuration, the usage store and the clock.
public struct AdminContext: Sendable {
    public let controlPlane: ControlPlane
    public let usage: any UsageStore
    /// The current time (injected, so tests can move it).
    public let clock: @Sendable () -> Date
    /// Told about each `UpdateUsage` grant once it is stored, with the quota row's new generation, so
    /// the data plane applies it at once.
    public let quotaGranted: @Sendable (QuotaGrant, UInt32) -> Void
    /// Moves the data plane's counted-but-unwritten usage to the store, so `GetUsage` and `UpdateUsage`
    /// read every request admitted before the call.
    public let settleUsage: @Sendable () async -> Void
    /// Returns once the configuration changes committed so far are in force for invoke traffic
    /// (snapshots are built off the write path): a change is answered only after that.
    public let settleConfiguration: @Sendable () async -> Void

    public init(controlPlane: ControlPlane, usage: any UsageStore, clock: @escaping @Sendable () -> Date = Date.init,
                quotaGranted: @escaping @Sendable (QuotaGrant, UInt32) -> Void = { _, _ in },
                settleUsage: @escaping @Sendable () async -> Void = {},
                settleConfiguration: @escaping @Sendable () async -> Void = {}) {
        self.controlPlane = controlPlane
        self.usage = usage
        self.clock = clock
        self.quotaGranted = quotaGranted
        self.settleUsage = settleUsage
        self.settleConfiguration = settleConfiguration
    }

    /// The current time in whole epoch seconds, as timestamps are answered.
    public var now: Int { Int(clock().timeIntervalSince1970) }
}

/// An operation's handler.
public typealias AdminHandler = @Sendable (AdminRequest, AdminContext) async throws -> AdminResponse
