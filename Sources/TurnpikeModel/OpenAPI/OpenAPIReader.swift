import Foundation

/// Reads an OpenAPI 3.0 or Swagger 2.0 document into an ``OpenAPIDefinition``, with AWS's
/// extensions. What the gateway does not keep becomes a warning; what it cannot honour safely (a
/// method guarded by an authorizer or IAM, a malformed extension) is an error, so an import never
/// leaves a method open that the document protects.
public struct OpenAPIReader {
    let root: OpenAPINode
    let isSwagger: Bool
    var definition = OpenAPIDefinition()
    var errors: [String] = []
    /// Security schemes that are API keys in `x-api-key` (AWS's `api_key`).
    var apiKeySchemes: Set<String> = []
    /// Schemes that declare an `x-amazon-apigateway-authorizer`, with the kind of method authorization they give.
    var authorizerSchemes: [String: String] = [:]
    /// Every other declared scheme (IAM, OAuth, other API key names).
    var otherSchemes: Set<String> = []
    /// The API's default request validator (`x-amazon-apigateway-request-validator` at the top).
    var defaultValidator: String?

    /// The HTTP methods an OpenAPI path item may hold, as API Gateway names them.
    static let operationKeys = ["get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE", "options": "OPTIONS",
                                "head": "HEAD", "patch": "PATCH", "x-amazon-apigateway-any-method": "ANY"]
    static let handledExtensions: Set<String> = [
        "x-amazon-apigateway-api-key-source", "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-gateway-responses",
        "x-amazon-apigateway-endpoint-configuration", "x-amazon-apigateway-policy", "x-amazon-apigateway-minimum-compression-size",
        "x-amazon-apigateway-request-validators", "x-amazon-apigateway-request-validator",
    ]

    /// Reads a parsed document; throws AWS's 400 `Errors found during import` for what cannot be imported.
    public static func read(_ root: OpenAPINode) throws -> OpenAPIDefinition {
        guard root.members != nil else { throw GatewayError.badRequest("Invalid OpenAPI input: the definition is not an object") }
        let isSwagger: Bool
        if let swagger = root["swagger"]?.text {
            guard swagger.hasPrefix("2") else { throw GatewayError.badRequest("Invalid OpenAPI input: unsupported Swagger version \(swagger)") }
            isSwagger = true
        } else if let openapi = root["openapi"]?.text {
            guard openapi.hasPrefix("3.") else { throw GatewayError.badRequest("Invalid OpenAPI input: unsupported OpenAPI version \(openapi)") }
            isSwagger = false
        } else {
            throw GatewayError.badRequest("Invalid OpenAPI input: the definition names neither 'swagger: \"2.0\"' nor 'openapi: \"3.0.x\"'")
        }
        var reader = OpenAPIReader(root: root, isSwagger: isSwagger)
        reader.readInfo()
        reader.readSecuritySchemes()
        reader.readExtensions()
        reader.readPaths()
        guard reader.errors.isEmpty else {
            throw GatewayError.badRequest("Errors found during import:\n\t" + reader.errors.joined(separator: "\n\t"))
        }
        return reader.definition
    }

    mutating func readInfo() {
        guard let info = root["info"], info.members != nil else {
            errors.append("Invalid OpenAPI input: the definition has no 'info' object")
            return
        }
        definition.title = info["title"]?.text.nonEmptyText
        definition.description = info["description"]?.text.nonEmptyText
        definition.version = info["version"]?.text.nonEmptyText
        if isSwagger {
            definition.basePath = root["basePath"]?.text
        } else if let url = root["servers"]?.elements?.first?["url"]?.text {
            definition.basePath = Self.serverPath(url, variables: root["servers"]?.elements?.first?["variables"])
        }
        readModels()
    }

