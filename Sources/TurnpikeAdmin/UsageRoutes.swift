import TurnpikeLimits
import TurnpikeModel
import TurnpikeStore

/// `GetUsage` and `UpdateUsage`: daily `[used, remaining]` per key of a plan, and quota grants.
enum UsageRoutes {
    /// AWS's `Usage` shape.
    struct Usage: Encodable, Sendable {
        var usagePlanId: String
        var startDate: String
        var endDate: String
        var position: String?
        var values: [String: [[Int]]]
    }

    /// The longest range one `GetUsage` call may ask for.
    static let maximumDays = 366

    static let all: [AdminRoute] = [
        AdminRoute("GET", "/usageplans/{usageplanId}/usage", "GetUsage") { request, context in
            let planId = request.parameter("usageplanId")
            let start = try day(request.queryValue("startDate"), field: "startDate")
            let end = try day(request.queryValue("endDate"), field: "endDate")
            guard start <= end else { throw GatewayError.badRequest("The end date must not be before the start date") }
            guard end.ordinal - start.ordinal < maximumDays else {
                throw GatewayError.badRequest("The date range must not be longer than \(maximumDays) days")
            }
            let keyFilter = request.queryValue("keyId")
            let (plan, keyIds) = try await context.controlPlane.read { configuration in
                let plan = try configuration.usagePlan(planId)
                let keys = configuration.planKeys[planId, default: []].filter { keyFilter == nil || $0 == keyFilter }
                return (plan, keys.sorted())
            }
            let page = try ItemPage(keyIds, position: request.queryValue("position"), limit: try request.queryInt("limit"))
            await context.settleUsage()
            let values = try await report(plan: plan, keyIds: page.item, from: start, through: end, context: context)
            return try .json(Usage(usagePlanId: planId, startDate: start.description, endDate: end.description,
                                   position: page.position, values: values))
        },
        AdminRoute("PATCH", "/usageplans/{usageplanId}/keys/{keyId}/usage", "UpdateUsage") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateUsageInput")
            let operations = input.patchOperations ?? []
            try PatchOperation.validate(operations, input: "updateUsageInput")
            let planId = request.parameter("usageplanId")
            let keyId = request.parameter("keyId")
            let plan = try await context.controlPlane.read { configuration in
                let plan = try configuration.usagePlan(planId)
                guard configuration.planKeys[planId]?.contains(keyId) == true else {
                    throw GatewayError.notFound("Invalid Usage Plan Key identifier specified")
                }
                return plan
            }
            guard let period = plan.quota?.quotaPeriod else {
                throw GatewayError.badRequest("Usage plan \(planId) has no quota, so there is no remaining usage to update")
            }
            var remaining: Int?
            for operation in operations {
                guard operation.op == "replace", operation.path == "/remaining" else {
                    throw operation.invalidPath(mustBeOneOf: ["/remaining"])
                }
                remaining = try operation.intValue()
            }
            guard let remaining, remaining >= 0 else {
                throw GatewayError.badRequest("UpdateUsage needs one operation 'replace /remaining' with a non-negative value")
            }
            let today = UTCDay(containing: context.now)
            let window = QuotaWindow.containing(today, period: period)
            await context.settleUsage()
            let daily = try await context.usage.dailyUsage(planId: planId, keyIds: [keyId], days: window.start...today)[keyId] ?? [:]
            let used = daily.values.reduce(0, +)
            let allowance = plan.quota?.allowance(on: window.start, startDay: plan.quotaStartDate.map(UTCDay.init(containing:))) ?? 0
            let grant = QuotaGrant(planId: planId, keyId: keyId, windowStart: window.start, remaining: remaining, usedAtGrant: used,
                                   allowance: allowance)
            let generation = try await context.usage.saveGrant(grant, window: window)
            context.quotaGranted(grant, generation)
            let values = try await report(plan: plan, keyIds: [keyId], from: window.start, through: today, context: context)
            return try .json(Usage(usagePlanId: planId, startDate: window.start.description, endDate: today.description,
                                   values: values))
        },
    ]

    static func day(_ text: String?, field: String) throws -> UTCDay {
        guard let text else { throw GatewayError.badRequest("\(field) is required (YYYY-MM-DD)") }
        guard let day = UTCDay(iso: text) else {
            throw GatewayError.badRequest("Invalid \(field) '\(text)': must be a date in the form YYYY-MM-DD")
        }
        return day
    }

    static func report(plan: UsagePlan, keyIds: [String], from: UTCDay, through: UTCDay,
                       context: AdminContext) async throws -> [String: [[Int]]] {
        let report = UsageReport(quota: plan.quota, quotaStartDay: plan.quotaStartDate.map(UTCDay.init(containing:)))
        let daily = try await context.usage.dailyUsage(planId: plan.id, keyIds: keyIds,
                                                       days: report.readRange(from: from, through: through))
        var values: [String: [[Int]]] = [:]
        for keyId in keyIds {
            let grant = try await context.usage.grant(planId: plan.id, keyId: keyId)
            values[keyId] = report.values(daily: daily[keyId] ?? [:], grant: grant, from: from, through: through)
        }
        return values
    }
}
