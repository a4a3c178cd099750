/// What one node saw of each throttle bucket during one heartbeat interval: the requests that
/// reached the bucket (admitted or refused), for buckets that saw any. Nodes publish it with their
/// heartbeat so every node can size its share of a bucket to its part of the demand
/// (``ThrottleShares``).
///
/// Bounded: at most ``limit`` buckets, the busiest kept. Encoded as UTF-8 lines `count␟id` (see
/// ``ThrottleBucketID/encoded``); decoding skips malformed lines and stops after ``limit`` entries.
public struct DemandReport: Sendable, Equatable {
    /// The most buckets a report carries (the busiest, when more saw traffic).
    public static let limit = 4096

    /// Requests per bucket; each count > 0.
    public private(set) var requests: [ThrottleBucketID: UInt32]

    /// A report of `counts` (counts of a bucket named twice added), zero counts dropped, and the
    /// busiest ``limit`` kept when there are more.
    public init<Counts: Sequence>(_ counts: Counts) where Counts.Element == (ThrottleBucketID, UInt32) {
        requests = Dictionary(counts.filter { $0.1 > 0 }, uniquingKeysWith: { $0 &+ $1 })
        if requests.count > Self.limit {
            requests = Dictionary(uniqueKeysWithValues: requests.sorted { $0.value > $1.value }.prefix(Self.limit).map { ($0.key, $0.value) })
        }
    }

    /// An empty report.
    public init() { requests = [:] }

    /// This report and `other` counted together (counts of a bucket in both are added).
    public func merged(with other: DemandReport) -> DemandReport {
        if other.requests.isEmpty { return self }
        if requests.isEmpty { return other }
        return DemandReport(requests.map { ($0.key, $0.value) } + other.requests.map { ($0.key, $0.value) })
    }

    /// The published bytes.
    public var encoded: [UInt8] {
        var text = ""
        for (bucket, count) in requests {
            text += "\(count)\(ThrottleBucketID.separator)\(bucket.encoded)\n"
        }
        return Array(text.utf8)
    }

    /// Reads ``encoded``; lines that do not parse are skipped.
    public init(encoded bytes: [UInt8]) {
        var counts: [(ThrottleBucketID, UInt32)] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            guard counts.count < Self.limit, let cut = line.firstIndex(of: ThrottleBucketID.separator),
                  let count = UInt32(line[..<cut]),
                  let bucket = ThrottleBucketID(encoded: line[line.index(after: cut)...]) else { continue }
            counts.append((bucket, count))
        }
        self.init(counts)
    }
}
