extension Configuration {
    /// `ImportDocumentationParts`: the parts listed in an OpenAPI document's
    /// `x-amazon-apigateway-documentation.documentationParts` (JSON or YAML), each
    /// `{"location": {...}, "properties": {...}}` as `CreateDocumentationPart` takes it.
    ///
    /// - `merge` (the default) adds the parts; a part at a location that already has one replaces
    ///   its properties and keeps its id. `overwrite` first removes every part of the API.
    /// - An entry that `CreateDocumentationPart` would refuse (an unknown location type, properties
    ///   that are not a JSON object, a location listed twice) is skipped with a warning; with
    ///   `failOnWarnings` any warning refuses the import (400), which then changes nothing.
    /// - An unreadable document, or one without the extension's `documentationParts` list, is a 400.
    ///
    /// ```json
    /// {"swagger": "2.0", "x-amazon-apigateway-documentation": {"version": "1.0", "documentationParts": [
    ///   {"location": {"type": "API"}, "properties": {"description": "The pets API"}}]}}
    /// ```
    public mutating func importDocumentationParts(
        apiId: String, _ body: [UInt8], options: OpenAPIImportOptions, makeId: () -> String
    ) throws -> DocumentationPartIds {
        _ = try restApiDocument(apiId)
        let root = try OpenAPINode.parse(body)
        guard let entries = root["x-amazon-apigateway-documentation"]?["documentationParts"]?.elements else {
            throw GatewayError.badRequest(
                "Invalid documentation input: the document has no x-amazon-apigateway-documentation.documentationParts list")
        }
        var draft = self
        var ids: [String] = []
        var warnings: [String] = []
        try draft.changeDocument(apiId) { document in
            if options.mode == .overwrite { document.documentationParts = nil }
            var imported: [DocumentationPartLocation] = []
            for (index, entry) in entries.enumerated() {
                let part: DocumentationPart
                do {
                    part = try Self.documentationPart(Self.documentationPartInput(entry), id: makeId(),
                                                      input: "x-amazon-apigateway-documentation.documentationParts[\(index)]")
                    guard !imported.contains(part.location) else {
                        throw GatewayError.badRequest("another part of the document has the same location")
                    }
                } catch let error as GatewayError {
                    warnings.append("Documentation part \(index) skipped: \(error.message)")
                    continue
                }
                imported.append(part.location)
                if let existing = document.documentationParts?.values.first(where: { $0.location == part.location }) {
                    document.documentationParts?[existing.id]?.properties = part.properties
                    ids.append(existing.id)
                } else {
                    ids.append(try Self.insert(part, into: &document).id)
                }
            }
        }
        if options.failOnWarnings, !warnings.isEmpty {
            throw GatewayError.badRequest("Warnings found during import:\n\t" + warnings.joined(separator: "\n\t"))
        }
        self = draft
        return DocumentationPartIds(ids: ids, warnings: warnings.isEmpty ? nil : warnings)
    }

    /// An imported entry as `CreateDocumentationPart`'s input: the location's text fields, and the
    /// properties as compact JSON text (a string is taken as the JSON text itself).
    private static func documentationPartInput(_ entry: OpenAPINode) -> CreateDocumentationPartInput {
        let location = entry["location"].map { node in
            DocumentationPartLocation(type: node["type"]?.text, path: node["path"]?.text, method: node["method"]?.text,
                                      statusCode: node["statusCode"]?.text, name: node["name"]?.text)
        }
        let properties = entry["properties"].map { $0.text ?? $0.compactJSONText() }
        return CreateDocumentationPartInput(location: location, properties: properties)
    }
}
