import NIOCore
import TurnpikeLimits

extension LiveSnapshot {
    /// The requests each throttle bucket saw since the last call, named for the other nodes
    /// (``ThrottleLayout/report(_:)``): the table in force's, and those of tables replaced since;
    /// the counts restart from 0.
    public func takeDemand() -> DemandReport {
        let (snapshot, table) = currentWithLimiter
        return snapshot.throttles.report(table.takeDemand()).merged(with: takeLeftDemand())
    }

    /// Applies changed shares (``ThrottleShares``) to the table in force, while no replacement runs,
    /// so each share lands in the table the next snapshot carries over from. Buckets the snapshot
    /// no longer has are skipped.
    public func applyShares(_ changes: [ThrottleShares.Change]) {
        withStableLimiter { snapshot, table in
            let now = NIODeadline.now().uptimeNanoseconds
            for change in changes {
                if let bucket = snapshot.throttles.bucket(of: change.bucket) { table.setShare(change.share, of: bucket, now: now) }
            }
        }
    }
}
