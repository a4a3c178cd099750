/// What `PutIntegration` takes. `httpMethod` is the method Turnpike calls the backend with
/// (boto3 names it `integrationHttpMethod`; the wire name is `httpMethod`).
public struct PutIntegrationInput: Codable, Sendable {
    public var type: String?
    public var httpMethod: String?
    public var uri: String?
    public var connectionType: String?
    public var connectionId: String?
    public var credentials: String?
    public var requestParameters: [String: String]?
    public var requestTemplates: [String: String]?
    public var passthroughBehavior: String?
    public var cacheNamespace: String?
    public var cacheKeyParameters: [String]?
    public var contentHandling: String?
    public var timeoutInMillis: Int?
    public var tlsConfig: TlsConfig?

    public init(
        type: String?, httpMethod: String? = nil, uri: String? = nil, requestParameters: [String: String]? = nil,
        requestTemplates: [String: String]? = nil, passthroughBehavior: String? = nil, timeoutInMillis: Int? = nil
    ) {
        self.type = type
        self.httpMethod = httpMethod
        self.uri = uri
        self.requestParameters = requestParameters
        self.requestTemplates = requestTemplates
        self.passthroughBehavior = passthroughBehavior
        self.timeoutInMillis = timeoutInMillis
    }
}

/// What `PutIntegrationResponse` takes.
public struct PutIntegrationResponseInput: Codable, Sendable {
    public var selectionPattern: String?
    public var responseParameters: [String: String]?
    public var responseTemplates: [String: String]?
    public var contentHandling: String?

    public init(selectionPattern: String? = nil, responseParameters: [String: String]? = nil, responseTemplates: [String: String]? = nil) {
        self.selectionPattern = selectionPattern
        self.responseParameters = responseParameters
        self.responseTemplates = responseTemplates
    }
}

extension Configuration {
    /// `GetIntegration`.
    public func integration(apiId: String, resourceId: String, httpMethod: String) throws -> Integration {
        try Self.integration(of: method(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod))
    }

    /// `PutIntegration`: sets (or replaces) the method's integration, filling AWS's defaults:
    /// `timeoutInMillis` 29000, `passthroughBehavior` WHEN_NO_MATCH, `connectionType` INTERNET,
    /// `cacheNamespace` the resource id, `cacheKeyParameters` empty.
    public mutating func putIntegration(
        apiId: String, resourceId: String, httpMethod: String, _ input: PutIntegrationInput
    ) throws -> Integration {
        guard let type = input.type else { throw GatewayError.mustNotBeNull(at: "putIntegrationInput.type") }
        return try changeMethod(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) { method in
            var integration = Integration(type: type)
            integration.httpMethod = input.httpMethod.nonEmptyText
            integration.uri = input.uri.nonEmptyText
            integration.connectionType = input.connectionType ?? "INTERNET"
            integration.connectionId = input.connectionId.nonEmptyText
            integration.credentials = input.credentials.nonEmptyText
            integration.requestParameters = input.requestParameters
            integration.requestTemplates = input.requestTemplates
            integration.passthroughBehavior = input.passthroughBehavior ?? "WHEN_NO_MATCH"
            integration.contentHandling = input.contentHandling
            integration.timeoutInMillis = input.timeoutInMillis ?? 29000
            integration.cacheNamespace = input.cacheNamespace.nonEmptyText ?? resourceId
            integration.cacheKeyParameters = input.cacheKeyParameters ?? []
            integration.tlsConfig = input.tlsConfig
            try Self.validateIntegration(integration, input: "putIntegrationInput")
            method.methodIntegration = integration
            return integration
        }
    }

    /// `UpdateIntegration` with the paths ``IntegrationPatch`` accepts; the result is checked as a put would be.
    public mutating func updateIntegration(
        apiId: String, resourceId: String, httpMethod: String, operations: [PatchOperation]
    ) throws -> Integration {
        try PatchOperation.validate(operations, input: "updateIntegrationInput")
        return try changeMethod(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) { method in
            var integration = try Self.integration(of: method)
            for operation in operations { try IntegrationPatch(operation: operation).apply(to: &integration) }
            try Self.validateIntegration(integration, input: "updateIntegrationInput")
            method.methodIntegration = integration
            return integration
        }
    }

