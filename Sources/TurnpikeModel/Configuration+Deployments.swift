/// What `CreateDeployment` takes. With a `stageName` the deployment also creates that stage or
/// points it at the new deployment.
public struct CreateDeploymentInput: Codable, Sendable {
    public var stageName: String?
    public var stageDescription: String?
    public var description: String?
    public var cacheClusterEnabled: Bool?
    public var cacheClusterSize: String?
    public var variables: [String: String]?
    public var tracingEnabled: Bool?
    /// A canary of the new deployment on the existing stage `stageName`, which keeps serving its
    /// own deployment.
    public var canarySettings: DeploymentCanarySettings?

    public init(
        stageName: String? = nil, stageDescription: String? = nil, description: String? = nil,
        variables: [String: String]? = nil
    ) {
        self.stageName = stageName
        self.stageDescription = stageDescription
        self.description = description
        self.variables = variables
    }
}

extension Configuration {
    static let unknownDeployment = GatewayError.notFound("Invalid Deployment identifier specified")

    /// `GetDeployment`; `embedSummary` (`embed=apisummary`) adds the `apiSummary` of the frozen tree.
    public func deployment(apiId: String, id: String, embedSummary: Bool = false) throws -> Deployment {
        let document = try restApiDocument(apiId)
        guard var deployment = document.deployments[id] else { throw Self.unknownDeployment }
        if embedSummary { deployment.apiSummary = Self.apiSummary(of: document.deploymentSnapshots[id] ?? [:]) }
        return deployment
    }

    /// `GetDeployments`: oldest first.
    public func deployments(apiId: String) throws -> [Deployment] {
        try restApiDocument(apiId).deployments.values.sorted { ($0.createdDate, $0.id) < ($1.createdDate, $1.id) }
    }

    /// `CreateDeployment`: freezes the API's resources, methods and integrations; every method
    /// must have an integration. With `stageName` the stage is created or moved to the new deployment.
    public mutating func createDeployment(apiId: String, _ input: CreateDeploymentInput, id: String, now: Int) throws -> Deployment {
        try changeDocument(apiId) { document in
            let methods = document.resources.values.flatMap { ($0.resourceMethods ?? [:]).values }
            guard !methods.isEmpty else { throw GatewayError.badRequest("The REST API doesn't contain any methods") }
            guard methods.allSatisfy({ $0.methodIntegration != nil }) else {
                throw GatewayError.badRequest("No integration defined for method")
            }
            let stageName = input.stageName.nonEmptyText
            if let stageName { try Self.validateStageName(stageName) }
            try Self.validateStageVariables(input.variables)
            try Self.validateCacheClusterSize(input.cacheClusterSize, input: "createDeploymentInput")
            if let canary = input.canarySettings {
                guard let stageName, document.stages[stageName] != nil else {
                    throw GatewayError.badRequest("Invalid stage identifier specified: a canary needs an existing stage")
                }
                _ = try Self.validateCanary(CanarySettings(percentTraffic: canary.percentTraffic,
                                                           stageVariableOverrides: canary.stageVariableOverrides), deploymentIds: [])
            }
            let deployment = Deployment(id: id, description: input.description.nonEmptyText, createdDate: now)
            document.deployments[id] = deployment
            document.deploymentSnapshots[id] = document.resources
            guard let stageName else { return deployment }
            if let canary = input.canarySettings, var stage = document.stages[stageName] {
                stage.canarySettings = try Self.validateCanary(
                    CanarySettings(percentTraffic: canary.percentTraffic, deploymentId: id,
                                   stageVariableOverrides: canary.stageVariableOverrides, useStageCache: canary.useStageCache),
                    deploymentIds: document.deployments.keys)
                stage.lastUpdatedDate = now
                document.stages[stageName] = stage
                return deployment
            }
            var stage = document.stages[stageName] ?? Stage(deploymentId: id, stageName: stageName, createdDate: now)
            if document.stages[stageName] == nil { stage.description = input.stageDescription.nonEmptyText }
            stage.deploymentId = id
            stage.lastUpdatedDate = now
            if let variables = input.variables, !variables.isEmpty {
                stage.variables = (stage.variables ?? [:]).merging(variables) { $1 }
            }
            if let enabled = input.cacheClusterEnabled { stage.setCacheCluster(enabled: enabled, size: input.cacheClusterSize) }
            if let tracing = input.tracingEnabled { stage.tracingEnabled = tracing }
            document.stages[stageName] = stage
            return deployment
        }
    }

    /// `UpdateDeployment`: `replace` (or `remove`) on `/description`.
    public mutating func updateDeployment(apiId: String, id: String, operations: [PatchOperation]) throws -> Deployment {
        try PatchOperation.validate(operations, input: "updateDeploymentInput")
        return try changeDocument(apiId) { document in
            guard var deployment = document.deployments[id] else { throw Self.unknownDeployment }
            for operation in operations {
                guard operation.path == "/description" else { throw operation.invalidPath(mustBeOneOf: ["/description"]) }
                guard ["replace", "remove"].contains(operation.op) else {
                    throw GatewayError.badRequest("Invalid patch operation specified. Must be one of: [replace]")
                }
                deployment.description = operation.op == "remove" ? nil : operation.value.nonEmptyText
            }
            document.deployments[id] = deployment
            return deployment
        }
    }

    /// `DeleteDeployment`: refused while a stage (or a stage's canary) points at it.
    public mutating func removeDeployment(apiId: String, id: String) throws {
        try changeDocument(apiId) { document in
            guard document.deployments[id] != nil else { throw Self.unknownDeployment }
            if document.stages.values.contains(where: { $0.deploymentId == id || $0.canarySettings?.deploymentId == id }) {
                throw GatewayError.badRequest("Active stages pointing to this deployment must be moved or deleted")
            }
            document.deployments[id] = nil
            document.deploymentSnapshots[id] = nil
        }
    }

    /// AWS's `apiSummary`: `{"/path": {"GET": {"authorizationType": ..., "apiKeyRequired": ...}}}`.
    static func apiSummary(of resources: [String: Resource]) -> [String: [String: MethodSnapshot]] {
        var summary: [String: [String: MethodSnapshot]] = [:]
        for resource in resources.values {
            guard let methods = resource.resourceMethods, !methods.isEmpty else { continue }
            summary[resource.path] = methods.mapValues {
                MethodSnapshot(authorizationType: $0.authorizationType, apiKeyRequired: $0.apiKeyRequired)
            }
        }
        return summary
    }
}
