import TurnpikeModel

/// A quota period: UTC calendar days, ISO weeks (Monday to Sunday) or calendar months.
public enum QuotaPeriod: String, Sendable, CaseIterable {
    case day = "DAY"
    case week = "WEEK"
    case month = "MONTH"
}

/// One quota period as a half-open range of UTC days `[start, end)`.
public struct QuotaWindow: Sendable, Hashable {
    public var start: UTCDay
    public var end: UTCDay

    public init(start: UTCDay, end: UTCDay) {
        self.start = start
        self.end = end
    }

    /// The window of `period` containing `day`.
    public static func containing(_ day: UTCDay, period: QuotaPeriod) -> QuotaWindow {
        switch period {
        case .day:
            return QuotaWindow(start: day, end: day + 1)
        case .week:
            let monday = day + (-day.isoWeekdayIndex)
            return QuotaWindow(start: monday, end: monday + 7)
        case .month:
            let (year, month, _) = day.civil
            let first = UTCDay(year: year, month: month, day: 1)!
            return QuotaWindow(start: first, end: first + UTCDay.daysIn(year: year, month: month))
        }
    }

    /// True when the day falls in the window.
    public func contains(_ day: UTCDay) -> Bool { start <= day && day < end }
}

extension QuotaSettings {
    /// The quota's period, when it is one of AWS's three.
    public var quotaPeriod: QuotaPeriod? { period.flatMap(QuotaPeriod.init(rawValue:)) }

    /// The requests allowed in the window containing `day`: `limit`, less `offset` in the first
    /// window (the one containing `startDay`, when the quota was set).
    ///
    /// Total for any stored numbers (values from before validation existed): never negative, and an
    /// offset that would overflow the subtraction (`limit` `Int.max`, `offset` `-1`) gives `limit`.
    public func allowance(on day: UTCDay, startDay: UTCDay?) -> Int? {
        guard let period = quotaPeriod, let limit else { return nil }
        let window = QuotaWindow.containing(day, period: period)
        if let startDay, window.contains(startDay) {
            let reduced = limit.subtractingReportingOverflow(max(0, offset ?? 0))
            return max(0, reduced.overflow ? limit : reduced.partialValue)
        }
        return max(0, limit)
    }
}
