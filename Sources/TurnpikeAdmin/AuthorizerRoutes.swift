import TurnpikeModel
import TurnpikeStore

/// `CreateAuthorizer`, `GetAuthorizer`, `GetAuthorizers`, `UpdateAuthorizer`, `DeleteAuthorizer`.
/// Authorizers are stored, not run: methods that use one fail closed at the invoke path.
enum AuthorizerRoutes {
    static let authorizer = "/restapis/{restapi_id}/authorizers/{authorizer_id}"

    static let all: [AdminRoute] = [
        AdminRoute("POST", "/restapis/{restapi_id}/authorizers", "CreateAuthorizer") { request, context in
            let input = try request.decode(CreateAuthorizerInput.self, input: "createAuthorizerInput")
            let apiId = request.parameter("restapi_id")
            let created = try await context.controlPlane.write { try $0.createAuthorizer(apiId: apiId, input, id: EntityID.make(length: 6)) }
            return try .json(created, status: 201)
        },
        AdminRoute("GET", authorizer, "GetAuthorizer") { request, context in
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("authorizer_id")
            return try .json(try await context.controlPlane.read { try $0.authorizer(apiId: apiId, id: id) })
        },
        AdminRoute("GET", "/restapis/{restapi_id}/authorizers", "GetAuthorizers") { request, context in
            let apiId = request.parameter("restapi_id")
            let items = try await context.controlPlane.read { try $0.authorizers(apiId: apiId) }
            return try .json(try ItemPage(items, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", authorizer, "UpdateAuthorizer") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateAuthorizerInput")
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("authorizer_id")
            let updated = try await context.controlPlane.write { configuration in
                try configuration.updateAuthorizer(apiId: apiId, id: id, operations: input.patchOperations ?? [])
            }
            return try .json(updated)
        },
        AdminRoute("DELETE", authorizer, "DeleteAuthorizer") { request, context in
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("authorizer_id")
            try await context.controlPlane.write { try $0.removeAuthorizer(apiId: apiId, id: id) }
            return .empty(status: 202)
        },
    ]
}
