import TurnpikeModel
import TurnpikeStore

/// `PutIntegration`, `GetIntegration`, `UpdateIntegration`, `DeleteIntegration` and the
/// integration response operations `PutIntegrationResponse`, `GetIntegrationResponse`,
/// `UpdateIntegrationResponse`, `DeleteIntegrationResponse`.
enum IntegrationRoutes {
    static let integration = MethodRoutes.method + "/integration"
    static let response = integration + "/responses/{status_code}"

    static let all: [AdminRoute] = [
        AdminRoute("PUT", integration, "PutIntegration") { request, context in
            let input = try request.decode(PutIntegrationInput.self, input: "putIntegrationInput")
            let (apiId, resourceId, httpMethod) = MethodRoutes.path(request)
            let integration = try await context.controlPlane.write { configuration in
                try configuration.putIntegration(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, input)
            }
            return try .json(integration, status: 201)
        },
        AdminRoute("GET", integration, "GetIntegration") { request, context in
            let (apiId, resourceId, httpMethod) = MethodRoutes.path(request)
            return try .json(try await context.controlPlane.read {
                try $0.integration(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod)
            })
        },
        AdminRoute("PATCH", integration, "UpdateIntegration") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateIntegrationInput")
            let (apiId, resourceId, httpMethod) = MethodRoutes.path(request)
            let integration = try await context.controlPlane.write { configuration in
                try configuration.updateIntegration(
                    apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, operations: input.patchOperations ?? [])
            }
            return try .json(integration)
        },
        AdminRoute("DELETE", integration, "DeleteIntegration") { request, context in
            let (apiId, resourceId, httpMethod) = MethodRoutes.path(request)
            try await context.controlPlane.write { configuration in
                try configuration.removeIntegration(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod)
            }
            return .empty(status: 204)
        },
        AdminRoute("PUT", response, "PutIntegrationResponse") { request, context in
            let input = try request.decode(PutIntegrationResponseInput.self, input: "putIntegrationResponseInput")
            let (apiId, resourceId, httpMethod) = MethodRoutes.path(request)
            let statusCode = request.parameter("status_code")
            let response = try await context.controlPlane.write { configuration in
                try configuration.putIntegrationResponse(
                    apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, statusCode: statusCode, input)
            }
            return try .json(response, status: 201)
        },
        AdminRoute("GET", response, "GetIntegrationResponse") { request, context in
            let (apiId, resourceId, httpMethod) = MethodRoutes.path(request)
            let statusCode = request.parameter("status_code")
            return try .json(try await context.controlPlane.read {
                try $0.integrationResponse(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, statusCode: statusCode)
            })
        },
        AdminRoute("PATCH", response, "UpdateIntegrationResponse") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateIntegrationResponseInput")
            let (apiId, resourceId, httpMethod) = MethodRoutes.path(request)
            let statusCode = request.parameter("status_code")
            let response = try await context.controlPlane.write { configuration in
                try configuration.updateIntegrationResponse(
                    apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, statusCode: statusCode,
                    operations: input.patchOperations ?? [])
            }
            return try .json(response)
        },
        AdminRoute("DELETE", response, "DeleteIntegrationResponse") { request, context in
            let (apiId, resourceId, httpMethod) = MethodRoutes.path(request)
            let statusCode = request.parameter("status_code")
            try await context.controlPlane.write { configuration in
                try configuration.removeIntegrationResponse(
                    apiId: apiId, resourceId: resourceId, httpMethod: httpMethod, statusCode: statusCode)
            }
            return .empty(status: 204)
        },
    ]
}
