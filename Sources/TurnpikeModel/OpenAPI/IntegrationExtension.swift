/// `x-amazon-apigateway-integration`, both ways: read into the inputs of `PutIntegration` and
/// `PutIntegrationResponse`, and written from a stored ``Integration``.
///
/// Its `responses` are keyed by selection pattern (`default` for none), each naming the status code.
public enum IntegrationExtension {
    static let knownFields: Set<String> = [
        "type", "httpMethod", "uri", "connectionType", "connectionId", "credentials", "requestParameters", "requestTemplates",
        "passthroughBehavior", "contentHandling", "timeoutInMillis", "cacheNamespace", "cacheKeyParameters", "responses", "tlsConfig",
    ]
    static let knownResponseFields: Set<String> = ["statusCode", "responseParameters", "responseTemplates", "contentHandling"]

    /// What an extension says, with the names of the fields Turnpike ignored.
    public struct Read: Sendable {
        public var integration: PutIntegrationInput
        public var responses: [(statusCode: String, input: PutIntegrationResponseInput)]
        public var ignored: [String]
    }

    /// Reads the extension; throws a 400 whose message says what is wrong with it.
    public static func read(_ node: OpenAPINode) throws -> Read {
        guard let members = node.members else { throw GatewayError.badRequest("the integration must be an object") }
        guard let type = node["type"]?.text?.uppercased() else { throw GatewayError.badRequest("Missing integration type") }
        var input = PutIntegrationInput(type: type)
        input.httpMethod = node["httpMethod"]?.text?.uppercased()
        input.uri = node["uri"]?.text
        input.connectionType = node["connectionType"]?.text?.uppercased()
        input.connectionId = node["connectionId"]?.text
        input.credentials = node["credentials"]?.text
        input.requestParameters = try map(node["requestParameters"], "requestParameters")
        input.requestTemplates = try map(node["requestTemplates"], "requestTemplates")
        input.passthroughBehavior = node["passthroughBehavior"]?.text?.uppercased()
        input.contentHandling = node["contentHandling"]?.text?.uppercased()
        if let timeout = node["timeoutInMillis"] {
            guard let value = timeout.integer else { throw GatewayError.badRequest("timeoutInMillis must be an integer") }
            input.timeoutInMillis = value
        }
        input.cacheNamespace = node["cacheNamespace"]?.text
        input.cacheKeyParameters = node["cacheKeyParameters"]?.stringList
        if let skip = node["tlsConfig"]?["insecureSkipVerification"]?.bool {
            input.tlsConfig = TlsConfig(insecureSkipVerification: skip)
        }
        var ignored = members.map(\.0).filter { !knownFields.contains($0) }
        var responses: [(statusCode: String, input: PutIntegrationResponseInput)] = []
        for (pattern, response) in node["responses"]?.members ?? [] {
            guard let statusCode = response["statusCode"]?.text else {
                throw GatewayError.badRequest("the integration response '\(pattern)' has no statusCode")
            }
            try Configuration.validateStatusCode(statusCode)
            var put = PutIntegrationResponseInput(
                selectionPattern: pattern == "default" ? nil : pattern,
                responseParameters: try map(response["responseParameters"], "responseParameters"),
                responseTemplates: try map(response["responseTemplates"], "responseTemplates")
            )
            put.contentHandling = response["contentHandling"]?.text?.uppercased()
            ignored += (response.members ?? []).map(\.0).filter { !knownResponseFields.contains($0) }.map { "responses.\(pattern).\($0)" }
            responses.removeAll { $0.statusCode == statusCode }
            responses.append((statusCode, put))
        }
        return Read(integration: input, responses: responses, ignored: ignored)
    }

    private static func map(_ node: OpenAPINode?, _ name: String) throws -> [String: String]? {
        guard let node else { return nil }
        guard let map = node.stringMap else { throw GatewayError.badRequest("\(name) must map names to strings") }
        return map
    }

    /// The extension for a stored integration; `resourceId` is left out where it was the default
    /// `cacheNamespace`, so a re-import gives the same configuration.
    public static func node(_ integration: Integration, resourceId: String) -> OpenAPINode {
        var responses: [(String, OpenAPINode)] = []
        for (statusCode, response) in (integration.integrationResponses ?? [:]).sorted(by: { $0.key < $1.key }) {
            responses.append((response.selectionPattern ?? "default", .members([
                ("statusCode", .string(statusCode)),
                ("responseParameters", .map(response.responseParameters)),
                ("responseTemplates", .map(response.responseTemplates)),
                ("contentHandling", response.contentHandling.map(OpenAPINode.string)),
            ])))
        }
        let cacheKeys = integration.cacheKeyParameters ?? []
        return .members([
            ("type", .string(integration.type.lowercased())),
            ("httpMethod", integration.httpMethod.map(OpenAPINode.string)),
            ("uri", integration.uri.map(OpenAPINode.string)),
            ("connectionType", integration.connectionType.flatMap { $0 == "INTERNET" ? nil : .string($0) }),
            ("connectionId", integration.connectionId.map(OpenAPINode.string)),
            ("credentials", integration.credentials.map(OpenAPINode.string)),
            ("requestParameters", .map(integration.requestParameters)),
            ("requestTemplates", .map(integration.requestTemplates)),
            ("passthroughBehavior", integration.passthroughBehavior.map { .string($0.lowercased()) }),
            ("contentHandling", integration.contentHandling.map(OpenAPINode.string)),
            ("timeoutInMillis", integration.timeoutInMillis.map(OpenAPINode.integer)),
            ("cacheNamespace", integration.cacheNamespace.flatMap { $0 == resourceId ? nil : .string($0) }),
            ("cacheKeyParameters", cacheKeys.isEmpty ? nil : .array(cacheKeys.map(OpenAPINode.string))),
            ("tlsConfig", integration.tlsConfig?.insecureSkipVerification.map { .members([("insecureSkipVerification", .bool($0))]) }),
            ("responses", responses.isEmpty ? nil : .object(responses)),
        ])
    }
}
