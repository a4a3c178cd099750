/// One `UpdateIntegrationResponse` patch operation: `replace` on `/selectionPattern`,
/// `replace`/`remove` on `/contentHandling`, `add`/`replace`/`remove` on
/// `/responseParameters/{name}` and `/responseTemplates/{contentType}` (`~1` escapes `/`).
struct IntegrationResponsePatch {
    let operation: PatchOperation

    static let paths = ["/selectionPattern", "/contentHandling", "/responseParameters/{name}", "/responseTemplates/{contentType}"]

    func apply(to response: inout IntegrationResponse) throws {
        let path = operation.path
        let unsupported = GatewayError.badRequest(
            "Invalid patch path  '\(path)' specified for op '\(operation.op)'. Please choose supported operations"
        )
        for prefix in ["/responseParameters/", "/responseTemplates/"] where path.hasPrefix(prefix) && path.count > prefix.count {
            guard ["add", "replace", "remove"].contains(operation.op) else { throw unsupported }
            let key = PatchOperation.unescapedPathSegment(path.dropFirst(prefix.count))
            let value = operation.op == "remove" ? nil : try operation.requiredValue()
            if prefix == "/responseParameters/" {
                var parameters = response.responseParameters ?? [:]
                parameters[key] = value
                response.responseParameters = parameters.isEmpty ? nil : parameters
            } else {
                var templates = response.responseTemplates ?? [:]
                templates[key] = value
                response.responseTemplates = templates.isEmpty ? nil : templates
            }
            return
        }
        switch (path, operation.op) {
        case ("/selectionPattern", "replace"):
            response.selectionPattern = operation.value
        case ("/contentHandling", "replace"), ("/contentHandling", "remove"):
            response.contentHandling = operation.op == "remove" ? nil : operation.value.nonEmptyText
            try Configuration.validateContentHandling(response.contentHandling, input: "updateIntegrationResponseInput")
        case ("/selectionPattern", _), ("/contentHandling", _):
            throw unsupported
        default:
            throw operation.invalidPath(mustBeOneOf: Self.paths)
        }
    }
}
