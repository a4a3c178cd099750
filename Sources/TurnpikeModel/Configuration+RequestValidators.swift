extension Configuration {
    static let unknownRequestValidator = GatewayError.notFound("Invalid Request Validator identifier specified")

    /// `GetRequestValidator`.
    public func requestValidator(apiId: String, id: String) throws -> RequestValidator {
        guard let validator = try restApiDocument(apiId).requestValidators?[id] else { throw Self.unknownRequestValidator }
        return validator
    }

    /// `GetRequestValidators`, by name.
    public func requestValidators(apiId: String) throws -> [RequestValidator] {
        try (restApiDocument(apiId).requestValidators ?? [:]).values.sorted { ($0.name ?? "", $0.id) < ($1.name ?? "", $1.id) }
    }

    /// `CreateRequestValidator`: both checks default to off; names are unique in the API.
    public mutating func createRequestValidator(apiId: String, _ input: CreateRequestValidatorInput, id: String) throws -> RequestValidator {
        let validator = RequestValidator(
            id: id, name: input.name.nonEmptyText, validateRequestBody: input.validateRequestBody ?? false,
            validateRequestParameters: input.validateRequestParameters ?? false
        )
        return try changeDocument(apiId) { document in
            try Self.checkUniqueName(validator, in: document)
            document.requestValidators = (document.requestValidators ?? [:]).merging([id: validator]) { $1 }
            return validator
        }
    }

    /// `UpdateRequestValidator`: `replace` on `/name`, `/validateRequestBody`, `/validateRequestParameters`.
    public mutating func updateRequestValidator(apiId: String, id: String, operations: [PatchOperation]) throws -> RequestValidator {
        try PatchOperation.validate(operations, input: "updateRequestValidatorInput")
        let paths = ["/name", "/validateRequestBody", "/validateRequestParameters"]
        return try changeDocument(apiId) { document in
            guard var validator = document.requestValidators?[id] else { throw Self.unknownRequestValidator }
            for operation in operations {
                guard paths.contains(operation.path) else { throw operation.invalidPath(mustBeOneOf: paths) }
                guard operation.op == "replace" else {
                    throw GatewayError.badRequest("Invalid patch operation specified. Must be one of: [replace]")
                }
                switch operation.path {
                case "/name": validator.name = operation.value.nonEmptyText
                case "/validateRequestBody": validator.validateRequestBody = try operation.boolValue()
                default: validator.validateRequestParameters = try operation.boolValue()
                }
            }
            try Self.checkUniqueName(validator, in: document)
            document.requestValidators?[id] = validator
            return validator
        }
    }

    /// `DeleteRequestValidator`: refused while a method uses it.
    public mutating func removeRequestValidator(apiId: String, id: String) throws {
        try changeDocument(apiId) { document in
            guard document.requestValidators?[id] != nil else { throw Self.unknownRequestValidator }
            if let user = document.methodPaths(where: { $0.requestValidatorId == id }).first {
                throw GatewayError.conflict("Cannot delete request validator '\(id)', is referenced in method: \(user)")
            }
            document.requestValidators?[id] = nil
        }
    }

    private static func checkUniqueName(_ validator: RequestValidator, in document: RestApiDocument) throws {
        guard let name = validator.name else { return }
        if document.requestValidators?.values.contains(where: { $0.name == name && $0.id != validator.id }) == true {
            throw GatewayError.badRequest("Validator with name '\(name)' already exists for this REST API")
        }
    }
}
