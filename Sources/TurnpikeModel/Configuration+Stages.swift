/// What `CreateStage` takes.
public struct CreateStageInput: Codable, Sendable {
    public var stageName: String?
    public var deploymentId: String?
    public var description: String?
    public var cacheClusterEnabled: Bool?
    public var cacheClusterSize: String?
    public var variables: [String: String]?
    public var documentationVersion: String?
    public var tracingEnabled: Bool?
    public var tags: [String: String]?
    public var canarySettings: CanarySettings?

    public init(
        stageName: String?, deploymentId: String?, description: String? = nil, variables: [String: String]? = nil,
        tracingEnabled: Bool? = nil, tags: [String: String]? = nil
    ) {
        self.stageName = stageName
        self.deploymentId = deploymentId
        self.description = description
        self.variables = variables
        self.tracingEnabled = tracingEnabled
        self.tags = tags
    }
}

extension Configuration {
    static let unknownStage = GatewayError.notFound("Invalid Stage identifier specified")
    /// The cache cluster sizes AWS's model lists.
    static let cacheClusterSizes = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]

    /// `GetStage`.
    public func stage(apiId: String, name: String) throws -> Stage {
        guard let stage = try restApiDocument(apiId).stages[name] else { throw Self.unknownStage }
        return stage
    }

    /// `GetStages`, optionally only the stages of one deployment, in name order.
    public func stages(apiId: String, deploymentId: String? = nil) throws -> [Stage] {
        try restApiDocument(apiId).stages.values
            .filter { stage in deploymentId.map { stage.deploymentId == $0 } ?? true }
            .sorted { $0.stageName < $1.stageName }
    }

    /// `CreateStage`: a stage serving an existing deployment, with AWS's defaults
    /// (`cacheClusterEnabled` false, `cacheClusterStatus` NOT_AVAILABLE, no method settings, no tracing).
    public mutating func createStage(apiId: String, _ input: CreateStageInput, now: Int) throws -> Stage {
        guard let name = input.stageName else { throw GatewayError.mustNotBeNull(at: "createStageInput.stageName") }
        guard let deploymentId = input.deploymentId else { throw GatewayError.mustNotBeNull(at: "createStageInput.deploymentId") }
        return try changeDocument(apiId) { document in
            try Self.validateStageName(name)
            guard document.deployments[deploymentId] != nil else { throw Self.unknownDeployment }
            guard document.stages[name] == nil else { throw GatewayError.conflict("Stage already exists") }
            try Self.validateStageVariables(input.variables)
            try Self.validateCacheClusterSize(input.cacheClusterSize, input: "createStageInput")
            var stage = Stage(deploymentId: deploymentId, stageName: name, createdDate: now)
            stage.description = input.description.nonEmptyText
            stage.variables = (input.variables ?? [:]).isEmpty ? nil : input.variables
            stage.documentationVersion = input.documentationVersion.nonEmptyText
            stage.tracingEnabled = input.tracingEnabled ?? false
            stage.tags = (input.tags ?? [:]).isEmpty ? nil : input.tags
            stage.setCacheCluster(enabled: input.cacheClusterEnabled ?? false, size: input.cacheClusterSize)
            stage.canarySettings = try input.canarySettings.map { try Self.validateCanary($0, deploymentIds: document.deployments.keys) }
            document.stages[name] = stage
            return stage
        }
    }

    /// `UpdateStage` with the paths ``StagePatch`` accepts (stage fields, variables, method settings).
    public mutating func updateStage(apiId: String, name: String, operations: [PatchOperation], now: Int) throws -> Stage {
        try PatchOperation.validate(operations, input: "updateStageInput")
        return try changeDocument(apiId) { document in
            guard var stage = document.stages[name] else { throw Self.unknownStage }
            for operation in operations {
                try StagePatch(operation: operation).apply(to: &stage, deploymentIds: Set(document.deployments.keys))
            }
            stage.lastUpdatedDate = now
            document.stages[name] = stage
            return stage
        }
    }

    /// `DeleteStage`: removes the stage; usage plans lose it, API keys their stage key for it.
    public mutating func removeStage(apiId: String, name: String) throws {
        _ = try stage(apiId: apiId, name: name)
        for var plan in usagePlans.values where plan.covers(apiId: apiId, stage: name) {
            plan.apiStages.removeAll { $0.apiId == apiId && $0.stage == name }
            save(plan)
        }
        for var key in apiKeys.values where key.stageKeys.contains("\(apiId)/\(name)") {
            key.stageKeys.removeAll { $0 == "\(apiId)/\(name)" }
            save(key)
        }
        try changeDocument(apiId) { document in document.stages[name] = nil }
    }

    /// AWS's stage name rule: 1 to 128 of `a-zA-Z0-9_-`.
    static func validateStageName(_ name: String) throws {
        guard (1...128).contains(name.count),
              name.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == "-" }) else {
            throw GatewayError.badRequest("Stage name only allows a-zA-Z0-9_-")
        }
    }

    /// AWS's stage variable rules: names `[A-Za-z0-9_]+`, values `[A-Za-z0-9-._~:/?#&=,]+`.
    static func validateStageVariables(_ variables: [String: String]?) throws {
        for (name, value) in (variables ?? [:]).sorted(by: { $0.key < $1.key }) {
            try validateStageVariable(name: name, value: value)
        }
    }

    static func validateStageVariable(name: String, value: String) throws {
        guard !name.isEmpty, name.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }) else {
            throw GatewayError.badRequest("Stage variable names may only contain alphanumeric characters and underscores")
        }
        guard !value.isEmpty, value.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || "-._~:/?#&=,".contains($0) }) else {
            throw GatewayError.badRequest("Stage variable values must match the regular expression [A-Za-z0-9-._~:/?#&=,]+")
        }
    }

    static func validateCacheClusterSize(_ size: String?, input: String) throws {
        if let size, !cacheClusterSizes.contains(size) {
            throw GatewayError.enumeration(value: size, at: "\(input).cacheClusterSize", allowed: cacheClusterSizes)
        }
    }
}

extension Stage {
    /// Records the cache cluster setting. Turnpike keeps no cache; an enabled cluster reads as
    /// `AVAILABLE` with AWS's default size 0.5 so that clients see what they asked for.
    mutating func setCacheCluster(enabled: Bool, size: String?) {
        cacheClusterEnabled = enabled
        cacheClusterSize = enabled ? (size ?? cacheClusterSize ?? "0.5") : size ?? cacheClusterSize
        cacheClusterStatus = enabled ? "AVAILABLE" : "NOT_AVAILABLE"
    }
}