    /// The path of a server URL (`https://host/{basePath}` with the variable's default), or nil for none.
    static func serverPath(_ url: String, variables: OpenAPINode?) -> String? {
        var resolved = url
        for (name, variable) in variables?.members ?? [] {
            resolved = resolved.replacingOccurrences(of: "{\(name)}", with: variable["default"]?.text ?? "")
        }
        var rest = Substring(resolved)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            rest = rest[slash...]
        }
        let path = rest.split(separator: "/").joined(separator: "/")
        return path.isEmpty ? nil : "/" + path
    }

    mutating func readSecuritySchemes() {
        let schemes = isSwagger ? root["securityDefinitions"] : root["components"]?["securitySchemes"]
        for (name, scheme) in schemes?.members ?? [] {
            let isApiKey = scheme["type"]?.text == "apiKey" && scheme["in"]?.text == "header"
                && scheme["name"]?.text?.lowercased() == "x-api-key" && scheme["x-amazon-apigateway-authorizer"] == nil
                && scheme["x-amazon-apigateway-authtype"] == nil
            if isApiKey {
                apiKeySchemes.insert(name)
            } else if let authorizer = scheme["x-amazon-apigateway-authorizer"] {
                readAuthorizer(authorizer, scheme: scheme, name: name)
            } else {
                otherSchemes.insert(name)
                definition.warnings.append("Ignored the security scheme '\(name)': Turnpike runs no IAM or OAuth authorization")
            }
        }
    }

    mutating func readExtensions() {
        for (name, value) in root.members ?? [] where name.hasPrefix("x-amazon-apigateway-") {
            switch name {
            case "x-amazon-apigateway-api-key-source":
                guard let source = value.text?.uppercased(), Configuration.apiKeySources.contains(source) else {
                    errors.append("Invalid x-amazon-apigateway-api-key-source: must be HEADER or AUTHORIZER")
                    continue
                }
                definition.apiKeySource = source
            case "x-amazon-apigateway-binary-media-types":
                guard let types = value.stringList else { errors.append("Invalid x-amazon-apigateway-binary-media-types: must be a list of strings"); continue }
                definition.binaryMediaTypes = types
            case "x-amazon-apigateway-minimum-compression-size":
                guard let size = value.integer else { errors.append("Invalid x-amazon-apigateway-minimum-compression-size: must be an integer"); continue }
                definition.minimumCompressionSize = size
            case "x-amazon-apigateway-policy":
                switch value {
                case .string(let text): definition.policy = text.isEmpty ? nil : text
                case .object: definition.policy = value.sortedMembers().compactJSONText()
                default: errors.append("Invalid x-amazon-apigateway-policy: must be a policy document")
                }
            case "x-amazon-apigateway-endpoint-configuration":
                guard value.members != nil else { errors.append("Invalid x-amazon-apigateway-endpoint-configuration: must be an object"); continue }
                definition.vpcEndpointIds = value["vpcEndpointIds"]?.stringList
                definition.disableExecuteApiEndpoint = value["disableExecuteApiEndpoint"]?.bool
            case "x-amazon-apigateway-gateway-responses":
                readGatewayResponses(value)
            case "x-amazon-apigateway-request-validators":
                for (validator, settings) in value.members ?? [] {
                    definition.requestValidators.append((validator, CreateRequestValidatorInput(
                        name: validator, validateRequestBody: settings["validateRequestBody"]?.bool,
                        validateRequestParameters: settings["validateRequestParameters"]?.bool)))
                }
            case "x-amazon-apigateway-request-validator":
                defaultValidator = value.text
            default:
                definition.warnings.append("Ignored the extension \(name): Turnpike does not keep it")
            }
        }
    }

    /// An `x-amazon-apigateway-authorizer`: stored as an authorizer named after its scheme (Turnpike
    /// does not run it: methods that use it fail closed). A TOKEN authorizer's identity source
    /// defaults to the scheme's header.
    mutating func readAuthorizer(_ node: OpenAPINode, scheme: OpenAPINode, name: String) {
        let type = node["type"]?.text?.uppercased() ?? "TOKEN"
        var input = CreateAuthorizerInput(
            name: name, type: type, authorizerUri: node["authorizerUri"]?.text,
            identitySource: node["identitySource"]?.text ?? scheme["name"]?.text.map { "method.request.header.\($0)" },
            providerARNs: node["providerARNs"]?.stringList
        )
        input.authorizerCredentials = node["authorizerCredentials"]?.text
        input.identityValidationExpression = node["identityValidationExpression"]?.text
        input.authorizerResultTtlInSeconds = node["authorizerResultTtlInSeconds"]?.integer
        input.authType = scheme["x-amazon-apigateway-authtype"]?.text
        definition.authorizers.append((name, input))
        authorizerSchemes[name] = type == "COGNITO_USER_POOLS" ? "COGNITO_USER_POOLS" : "CUSTOM"
    }

    mutating func readGatewayResponses(_ node: OpenAPINode) {
        guard let members = node.members else {
            errors.append("Invalid x-amazon-apigateway-gateway-responses: must be an object")
            return
        }
        for (type, response) in members {
            guard GatewayResponse.types.contains(type) else {
                errors.append("Invalid gateway response type '\(type)' in x-amazon-apigateway-gateway-responses")
                continue
            }
            definition.gatewayResponses.append((type, PutGatewayResponseInput(
                statusCode: response["statusCode"]?.text, responseParameters: response["responseParameters"]?.stringMap,
                responseTemplates: response["responseTemplates"]?.stringMap
            )))
        }
    }

    mutating func readPaths() {
        guard let paths = root["paths"] else { return }
        guard let members = paths.members else {
            errors.append("Invalid OpenAPI input: 'paths' is not an object")
            return
        }
        for (path, item) in members {
            guard path.hasPrefix("/") else {
                errors.append("Invalid path '\(path)': a path must begin with '/'")
                continue
            }
            guard let entries = item.members else {
                errors.append("Invalid path item for '\(path)': must be an object")
                continue
            }
            let shared = item["parameters"]?.elements ?? []
            var found = false
            for (key, operation) in entries {
                if let httpMethod = Self.operationKeys[key] {
                    found = true
                    readOperation(operation, path: path, httpMethod: httpMethod, sharedParameters: shared)
                } else if key == "trace" || key == "$ref" || key.hasPrefix("x-amazon-apigateway-") {
                    definition.warnings.append("Ignored paths.'\(path)'.\(key): API Gateway does not support it")
                }
            }
            if !found { definition.emptyPaths.append(path) }
        }
    }
}
