import Foundation
import TurnpikeStore

/// What an admin handler works with: the live configuration, the usage store and the clock.
public struct AdminContext: Sendable {
    public let controlPlane: ControlPlane
    public let usage: any UsageStore
    /// The current time (injected, so tests can move it).
    public let clock: @Sendable () -> Date

    public init(controlPlane: ControlPlane, usage: any UsageStore, clock: @escaping @Sendable () -> Date = Date.init) {
        self.controlPlane = controlPlane
        self.usage = usage
        self.clock = clock
    }

    /// The current time in whole epoch seconds, as timestamps are answered.
    public var now: Int { Int(clock().timeIntervalSince1970) }
}

/// An operation's handler.
public typealias AdminHandler = @Sendable (AdminRequest, AdminContext) async throws -> AdminResponse
