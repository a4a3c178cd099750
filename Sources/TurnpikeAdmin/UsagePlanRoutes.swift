import TurnpikeModel
import TurnpikeStore

/// `CreateUsagePlan`, `GetUsagePlan`, `GetUsagePlans`, `UpdateUsagePlan`, `DeleteUsagePlan`.
enum UsagePlanRoutes {
    static let all: [AdminRoute] = [
        AdminRoute("POST", "/usageplans", "CreateUsagePlan") { request, context in
            let input = try request.decode(CreateUsagePlanInput.self, input: "createUsagePlanInput")
            let now = context.now
            let plan = try await context.controlPlane.write { configuration in
                try configuration.createUsagePlan(input, id: EntityID.make(length: 6), now: now)
            }
            return try .json(plan, status: 201)
        },
        AdminRoute("GET", "/usageplans/{usageplanId}", "GetUsagePlan") { request, context in
            let id = request.parameter("usageplanId")
            return try .json(try await context.controlPlane.read { try $0.usagePlan(id) })
        },
        AdminRoute("GET", "/usageplans", "GetUsagePlans") { request, context in
            let keyId = request.queryValue("keyId")
            let plans = await context.controlPlane.read { $0.usagePlans(containingKey: keyId) }
            return try .json(try ItemPage(plans, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", "/usageplans/{usageplanId}", "UpdateUsagePlan") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateUsagePlanInput")
            let id = request.parameter("usageplanId")
            let now = context.now
            // A quota set on a plan counts its keys' usage so far in the window from the store:
            // write every node's counts there first.
            if (input.patchOperations ?? []).contains(where: { $0.path.hasPrefix("/quota") }) { await context.settleUsage() }
            let plan = try await context.controlPlane.write { configuration in
                try configuration.updateUsagePlan(id, operations: input.patchOperations ?? [], now: now)
            }
            return try .json(plan)
        },
        AdminRoute("DELETE", "/usageplans/{usageplanId}", "DeleteUsagePlan") { request, context in
            let id = request.parameter("usageplanId")
            try await context.controlPlane.write { try $0.removeUsagePlan(id) }
            return .empty(status: 202)
        },
    ]
}
