import Foundation

/// A `GetExport` answer: the document's text with its content type and file name.
public struct OpenAPIExport: Sendable {
    public var contentType: String
    public var contentDisposition: String
    public var body: String
}

extension Configuration {
    /// The media types `GetExport` writes, by what `Accept` may name.
    static let exportMediaTypes = ["application/json": "json", "application/yaml": "yaml"]

    /// `GetExport`: the API as its stage's deployment froze it, as `oas30` or `swagger`, in JSON
    /// (the default, or `Accept: application/json`) or YAML (`Accept: application/yaml`).
    public func export(apiId: String, stageName: String, exportType: String, extensions: String?, accept: String?) throws -> OpenAPIExport {
        let document = try restApiDocument(apiId)
        let stage = try self.stage(apiId: apiId, name: stageName)
        guard let format = OpenAPIWriter.Format(rawValue: exportType) else {
            throw GatewayError.badRequest("Invalid export type specified: \(exportType). Valid options are oas30, swagger")
        }
        let mediaType = Self.exportMediaType(accept)
        guard let suffix = Self.exportMediaTypes[mediaType] else {
            throw GatewayError.badRequest("Invalid accept type specified: \(mediaType). Valid options are application/json, application/yaml")
        }
        let writer = OpenAPIWriter(
            document: document, resources: document.deploymentSnapshots[stage.deploymentId] ?? [:], stageName: stageName,
            format: format, extensions: try OpenAPIWriter.Extensions(parameter: extensions)
        )
        let node = writer.node()
        let body = suffix == "yaml" ? try node.yamlText() : node.jsonText()
        let name = document.api.name.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        return OpenAPIExport(
            contentType: mediaType, contentDisposition: "attachment; filename=\"\(name)-\(stageName)-\(exportType).\(suffix)\"", body: body
        )
    }

    /// The first media type of an `Accept` header Turnpike writes; JSON for none or a wildcard.
    static func exportMediaType(_ accept: String?) -> String {
        let types = (accept ?? "").split(separator: ",").map {
            $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        if let known = types.first(where: { exportMediaTypes[$0] != nil }) { return known }
        if types.isEmpty || types.contains(where: { $0 == "*/*" || $0 == "application/*" || $0.isEmpty }) { return "application/json" }
        return types[0]
    }
}
