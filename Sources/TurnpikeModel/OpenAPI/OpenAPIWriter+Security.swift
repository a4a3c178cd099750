extension OpenAPIWriter {
    /// `api_key` when a method needs a key, and one scheme per authorizer of the API, with
    /// `x-amazon-apigateway-authorizer` (and `-authtype` when one was given).
    func securitySchemes() -> [(String, OpenAPINode)] {
        var schemes: [(String, OpenAPINode)] = []
        if resources.values.contains(where: { $0.resourceMethods?.values.contains(where: \.apiKeyRequired) == true }) {
            schemes.append(("api_key", .members([("type", .string("apiKey")), ("name", .string("x-api-key")), ("in", .string("header"))])))
        }
        for authorizer in (document.authorizers ?? [:]).values.sorted(by: { $0.name < $1.name }) {
            let header = authorizer.identitySource.flatMap { source in
                source.hasPrefix("method.request.header.") ? String(source.dropFirst("method.request.header.".count)) : nil
            }
            schemes.append((authorizer.name, .members([
                ("type", .string("apiKey")), ("name", .string(header ?? "Unused")), ("in", .string("header")),
                ("x-amazon-apigateway-authtype", authorizer.authType.map(OpenAPINode.string)),
                ("x-amazon-apigateway-authorizer", .members([
                    ("type", .string(authorizer.type.lowercased())),
                    ("authorizerUri", authorizer.authorizerUri.map(OpenAPINode.string)),
                    ("authorizerCredentials", authorizer.authorizerCredentials.map(OpenAPINode.string)),
                    ("identitySource", authorizer.identitySource.map(OpenAPINode.string)),
                    ("identityValidationExpression", authorizer.identityValidationExpression.map(OpenAPINode.string)),
                    ("authorizerResultTtlInSeconds", authorizer.authorizerResultTtlInSeconds.map(OpenAPINode.integer)),
                    ("providerARNs", authorizer.providerARNs.map { .array($0.map(OpenAPINode.string)) }),
                ])),
            ])))
        }
        return schemes
    }

    /// One requirement naming `api_key` and the method's authorizer, as the method needs them.
    func security(of method: Method) -> OpenAPINode? {
        var requirement: [(String, OpenAPINode)] = []
        if method.apiKeyRequired { requirement.append(("api_key", .array([]))) }
        if method.authorizationType != "NONE", let authorizer = method.authorizerId.flatMap({ document.authorizers?[$0] }) {
            requirement.append((authorizer.name, .array([])))
        }
        return requirement.isEmpty ? nil : .array([.object(requirement)])
    }

    /// The name a method's request validator is exported under (its id when it has no name).
    func validatorName(of method: Method) -> String? {
        method.requestValidatorId.flatMap { id in document.requestValidators?[id].map { $0.name ?? id } }
    }

    /// `x-amazon-apigateway-request-validators`, by name.
    func requestValidators() -> OpenAPINode? {
        let validators = (document.requestValidators ?? [:]).values.sorted { ($0.name ?? $0.id) < ($1.name ?? $1.id) }
        guard !validators.isEmpty else { return nil }
        return .object(validators.map { validator in
            (validator.name ?? validator.id, .members([
                ("validateRequestBody", .bool(validator.validateRequestBody)),
                ("validateRequestParameters", .bool(validator.validateRequestParameters)),
            ]))
        })
    }
}
