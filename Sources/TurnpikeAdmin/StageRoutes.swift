import TurnpikeModel
import TurnpikeStore

/// `CreateStage`, `GetStage`, `GetStages` (`deploymentId` filter), `UpdateStage`, `DeleteStage`.
enum StageRoutes {
    /// `GetStages` answers every stage at once: `{"item": [...]}`, no paging.
    struct StageList: Encodable, Sendable {
        var item: [Stage]
    }

    static let all: [AdminRoute] = [
        AdminRoute("POST", "/restapis/{restapi_id}/stages", "CreateStage") { request, context in
            let input = try request.decode(CreateStageInput.self, input: "createStageInput")
            let apiId = request.parameter("restapi_id")
            let now = context.now
            let stage = try await context.controlPlane.write { try $0.createStage(apiId: apiId, input, now: now) }
            return try .json(stage, status: 201)
        },
        AdminRoute("GET", "/restapis/{restapi_id}/stages/{stage_name}", "GetStage") { request, context in
            let apiId = request.parameter("restapi_id")
            let name = request.parameter("stage_name")
            return try .json(try await context.controlPlane.read { try $0.stage(apiId: apiId, name: name) })
        },
        AdminRoute("GET", "/restapis/{restapi_id}/stages", "GetStages") { request, context in
            let apiId = request.parameter("restapi_id")
            let deploymentId = request.queryValue("deploymentId")
            let stages = try await context.controlPlane.read { try $0.stages(apiId: apiId, deploymentId: deploymentId) }
            return try .json(StageList(item: stages))
        },
        AdminRoute("PATCH", "/restapis/{restapi_id}/stages/{stage_name}", "UpdateStage") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateStageInput")
            let apiId = request.parameter("restapi_id")
            let name = request.parameter("stage_name")
            let now = context.now
            let stage = try await context.controlPlane.write { configuration in
                try configuration.updateStage(apiId: apiId, name: name, operations: input.patchOperations ?? [], now: now)
            }
            return try .json(stage)
        },
        AdminRoute("DELETE", "/restapis/{restapi_id}/stages/{stage_name}", "DeleteStage") { request, context in
            let apiId = request.parameter("restapi_id")
            let name = request.parameter("stage_name")
            try await context.controlPlane.write { try $0.removeStage(apiId: apiId, name: name) }
            return .empty(status: 202)
        },
    ]
}
