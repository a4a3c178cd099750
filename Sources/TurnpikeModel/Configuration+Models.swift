extension Configuration {
    static func unknownModel(_ name: String) -> GatewayError { .notFound("Invalid model name specified: \(name)") }

    /// `GetModel`.
    public func model(apiId: String, name: String) throws -> Model {
        guard let model = try restApiDocument(apiId).models?[name] else { throw Self.unknownModel(name) }
        return model
    }

    /// `GetModels`, by name.
    public func models(apiId: String) throws -> [Model] {
        try (restApiDocument(apiId).models ?? [:]).values.sorted { $0.name < $1.name }
    }

    /// `CreateModel`: an alphanumeric name unique in the API, a content type, and a schema that is a
    /// JSON Schema draft 4 object.
    public mutating func createModel(apiId: String, _ input: CreateModelInput, id: String) throws -> Model {
        guard let name = input.name else { throw GatewayError.mustNotBeNull(at: "createModelInput.name") }
        guard let contentType = input.contentType else { throw GatewayError.mustNotBeNull(at: "createModelInput.contentType") }
        return try changeDocument(apiId) { document in
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw GatewayError.badRequest("Model name must be non-empty and alphanumeric: \(name)")
            }
            if document.models?[name] != nil || Self.builtInModels.contains(name) {
                throw GatewayError.conflict("Model name already exists for this REST API")
            }
            try Self.validateSchema(input.schema)
            let model = Model(id: id, name: name, description: input.description.nonEmptyText, schema: input.schema.nonEmptyText, contentType: contentType)
            document.models = (document.models ?? [:]).merging([name: model]) { $1 }
            return model
        }
    }

    /// `UpdateModel`: `replace` on `/schema` and `/description`.
    public mutating func updateModel(apiId: String, name: String, operations: [PatchOperation]) throws -> Model {
        try PatchOperation.validate(operations, input: "updateModelInput")
        return try changeDocument(apiId) { document in
            guard var model = document.models?[name] else { throw Self.unknownModel(name) }
            for operation in operations {
                guard ["/schema", "/description"].contains(operation.path) else {
                    throw operation.invalidPath(mustBeOneOf: ["/schema", "/description"])
                }
                guard operation.op == "replace" else {
                    throw GatewayError.badRequest("Invalid patch operation specified. Must be one of: [replace]")
                }
                if operation.path == "/schema" {
                    try Self.validateSchema(operation.value)
                    model.schema = operation.value.nonEmptyText
                } else {
                    model.description = operation.value.nonEmptyText
                }
            }
            document.models?[name] = model
            return model
        }
    }

    /// `DeleteModel`: refused while a method request or response uses it.
    public mutating func removeModel(apiId: String, name: String) throws {
        try changeDocument(apiId) { document in
            guard document.models?[name] != nil else { throw Self.unknownModel(name) }
            let users = document.methodPaths { method in
                method.requestModels?.values.contains(name) == true
                    || method.methodResponses?.values.contains { $0.responseModels?.values.contains(name) == true } == true
            }
            if let user = users.first {
                throw GatewayError.conflict("Cannot delete model '\(name)', is referenced in method: \(user)")
            }
            document.models?[name] = nil
        }
    }

    /// A schema must be a JSON object and a valid JSON Schema draft 4 (``JSONSchema/syntaxError(in:)``).
    static func validateSchema(_ schema: String?) throws {
        guard let schema = schema.nonEmptyText else { return }
        guard let parsed = OpenAPINode.parseJSON(Array(schema.utf8)), case .object = parsed,
              JSONSchema.syntaxError(in: parsed) == nil else {
            throw GatewayError.badRequest("Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]")
        }
    }
}
