import Foundation

extension OpenAPIReader {
    /// The parameter locations API Gateway maps, by OpenAPI's `in`.
    static let parameterSources = ["path": "path", "query": "querystring", "header": "header"]

    mutating func readOperation(_ node: OpenAPINode, path: String, httpMethod: String, sharedParameters: [OpenAPINode]) {
        let location = "paths.'\(path)'(\(httpMethod.lowercased()))"
        guard node.members != nil else {
            errors.append("Invalid operation at \(location): must be an object")
            return
        }
        var method = PutMethodInput(authorizationType: "NONE")
        method.operationName = node["operationId"]?.text
        method.requestParameters = requestParameters(sharedParameters + (node["parameters"]?.elements ?? []), at: location)
        method.requestModels = requestModels(node, sharedParameters: sharedParameters, at: location)
        let security = readSecurity(node["security"] ?? root["security"], at: location)
        method.apiKeyRequired = security.apiKey
        if let authorizer = security.authorizer {
            method.authorizationType = authorizerSchemes[authorizer]
            method.authorizerId = authorizer
        }
        method.requestValidatorId = node["x-amazon-apigateway-request-validator"]?.text ?? defaultValidator
        if let validator = method.requestValidatorId, !definition.requestValidators.contains(where: { $0.name == validator }) {
            errors.append("Invalid request validator '\(validator)' at \(location): not in x-amazon-apigateway-request-validators")
        }
        if let auth = node["x-amazon-apigateway-auth"], auth["type"]?.text?.lowercased() != "none" {
            errors.append("Unable to import \(location): Turnpike does not run x-amazon-apigateway-auth of type \(auth["type"]?.text ?? "unknown")")
        }
        for (key, _) in node.members ?? [] where key.hasPrefix("x-amazon-apigateway-")
            && !["x-amazon-apigateway-integration", "x-amazon-apigateway-auth", "x-amazon-apigateway-request-validator"].contains(key) {
            definition.warnings.append("Ignored \(location).\(key): Turnpike does not keep it")
        }
        var operation = OpenAPIDefinition.Operation(
            path: path, httpMethod: httpMethod, method: method, methodResponses: methodResponses(node["responses"], produces: node["produces"]?.stringList, at: location),
            integration: nil, integrationResponses: []
        )
        if let integration = node["x-amazon-apigateway-integration"] {
            do {
                let read = try IntegrationExtension.read(integration)
                operation.integration = read.integration
                operation.integrationResponses = read.responses
                definition.warnings += read.ignored.map { "Ignored \(location).x-amazon-apigateway-integration.\($0)" }
            } catch let error as GatewayError {
                errors.append("Unable to put integration on '\(httpMethod)' for resource at path '\(path)': \(error.message)")
            } catch {
                errors.append("Unable to put integration on '\(httpMethod)' for resource at path '\(path)'")
            }
        }
        definition.operations.append(operation)
    }

    /// `method.request.{source}.{name}` → required, from the path item's and the operation's parameters.
    mutating func requestParameters(_ parameters: [OpenAPINode], at location: String) -> [String: Bool]? {
        var result: [String: Bool] = [:]
        for parameter in parameters {
            guard let resolved = resolve(parameter), let name = resolved["name"]?.text, let place = resolved["in"]?.text else {
                errors.append("Invalid parameter at \(location): a parameter needs 'name' and 'in'")
                continue
            }
            guard let source = Self.parameterSources[place] else {
                if place != "body" && place != "formData" {
                    definition.warnings.append("Ignored the \(place) parameter '\(name)' at \(location): API Gateway does not map it")
                }
                continue
            }
            result["method.request.\(source).\(name)"] = place == "path" ? true : (resolved["required"]?.bool ?? false)
        }
        return result.isEmpty ? nil : result
    }

    /// Follows a local `$ref` (`#/parameters/x`, `#/components/parameters/x`), at most a few times.
    func resolve(_ node: OpenAPINode) -> OpenAPINode? {
        var current = node
        for _ in 0..<8 {
            guard let reference = current["$ref"]?.text else { return current }
            guard reference.hasPrefix("#/") else { return nil }
            var target: OpenAPINode? = root
            for part in reference.dropFirst(2).split(separator: "/") {
                let name = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                target = target?[name]
            }
            guard let target else { return nil }
            current = target
        }
        return nil
    }

    /// What a security requirement asks: an API key when every alternative names an `api_key`
    /// scheme, and the authorizer scheme the alternatives name (one at most). A scheme Turnpike cannot
    /// store (IAM, OAuth) is an error: the method is refused rather than imported open.
    mutating func readSecurity(_ security: OpenAPINode?, at location: String) -> (apiKey: Bool, authorizer: String?) {
        guard let security else { return (false, nil) }
        guard let alternatives = security.elements else {
            errors.append("Invalid security at \(location): must be a list of requirements")
            return (false, nil)
        }
        var anonymous = alternatives.isEmpty
        var key = false
        var authorizers: Set<String> = []
        for alternative in alternatives {
            let names = alternative.members?.map(\.0) ?? []
            if names.isEmpty { anonymous = true }
            for name in names {
                if apiKeySchemes.contains(name) {
                    key = true
                } else if authorizerSchemes[name] != nil {
                    authorizers.insert(name)
                } else if otherSchemes.contains(name) {
                    errors.append("Unable to import \(location): Turnpike does not run the authorization of security scheme '\(name)'")
                } else {
                    errors.append("Invalid security at \(location): undefined security scheme '\(name)'")
                }
            }
        }
        if authorizers.count > 1 {
            errors.append("Unable to import \(location): a method can use one authorizer, not \(authorizers.sorted().joined(separator: ", "))")
        }
        return (key && !anonymous, anonymous ? nil : authorizers.sorted().first)
    }

    /// Method responses by status code; response headers become `method.response.header.{name}`.
    mutating func methodResponses(
        _ responses: OpenAPINode?, produces: [String]?, at location: String
    ) -> [(statusCode: String, input: PutMethodResponseInput)] {
        var result: [(statusCode: String, input: PutMethodResponseInput)] = []
        for (status, response) in responses?.members ?? [] {
            guard (try? Configuration.validateStatusCode(status)) != nil else {
                if status != "default" && !status.hasPrefix("x-") {
                    errors.append("Invalid response status code '\(status)' at \(location)")
                } else if status == "default" {
                    definition.warnings.append("Ignored the default response at \(location): API Gateway needs a status code")
                }
                continue
            }
            let resolved = resolve(response) ?? response
            var parameters: [String: Bool] = [:]
            for (header, _) in resolved["headers"]?.members ?? [] { parameters["method.response.header.\(header)"] = false }
            let models = responseModels(resolved, produces: produces)
            result.append((status, PutMethodResponseInput(responseParameters: parameters.isEmpty ? nil : parameters, responseModels: models)))
        }
        return result
    }
}
