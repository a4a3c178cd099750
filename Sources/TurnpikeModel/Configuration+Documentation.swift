extension Configuration {
    static let unknownDocumentationPart = GatewayError.notFound("Invalid Documentation part identifier specified")
    static let unknownDocumentationVersion = GatewayError.notFound("Invalid Documentation version identifier specified")
    static let documentationTypes = ["API", "AUTHORIZER", "MODEL", "RESOURCE", "METHOD", "PATH_PARAMETER", "QUERY_PARAMETER",
                                     "REQUEST_HEADER", "REQUEST_BODY", "RESPONSE", "RESPONSE_HEADER", "RESPONSE_BODY"]
    /// The largest `properties` text, in bytes (AWS's limit).
    static let maximumDocumentationProperties = 32_768
    /// The most documentation parts, and versions, per API.
    static let maximumDocumentationItems = 2_000

    /// `GetDocumentationPart`.
    public func documentationPart(apiId: String, id: String) throws -> DocumentationPart {
        guard let part = try restApiDocument(apiId).documentationParts?[id] else { throw Self.unknownDocumentationPart }
        return part
    }

    /// `GetDocumentationParts`, filtered by `type` when given, by path then id.
    public func documentationParts(apiId: String, type: String?) throws -> [DocumentationPart] {
        try (restApiDocument(apiId).documentationParts ?? [:]).values
            .filter { type == nil || $0.location.type == type }
            .sorted { ($0.location.path ?? "", $0.id) < ($1.location.path ?? "", $1.id) }
    }

    /// `CreateDocumentationPart`: a known location type, `properties` a JSON object, one part per location.
    public mutating func createDocumentationPart(apiId: String, _ input: CreateDocumentationPartInput, id: String) throws -> DocumentationPart {
        let part = try Self.documentationPart(input, id: id, input: "createDocumentationPartInput")
        return try changeDocument(apiId) { document in
            guard !(document.documentationParts ?? [:]).values.contains(where: { $0.location == part.location }) else {
                throw GatewayError.conflict("Documentation part already exists for the specified location")
            }
            return try Self.insert(part, into: &document)
        }
    }

    /// A part from what `CreateDocumentationPart` (or an imported entry) gives, checked, its location
    /// without empty fields and completed with AWS's defaults (`path` `/`, `method` `*`, `statusCode` `*`).
    static func documentationPart(_ input: CreateDocumentationPartInput, id: String, input name: String) throws -> DocumentationPart {
        guard var location = input.location else { throw GatewayError.mustNotBeNull(at: "\(name).location") }
        // Empty fields are absent ones (Terraform sends `""` for those it does not set).
        (location.path, location.method) = (location.path.nonEmptyText, location.method.nonEmptyText)
        (location.statusCode, location.name) = (location.statusCode.nonEmptyText, location.name.nonEmptyText)
        guard let type = location.type else { throw GatewayError.mustNotBeNull(at: "\(name).location.type") }
        guard let properties = input.properties else { throw GatewayError.mustNotBeNull(at: "\(name).properties") }
        guard Self.documentationTypes.contains(type) else {
            throw GatewayError.enumeration(value: type, at: "\(name).location.type", allowed: Self.documentationTypes)
        }
        try Self.checkDocumentationProperties(properties)
        if type != "API", location.path == nil { location.path = "/" }
        if ["METHOD", "PATH_PARAMETER", "QUERY_PARAMETER", "REQUEST_HEADER", "REQUEST_BODY", "RESPONSE", "RESPONSE_HEADER",
            "RESPONSE_BODY"].contains(type), location.method == nil { location.method = "*" }
        if type.hasPrefix("RESPONSE"), location.statusCode == nil { location.statusCode = "*" }
        return DocumentationPart(id: id, location: location, properties: properties)
    }

    /// Adds `part` to an API's parts, within AWS's limit on their number.
    static func insert(_ part: DocumentationPart, into document: inout RestApiDocument) throws -> DocumentationPart {
        var parts = document.documentationParts ?? [:]
        guard parts.count < Self.maximumDocumentationItems else { throw GatewayError.badRequest("Too many documentation parts") }
        parts[part.id] = part
        document.documentationParts = parts
        return part
    }

    /// `UpdateDocumentationPart`: `replace` on `/properties`.
    public mutating func updateDocumentationPart(apiId: String, id: String, operations: [PatchOperation]) throws -> DocumentationPart {
        try PatchOperation.validate(operations, input: "updateDocumentationPartInput")
        return try changeDocument(apiId) { document in
            guard var part = document.documentationParts?[id] else { throw Self.unknownDocumentationPart }
            for operation in try Self.replacements(operations, paths: ["/properties"]) {
                let properties = try operation.requiredValue()
                try Self.checkDocumentationProperties(properties)
                part.properties = properties
            }
            document.documentationParts?[id] = part
            return part
        }
    }

    /// `DeleteDocumentationPart`.
    public mutating func removeDocumentationPart(apiId: String, id: String) throws {
        try changeDocument(apiId) { document in
            guard document.documentationParts?.removeValue(forKey: id) != nil else { throw Self.unknownDocumentationPart }
        }
    }

    /// `GetDocumentationVersion`.
    public func documentationVersion(apiId: String, version: String) throws -> DocumentationVersion {
        guard let found = try restApiDocument(apiId).documentationVersions?[version] else { throw Self.unknownDocumentationVersion }
        return found
    }

    /// `GetDocumentationVersions`, oldest first.
    public func documentationVersions(apiId: String) throws -> [DocumentationVersion] {
        try (restApiDocument(apiId).documentationVersions ?? [:]).values.sorted { ($0.createdDate, $0.version) < ($1.createdDate, $1.version) }
    }

    /// `CreateDocumentationVersion`: a new version name; with `stageName`, an existing stage that
    /// then names the version.
    public mutating func createDocumentationVersion(apiId: String, _ input: CreateDocumentationVersionInput, now: Int) throws -> DocumentationVersion {
        guard let name = input.documentationVersion.nonEmptyText else {
            throw GatewayError.mustNotBeNull(at: "createDocumentationVersionInput.documentationVersion")
        }
        let version = DocumentationVersion(version: name, createdDate: now, description: input.description.nonEmptyText)
        return try changeDocument(apiId) { document in
            var versions = document.documentationVersions ?? [:]
            guard versions[name] == nil else { throw GatewayError.conflict("Documentation version already exists") }
            guard versions.count < Self.maximumDocumentationItems else { throw GatewayError.badRequest("Too many documentation versions") }
            if let stage = input.stageName.nonEmptyText {
                guard document.stages[stage] != nil else { throw GatewayError.badRequest("Invalid stage identifier specified") }
                document.stages[stage]?.documentationVersion = name
            }
            versions[name] = version
            document.documentationVersions = versions
            return version
        }
    }

    /// `UpdateDocumentationVersion`: `replace` on `/description`.
    public mutating func updateDocumentationVersion(apiId: String, version: String, operations: [PatchOperation]) throws -> DocumentationVersion {
        try PatchOperation.validate(operations, input: "updateDocumentationVersionInput")
        return try changeDocument(apiId) { document in
            guard var found = document.documentationVersions?[version] else { throw Self.unknownDocumentationVersion }
            for operation in try Self.replacements(operations, paths: ["/description"]) { found.description = operation.value.nonEmptyText }
            document.documentationVersions?[version] = found
            return found
        }
    }

    /// `DeleteDocumentationVersion`.
    public mutating func removeDocumentationVersion(apiId: String, version: String) throws {
        try changeDocument(apiId) { document in
            guard document.documentationVersions?.removeValue(forKey: version) != nil else { throw Self.unknownDocumentationVersion }
        }
    }

    static func checkDocumentationProperties(_ properties: String) throws {
        guard properties.utf8.count <= maximumDocumentationProperties, let parsed = OpenAPINode.parseJSON(Array(properties.utf8)),
              case .object = parsed else {
            throw GatewayError.badRequest("Invalid documentation content specified: properties must be a JSON object of at most 32768 bytes")
        }
    }
}
