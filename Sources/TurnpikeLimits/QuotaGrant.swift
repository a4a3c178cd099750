/// An `UpdateUsage` grant: in the quota window starting `windowStart`, the key had `remaining`
/// requests left at the moment its usage in that window was `usedAtGrant`. The grant holds while the
/// plan allows `allowance` in the window; a change of the plan's limit supersedes it.
public struct QuotaGrant: Sendable, Equatable {
    public var planId: String
    public var keyId: String
    public var windowStart: UTCDay
    public var remaining: Int
    public var usedAtGrant: Int
    /// The plan's allowance for the window when the grant was made (nil: recorded before it was kept).
    public var allowance: Int?

    public init(planId: String, keyId: String, windowStart: UTCDay, remaining: Int, usedAtGrant: Int, allowance: Int? = nil) {
        self.planId = planId
        self.keyId = keyId
        self.windowStart = windowStart
        self.remaining = remaining
        self.usedAtGrant = usedAtGrant
        self.allowance = allowance
    }

    /// True when the grant still decides what remains in the window starting `window`, whose
    /// allowance is now `allowance`.
    public func applies(window: UTCDay, allowance: Int) -> Bool {
        windowStart == window && (self.allowance == nil || self.allowance == allowance)
    }
}
