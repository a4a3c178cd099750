extension ThrottleLayout {
    /// The cluster-wide name of a table bucket (nil for an index outside the layout).
    public func id(of bucket: LimiterTable.Bucket) -> ThrottleBucketID? {
        switch bucket {
        case .slot(let slot): slotKeys.indices.contains(slot) ? .key(slotKeys[slot]) : nil
        case .stageMethod(let index): stageMethodKeys.indices.contains(index) ? .stageMethod(stageMethodKeys[index]) : nil
        case .account: configuration.account == nil ? nil : .account
        }
    }

    /// The table bucket a cluster-wide name refers to in this layout (nil when it has none).
    public func bucket(of id: ThrottleBucketID) -> LimiterTable.Bucket? {
        switch id {
        case .key(let key): slot(of: key).map { .slot($0) }
        case .stageMethod(let method): slot(of: method).map { .stageMethod($0) }
        case .account: configuration.account == nil ? nil : .account
        }
    }

    /// `demand` (from ``LimiterTable/takeDemand()`` on this layout's table) as a report for the
    /// other nodes.
    public func report(_ demand: [(LimiterTable.Bucket, UInt32)]) -> DemandReport {
        DemandReport(demand.compactMap { bucket, count in id(of: bucket).map { ($0, count) } })
    }
}
