import TurnpikeModel
import TurnpikeStore

/// `PutGatewayResponse`, `GetGatewayResponse`, `GetGatewayResponses`, `UpdateGatewayResponse`,
/// `DeleteGatewayResponse`.
enum GatewayResponseRoutes {
    static let response = "/restapis/{restapi_id}/gatewayresponses/{response_type}"

    static let all: [AdminRoute] = [
        AdminRoute("PUT", response, "PutGatewayResponse") { request, context in
            let input = try request.decode(PutGatewayResponseInput.self, input: "putGatewayResponseInput")
            let apiId = request.parameter("restapi_id")
            let type = request.parameter("response_type")
            let response = try await context.controlPlane.write { try $0.putGatewayResponse(apiId: apiId, type: type, input) }
            return try .json(response, status: 201)
        },
        AdminRoute("GET", response, "GetGatewayResponse") { request, context in
            let apiId = request.parameter("restapi_id")
            let type = request.parameter("response_type")
            return try .json(try await context.controlPlane.read { try $0.gatewayResponse(apiId: apiId, type: type) })
        },
        AdminRoute("GET", "/restapis/{restapi_id}/gatewayresponses", "GetGatewayResponses") { request, context in
            let apiId = request.parameter("restapi_id")
            let responses = try await context.controlPlane.read { try $0.gatewayResponses(apiId: apiId) }
            return try .json(try ItemPage(responses, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", response, "UpdateGatewayResponse") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateGatewayResponseInput")
            let apiId = request.parameter("restapi_id")
            let type = request.parameter("response_type")
            let response = try await context.controlPlane.write { configuration in
                try configuration.updateGatewayResponse(apiId: apiId, type: type, operations: input.patchOperations ?? [])
            }
            return try .json(response)
        },
        AdminRoute("DELETE", response, "DeleteGatewayResponse") { request, context in
            let apiId = request.parameter("restapi_id")
            let type = request.parameter("response_type")
            try await context.controlPlane.write { try $0.removeGatewayResponse(apiId: apiId, type: type) }
            return .empty(status: 202)
        },
    ]
}
