import TurnpikeLimits

/// An `UpdateUsage` grant as a notification payload between nodes: tab-separated plan id, key id,
/// window start (day ordinal), remaining, and the quota row's generation. Ids never contain tabs.
public struct QuotaGrantNotice: Sendable, Equatable {
    public var grant: QuotaGrant
    public var generation: UInt32

    public init(grant: QuotaGrant, generation: UInt32) {
        self.grant = grant
        self.generation = generation
    }

    /// The text sent.
    public var payload: String {
        [grant.planId, grant.keyId, String(grant.windowStart.ordinal), String(grant.remaining), String(generation)]
            .joined(separator: "\t")
    }

    /// Reads a payload; nil when it is not one.
    public init?(payload: String) {
        let fields = payload.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 5, let start = Int(fields[2]), let remaining = Int(fields[3]),
              let generation = UInt32(fields[4]) else { return nil }
        grant = QuotaGrant(planId: fields[0], keyId: fields[1], windowStart: UTCDay(ordinal: start), remaining: remaining,
                           usedAtGrant: 0)
        self.generation = generation
    }
}
