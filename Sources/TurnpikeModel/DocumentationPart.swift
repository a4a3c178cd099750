/// A documentation part of a REST API, as AWS's `DocumentationPart` shape: its location and its
/// `properties` (a JSON object, as text). Stored and answered; no effect on the invoke path.
public struct DocumentationPart: Codable, Sendable, Equatable {
    public var id: String
    public var location: DocumentationPartLocation
    public var properties: String
}

/// Where a documentation part applies, as AWS's `DocumentationPartLocation`.
public struct DocumentationPartLocation: Codable, Sendable, Equatable {
    public var type: String?
    public var path: String?
    public var method: String?
    public var statusCode: String?
    public var name: String?

    public init(type: String?, path: String? = nil, method: String? = nil, statusCode: String? = nil, name: String? = nil) {
        self.type = type
        self.path = path
        self.method = method
        self.statusCode = statusCode
        self.name = name
    }
}

/// What `CreateDocumentationPart` takes.
public struct CreateDocumentationPartInput: Codable, Sendable {
    public var location: DocumentationPartLocation?
    public var properties: String?

    public init(location: DocumentationPartLocation?, properties: String?) {
        self.location = location
        self.properties = properties
    }
}

/// A documentation snapshot of a REST API, as AWS's `DocumentationVersion` shape.
public struct DocumentationVersion: Codable, Sendable, Equatable {
    public var version: String
    public var createdDate: Int
    public var description: String?
}

/// What `CreateDocumentationVersion` takes.
public struct CreateDocumentationVersionInput: Codable, Sendable {
    public var documentationVersion: String?
    public var stageName: String?
    public var description: String?

    public init(documentationVersion: String?, stageName: String? = nil, description: String? = nil) {
        self.documentationVersion = documentationVersion
        self.stageName = stageName
        self.description = description
    }
}
