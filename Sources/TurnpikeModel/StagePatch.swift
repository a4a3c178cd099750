/// One `UpdateStage` patch operation with AWS's paths: `/deploymentId`, `/description`,
/// `/cacheClusterEnabled`, `/cacheClusterSize`, `/clientCertificateId`, `/accessLogSettings[/...]`,
/// `/tracingEnabled`, `/variables/{name}`, `/canarySettings[/...]` (``CanarySettings``), and method
/// settings (see ``MethodSettingPatch``).
/// A path outside these is refused with AWS's `Invalid method setting path` message.
struct StagePatch {
    let operation: PatchOperation

    /// AWS's list of valid paths, with AWS's own irregular separators, as its message prints it.
    static let validPaths = "[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, "
        + "/accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, "
        + "/{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, "
        + "/{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit"
        + "/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, "
        + "/{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, "
        + "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, "
        + "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, "
        + "/*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit "
        + "/*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, "
        + "/*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, "
        + "/variables/{variable_name}, /tracingEnabled]"

    /// AWS's refusal of a path `UpdateStage` does not know.
    var invalidPath: GatewayError {
        .badRequest("Invalid method setting path: \(operation.path). Must be one of: \(Self.validPaths)")
    }

    func apply(to stage: inout Stage, deploymentIds: Set<String>) throws {
        guard ["add", "replace", "remove"].contains(operation.op) else {
            throw GatewayError.badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'")
        }
        let setting = operation.op != "remove"
        switch operation.path {
        case "/deploymentId" where setting:
            let id = try operation.requiredValue()
            guard deploymentIds.contains(id) else { throw GatewayError.badRequest("Deployment id does not exist") }
            stage.deploymentId = id
        case "/description":
            stage.description = setting ? operation.value.nonEmptyText : nil
        case "/cacheClusterEnabled" where setting:
            stage.setCacheCluster(enabled: try operation.boolValue(), size: nil)
        case "/cacheClusterSize" where setting:
            let size = try operation.requiredValue()
            try Configuration.validateCacheClusterSize(size, input: "updateStageInput")
            stage.cacheClusterSize = size
        case "/clientCertificateId":
            stage.clientCertificateId = setting ? operation.value.nonEmptyText : nil
        case "/accessLogSettings" where !setting:
            stage.accessLogSettings = nil
        case "/accessLogSettings/destinationArn", "/accessLogSettings/format":
            var settings = stage.accessLogSettings ?? AccessLogSettings()
            let value = setting ? operation.value.nonEmptyText : nil
            if operation.path.hasSuffix("/format") { settings.format = value } else { settings.destinationArn = value }
            stage.accessLogSettings = settings.format == nil && settings.destinationArn == nil ? nil : settings
        case "/tracingEnabled" where setting:
            stage.tracingEnabled = try operation.boolValue()
        case let path where path.hasPrefix("/variables/") && path.count > "/variables/".count:
            let name = PatchOperation.unescapedPathSegment(path.dropFirst("/variables/".count))
            var variables = stage.variables ?? [:]
            if setting {
                let value = try operation.requiredValue()
                try Configuration.validateStageVariable(name: name, value: value)
                variables[name] = value
            } else {
                variables[name] = nil
            }
            stage.variables = variables.isEmpty ? nil : variables
        case let path where path.hasPrefix("/canarySettings"):
            guard let canary = try CanarySettings.patch(stage.canarySettings, operation, deploymentIds: deploymentIds) else { throw invalidPath }
            stage.canarySettings = canary
        default:
            guard let patch = MethodSettingPatch(operation: operation) else { throw invalidPath }
            try patch.apply(to: &stage.methodSettings)
        }
    }
}
