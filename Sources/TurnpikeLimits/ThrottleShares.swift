/// Each node's share of every throttle bucket, following where the demand is: a pure state machine
/// fed once per heartbeat with this node's demand and the other live nodes' last reports, returning
/// the shares that changed (apply them with ``LimiterTable/setShare(_:of:now:)``).
///
/// For a bucket some node reported: share = max(``floor``, own / total), where total is this
/// node's demand plus every fresh peer report's; so a key whose traffic all lands on this node gets
/// the whole limit, and traffic spread evenly over N nodes gets 1/N on each. A bucket nobody
/// reported is **idle** and gets the whole limit (share 1): the first node to see traffic for it
/// serves it in full until the next heartbeat tells the others.
///
/// A peer's report is up to one interval older than this node's own count, so when a key's traffic
/// rises on every node at once, each node first sees its own rise against the others' old figures
/// and would claim most of the bucket. So a share **rises** only as far as the previous heartbeat's
/// figure also allowed (two consecutive heartbeats agree), while it **falls** at once; a bucket no
/// live peer reports any more (a node left, or its traffic stopped) is whole again at once.
///
/// Error bound (documented in docs/storage.md): shares sum to at most 1 + floor × (nodes − 1) in a
/// steady state, bursts rounded up per node; when demand moves, or an idle bucket wakes on several
/// nodes at once, the old shares last until the next heartbeat (a peer's report is at most one
/// interval old), so k nodes waking one idle bucket together may admit up to k × (burst + rate ×
/// interval) in that interval.
///
/// Time is a parameter (`now`, monotonic nanoseconds); a peer report older than ``staleAfter`` (a
/// node that left) no longer counts, so a leaving node's share moves to the others within two
/// heartbeats.
public struct ThrottleShares: Sendable {
    /// One peer's last report, stamped with when it was made (same clock as `now`).
    public struct PeerReport: Sendable {
        public var node: String
        public var demand: DemandReport
        public var reportedAt: UInt64

        public init(node: String, demand: DemandReport, reportedAt: UInt64) {
            self.node = node
            self.demand = demand
            self.reportedAt = reportedAt
        }
    }

    /// A bucket whose share changed.
    public struct Change: Sendable, Equatable {
        public var bucket: ThrottleBucketID
        /// The fraction of the configured rate and burst this node now enforces, in `floor...1`.
        public var share: Double

        public init(bucket: ThrottleBucketID, share: Double) {
            self.bucket = bucket
            self.share = share
        }
    }

    /// The least share a node keeps of a bucket others are busy with, so traffic that moves to it
    /// is served (at the floor) before its next report raises the share.
    public let floor: Double
    /// How old a peer report may be and still count, in nanoseconds.
    public let staleAfter: UInt64
    /// Shares changing by less than this are not reported (shares jitter with the demand).
    public let tolerance: Double

    /// Every bucket whose share is below 1 (idle and unshared buckets are absent).
    public private(set) var shares: [ThrottleBucketID: Double] = [:]
    /// Each shared bucket's share as the last heartbeat's figures gave it (a rise must agree with it).
    private var previous: [ThrottleBucketID: Double] = [:]

    public init(floor: Double = 0.05, staleAfter: UInt64, tolerance: Double = 0.02) {
        self.floor = min(1, max(0, floor))
        self.staleAfter = staleAfter
        self.tolerance = tolerance
    }

    /// One heartbeat: this node's demand over the interval that just ended, and the last reports of
    /// the other live nodes (as the store returned them).
    /// - Returns: the buckets whose share changed; a bucket no longer reported returns to share 1.
    public mutating func heartbeat(own: DemandReport, peers: [PeerReport], now: UInt64) -> [Change] {
        var others: [ThrottleBucketID: UInt64] = [:]
        for peer in peers where now < staleAfter || peer.reportedAt >= now - staleAfter {
            for (bucket, count) in peer.demand.requests { others[bucket, default: 0] += UInt64(count) }
        }
        var computed: [ThrottleBucketID: Double] = [:]
        for (bucket, elsewhere) in others where elsewhere > 0 {
            let mine = Double(own.requests[bucket] ?? 0)
            computed[bucket] = max(floor, mine / (mine + Double(elsewhere)))
        }
        var next: [ThrottleBucketID: Double] = [:]
        var changes: [Change] = []
        for (bucket, figure) in computed {
            let old = shares[bucket] ?? 1
            let share = figure > old ? max(old, min(figure, previous[bucket] ?? 1)) : figure
            next[bucket] = share
            if abs(old - share) >= tolerance {
                changes.append(Change(bucket: bucket, share: share))
            } else {
                next[bucket] = old   // unchanged within the tolerance: the enforced share stays
            }
        }
        for bucket in shares.keys where next[bucket] == nil {
            changes.append(Change(bucket: bucket, share: 1))
        }
        shares = next.filter { $0.value < 1 }
        previous = computed
        return changes
    }
}