    /// `DeleteIntegration`.
    public mutating func removeIntegration(apiId: String, resourceId: String, httpMethod: String) throws {
        try changeMethod(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) { method in
            _ = try Self.integration(of: method)
            method.methodIntegration = nil
        }
    }

    // MARK: Integration responses

    /// `GetIntegrationResponse`.
    public func integrationResponse(apiId: String, resourceId: String, httpMethod: String, statusCode: String) throws -> IntegrationResponse {
        try Self.validateStatusCode(statusCode)
        let integration = try integration(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod)
        guard let response = integration.integrationResponses?[statusCode] else { throw Self.unknownStatusCode }
        return response
    }

    /// `PutIntegrationResponse`: sets (or replaces) how a backend answer maps to a method response.
    public mutating func putIntegrationResponse(
        apiId: String, resourceId: String, httpMethod: String, statusCode: String, _ input: PutIntegrationResponseInput
    ) throws -> IntegrationResponse {
        try Self.validateStatusCode(statusCode)
        return try changeIntegration(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) { integration in
            var response = IntegrationResponse(statusCode: statusCode)
            response.selectionPattern = input.selectionPattern
            response.responseParameters = input.responseParameters
            response.responseTemplates = input.responseTemplates
            response.contentHandling = input.contentHandling
            try Self.validateContentHandling(response.contentHandling, input: "putIntegrationResponseInput")
            try response.validateHeaders()
            integration.integrationResponses = (integration.integrationResponses ?? [:]).merging([statusCode: response]) { $1 }
            return response
        }
    }

    /// `UpdateIntegrationResponse` with the paths ``IntegrationResponsePatch`` accepts.
    public mutating func updateIntegrationResponse(
        apiId: String, resourceId: String, httpMethod: String, statusCode: String, operations: [PatchOperation]
    ) throws -> IntegrationResponse {
        try PatchOperation.validate(operations, input: "updateIntegrationResponseInput")
        try Self.validateStatusCode(statusCode)
        return try changeIntegration(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) { integration in
            guard var response = integration.integrationResponses?[statusCode] else { throw Self.unknownStatusCode }
            for operation in operations { try IntegrationResponsePatch(operation: operation).apply(to: &response) }
            try response.validateHeaders()
            integration.integrationResponses?[statusCode] = response
            return response
        }
    }

    /// `DeleteIntegrationResponse`.
    public mutating func removeIntegrationResponse(apiId: String, resourceId: String, httpMethod: String, statusCode: String) throws {
        try Self.validateStatusCode(statusCode)
        try changeIntegration(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) { integration in
            guard integration.integrationResponses?[statusCode] != nil else { throw Self.unknownStatusCode }
            integration.integrationResponses?[statusCode] = nil
            if integration.integrationResponses?.isEmpty == true { integration.integrationResponses = nil }
        }
    }

    // MARK: Rules

    /// The integration types in the order AWS's validation message lists them.
    static let integrationTypes = ["HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS"]
    static let passthroughBehaviors = ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"]

    static func integration(of method: Method) throws -> Integration {
        guard let integration = method.methodIntegration else {
            throw GatewayError.notFound("Invalid Integration identifier specified")
        }
        return integration
    }

    mutating func changeIntegration<T>(
        apiId: String, resourceId: String, httpMethod: String, _ change: (inout Integration) throws -> T
    ) throws -> T {
        try changeMethod(apiId: apiId, resourceId: resourceId, httpMethod: httpMethod) { method in
            var integration = try Self.integration(of: method)
            let result = try change(&integration)
            method.methodIntegration = integration
            return result
        }
    }

