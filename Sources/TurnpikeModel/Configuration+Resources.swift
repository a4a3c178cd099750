/// What `CreateResource` takes.
public struct CreateResourceInput: Codable, Sendable {
    public var pathPart: String?

    public init(pathPart: String?) {
        self.pathPart = pathPart
    }
}

/// A resource as `GetResource(s)` answers it: each method summarised as `{}`, or in full when the
/// caller asked for `embed=methods`.
public struct ResourceAnswer: Encodable, Sendable, Equatable {
    public var resource: Resource
    public var embedsMethods: Bool

    public init(_ resource: Resource, embedsMethods: Bool) {
        self.resource = resource
        self.embedsMethods = embedsMethods
    }

    enum CodingKeys: String, CodingKey {
        case id, parentId, pathPart, path, resourceMethods
    }

    private struct Empty: Encodable {}

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(resource.id, forKey: .id)
        try container.encodeIfPresent(resource.parentId, forKey: .parentId)
        try container.encodeIfPresent(resource.pathPart, forKey: .pathPart)
        try container.encode(resource.path, forKey: .path)
        guard let methods = resource.resourceMethods, !methods.isEmpty else { return }
        if embedsMethods {
            try container.encode(methods, forKey: .resourceMethods)
        } else {
            try container.encode(methods.mapValues { _ in Empty() }, forKey: .resourceMethods)
        }
    }
}

extension Configuration {
    /// `GetResource`.
    public func resource(apiId: String, id: String) throws -> Resource {
        try restApiDocument(apiId).resource(id)
    }

    /// `GetResources`: the API's resources in path order.
    public func resources(apiId: String) throws -> [Resource] {
        try restApiDocument(apiId).resources.values.sorted { $0.path < $1.path }
    }

    /// `CreateResource`: a child of `parentId` named by `pathPart` (`name`, `{name}` or greedy `{name+}`).
    public mutating func createResource(apiId: String, parentId: String, _ input: CreateResourceInput, id: String) throws -> Resource {
        guard let pathPart = input.pathPart else { throw GatewayError.mustNotBeNull(at: "createResourceInput.pathPart") }
        return try changeDocument(apiId) { document in
            let parent = try document.resource(parentId)
            try document.checkPlacement(pathPart: pathPart, under: parent, movingId: nil)
            let resource = Resource(id: id, parentId: parent.id, pathPart: pathPart, path: RestApiDocument.path(of: pathPart, under: parent))
            document.resources[id] = resource
            return resource
        }
    }

    /// `UpdateResource`: `replace` on `/pathPart` and `/parentId`; the paths of the whole subtree follow.
    public mutating func updateResource(apiId: String, id: String, operations: [PatchOperation]) throws -> Resource {
        try PatchOperation.validate(operations, input: "updateResourceInput")
        return try changeDocument(apiId) { document in
            let original = try document.resource(id)
            var pathPart = original.pathPart
            var parentId = original.parentId
            for operation in operations {
                guard ["/pathPart", "/parentId"].contains(operation.path) else {
                    throw operation.invalidPath(mustBeOneOf: ["/parentId", "/pathPart"])
                }
                guard operation.op == "replace" else {
                    throw GatewayError.badRequest(
                        "Invalid patch path  '\(operation.path)' specified for op '\(operation.op)'. Please choose supported operations"
                    )
                }
                guard original.parentId != nil else {
                    throw GatewayError.badRequest("Root resource cannot update its \(operation.path.dropFirst()).")
                }
                if operation.path == "/pathPart" {
                    pathPart = try operation.requiredValue()
                } else {
                    parentId = try operation.requiredValue()
                }
            }
            guard let pathPart, let parentId else { return original }
            let parent = try document.resource(parentId)
            if parent.id == id || document.descendants(of: id).contains(parent.id) {
                throw GatewayError.badRequest("Resources cannot be cyclical.")
            }
            try document.checkPlacement(pathPart: pathPart, under: parent, movingId: id)
            if pathPart.hasSuffix("+}"), let child = document.children(of: id).first {
                throw GatewayError.badRequest(
                    "Cannot create a child of a resource with a greedy path variable: \(pathPart) (it has the child \(child.pathPart ?? ""))"
                )
            }
            document.resources[id]?.pathPart = pathPart
            document.resources[id]?.parentId = parentId
            document.recomputePaths(from: id)
            return try document.resource(id)
        }
    }

