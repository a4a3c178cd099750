/// What `PutMethod` takes (the HTTP method itself comes from the path).
public struct PutMethodInput: Codable, Sendable {
    public var authorizationType: String?
    public var authorizerId: String?
    public var apiKeyRequired: Bool?
    public var operationName: String?
    public var requestParameters: [String: Bool]?
    public var requestModels: [String: String]?
    public var requestValidatorId: String?
    public var authorizationScopes: [String]?

    public init(
        authorizationType: String?, apiKeyRequired: Bool? = nil, operationName: String? = nil,
        requestParameters: [String: Bool]? = nil, requestModels: [String: String]? = nil
    ) {
        self.authorizationType = authorizationType
        self.apiKeyRequired = apiKeyRequired
        self.operationName = operationName
        self.requestParameters = requestParameters
        self.requestModels = requestModels
    }
}

/// What `PutMethodResponse` takes.
public struct PutMethodResponseInput: Codable, Sendable {
    public var responseParameters: [String: Bool]?
    public var responseModels: [String: String]?

    public init(responseParameters: [String: Bool]? = nil, responseModels: [String: String]? = nil) {
        self.responseParameters = responseParameters
        self.responseModels = responseModels
    }
}

extension Configuration {
    /// AWS answers calls under a resource of an unknown API with the resource's 404.
    static let unknownResource = GatewayError.notFound("Invalid Resource identifier specified")
    /// The models every AWS API has without creating them.
    static let builtInModels: Set<String> = ["Empty", "Error"]
    static let requestParameterSources = ["querystring", "header", "path", "multivaluequerystring", "multivalueheader"]

    /// `GetMethod`: the method with its integration and method responses embedded.
    public func method(apiId: String, resourceId: String, httpMethod: String) throws -> Method {
        guard let document = restApis[apiId] else { throw Self.unknownResource }
        return try document.method(resourceId: resourceId, httpMethod: httpMethod)
    }

    /// `PutMethod`: a new method on a resource. Turnpike authorizes with API keys only, so
    /// `authorizationType` must be `NONE`.
    public mutating func putMethod(apiId: String, resourceId: String, httpMethod: String, _ input: PutMethodInput) throws -> Method {
        guard let authorizationType = input.authorizationType?.uppercased() else {
            throw GatewayError.mustNotBeNull(at: "putMethodInput.authorizationType")
        }
        return try changeDocument(apiId, missing: Self.unknownResource) { document in
            var resource = try document.resource(resourceId)
            guard Method.httpMethods.contains(httpMethod) else {
                throw GatewayError.badRequest("Invalid HttpMethod specified. Valid options are \(Method.httpMethods.joined(separator: ","))")
            }
            guard resource.resourceMethods?[httpMethod] == nil else {
                throw GatewayError.conflict("Method already exists for this resource")
            }
            try Self.validateRequestParameters(input.requestParameters)
            try Self.validateAuthorization(authorizationType)
            var method = Method(httpMethod: httpMethod, authorizationType: authorizationType, apiKeyRequired: input.apiKeyRequired ?? false)
            method.authorizerId = input.authorizerId.nonEmptyText
            method.requestValidatorId = input.requestValidatorId.nonEmptyText
            method.operationName = input.operationName.nonEmptyText
            method.requestParameters = input.requestParameters
            method.requestModels = input.requestModels
            method.authorizationScopes = (input.authorizationScopes ?? []).isEmpty ? nil : input.authorizationScopes
            try document.checkReferences(of: &method)
            resource.resourceMethods = (resource.resourceMethods ?? [:]).merging([httpMethod: method]) { $1 }
            document.resources[resourceId] = resource
            return method
        }
    }

    /// `UpdateMethod` with the paths ``MethodPatch`` accepts.
    public mutating func updateMethod(apiId: String, resourceId: String, httpMethod: String, operations: [PatchOperation]) throws -> Method {
        try PatchOperation.validate(operations, input: "updateMethodInput")
        try changeMethod(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) { method in
            for operation in operations { try MethodPatch(operation: operation).apply(to: &method) }
        }
        return try self.method(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod)
    }

    /// `DeleteMethod`: removes the method with its integration and responses.
    public mutating func removeMethod(apiId: String, resourceId: String, httpMethod: String) throws {
        try changeDocument(apiId, missing: Self.unknownResource) { document in
            _ = try document.method(resourceId: resourceId, httpMethod: httpMethod)
            document.resources[resourceId]?.resourceMethods?[httpMethod] = nil
            if document.resources[resourceId]?.resourceMethods?.isEmpty == true {
                document.resources[resourceId]?.resourceMethods = nil
            }
        }
    }

    // MARK: Method responses

    /// `GetMethodResponse`.
    public func methodResponse(apiId: String, resourceId: String, httpMethod: String, statusCode: String) throws -> MethodResponse {
        try Self.validateStatusCode(statusCode)
        let method = try self.method(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod)
        guard let response = method.methodResponses?[statusCode] else { throw Self.unknownStatusCode }
        return response
    }

    /// `PutMethodResponse`: declares (or redeclares) a response of the method.
    public mutating func putMethodResponse(
        apiId: String, resourceId: String, httpMethod: String, statusCode: String, _ input: PutMethodResponseInput
    ) throws -> MethodResponse {
        try Self.validateStatusCode(statusCode)
        return try changeMethod(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) { method in
            let response = MethodResponse(
                statusCode: statusCode, responseParameters: input.responseParameters, responseModels: input.responseModels
            )
            try response.validateHeaders()
            method.methodResponses = (method.methodResponses ?? [:]).merging([statusCode: response]) { $1 }
            return response
        }
    }