    /// What Turnpike can run: `HTTP`/`HTTP_PROXY` to an absolute http(s) URI, `AWS`/`AWS_PROXY` to a
    /// Lambda function, or `MOCK`, over the internet.
    static func validateIntegration(_ integration: Integration, input: String) throws {
        guard integrationTypes.contains(integration.type) else {
            throw GatewayError.enumeration(value: integration.type, at: "\(input).type", allowed: integrationTypes)
        }
        if integration.type == "AWS" || integration.type == "AWS_PROXY" {
            try validateLambdaIntegration(integration)
        }
        if integration.type != "MOCK" {
            guard let method = integration.httpMethod.nonEmptyText else {
                throw GatewayError.badRequest("Enumeration value for HttpMethod must be non-empty")
            }
            guard Method.httpMethods.contains(method) else {
                throw GatewayError.badRequest("Invalid HttpMethod specified. Valid options are \(Method.httpMethods.joined(separator: ","))")
            }
            if integration.type.hasPrefix("HTTP"), !isHttpEndpoint(integration.uri) {
                throw GatewayError.badRequest("Invalid HTTP endpoint specified for URI")
            }
        }
        if let timeout = integration.timeoutInMillis, !(50...29000).contains(timeout) {
            throw GatewayError.badRequest("Timeout should be between 50 ms and 29000 ms")
        }
        if let behavior = integration.passthroughBehavior, !passthroughBehaviors.contains(behavior) {
            throw GatewayError.badRequest(
                "Invalid passthrough behavior specified: \(behavior). Valid options are \(passthroughBehaviors.joined(separator: ","))"
            )
        }
        switch integration.connectionType {
        case nil, "INTERNET": break
        case "VPC_LINK": throw GatewayError.badRequest("Turnpike does not support connection type VPC_LINK; use INTERNET")
        case let other?: throw GatewayError.enumeration(value: other, at: "\(input).connectionType", allowed: ["INTERNET", "VPC_LINK"])
        }
        try validateContentHandling(integration.contentHandling, input: input)
    }

    /// `AWS` and `AWS_PROXY` run Lambda functions only (``LambdaInvocationURI``); `AWS` without
    /// mapping templates (the body is the event, the result the answer).
    static func validateLambdaIntegration(_ integration: Integration) throws {
        guard let uri = integration.uri else { throw GatewayError.badRequest("Invalid ARN specified in the request") }
        do {
            _ = try LambdaInvocationURI(parsing: uri)
        } catch {
            throw GatewayError.badRequest(error.message)
        }
        if integration.type == "AWS", !(integration.requestTemplates ?? [:]).isEmpty {
            throw GatewayError.badRequest("Turnpike does not apply request templates to AWS integrations; use AWS_PROXY or no templates")
        }
    }

    static func validateContentHandling(_ value: String?, input: String) throws {
        let allowed = ["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]
        if let value, !allowed.contains(value) {
            throw GatewayError.enumeration(value: value, at: "\(input).contentHandling", allowed: allowed)
        }
    }

    /// An absolute `http://` or `https://` URI with a host; `{param}` and `${stageVariables.x}` may appear anywhere.
    static func isHttpEndpoint(_ uri: String?) -> Bool {
        guard let uri else { return false }
        let lowered = uri.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lowered.hasPrefix($0) }) else { return false }
        let rest = uri.dropFirst(scheme.count)
        let host = rest.prefix { !"/?#".contains($0) }
        return !host.isEmpty && !host.hasPrefix(":") && !host.contains(where: \.isWhitespace) && !uri.contains(where: \.isNewline)
    }
}

extension IntegrationResponse {
    /// Refuses headers that a MOCK answer must not carry (see ``HeaderField``).
    func validateHeaders() throws {
        for (key, source) in responseParameters ?? [:] {
            try HeaderField.validateParameter(key, source: source, prefix: "method.response.header.")
        }
        try HeaderField.validateMediaTypes(responseTemplates)
    }
}
