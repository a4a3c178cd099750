import TurnpikeModel
import TurnpikeStore

/// `CreateUsagePlanKey`, `GetUsagePlanKey`, `GetUsagePlanKeys`, `DeleteUsagePlanKey`.
enum UsagePlanKeyRoutes {
    static let all: [AdminRoute] = [
        AdminRoute("POST", "/usageplans/{usageplanId}/keys", "CreateUsagePlanKey") { request, context in
            let input = try request.decode(CreateUsagePlanKeyInput.self, input: "createUsagePlanKeyInput")
            let planId = request.parameter("usageplanId")
            let key = try await context.controlPlane.write { try $0.createUsagePlanKey(planId: planId, input) }
            return try .json(key, status: 201)
        },
        AdminRoute("GET", "/usageplans/{usageplanId}/keys/{keyId}", "GetUsagePlanKey") { request, context in
            let planId = request.parameter("usageplanId")
            let keyId = request.parameter("keyId")
            return try .json(try await context.controlPlane.read { try $0.usagePlanKey(planId: planId, keyId: keyId) })
        },
        AdminRoute("GET", "/usageplans/{usageplanId}/keys", "GetUsagePlanKeys") { request, context in
            let planId = request.parameter("usageplanId")
            let name = request.queryValue("name")
            let keys = await context.controlPlane.read { $0.usagePlanKeys(planId: planId, namePrefix: name) }
            return try .json(try ItemPage(keys, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("DELETE", "/usageplans/{usageplanId}/keys/{keyId}", "DeleteUsagePlanKey") { request, context in
            let planId = request.parameter("usageplanId")
            let keyId = request.parameter("keyId")
            try await context.controlPlane.write { try $0.removeUsagePlanKey(planId: planId, keyId: keyId) }
            return .empty(status: 202)
        },
    ]
}
