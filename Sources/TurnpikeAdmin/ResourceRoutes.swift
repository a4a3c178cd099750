import TurnpikeModel
import TurnpikeStore

/// `CreateResource`, `GetResource`, `GetResources`, `UpdateResource`, `DeleteResource`.
/// `embed=methods` answers each resource's methods in full instead of as `{}`.
enum ResourceRoutes {
    static let all: [AdminRoute] = [
        AdminRoute("POST", "/restapis/{restapi_id}/resources/{parent_id}", "CreateResource") { request, context in
            let input = try request.decode(CreateResourceInput.self, input: "createResourceInput")
            let apiId = request.parameter("restapi_id")
            let parentId = request.parameter("parent_id")
            let resource = try await context.controlPlane.write { configuration in
                try configuration.createResource(apiId: apiId, parentId: parentId, input, id: EntityID.make(length: 6))
            }
            return try .json(resource, status: 201)
        },
        AdminRoute("GET", "/restapis/{restapi_id}/resources/{resource_id}", "GetResource") { request, context in
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("resource_id")
            let resource = try await context.controlPlane.read { try $0.resource(apiId: apiId, id: id) }
            return try .json(ResourceAnswer(resource, embedsMethods: embedsMethods(request)))
        },
        AdminRoute("GET", "/restapis/{restapi_id}/resources", "GetResources") { request, context in
            let apiId = request.parameter("restapi_id")
            let embed = embedsMethods(request)
            let resources = try await context.controlPlane.read { try $0.resources(apiId: apiId) }
            let answers = resources.map { ResourceAnswer($0, embedsMethods: embed) }
            return try .json(try ItemPage(answers, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", "/restapis/{restapi_id}/resources/{resource_id}", "UpdateResource") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateResourceInput")
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("resource_id")
            let resource = try await context.controlPlane.write { configuration in
                try configuration.updateResource(apiId: apiId, id: id, operations: input.patchOperations ?? [])
            }
            return try .json(ResourceAnswer(resource, embedsMethods: false))
        },
        AdminRoute("DELETE", "/restapis/{restapi_id}/resources/{resource_id}", "DeleteResource") { request, context in
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("resource_id")
            try await context.controlPlane.write { try $0.removeResource(apiId: apiId, id: id) }
            return .empty(status: 202)
        },
    ]

    /// `embed=methods` (the list may also come comma-separated).
    static func embedsMethods(_ request: AdminRequest) -> Bool {
        request.queryValues("embed").flatMap { $0.split(separator: ",") }.contains("methods")
    }
}