    /// `DeleteResource`: removes the resource and everything under it; the root cannot go.
    public mutating func removeResource(apiId: String, id: String) throws {
        try changeDocument(apiId) { document in
            let resource = try document.resource(id)
            guard resource.parentId != nil else { throw GatewayError.badRequest("Cannot delete the root resource of an API") }
            for descendant in document.descendants(of: id) { document.resources[descendant] = nil }
            document.resources[id] = nil
        }
    }
}

extension RestApiDocument {
    /// The resource, or AWS's 404.
    func resource(_ id: String) throws -> Resource {
        guard let resource = resources[id] else { throw GatewayError.notFound("Invalid Resource identifier specified") }
        return resource
    }

    func children(of id: String) -> [Resource] {
        resources.values.filter { $0.parentId == id }
    }

    /// Ids of every resource below `id`.
    func descendants(of id: String) -> [String] {
        var result: [String] = []
        var pending = [id]
        while let next = pending.popLast() {
            let children = children(of: next).map(\.id)
            result += children
            pending += children
        }
        return result
    }

    static func path(of pathPart: String, under parent: Resource) -> String {
        parent.path == "/" ? "/\(pathPart)" : "\(parent.path)/\(pathPart)"
    }

    /// Recomputes the paths of `id` and its subtree from their parents.
    mutating func recomputePaths(from id: String) {
        guard let resource = resources[id], let parentId = resource.parentId, let parent = resources[parentId],
              let pathPart = resource.pathPart else { return }
        resources[id]?.path = Self.path(of: pathPart, under: parent)
        for child in children(of: id) { recomputePaths(from: child.id) }
    }

    /// AWS's rules for a path part under a parent: the part's characters, no child under a greedy
    /// variable, unique names among siblings, at most one variable sibling.
    func checkPlacement(pathPart: String, under parent: Resource, movingId: String?) throws {
        guard Self.isValidPathPart(pathPart) else {
            throw GatewayError.badRequest(
                "Resource's path part only allow a-zA-Z0-9._-: or a valid greedy path variable and curly braces at the beginning "
                    + "and the end and an optional plus sign before the closing brace."
            )
        }
        if let parentPart = parent.pathPart, parentPart.hasSuffix("+}") {
            throw GatewayError.badRequest("Cannot create a child of a resource with a greedy path variable: \(parentPart)")
        }
        let siblings = children(of: parent.id).filter { $0.id != movingId }
        if siblings.contains(where: { $0.pathPart == pathPart }) {
            throw GatewayError.conflict("Another resource with the same parent already has this name: \(pathPart)")
        }
        if pathPart.hasPrefix("{"), let variable = siblings.first(where: { $0.pathPart?.hasPrefix("{") == true }) {
            throw GatewayError.badRequest(
                "A sibling (\(variable.pathPart ?? "")) of this resource already has a variable path part -- only one is allowed"
            )
        }
    }

    /// `name`, `{name}` or `{name+}` with name characters `a-zA-Z0-9._-` (and `:` outside braces).
    static func isValidPathPart(_ part: String) -> Bool {
        func isNameCharacter(_ character: Character, colon: Bool) -> Bool {
            (character.isASCII && (character.isLetter || character.isNumber)) || "._-".contains(character)
                || (colon && character == ":")
        }
        if part.hasPrefix("{") {
            guard part.hasSuffix("}"), part.count > 2 else { return false }
            var name = part.dropFirst().dropLast()
            if name.hasSuffix("+") { name = name.dropLast() }
            return !name.isEmpty && name.allSatisfy { isNameCharacter($0, colon: false) }
        }
        return !part.isEmpty && part.allSatisfy { isNameCharacter($0, colon: true) }
    }
}
