public import TurnpikeModel

/// What a REST API's request validation draws on, read once per snapshot: its request validators
/// and its models' schemas, parsed, under the URIs their `$ref`s use
/// (`https://apigateway.amazonaws.com/restapis/{apiId}/models/{name}`).
///
/// Read from the API's current definition (validators and models are not frozen in a
/// deployment), so a change takes effect with the next snapshot, as gateway responses do.
public struct ModelCatalog: Sendable {
    /// Request validators by id.
    let validators: [String: RequestValidator]
    /// Parsed model schemas by name (a schema that does not parse is left out: methods using it
    /// validate nothing against it).
    let schemas: [String: OpenAPINode]
    /// The same schemas by URI, for `$ref`.
    let documents: [String: OpenAPINode]
    let apiId: String

    /// No validator, no model: nothing is validated.
    public static let empty = ModelCatalog(apiId: "", validators: [:], models: [:])

    /// AWS's built-in models.
    static let builtIn: [String: String] = [
        "Empty": #"{"$schema":"http://json-schema.org/draft-04/schema#","title":"Empty Schema","type":"object"}"#,
        "Error": #"{"$schema":"http://json-schema.org/draft-04/schema#","title":"Error Schema","type":"object","properties":{"message":{"type":"string"}}}"#,
    ]

    public init(apiId: String, validators: [String: RequestValidator], models: [String: Model]) {
        self.apiId = apiId
        self.validators = validators
        var schemas: [String: OpenAPINode] = [:]
        var documents: [String: OpenAPINode] = [:]
        let texts = Self.builtIn.merging(models.compactMapValues(\.schema)) { $1 }
        for (name, text) in texts {
            guard let schema = OpenAPINode.parseJSON(Array(text.utf8)) else { continue }
            schemas[name] = schema
        }
        // Models imported from OpenAPI keep their `$ref`s as `#/definitions/{name}`: such a
        // schema gets the other models as its `definitions` (when it has none of its own).
        let definitions = OpenAPINode.object(schemas.sorted { $0.key < $1.key })
        for (name, schema) in schemas {
            if texts[name]?.contains("#/definitions/") == true, schema["definitions"] == nil, case .object(var members) = schema {
                members.append(("definitions", definitions))
                schemas[name] = .object(members)
            }
            documents[Self.uri(apiId: apiId, model: name)] = schemas[name]
        }
        self.schemas = schemas
        self.documents = documents
    }

    /// A model's URI, as AWS's schemas reference one another.
    static func uri(apiId: String, model: String) -> String {
        "https://apigateway.amazonaws.com/restapis/\(apiId)/models/\(model)"
    }

    /// The compiled schema of a model, or nil when the API has no such model with a schema.
    func schema(named name: String) -> JSONSchema? {
        guard let root = schemas[name] else { return nil }
        return JSONSchema(root, uri: Self.uri(apiId: apiId, model: name), documents: documents)
    }
}
