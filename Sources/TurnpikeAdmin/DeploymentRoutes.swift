import TurnpikeModel
import TurnpikeStore

/// `CreateDeployment`, `GetDeployment` (`embed=apisummary`), `GetDeployments`, `UpdateDeployment`,
/// `DeleteDeployment`.
enum DeploymentRoutes {
    static let all: [AdminRoute] = [
        AdminRoute("POST", "/restapis/{restapi_id}/deployments", "CreateDeployment") { request, context in
            let input = try request.decode(CreateDeploymentInput.self, input: "createDeploymentInput")
            let apiId = request.parameter("restapi_id")
            let now = context.now
            let deployment = try await context.controlPlane.write { configuration in
                try configuration.createDeployment(apiId: apiId, input, id: EntityID.make(length: 6), now: now)
            }
            return try .json(deployment, status: 201)
        },
        AdminRoute("GET", "/restapis/{restapi_id}/deployments/{deployment_id}", "GetDeployment") { request, context in
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("deployment_id")
            let summary = request.queryValues("embed").flatMap { $0.split(separator: ",") }.contains("apisummary")
            return try .json(try await context.controlPlane.read { try $0.deployment(apiId: apiId, id: id, embedSummary: summary) })
        },
        AdminRoute("GET", "/restapis/{restapi_id}/deployments", "GetDeployments") { request, context in
            let apiId = request.parameter("restapi_id")
            let deployments = try await context.controlPlane.read { try $0.deployments(apiId: apiId) }
            return try .json(try ItemPage(deployments, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", "/restapis/{restapi_id}/deployments/{deployment_id}", "UpdateDeployment") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateDeploymentInput")
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("deployment_id")
            let deployment = try await context.controlPlane.write { configuration in
                try configuration.updateDeployment(apiId: apiId, id: id, operations: input.patchOperations ?? [])
            }
            return try .json(deployment)
        },
        AdminRoute("DELETE", "/restapis/{restapi_id}/deployments/{deployment_id}", "DeleteDeployment") { request, context in
            let apiId = request.parameter("restapi_id")
            let id = request.parameter("deployment_id")
            try await context.controlPlane.write { try $0.removeDeployment(apiId: apiId, id: id) }
            return .empty(status: 202)
        },
    ]
}
