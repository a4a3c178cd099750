/// One file of the web console or the key holder's portal, built into the binary.
///
/// Only the names in ``all`` are ever served: a request path is looked up as a whole in the table,
/// never joined to a directory, so no path can reach another file.
public struct ConsoleAsset: Sendable {
    /// The file's name, as it appears after `/_turnpike/console/` or `/_turnpike/portal/`.
    public let name: String
    /// The `Content-Type` it is served with, from its extension.
    public let contentType: String
    /// The file as it is in `Sources/TurnpikeAdmin/Console`.
    public let bytes: [UInt8]

    /// The console's files, by name (SwiftPM embeds `Sources/TurnpikeAdmin/Console` in the code).
    public static let all: [String: ConsoleAsset] = {
        let files: [(String, [UInt8])] = [
            ("console.html", PackageResources.console_html),
            ("portal.html", PackageResources.portal_html),
            ("turnpike.css", PackageResources.turnpike_css),
            ("sigv4.js", PackageResources.sigv4_js),
            ("admin-client.js", PackageResources.admin_client_js),
            ("chart.js", PackageResources.chart_js),
            ("dom.js", PackageResources.dom_js),
            ("console.js", PackageResources.console_js),
            ("overview-page.js", PackageResources.overview_page_js),
            ("plans-page.js", PackageResources.plans_page_js),
            ("keys-page.js", PackageResources.keys_page_js),
            ("usage-page.js", PackageResources.usage_page_js),
            ("portal.js", PackageResources.portal_js),
            ("favicon.svg", PackageResources.favicon_svg),
        ]
        return Dictionary(uniqueKeysWithValues: files.map { ($0.0, ConsoleAsset(name: $0.0, bytes: $0.1)) })
    }()

    init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        contentType = Self.contentType(of: name)
    }

    /// The content type for a file name's extension.
    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
    }
}
