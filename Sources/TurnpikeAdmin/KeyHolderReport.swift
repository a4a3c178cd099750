import Foundation
import TurnpikeLimits
import TurnpikeModel
import TurnpikeStore

/// The answer of `GET /_turnpike/self`: a key's own id, name and plans with their limits and usage,
/// computed from the same data as `GetUsage`. It never carries the key's value.
public struct KeyHolderReport: Encodable, Sendable, Equatable {
    /// A plan's usage of the key.
    public struct Usage: Encodable, Sendable, Equatable {
        /// Requests counted in the current quota window (or today, for a plan without a quota).
        public var used: Int
        /// What is left in the window, as `GetUsage` reports it (nil without a quota).
        public var remaining: Int?
        /// Requests counted today (UTC).
        public var today: Int
        /// The window's first and last day, `YYYY-MM-DD` (today for a plan without a quota).
        public var windowStart: String
        /// The window's last day (the quota renews the day after).
        public var windowEnd: String
        /// When the quota is renewed (ISO 8601, UTC); nil without a quota.
        public var resetsAt: String?
        /// `[date, used, remaining]` for each of the last ``KeyHolderReport/historyDays`` days, oldest first.
        public var daily: [Day]
    }

    /// One day of ``Usage/daily``.
    public struct Day: Encodable, Sendable, Equatable {
        /// The UTC day, `YYYY-MM-DD`.
        public var date: String
        /// Requests counted that day.
        public var used: Int
        /// What was left in that day's quota window after it, as `GetUsage` reports (0 without a quota).
        public var remaining: Int
    }

    /// One plan of the key.
    public struct Plan: Encodable, Sendable, Equatable {
        /// The usage plan's id and name.
        public var id: String
        public var name: String
        /// The plan's throttle and quota, as the admin API answers them.
        public var throttle: ThrottleSettings?
        public var quota: QuotaSettings?
        /// The API stages the plan covers, `apiId/stage`.
        public var apiStages: [String]
        public var usage: Usage
    }

    /// The key's id and name (never its value).
    public var id: String
    public var name: String?
    /// The gateway's current UTC day, `YYYY-MM-DD`.
    public var today: String
    /// The plans the key is in, by id.
    public var plans: [Plan]

    /// How many days of history each plan's `daily` holds.
    public static let historyDays = 30

    /// Builds the report of `keyId` in `planIds` as of `now` (epoch seconds).
    static func build(keyId: String, planIds: [String], context: AdminContext) async throws -> KeyHolderReport {
        let (key, plans) = try await context.controlPlane.read { configuration in
            (configuration.apiKeys[keyId], planIds.compactMap { configuration.usagePlans[$0] })
        }
        guard let key, key.enabled else { throw GatewayError(.forbidden, "Forbidden") }
        let today = UTCDay(containing: context.now)
        let historyStart = today + (1 - historyDays)
        await context.settleUsage()
        var answers: [Plan] = []
        for plan in plans {
            let period = plan.quota?.quotaPeriod
            let window = period.map { QuotaWindow.containing(today, period: $0) } ?? QuotaWindow(start: today, end: today + 1)
            let start = min(window.start, historyStart)
            let values = try await UsageRoutes.report(plan: plan, keyIds: [keyId], from: start, through: today,
                                                      context: context)[keyId] ?? []
            var days: [Day] = []
            var used = 0
            for (offset, pair) in values.enumerated() where pair.count == 2 {
                let day = start + offset
                if window.contains(day) { used += pair[0] }
                if day >= historyStart { days.append(Day(date: day.description, used: pair[0], remaining: pair[1])) }
            }
            let usage = Usage(
                used: used, remaining: period == nil ? nil : values.last?[1], today: values.last?[0] ?? 0,
                windowStart: window.start.description, windowEnd: (window.end + -1).description,
                resetsAt: period == nil ? nil : Self.timestamp(window.end.startSeconds), daily: days)
            answers.append(Plan(id: plan.id, name: plan.name, throttle: plan.throttle, quota: plan.quota,
                                apiStages: plan.apiStages.map { "\($0.apiId)/\($0.stage)" }, usage: usage))
        }
        return KeyHolderReport(id: keyId, name: key.name, today: today.description, plans: answers)
    }

    static func timestamp(_ epochSeconds: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epochSeconds)))
    }
}
