/// A request validator of a REST API, as AWS's `RequestValidator` shape, referenced by methods;
/// the invoke path enforces it (`RequestValidation` in TurnpikeGateway).
public struct RequestValidator: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var validateRequestBody: Bool
    public var validateRequestParameters: Bool

    public init(id: String, name: String?, validateRequestBody: Bool, validateRequestParameters: Bool) {
        self.id = id
        self.name = name
        self.validateRequestBody = validateRequestBody
        self.validateRequestParameters = validateRequestParameters
    }
}

/// What `CreateRequestValidator` takes.
public struct CreateRequestValidatorInput: Codable, Sendable {
    public var name: String?
    public var validateRequestBody: Bool?
    public var validateRequestParameters: Bool?

    public init(name: String?, validateRequestBody: Bool? = nil, validateRequestParameters: Bool? = nil) {
        self.name = name
        self.validateRequestBody = validateRequestBody
        self.validateRequestParameters = validateRequestParameters
    }
}
