import TurnpikeModel
import TurnpikeStore

/// `CreateModel`, `GetModel`, `GetModels`, `UpdateModel`, `DeleteModel`. Models are stored and
/// referenced by methods; request validators validate bodies against them.
enum ModelRoutes {
    static let model = "/restapis/{restapi_id}/models/{model_name}"

    static let all: [AdminRoute] = [
        AdminRoute("POST", "/restapis/{restapi_id}/models", "CreateModel") { request, context in
            let input = try request.decode(CreateModelInput.self, input: "createModelInput")
            let apiId = request.parameter("restapi_id")
            let created = try await context.controlPlane.write { try $0.createModel(apiId: apiId, input, id: EntityID.make(length: 6)) }
            return try .json(created, status: 201)
        },
        AdminRoute("GET", model, "GetModel") { request, context in
            let apiId = request.parameter("restapi_id")
            let name = request.parameter("model_name")
            return try .json(try await context.controlPlane.read { try $0.model(apiId: apiId, name: name) })
        },
        AdminRoute("GET", "/restapis/{restapi_id}/models", "GetModels") { request, context in
            let apiId = request.parameter("restapi_id")
            let items = try await context.controlPlane.read { try $0.models(apiId: apiId) }
            return try .json(try ItemPage(items, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", model, "UpdateModel") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateModelInput")
            let apiId = request.parameter("restapi_id")
            let name = request.parameter("model_name")
            let updated = try await context.controlPlane.write { configuration in
                try configuration.updateModel(apiId: apiId, name: name, operations: input.patchOperations ?? [])
            }
            return try .json(updated)
        },
        AdminRoute("DELETE", model, "DeleteModel") { request, context in
            let apiId = request.parameter("restapi_id")
            let name = request.parameter("model_name")
            try await context.controlPlane.write { try $0.removeModel(apiId: apiId, name: name) }
            return .empty(status: 202)
        },
    ]
}
