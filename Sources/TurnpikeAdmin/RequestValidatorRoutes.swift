import TurnpikeModel
import TurnpikeStore

/// `CreateRequestValidator`, `GetRequestValidator`, `GetRequestValidators`, `UpdateRequestValidator`,
/// `DeleteRequestValidator`. The invoke path validates requests of the methods that reference one.
enum RequestValidatorRoutes {
    static let validator = "/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}"

    static let all: [AdminRoute] = [
        AdminRoute("POST", "/restapis/{restapi_id}/requestvalidators", "CreateRequestValidator") { request, context in
            let input = try request.decode(CreateRequestValidatorInput.self, input: "createRequestValidatorInput")
            let apiId = request.parameter("restapi_id")
            let created = try await context.controlPlane.write { try $0.createRequestValidator(apiId: apiId, input, id: EntityID.make(length: 6)) }
            return try .json(created, status: 201)
        },
        AdminRoute("GET", validator, "GetRequestValidator") { request, context in
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("requestvalidator_id")
            return try .json(try await context.controlPlane.read { try $0.requestValidator(apiId: apiId, id: id) })
        },
        AdminRoute("GET", "/restapis/{restapi_id}/requestvalidators", "GetRequestValidators") { request, context in
            let apiId = request.parameter("restapi_id")
            let items = try await context.controlPlane.read { try $0.requestValidators(apiId: apiId) }
            return try .json(try ItemPage(items, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", validator, "UpdateRequestValidator") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateRequestValidatorInput")
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("requestvalidator_id")
            let updated = try await context.controlPlane.write { configuration in
                try configuration.updateRequestValidator(apiId: apiId, id: id, operations: input.patchOperations ?? [])
            }
            return try .json(updated)
        },
        AdminRoute("DELETE", validator, "DeleteRequestValidator") { request, context in
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("requestvalidator_id")
            try await context.controlPlane.write { try $0.removeRequestValidator(apiId: apiId, id: id) }
            return .empty(status: 202)
        },
    ]
}
