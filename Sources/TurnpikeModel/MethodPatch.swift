/// One `UpdateMethod` patch operation with AWS's paths: `replace` on `/authorizationType`,
/// `/authorizerId`, `/apiKeyRequired`, `/operationName`, `/requestValidatorId`; `add`, `remove` or
/// `replace` on `/requestParameters/{name}` and `/requestModels/{contentType}` (`~1` escapes `/`);
/// `add` or `remove` on `/authorizationScopes`.
struct MethodPatch {
    let operation: PatchOperation

    static let replaceOnly = ["/authorizationType", "/authorizerId", "/apiKeyRequired", "/operationName", "/requestValidatorId"]

    func apply(to method: inout Method) throws {
        let path = operation.path
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let known = Self.replaceOnly + ["/authorizationScopes"]
        guard segments.count <= 3,
              known.contains(path) || path.hasPrefix("/requestParameters/") || path.hasPrefix("/requestModels/") else {
            throw GatewayError.badRequest("Invalid patch path \(path)")
        }
        if Self.replaceOnly.contains(path) {
            guard operation.op == "replace" else {
                throw GatewayError.badRequest("Invalid patch operation specified. Must be one of: [replace]")
            }
            return try replace(path, on: &method)
        }
        guard ["add", "remove", "replace"].contains(operation.op), path != "/authorizationScopes" || operation.op != "replace" else {
            throw GatewayError.badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'")
        }
        let key = PatchOperation.unescapedPathSegment(segments.count == 3 ? segments[2] : "")
        switch segments[1] {
        case "requestParameters":
            var parameters = method.requestParameters ?? [:]
            parameters[key] = operation.op == "remove" ? nil : operation.value?.lowercased() == "true"
            try Configuration.validateRequestParameters(parameters)
            method.requestParameters = parameters.isEmpty ? nil : parameters
        case "requestModels":
            var models = method.requestModels ?? [:]
            models[key] = operation.op == "remove" ? nil : try operation.requiredValue()
            method.requestModels = models.isEmpty ? nil : models
        default:
            var scopes = method.authorizationScopes ?? []
            if operation.op == "add" {
                scopes.append(try operation.requiredValue())
            } else {
                scopes.removeAll { operation.value == nil || $0 == operation.value }
            }
            method.authorizationScopes = scopes.isEmpty ? nil : scopes
        }
    }

    private func replace(_ path: String, on method: inout Method) throws {
        switch path {
        case "/authorizationType":
            let type = try operation.requiredValue().uppercased()
            try Configuration.validateAuthorization(type)
            method.authorizationType = type
        case "/authorizerId":
            // Checked with the API's authorizers once every operation is applied; AWS ignores it for `NONE`.
            method.authorizerId = operation.value.nonEmptyText
        case "/apiKeyRequired":
            method.apiKeyRequired = operation.value?.lowercased() == "true"
        case "/operationName":
            method.operationName = operation.value.nonEmptyText
        default:
            method.requestValidatorId = operation.value.nonEmptyText
        }
    }
}
