/// One `UpdateIntegration` patch operation: `replace` on the scalar paths (`/uri`,
/// `/httpMethod`, `/timeoutInMillis`, `/passthroughBehavior`, `/connectionType`, `/connectionId`,
/// `/credentials`, `/contentHandling`, `/cacheNamespace`, `/tlsConfig/insecureSkipVerification`;
/// the optional ones also `remove`), `add`/`replace`/`remove` on `/requestParameters/{name}` and
/// `/requestTemplates/{contentType}`, `add`/`remove` on `/cacheKeyParameters/{name}` (`~1` escapes `/`).
/// The integration is validated as a whole afterwards.
struct IntegrationPatch {
    let operation: PatchOperation

    static let paths = [
        "/uri", "/httpMethod", "/timeoutInMillis", "/passthroughBehavior", "/connectionType", "/connectionId",
        "/credentials", "/contentHandling", "/cacheNamespace", "/tlsConfig/insecureSkipVerification",
        "/requestParameters/{name}", "/requestTemplates/{contentType}", "/cacheKeyParameters/{name}",
    ]
    static let removable: Set<String> = ["/connectionId", "/credentials", "/contentHandling", "/tlsConfig/insecureSkipVerification"]

    func apply(to integration: inout Integration) throws {
        let path = operation.path
        for entry in Entry.allCases where path.hasPrefix(entry.rawValue) && path.count > entry.rawValue.count {
            let key = PatchOperation.unescapedPathSegment(path.dropFirst(entry.rawValue.count))
            return try apply(entry, key: key, to: &integration)
        }
        guard Self.paths.contains(path) else { throw operation.invalidPath(mustBeOneOf: Self.paths) }
        let removes = operation.op == "remove" && Self.removable.contains(path)
        guard operation.op == "replace" || removes else { throw unsupportedOperation }
        switch path {
        case "/uri": integration.uri = try operation.requiredValue()
        case "/httpMethod": integration.httpMethod = try operation.requiredValue()
        case "/timeoutInMillis": integration.timeoutInMillis = try operation.intValue()
        case "/passthroughBehavior": integration.passthroughBehavior = try operation.requiredValue()
        case "/connectionType": integration.connectionType = try operation.requiredValue()
        case "/connectionId": integration.connectionId = removes ? nil : operation.value.nonEmptyText
        case "/credentials": integration.credentials = removes ? nil : operation.value.nonEmptyText
        case "/contentHandling": integration.contentHandling = removes ? nil : operation.value.nonEmptyText
        case "/cacheNamespace": integration.cacheNamespace = try operation.requiredValue()
        default:
            integration.tlsConfig = removes ? nil : TlsConfig(insecureSkipVerification: try operation.boolValue())
        }
    }

    private var unsupportedOperation: GatewayError {
        .badRequest("Invalid patch path  '\(operation.path)' specified for op '\(operation.op)'. Please choose supported operations")
    }

    /// The map- and list-valued fields, by path prefix.
    private enum Entry: String, CaseIterable {
        case requestParameter = "/requestParameters/"
        case requestTemplate = "/requestTemplates/"
        case cacheKeyParameter = "/cacheKeyParameters/"
    }

    private func apply(_ entry: Entry, key: String, to integration: inout Integration) throws {
        let allowed = entry == .cacheKeyParameter ? ["add", "remove"] : ["add", "replace", "remove"]
        guard allowed.contains(operation.op) else { throw unsupportedOperation }
        let value = operation.op == "remove" || entry == .cacheKeyParameter ? nil : try operation.requiredValue()
        switch entry {
        case .requestParameter:
            var parameters = integration.requestParameters ?? [:]
            parameters[key] = value
            integration.requestParameters = parameters.isEmpty ? nil : parameters
        case .requestTemplate:
            var templates = integration.requestTemplates ?? [:]
            templates[key] = value
            integration.requestTemplates = templates.isEmpty ? nil : templates
        case .cacheKeyParameter:
            var parameters = integration.cacheKeyParameters ?? []
            parameters.removeAll { $0 == key }
            if operation.op == "add" { parameters.append(key) }
            integration.cacheKeyParameters = parameters
        }
    }
}
