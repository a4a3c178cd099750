import TurnpikeModel
import TurnpikeStore

/// `PutMethod`, `GetMethod`, `UpdateMethod`, `DeleteMethod` and the method response operations
/// `PutMethodResponse`, `GetMethodResponse`, `UpdateMethodResponse`, `DeleteMethodResponse`.
enum MethodRoutes {
    static let method = "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}"
    static let response = method + "/responses/{status_code}"

    static let all: [AdminRoute] = [
        AdminRoute("PUT", method, "PutMethod") { request, context in
            let input = try request.decode(PutMethodInput.self, input: "putMethodInput")
            let (apiId, resourceId, httpMethod) = path(request)
            let method = try await context.controlPlane.write { configuration in
                try configuration.putMethod(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, input)
            }
            return try .json(method, status: 201)
        },
        AdminRoute("GET", method, "GetMethod") { request, context in
            let (apiId, resourceId, httpMethod) = path(request)
            return try .json(try await context.controlPlane.read {
                try $0.method(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod)
            })
        },
        AdminRoute("PATCH", method, "UpdateMethod") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateMethodInput")
            let (apiId, resourceId, httpMethod) = path(request)
            let method = try await context.controlPlane.write { configuration in
                try configuration.updateMethod(
                    apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, operations: input.patchOperations ?? [])
            }
            return try .json(method)
        },
        AdminRoute("DELETE", method, "DeleteMethod") { request, context in
            let (apiId, resourceId, httpMethod) = path(request)
            try await context.controlPlane.write { try $0.removeMethod(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) }
            return .empty(status: 204)
        },
        AdminRoute("PUT", response, "PutMethodResponse") { request, context in
            let input = try request.decode(PutMethodResponseInput.self, input: "putMethodResponseInput")
            let (apiId, resourceId, httpMethod) = path(request)
            let statusCode = request.parameter("status_code")
            let response = try await context.controlPlane.write { configuration in
                try configuration.putMethodResponse(
                    apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, statusCode: statusCode, input)
            }
            return try .json(response, status: 201)
        },
        AdminRoute("GET", response, "GetMethodResponse") { request, context in
            let (apiId, resourceId, httpMethod) = path(request)
            let statusCode = request.parameter("status_code")
            return try .json(try await context.controlPlane.read {
                try $0.methodResponse(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, statusCode: statusCode)
            })
        },
        AdminRoute("PATCH", response, "UpdateMethodResponse") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateMethodResponseInput")
            let (apiId, resourceId, httpMethod) = path(request)
            let statusCode = request.parameter("status_code")
            let response = try await context.controlPlane.write { configuration in
                try configuration.updateMethodResponse(
                    apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, statusCode: statusCode,
                    operations: input.patchOperations ?? [])
            }
            // AWS answers UpdateMethodResponse with 201, unlike the other updates.
            return try .json(response, status: 201)
        },
        AdminRoute("DELETE", response, "DeleteMethodResponse") { request, context in
            let (apiId, resourceId, httpMethod) = path(request)
            let statusCode = request.parameter("status_code")
            try await context.controlPlane.write { configuration in
                try configuration.removeMethodResponse(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, statusCode: statusCode)
            }
            return .empty(status: 204)
        },
    ]

    /// The API, resource and HTTP method a method route names.
    static func path(_ request: AdminRequest) -> (apiId: String, resourceId: String, httpMethod: String) {
        (request.parameter("restapi_id"), request.parameter("resource_id"), request.parameter("http_method"))
    }
}
