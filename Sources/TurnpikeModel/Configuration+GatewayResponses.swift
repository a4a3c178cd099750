/// What `PutGatewayResponse` takes.
public struct PutGatewayResponseInput: Codable, Sendable {
    public var statusCode: String?
    public var responseParameters: [String: String]?
    public var responseTemplates: [String: String]?

    public init(statusCode: String? = nil, responseParameters: [String: String]? = nil, responseTemplates: [String: String]? = nil) {
        self.statusCode = statusCode
        self.responseParameters = responseParameters
        self.responseTemplates = responseTemplates
    }
}

extension GatewayResponse {
    /// AWS's status code for each response type when nothing was put (`DEFAULT_4XX`/`DEFAULT_5XX` have none).
    /// `INTEGRATION_FAILURE` is 502 here, the status Turnpike's data plane answers for a backend it
    /// cannot reach (AWS reports 504 for it); the data plane's renderer is tested against this table.
    public static let defaultStatusCodes: [String: String] = [
        "ACCESS_DENIED": "403", "API_CONFIGURATION_ERROR": "500", "AUTHORIZER_CONFIGURATION_ERROR": "500",
        "AUTHORIZER_FAILURE": "500", "BAD_REQUEST_BODY": "400", "BAD_REQUEST_PARAMETERS": "400", "EXPIRED_TOKEN": "403",
        "INTEGRATION_FAILURE": "502", "INTEGRATION_TIMEOUT": "504", "INVALID_API_KEY": "403", "INVALID_SIGNATURE": "403",
        "MISSING_AUTHENTICATION_TOKEN": "403", "QUOTA_EXCEEDED": "429", "REQUEST_TOO_LARGE": "413",
        "RESOURCE_NOT_FOUND": "404", "THROTTLED": "429", "UNAUTHORIZED": "401", "UNSUPPORTED_MEDIA_TYPE": "415",
        "WAF_FILTERED": "403",
    ]

    /// AWS's body template for every response type when nothing was put.
    public static let defaultTemplates = ["application/json": "{\"message\":$context.error.messageString}"]

    /// The response types in the order AWS's validation message lists them.
    static let typesInMessageOrder = [
        "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND", "AUTHORIZER_CONFIGURATION_ERROR", "MISSING_AUTHENTICATION_TOKEN",
        "BAD_REQUEST_BODY", "INVALID_SIGNATURE", "INVALID_API_KEY", "BAD_REQUEST_PARAMETERS", "AUTHORIZER_FAILURE",
        "UNAUTHORIZED", "INTEGRATION_TIMEOUT", "ACCESS_DENIED", "DEFAULT_4XX", "DEFAULT_5XX", "WAF_FILTERED",
        "QUOTA_EXCEEDED", "THROTTLED", "API_CONFIGURATION_ERROR", "UNSUPPORTED_MEDIA_TYPE", "INTEGRATION_FAILURE",
        "EXPIRED_TOKEN",
    ]

    /// AWS's default response of a type (`defaultResponse: true`).
    public static func awsDefault(_ type: String) -> GatewayResponse {
        GatewayResponse(
            responseType: type, statusCode: defaultStatusCodes[type], responseParameters: [:],
            responseTemplates: defaultTemplates, defaultResponse: true
        )
    }

    /// Refuses headers that the data plane must not write (see ``HeaderField``).
    func validateHeaders() throws {
        for (key, source) in responseParameters ?? [:] {
            try HeaderField.validateParameter(key, source: source, prefix: "gatewayresponse.header.")
        }
        try HeaderField.validateMediaTypes(responseTemplates)
    }

    /// Refuses a type outside AWS's enum with AWS's validation message.
    static func validateType(_ type: String) throws {
        guard types.contains(type) else {
            throw GatewayError.enumeration(value: type, at: "responseType", allowed: typesInMessageOrder)
        }
    }
}

extension RestApiDocument {
    /// The response of a type in effect for this API: the one put for it; else, when `DEFAULT_4XX`
    /// or `DEFAULT_5XX` (whichever class the type's status falls in) was put, that one's status,
    /// parameters and templates (still reported as a default, as AWS does); else AWS's default.
    public func effectiveGatewayResponse(_ type: String) -> GatewayResponse {
        if let put = gatewayResponses[type] { return put }
        var response = GatewayResponse.awsDefault(type)
        guard let status = response.statusCode, let family = status.first,
              let parent = gatewayResponses[family == "5" ? "DEFAULT_5XX" : "DEFAULT_4XX"] else { return response }
        response.statusCode = parent.statusCode ?? status
        response.responseParameters = parent.responseParameters
        response.responseTemplates = parent.responseTemplates
        return response
    }
}

extension Configuration {
    /// `GetGatewayResponse`: the response put for the type, or the default in effect.
    public func gatewayResponse(apiId: String, type: String) throws -> GatewayResponse {
        let document = try restApiDocument(apiId)
        try GatewayResponse.validateType(type)
        return document.effectiveGatewayResponse(type)
    }

    /// `GetGatewayResponses`: every response type, put or default, in type order.
    public func gatewayResponses(apiId: String) throws -> [GatewayResponse] {
        let document = try restApiDocument(apiId)
        return GatewayResponse.types.sorted().map(document.effectiveGatewayResponse)
    }

    /// `PutGatewayResponse`: overrides a response type; what is left out takes AWS's default.
    public mutating func putGatewayResponse(apiId: String, type: String, _ input: PutGatewayResponseInput) throws -> GatewayResponse {
        try changeDocument(apiId) { document in
            try GatewayResponse.validateType(type)
            if let statusCode = input.statusCode { try Self.validateStatusCode(statusCode) }
            let response = GatewayResponse(
                responseType: type, statusCode: input.statusCode ?? GatewayResponse.defaultStatusCodes[type],
                responseParameters: input.responseParameters ?? [:],
                responseTemplates: input.responseTemplates ?? GatewayResponse.defaultTemplates, defaultResponse: false
            )
            try response.validateHeaders()
            document.gatewayResponses[type] = response
            return response
        }
    }

    /// `UpdateGatewayResponse` with the paths ``GatewayResponsePatch`` accepts; a type never put
    /// starts from AWS's default.
    public mutating func updateGatewayResponse(apiId: String, type: String, operations: [PatchOperation]) throws -> GatewayResponse {
        try PatchOperation.validate(operations, input: "updateGatewayResponseInput")
        return try changeDocument(apiId) { document in
            try GatewayResponse.validateType(type)
            var response = document.gatewayResponses[type] ?? GatewayResponse.awsDefault(type)
            response.defaultResponse = false
            for operation in operations { try GatewayResponsePatch(operation: operation).apply(to: &response) }
            try response.validateHeaders()
            document.gatewayResponses[type] = response
            return response
        }
    }

    /// `DeleteGatewayResponse`: the type goes back to its default.
    public mutating func removeGatewayResponse(apiId: String, type: String) throws {
        try changeDocument(apiId) { document in
            try GatewayResponse.validateType(type)
            guard document.gatewayResponses.removeValue(forKey: type) != nil else {
                throw GatewayError.notFound("Gateway response type not defined on api")
            }
        }
    }
}
