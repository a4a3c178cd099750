/// One `UpdateMethodResponse` patch operation with AWS's paths: `add`, `replace` or `remove` on
/// `/responseParameters/{name}` (value `true`/`false`) and `/responseModels/{contentType}`
/// (`~1` escapes `/`). Replacing or removing an entry that is not there is AWS's 404.
struct MethodResponsePatch {
    let operation: PatchOperation

    func apply(to response: inout MethodResponse) throws {
        let segments = operation.path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 3, ["responseParameters", "responseModels"].contains(segments[1]), !segments[2].isEmpty else {
            throw GatewayError.badRequest("Invalid patch path \(operation.path)")
        }
        guard ["add", "remove", "replace"].contains(operation.op) else {
            throw GatewayError.badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'")
        }
        let key = PatchOperation.unescapedPathSegment(segments[2])
        if segments[1] == "responseParameters" {
            var parameters = response.responseParameters ?? [:]
            guard operation.op == "add" || parameters[key] != nil else {
                throw GatewayError.notFound("Invalid parameter name specified")
            }
            parameters[key] = operation.op == "remove" ? nil : operation.value?.lowercased() == "true"
            response.responseParameters = parameters.isEmpty ? nil : parameters
        } else {
            var models = response.responseModels ?? [:]
            guard operation.op == "add" || models[key] != nil else {
                throw GatewayError.notFound("Content-Type specified was not found")
            }
            models[key] = operation.op == "remove" ? nil : try operation.requiredValue()
            response.responseModels = models.isEmpty ? nil : models
        }
    }
}
