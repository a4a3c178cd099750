/// A resource of a REST API's tree, as AWS's `Resource` shape, holding its methods.
public struct Resource: Codable, Sendable, Equatable {
    public var id: String
    public var parentId: String?
    public var pathPart: String?
    public var path: String
    public var resourceMethods: [String: Method]?

    public init(id: String, parentId: String? = nil, pathPart: String? = nil, path: String, resourceMethods: [String: Method]? = nil) {
        self.id = id
        self.parentId = parentId
        self.pathPart = pathPart
        self.path = path
        self.resourceMethods = resourceMethods
    }
}
