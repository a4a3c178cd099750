import TurnpikeModel

/// Computes AWS's `GetUsage` values: per key, one `[used, remaining]` pair per UTC day of the range.
///
/// `remaining` is what the key may still use in the quota window containing that day, after that
/// day's use: the window's allowance (less `offset` in the first window) minus the window's use up
/// to and including the day, or, after an `UpdateUsage` grant in that window (made under the plan's
/// current limit), the granted amount minus what was used since. A plan without a quota reports 0 remaining.
public struct UsageReport: Sendable {
    public var quota: QuotaSettings?
    public var quotaStartDay: UTCDay?

    public init(quota: QuotaSettings?, quotaStartDay: UTCDay?) {
        self.quota = quota
        self.quotaStartDay = quotaStartDay
    }

    /// The days of the range whose window must be read to compute remaining values.
    public func readRange(from: UTCDay, through: UTCDay) -> ClosedRange<UTCDay> {
        guard let period = quota?.quotaPeriod else { return from...through }
        return QuotaWindow.containing(from, period: period).start...through
    }

    /// The `[used, remaining]` pairs for each day from `from` through `through`.
    /// - Parameter daily: use by day, covering at least ``readRange(from:through:)``.
    public func values(daily: [UTCDay: Int], grant: QuotaGrant?, from: UTCDay, through: UTCDay) -> [[Int]] {
        guard from <= through else { return [] }
        var result: [[Int]] = []
        var day = from
        while day <= through {
            let used = daily[day] ?? 0
            result.append([used, remaining(after: day, daily: daily, grant: grant)])
            day = day + 1
        }
        return result
    }

    /// What is left in the window containing `day` after that day's use.
    public func remaining(after day: UTCDay, daily: [UTCDay: Int], grant: QuotaGrant?) -> Int {
        guard let quota, let period = quota.quotaPeriod,
              let allowance = quota.allowance(on: day, startDay: quotaStartDay) else { return 0 }
        let window = QuotaWindow.containing(day, period: period)
        var usedInWindow = 0
        var cursor = window.start
        while cursor <= day {
            usedInWindow += daily[cursor] ?? 0
            cursor = cursor + 1
        }
        if let grant, grant.applies(window: window.start, allowance: allowance) {
            return max(0, grant.remaining - max(0, usedInWindow - grant.usedAtGrant))
        }
        return max(0, allowance - usedInWindow)
    }
}
