import Foundation

/// One `UpdateRestApi` patch operation, applied with AWS's paths and refusals: `replace` on
/// `/name`, `/description`, `/apiKeySource`, `/policy`, `/disableExecuteApiEndpoint`,
/// `/minimumCompressionSize`, `/endpointConfiguration/ipAddressType` and
/// `/endpointConfiguration/types/{type}` (value: the new type); `add`, `remove` or `replace` on
/// `/binaryMediaTypes/{mediaType}` (`~1` escapes `/`; `replace` moves the new value to the end, as AWS does).
struct RestApiPatch {
    let operation: PatchOperation

    static let paths = [
        "/name", "/description", "/apiKeySource", "/policy", "/disableExecuteApiEndpoint", "/minimumCompressionSize",
        "/binaryMediaTypes/{mediaType}", "/endpointConfiguration/types/{type}", "/endpointConfiguration/ipAddressType",
    ]

    func apply(to api: inout RestApi) throws {
        let path = operation.path
        if path == "/binaryMediaTypes" { throw GatewayError.badRequest("Invalid patch path \(path)") }
        if path.hasPrefix("/binaryMediaTypes/") { return try applyMediaType(to: &api) }
        if path.hasPrefix("/endpointConfiguration/types/") { return try applyEndpointType(to: &api) }
        guard Self.paths.contains(path) else { throw operation.invalidPath(mustBeOneOf: Self.paths) }
        let removes = operation.op == "remove" && ["/description", "/policy"].contains(path)
        guard operation.op == "replace" || removes else {
            throw GatewayError.badRequest("Invalid patch operation specified. Must be one of: [replace]")
        }
        switch path {
        case "/name":
            guard let name = operation.value, !name.isEmpty else {
                throw GatewayError.badRequest("Invalid REST API name specified: the name must not be empty")
            }
            api.name = name
        case "/description":
            api.description = removes ? nil : operation.value.nonEmptyText
        case "/policy":
            api.policy = removes ? nil : operation.value.nonEmptyText
        case "/apiKeySource":
            let source = try operation.requiredValue()
            guard Configuration.apiKeySources.contains(source) else {
                throw GatewayError.badRequest("Invalid ApiKeySourceType specified. Valid options are HEADER,AUTHORIZER")
            }
            api.apiKeySource = source
        case "/disableExecuteApiEndpoint":
            api.disableExecuteApiEndpoint = try operation.boolValue()
        case "/minimumCompressionSize":
            guard let text = operation.value.nonEmptyText else {
                api.minimumCompressionSize = nil
                return
            }
            guard let size = Int(text) else {
                throw GatewayError.badRequest("Invalid minimum compression size, must be between 0 and 10485760")
            }
            try Configuration.validateCompressionSize(size)
            api.minimumCompressionSize = size
        default:
            let type = try operation.requiredValue()
            guard ["ipv4", "dualstack"].contains(type) else {
                throw GatewayError.badRequest("ipAddressType must be either ipv4 or dualstack.")
            }
            api.endpointConfiguration.ipAddressType = type
        }
    }

    private func applyMediaType(to api: inout RestApi) throws {
        let mediaType = PatchOperation.unescapedPathSegment(operation.path.dropFirst("/binaryMediaTypes/".count))
        var types = api.binaryMediaTypes ?? []
        switch operation.op {
        case "add":
            if !types.contains(mediaType) { types.append(mediaType) }
        case "remove":
            types.removeAll { $0 == mediaType }
        case "replace":
            let replacement = try operation.requiredValue()
            types.removeAll { $0 == mediaType || $0 == replacement }
            types.append(replacement)
        default:
            throw GatewayError.badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'")
        }
        api.binaryMediaTypes = types.isEmpty ? nil : types
    }

    private func applyEndpointType(to api: inout RestApi) throws {
        guard operation.op == "replace" else {
            throw GatewayError.badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'")
        }
        let type = try operation.requiredValue()
        guard Configuration.endpointTypes.contains(type) else {
            throw GatewayError.badRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE")
        }
        api.endpointConfiguration.types = [type]
        if type == "PRIVATE" { api.endpointConfiguration.ipAddressType = "dualstack" }
    }
}

extension PatchOperation {
    /// A path segment with JSON-pointer escapes undone: `~1` is `/`, `~0` is `~`.
    static func unescapedPathSegment(_ segment: Substring) -> String {
        segment.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}
