/// One `UpdateGatewayResponse` patch operation with AWS's paths: `replace /statusCode`;
/// `add`, `replace` or `remove` on `/responseParameters/{name}` and `/responseTemplates/{contentType}`
/// (`~1` escapes `/`). Replacing an entry that is not there is AWS's 404.
struct GatewayResponsePatch {
    let operation: PatchOperation

    func apply(to response: inout GatewayResponse) throws {
        let path = operation.path
        let invalid = GatewayError.badRequest("Invalid patch path \(path)")
        if path == "/statusCode" {
            guard operation.op == "replace" else { throw invalid }
            let status = try operation.requiredValue()
            try Configuration.validateStatusCode(status)
            response.statusCode = status
            return
        }
        let field = ["responseParameters", "responseTemplates"].first { path.hasPrefix("/\($0)/") && path.count > $0.count + 2 }
        guard let field else { throw invalid }
        guard ["add", "replace", "remove"].contains(operation.op) else {
            throw GatewayError.badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'")
        }
        let key = PatchOperation.unescapedPathSegment(path.dropFirst(field.count + 2))
        var entries = (field == "responseParameters" ? response.responseParameters : response.responseTemplates) ?? [:]
        if operation.op == "replace", entries[key] == nil {
            throw GatewayError.notFound("Invalid parameter name specified")
        }
        if operation.op == "remove" {
            entries[key] = nil
        } else {
            guard let value = operation.value else {
                throw GatewayError.badRequest("Invalid null or empty value in \(field)")
            }
            entries[key] = value
        }
        if field == "responseParameters" { response.responseParameters = entries } else { response.responseTemplates = entries }
    }
}
