/// A stage's canary, as AWS's `CanarySettings` shape: recorded and answered; the invoke path does
/// not split traffic, every request goes to the stage's own deployment.
public struct CanarySettings: Codable, Sendable, Equatable {
    public var percentTraffic: Double?
    public var deploymentId: String?
    public var stageVariableOverrides: [String: String]?
    public var useStageCache: Bool?

    public init(percentTraffic: Double? = nil, deploymentId: String? = nil, stageVariableOverrides: [String: String]? = nil,
                useStageCache: Bool? = nil) {
        self.percentTraffic = percentTraffic
        self.deploymentId = deploymentId
        self.stageVariableOverrides = stageVariableOverrides
        self.useStageCache = useStageCache
    }
}

/// The canary a `CreateDeployment` starts on its stage (AWS's `DeploymentCanarySettings`).
public struct DeploymentCanarySettings: Codable, Sendable, Equatable {
    public var percentTraffic: Double?
    public var stageVariableOverrides: [String: String]?
    public var useStageCache: Bool?
}

extension Configuration {
    /// Checks a canary's settings: a percentage in 0...100, valid stage variable overrides, and a
    /// deployment of the API when one is named. Fills AWS's defaults (0 %, no stage cache).
    static func validateCanary(_ canary: CanarySettings, deploymentIds: some Collection<String>) throws -> CanarySettings {
        var canary = canary
        let percent = canary.percentTraffic ?? 0
        guard percent.isFinite, (0...100).contains(percent) else {
            throw GatewayError.badRequest("Canary traffic percentage must be between 0.0 and 100.0")
        }
        canary.percentTraffic = percent
        canary.useStageCache = canary.useStageCache ?? false
        try validateStageVariables(canary.stageVariableOverrides)
        if canary.stageVariableOverrides?.isEmpty == true { canary.stageVariableOverrides = nil }
        if let id = canary.deploymentId, !deploymentIds.contains(id) {
            throw GatewayError.badRequest("Deployment id does not exist")
        }
        return canary
    }
}

extension CanarySettings {
    /// The canary paths of `UpdateStage`: `/canarySettings` (remove), `/canarySettings/percentTraffic`,
    /// `/canarySettings/deploymentId`, `/canarySettings/useStageCache`,
    /// `/canarySettings/stageVariableOverrides/{name}`; nil for another path.
    static func patch(_ canary: CanarySettings?, _ operation: PatchOperation, deploymentIds: Set<String>) throws -> CanarySettings?? {
        let setting = operation.op != "remove"
        let prefix = "/canarySettings"
        guard operation.path == prefix || operation.path.hasPrefix(prefix + "/") else { return nil }
        if operation.path == prefix {
            guard !setting else { throw GatewayError.badRequest("Invalid patch path \(operation.path): only remove is allowed") }
            return .some(nil)
        }
        var canary = canary ?? CanarySettings()
        let field = operation.path.dropFirst(prefix.count + 1)
        switch field {
        case "percentTraffic": canary.percentTraffic = setting ? try operation.doubleValue() : nil
        case "deploymentId": canary.deploymentId = setting ? try operation.requiredValue() : nil
        case "useStageCache": canary.useStageCache = setting ? try operation.boolValue() : nil
        case let path where path.hasPrefix("stageVariableOverrides/") && path.count > "stageVariableOverrides/".count:
            let name = PatchOperation.unescapedPathSegment(path.dropFirst("stageVariableOverrides/".count))
            var overrides = canary.stageVariableOverrides ?? [:]
            overrides[name] = setting ? try operation.requiredValue() : nil
            canary.stageVariableOverrides = overrides
        default:
            return nil
        }
        return .some(try Configuration.validateCanary(canary, deploymentIds: deploymentIds))
    }
}
