extension Configuration {
    static let unknownAuthorizer = GatewayError.notFound("Invalid authorizer identifier specified")

    /// `GetAuthorizer`.
    public func authorizer(apiId: String, id: String) throws -> Authorizer {
        guard let authorizer = try restApiDocument(apiId).authorizers?[id] else { throw Self.unknownAuthorizer }
        return authorizer
    }

    /// `GetAuthorizers`, by name.
    public func authorizers(apiId: String) throws -> [Authorizer] {
        try (restApiDocument(apiId).authorizers ?? [:]).values.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    /// `CreateAuthorizer`: stored, never run (methods that use it fail closed). AWS's default TTL is 300 s.
    public mutating func createAuthorizer(apiId: String, _ input: CreateAuthorizerInput, id: String) throws -> Authorizer {
        guard let name = input.name else { throw GatewayError.mustNotBeNull(at: "createAuthorizerInput.name") }
        guard let type = input.type else { throw GatewayError.mustNotBeNull(at: "createAuthorizerInput.type") }
        guard Authorizer.types.contains(type) else {
            throw GatewayError.enumeration(value: type, at: "createAuthorizerInput.type", allowed: Authorizer.types)
        }
        var authorizer = Authorizer(id: id, name: name, type: type)
        authorizer.providerARNs = (input.providerARNs ?? []).isEmpty ? nil : input.providerARNs
        authorizer.authType = input.authType.nonEmptyText
        authorizer.authorizerUri = input.authorizerUri.nonEmptyText
        authorizer.authorizerCredentials = input.authorizerCredentials.nonEmptyText
        authorizer.identitySource = input.identitySource.nonEmptyText
        authorizer.identityValidationExpression = input.identityValidationExpression.nonEmptyText
        authorizer.authorizerResultTtlInSeconds = input.authorizerResultTtlInSeconds ?? 300
        return try changeDocument(apiId) { document in
            try Self.validateAuthorizer(authorizer, in: document)
            document.authorizers = (document.authorizers ?? [:]).merging([id: authorizer]) { $1 }
            return authorizer
        }
    }

    /// `UpdateAuthorizer`: `replace` on the scalar fields; `add`/`remove` on `/providerARNs` (value the ARN).
    public mutating func updateAuthorizer(apiId: String, id: String, operations: [PatchOperation]) throws -> Authorizer {
        try PatchOperation.validate(operations, input: "updateAuthorizerInput")
        return try changeDocument(apiId) { document in
            guard var authorizer = document.authorizers?[id] else { throw Self.unknownAuthorizer }
            for operation in operations { try Self.patch(&authorizer, operation) }
            try Self.validateAuthorizer(authorizer, in: document)
            document.authorizers?[id] = authorizer
            return authorizer
        }
    }

    /// `DeleteAuthorizer`: refused while a method uses it.
    public mutating func removeAuthorizer(apiId: String, id: String) throws {
        try changeDocument(apiId) { document in
            guard document.authorizers?[id] != nil else { throw Self.unknownAuthorizer }
            if let user = document.methodPaths(where: { $0.authorizerId == id && $0.authorizationType != "NONE" }).first {
                throw GatewayError.conflict("Cannot delete authorizer '\(id)', is referenced in method: \(user)")
            }
            document.authorizers?[id] = nil
        }
    }

    static let authorizerReplaceablePaths = [
        "/name", "/type", "/authType", "/authorizerUri", "/authorizerCredentials", "/identitySource",
        "/identityValidationExpression", "/authorizerResultTtlInSeconds",
    ]

    static func patch(_ authorizer: inout Authorizer, _ operation: PatchOperation) throws {
        if operation.path == "/providerARNs" || operation.path.hasPrefix("/providerARNs/") {
            guard operation.op == "add" || operation.op == "remove" || operation.op == "replace" else {
                throw operation.invalidPath(mustBeOneOf: ["/providerARNs"])
            }
            let arn = operation.path == "/providerARNs" ? try operation.requiredValue()
                : PatchOperation.unescapedPathSegment(operation.path.dropFirst("/providerARNs/".count))
            var arns = authorizer.providerARNs ?? []
            arns.removeAll { $0 == arn }
            if operation.op != "remove" { arns.append(operation.op == "replace" ? try operation.requiredValue() : arn) }
            authorizer.providerARNs = arns.isEmpty ? nil : arns
            return
        }
        guard authorizerReplaceablePaths.contains(operation.path) else {
            throw operation.invalidPath(mustBeOneOf: authorizerReplaceablePaths + ["/providerARNs"])
        }
        guard operation.op == "replace" else {
            throw GatewayError.badRequest("Invalid patch operation specified. Must be one of: [replace]")
        }
        switch operation.path {
        case "/name": authorizer.name = try operation.requiredValue()
        case "/type": authorizer.type = try operation.requiredValue()
        case "/authType": authorizer.authType = operation.value.nonEmptyText
        case "/authorizerUri": authorizer.authorizerUri = operation.value.nonEmptyText
        case "/authorizerCredentials": authorizer.authorizerCredentials = operation.value.nonEmptyText
        case "/identitySource": authorizer.identitySource = operation.value.nonEmptyText
        case "/identityValidationExpression": authorizer.identityValidationExpression = operation.value.nonEmptyText
        default: authorizer.authorizerResultTtlInSeconds = try operation.intValue()
        }
    }

    /// AWS's rules: a unique name; TOKEN and REQUEST need a URI (and TOKEN an identity source);
    /// COGNITO_USER_POOLS needs provider ARNs; the TTL is 0 to 3600 seconds.
    static func validateAuthorizer(_ authorizer: Authorizer, in document: RestApiDocument) throws {
        guard Authorizer.types.contains(authorizer.type) else {
            throw GatewayError.badRequest("Invalid authorizer type specified: \(authorizer.type). Valid options are TOKEN, REQUEST, COGNITO_USER_POOLS")
        }
        if authorizer.name.isEmpty { throw GatewayError.badRequest("Authorizer name must be non-empty") }
        if document.authorizers?.values.contains(where: { $0.name == authorizer.name && $0.id != authorizer.id }) == true {
            throw GatewayError.conflict("Authorizer name already exists for this REST API: \(authorizer.name)")
        }
        if authorizer.type == "COGNITO_USER_POOLS" {
            if authorizer.providerARNs == nil { throw GatewayError.badRequest("ProviderARNs need to be specified for COGNITO_USER_POOLS authorizers") }
        } else if authorizer.authorizerUri == nil {
            throw GatewayError.badRequest("Authorizer URI must be specified for \(authorizer.type) authorizers")
        } else if authorizer.type == "TOKEN", authorizer.identitySource == nil {
            throw GatewayError.badRequest("Identity source must be specified for TOKEN authorizers")
        }
        if let ttl = authorizer.authorizerResultTtlInSeconds, !(0...3600).contains(ttl) {
            throw GatewayError.badRequest("Invalid authorizer result TTL specified: \(ttl). Must be between 0 and 3600 seconds")
        }
    }
}

extension RestApiDocument {
    /// `/path/VERB` of each method (in the draft tree) that matches.
    func methodPaths(where matches: (Method) -> Bool) -> [String] {
        resources.values.sorted { $0.path < $1.path }.flatMap { resource in
            (resource.resourceMethods ?? [:]).sorted { $0.key < $1.key }.filter { matches($0.value) }.map { "\(resource.path)/\($0.key)" }
        }
    }
}
