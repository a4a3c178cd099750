import TurnpikeModel
import TurnpikeStore

/// `CreateRestApi`, `GetRestApi`, `GetRestApis`, `UpdateRestApi`, `DeleteRestApi`.
enum RestApiRoutes {
    static let all: [AdminRoute] = [
        AdminRoute("POST", "/restapis", "CreateRestApi") { request, context in
            let input = try request.decode(CreateRestApiInput.self, input: "createRestApiInput")
            let now = context.now
            let api = try await context.controlPlane.write { configuration in
                try configuration.createRestApi(
                    input, id: EntityID.make(length: 10), rootResourceId: EntityID.make(length: 10), now: now)
            }
            return try .json(api, status: 201)
        },
        AdminRoute("GET", "/restapis/{restapi_id}", "GetRestApi") { request, context in
            let id = request.parameter("restapi_id")
            return try .json(try await context.controlPlane.read { try $0.restApi(id) })
        },
        AdminRoute("GET", "/restapis", "GetRestApis") { request, context in
            let apis = await context.controlPlane.read { $0.restApiList() }
            return try .json(try ItemPage(apis, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", "/restapis/{restapi_id}", "UpdateRestApi") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateRestApiInput")
            let id = request.parameter("restapi_id")
            let api = try await context.controlPlane.write { configuration in
                try configuration.updateRestApi(id, operations: input.patchOperations ?? [])
            }
            return try .json(api)
        },
        AdminRoute("DELETE", "/restapis/{restapi_id}", "DeleteRestApi") { request, context in
            let id = request.parameter("restapi_id")
            try await context.controlPlane.write { try $0.removeRestApi(id) }
            return .empty(status: 202)
        },
    ]
}
