/// An `UpdateUsage` grant: in the quota window starting `windowStart`, the key had `remaining`
/// requests left at the moment its usage in that window was `usedAtGrant`.
public struct QuotaGrant: Sendable, Equatable {
    public var planId: String
    public var keyId: String
    public var windowStart: UTCDay
    public var remaining: Int
    public var usedAtGrant: Int

    public init(planId: String, keyId: String, windowStart: UTCDay, remaining: Int, usedAtGrant: Int) {
        self.planId = planId
        self.keyId = keyId
        self.windowStart = windowStart
        self.remaining = remaining
        self.usedAtGrant = usedAtGrant
    }
}
