/// One `UpdateStage` patch operation on a stage's method settings.
///
/// Paths read `/{resourcePath}/{httpMethod}/{category}/{name}` where the resource path is `*` (with
/// method `*`: every method) or a resource path with `/` escaped as `~1` (`/~1pets/GET/...`);
/// Terraform's unescaped form (`/pets/GET/...`) is accepted too. Settings are keyed `*/*` or
/// `pets/GET`. `remove /{resourcePath}/{httpMethod}` deletes an entry. A new per-method entry starts
/// as a copy of `*/*` at that moment; later changes to `*/*` do not reach it.
struct MethodSettingPatch {
    let operation: PatchOperation
    /// `*/*` or `resource/path/METHOD`.
    let key: String
    /// `category/name`, nil for the whole entry.
    let setting: String?

    static let settings = [
        "metrics/enabled", "logging/dataTrace", "logging/loglevel", "throttling/burstLimit", "throttling/rateLimit",
        "caching/ttlInSeconds", "caching/enabled", "caching/dataEncrypted", "caching/requireAuthorizationForCacheControl",
        "caching/unauthorizedCacheControlHeaderStrategy",
    ]
    static let loggingLevels = ["OFF", "ERROR", "INFO"]
    static let cacheControlStrategies = ["FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER"]

    /// Parses the operation's path; nil when it names no method setting.
    init?(operation: PatchOperation) {
        guard operation.path.hasPrefix("/") else { return nil }
        var segments = operation.path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        var setting: String?
        if segments.count >= 4, Self.settings.contains(segments.suffix(2).joined(separator: "/")) {
            setting = segments.suffix(2).joined(separator: "/")
            segments.removeLast(2)
        }
        guard segments.count >= 2, let method = segments.popLast().map(String.init) else { return nil }
        let resource = PatchOperation.unescapedPathSegment(segments.joined(separator: "/")[...])
        if resource == "*" {
            guard method == "*" else { return nil }
            key = "*/*"
        } else {
            let validMethods = Method.httpMethods.filter { $0 != "ANY" }
            guard validMethods.contains(method), !resource.isEmpty, !resource.contains("*"), !resource.hasSuffix("/") || resource == "/" else {
                return nil
            }
            key = "\(resource.hasPrefix("/") ? String(resource.dropFirst()) : resource)/\(method)"
        }
        self.operation = operation
        self.setting = setting
    }

    func apply(to settings: inout [String: MethodSetting]) throws {
        let invalid = StagePatch(operation: operation).invalidPath
        guard let setting else {
            guard operation.op == "remove" else { throw invalid }
            guard settings.removeValue(forKey: key) != nil else {
                throw GatewayError.badRequest("Cannot remove method setting \(key) because there is no method setting for this method ")
            }
            return
        }
        guard operation.op != "remove" else { throw invalid }
        var entry = settings[key] ?? settings["*/*"] ?? MethodSetting()
        switch setting {
        case "metrics/enabled": entry.metricsEnabled = try operation.boolValue()
        case "logging/dataTrace": entry.dataTraceEnabled = try operation.boolValue()
        case "logging/loglevel": entry.loggingLevel = try choice(Self.loggingLevels, "logging level")
        case "throttling/burstLimit":
            let limit = try operation.intValue()
            if limit != MethodSetting.throttlingDisabled { try ThrottleSettings(burstLimit: limit).validate(at: operation.path) }
            entry.throttlingBurstLimit = limit
        case "throttling/rateLimit":
            let rate = try operation.doubleValue()
            if rate != Double(MethodSetting.throttlingDisabled) { try ThrottleSettings(rateLimit: rate).validate(at: operation.path) }
            entry.throttlingRateLimit = rate
        case "caching/ttlInSeconds":
            let ttl = try operation.intValue()
            guard (0...3600).contains(ttl) else {
                throw GatewayError.badRequest("Invalid cache TTL \(ttl) at \(operation.path): must be between 0 and 3600 seconds")
            }
            entry.cacheTtlInSeconds = ttl
        case "caching/enabled": entry.cachingEnabled = try operation.boolValue()
        case "caching/dataEncrypted": entry.cacheDataEncrypted = try operation.boolValue()
        case "caching/requireAuthorizationForCacheControl": entry.requireAuthorizationForCacheControl = try operation.boolValue()
        default: entry.unauthorizedCacheControlHeaderStrategy = try choice(Self.cacheControlStrategies, "cache control header strategy")
        }
        settings[key] = entry
    }

    private func choice(_ allowed: [String], _ what: String) throws -> String {
        let value = try operation.requiredValue()
        guard allowed.contains(value) else {
            throw GatewayError.badRequest("Invalid \(what) '\(value)' at \(operation.path). Valid options are \(allowed.joined(separator: ","))")
        }
        return value
    }
}
