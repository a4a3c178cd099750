/// A model (a JSON Schema of a request or response body) of a REST API, as AWS's `Model` shape.
/// Referenced by methods; a method whose request validator checks bodies validates them against
/// its request model (``JSONSchema``).
public struct Model: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    /// The schema, as JSON text.
    public var schema: String?
    public var contentType: String

    public init(id: String, name: String, description: String? = nil, schema: String? = nil, contentType: String) {
        self.id = id
        self.name = name
        self.description = description
        self.schema = schema
        self.contentType = contentType
    }
}

/// What `CreateModel` takes.
public struct CreateModelInput: Codable, Sendable {
    public var name: String?
    public var description: String?
    public var schema: String?
    public var contentType: String?

    public init(name: String?, description: String? = nil, schema: String? = nil, contentType: String?) {
        self.name = name
        self.description = description
        self.schema = schema
        self.contentType = contentType
    }
}
