import Foundation

/// How `ImportRestApi` and `PutRestApi` apply a definition: their query parameters
/// (`mode`, `failonwarnings` and the `parameters` map, sent as plain query parameters).
public struct OpenAPIImportOptions: Sendable, Equatable {
    /// `PutRestApi`'s `mode`: merge the definition into the API, or replace the API's resources with it.
    public enum Mode: String, Sendable {
        case merge, overwrite
    }

    /// `basepath`: what the document's base path (Swagger `basePath`, the path of OpenAPI 3's first
    /// server URL) does to the resource paths.
    public enum BasePath: String, Sendable {
        /// The base path is not used.
        case ignore
        /// Every path is placed under the whole base path.
        case prepend
        /// The base path's first segment is dropped, the rest is prepended.
        case split
    }

    public var mode: Mode
    public var failOnWarnings: Bool
    public var basePath: BasePath
    /// `endpointConfigurationTypes`: the API's endpoint type (`EDGE`, `REGIONAL`, `PRIVATE`).
    public var endpointTypes: [String]?

    public init(mode: Mode = .merge, failOnWarnings: Bool = false, basePath: BasePath = .ignore, endpointTypes: [String]? = nil) {
        self.mode = mode
        self.failOnWarnings = failOnWarnings
        self.basePath = basePath
        self.endpointTypes = endpointTypes
    }

    /// Reads the options from a request's query; `PutRestApi` defaults to `merge`, an import always creates.
    public init(query: [(name: String, value: String)]) throws {
        func value(_ name: String) -> String? {
            query.first { $0.name.lowercased() == name.lowercased() }?.value
        }
        self.init()
        if let mode = value("mode"), mode != "import" {
            guard let parsed = Mode(rawValue: mode) else {
                throw GatewayError.enumeration(value: mode, at: "mode", allowed: ["merge", "overwrite"])
            }
            self.mode = parsed
        }
        switch value("failonwarnings")?.lowercased() {
        case nil, "false": failOnWarnings = false
        case "true": failOnWarnings = true
        case let other?: throw GatewayError.badRequest("Invalid value '\(other)' for query parameter failonwarnings: must be true or false")
        }
        if let basePath = value("basepath") {
            guard let parsed = BasePath(rawValue: basePath.lowercased()) else {
                throw GatewayError.badRequest("Invalid basepath parameter value: \(basePath). Valid options are ignore, prepend, split")
            }
            self.basePath = parsed
        }
        if let types = value("endpointConfigurationTypes") {
            let list = types.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            if let wrong = list.first(where: { !Configuration.endpointTypes.contains($0) }) {
                throw GatewayError.badRequest(
                    "Invalid endpointConfigurationTypes parameter value: \(wrong). Valid options are \(Configuration.endpointTypes.joined(separator: ", "))"
                )
            }
            endpointTypes = list
        }
    }
}
