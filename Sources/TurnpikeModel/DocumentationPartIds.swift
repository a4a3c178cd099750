/// What `ImportDocumentationParts` answers, as AWS's `DocumentationPartIds` shape: the ids of the
/// parts it created or replaced, in the document's order, and its warnings (one per entry skipped).
public struct DocumentationPartIds: Codable, Sendable, Equatable {
    public var ids: [String]
    public var warnings: [String]?

    public init(ids: [String], warnings: [String]? = nil) {
        self.ids = ids
        self.warnings = warnings
    }
}