    /// `UpdateMethodResponse` with the paths ``MethodResponsePatch`` accepts.
    public mutating func updateMethodResponse(
        apiId: String, resourceId: String, httpMethod: String, statusCode: String, operations: [PatchOperation]
    ) throws -> MethodResponse {
        try PatchOperation.validate(operations, input: "updateMethodResponseInput")
        try Self.validateStatusCode(statusCode)
        return try changeMethod(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) { method in
            guard var response = method.methodResponses?[statusCode] else { throw Self.unknownStatusCode }
            for operation in operations { try MethodResponsePatch(operation: operation).apply(to: &response) }
            try response.validateHeaders()
            method.methodResponses?[statusCode] = response
            return response
        }
    }

    /// `DeleteMethodResponse`.
    public mutating func removeMethodResponse(apiId: String, resourceId: String, httpMethod: String, statusCode: String) throws {
        try Self.validateStatusCode(statusCode)
        try changeMethod(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) { method in
            guard method.methodResponses?[statusCode] != nil else { throw Self.unknownStatusCode }
            method.methodResponses?[statusCode] = nil
            if method.methodResponses?.isEmpty == true { method.methodResponses = nil }
        }
    }

    // MARK: Shared rules

    static let unknownStatusCode = GatewayError.notFound("Invalid Response status code specified")

    /// Runs `change` on a copy of an existing method and stores it with its API; a throw stores nothing.
    mutating func changeMethod<T>(
        apiId: String, resourceId: String, httpMethod: String, _ change: (inout Method) throws -> T
    ) throws -> T {
        try changeDocument(apiId, missing: Self.unknownResource) { document in
            var method = try document.method(resourceId: resourceId, httpMethod: httpMethod)
            let result = try change(&method)
            try document.checkReferences(of: &method)
            document.resources[resourceId]?.resourceMethods?[httpMethod] = method
            return result
        }
    }

    /// AWS's `statusCode` constraint: three digits, the first 1 to 5.
    static func validateStatusCode(_ statusCode: String) throws {
        let digits = Array(statusCode.utf8)
        guard digits.count == 3, (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(digits[0]),
              digits.dropFirst().allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw GatewayError(
                .validation,
                "1 validation error detected: Value '\(statusCode)' at 'statusCode' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [1-5]\\d\\d"
            )
        }
    }

    /// The authorization types Turnpike accepts: `NONE`, and `CUSTOM`/`COGNITO_USER_POOLS` with a
    /// stored authorizer (checked by ``RestApiDocument/checkReferences(of:)``; such methods fail closed).
    static func validateAuthorization(_ type: String) throws {
        switch type {
        case "NONE", "CUSTOM", "COGNITO_USER_POOLS":
            return
        case "AWS_IAM":
            throw GatewayError.badRequest("Turnpike does not support authorization type AWS_IAM; use NONE with API keys")
        default:
            throw GatewayError.badRequest("Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS")
        }
    }


    /// Names must read `method.request.{querystring|header|path|...}.{name}` and be unique across sources.
    static func validateRequestParameters(_ parameters: [String: Bool]?) throws {
        guard let parameters else { return }
        var names = Set<Substring>()
        for key in parameters.keys.sorted() {
            let parts = key.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0] == "method", parts[1] == "request",
                  requestParameterSources.contains(String(parts[2])), !parts[3].isEmpty else {
                throw GatewayError.badRequest(
                    "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid method request parameter specified: \(key)]"
                )
            }
            guard names.insert(parts[3]).inserted else {
                throw GatewayError.badRequest("Parameter names must be unique across querystring, header and path")
            }
        }
    }
}

extension RestApiDocument {
    /// Checks what a method names in the API: its authorizer (needed by `CUSTOM` and
    /// `COGNITO_USER_POOLS`, of the matching kind; dropped otherwise, as AWS ignores it), its request
    /// validator and the models of its request and responses.
    func checkReferences(of method: inout Method) throws {
        switch method.authorizationType {
        case "CUSTOM", "COGNITO_USER_POOLS":
            let cognito = method.authorizationType == "COGNITO_USER_POOLS"
            guard let id = method.authorizerId, let authorizer = authorizers?[id], (authorizer.type == "COGNITO_USER_POOLS") == cognito else {
                throw GatewayError.badRequest(
                    "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer."
                )
            }
        default:
            method.authorizerId = nil
        }
        if let id = method.requestValidatorId, requestValidators?[id] == nil {
            throw GatewayError.badRequest("Invalid Request Validator identifier specified")
        }
        let names = (method.requestModels ?? [:]).values.sorted()
            + (method.methodResponses ?? [:]).values.flatMap { ($0.responseModels ?? [:]).values.sorted() }
        if let unknown = names.first(where: { !Configuration.builtInModels.contains($0) && models?[$0] == nil }) {
            throw GatewayError.badRequest("Invalid model identifier specified: \(unknown)")
        }
    }

    /// The method of a resource, or AWS's 404 for the resource or the method.
    func method(resourceId: String, httpMethod: String) throws -> Method {
        guard let method = try resource(resourceId).resourceMethods?[httpMethod] else {
            throw GatewayError.notFound("Invalid Method identifier specified")
        }
        return method
    }
}

extension MethodResponse {
    /// Refuses header names that an answer must not carry (see ``HeaderField``).
    func validateHeaders() throws {
        for key in (responseParameters ?? [:]).keys {
            try HeaderField.validateParameter(key, source: nil, prefix: "method.response.header.")
        }
    }
}
