extension LimiterTable {
    /// A new table for the throttles of `layout` (buckets full, no leases).
    public convenience init(layout: ThrottleLayout, nodes: Int = 1, now: UInt64) {
        var configuration = layout.configuration
        configuration.nodes = nodes
        self.init(configuration: configuration, now: now)
    }

    /// The table for `layout`, carrying this table's state over from `previous`, the layout it was
    /// built for: keys, plans and stage settings that still exist keep their buckets' fill and their
    /// leases (see ``reconfigured(_:previousSlot:previousStageMethod:shardCount:now:returnLease:)``).
    /// - Returns: the new table, and the leases handed back by keys whose plan's quota changed
    ///   (return them to the store).
    public func reconfigured(from previous: ThrottleLayout, to layout: ThrottleLayout, nodes: Int, now: UInt64)
        -> (table: LimiterTable, returnedLeases: [(ThrottleLayout.PlanKey, QuotaLease)]) {
        var configuration = layout.configuration
        configuration.nodes = nodes
        var returned: [(ThrottleLayout.PlanKey, QuotaLease)] = []
        let table = reconfigured(
            configuration,
            previousSlot: { previous.slot(of: layout.slotKeys[$0]) },
            previousStageMethod: { previous.slot(of: layout.stageMethodKeys[$0]) },
            now: now,
            returnLease: { returned.append((layout.slotKeys[$0], $1)) })
        return (table, returned)
    }
}
