public import TurnpikeModel

/// The precomputed answer of a `MOCK` integration.
///
/// - The status selects an integration response: the request template (`application/json`, else the
///   only or first template) `{"statusCode": N}` gives N (200 when there is no template or no
///   `statusCode`). The integration response keyed `N` answers; else one whose `selectionPattern` is
///   exactly `N`; else the default one (no `selectionPattern`). Its `statusCode` is the status sent.
///   With no integration response at all, the answer is N with an empty body.
/// - The body is the selected response's `responseTemplates["application/json"]` (else its only or
///   first template) taken as static text: Turnpike runs no VTL, so `$input`/`$context` references
///   stay as written. The `Content-Type` is that template's media type (`application/json` when
///   there is none).
/// - Each `responseParameters` entry `method.response.header.X: 'value'` becomes header `X: value`;
///   other sources (request or integration headers) are per request and are skipped, and so is a
///   header ``HeaderField`` refuses (stored before the admin API checked them). A template media
///   type with a control character gives `application/json`.
public struct MockResponse: Sendable {
    /// The complete answer (the writer adds `content-length` and its per-request headers).
    public let rendered: RenderedResponse

    /// The status code to answer with.
    public var status: Int { rendered.status }
    /// `content-type` and the mapped headers.
    public var headers: [(String, String)] { rendered.headers }
    /// The body bytes.
    public var body: [UInt8] { rendered.body }

    /// Precomputes the response a `MOCK` integration gives.
    public init(integration: Integration) {
        let requested = Self.requestedStatus(in: Self.template(integration.requestTemplates)?.text) ?? 200
        let response = Self.selectResponse(integration.integrationResponses ?? [:], for: requested)
        let statusCode = response.flatMap { Int($0.statusCode) } ?? requested
        let template = Self.template(response?.responseTemplates)
        var headers: [(String, String)] = []
        let prefix = "method.response.header."
        for (name, source) in (response?.responseParameters ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard name.hasPrefix(prefix), let value = StaticValue.literal(source) else { continue }
            let header = String(name.dropFirst(prefix.count))
            // The writer sets the framing; values stored before write validation are skipped.
            guard HeaderField.isRenderable(name: header, value: value) else { continue }
            headers.append((header, value))
        }
        if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            let mediaType = template?.mediaType ?? "application/json"
            headers.append(("content-type", HeaderField.isSafeValue(mediaType) ? mediaType : "application/json"))
        }
        rendered = RenderedResponse(status: statusCode, headers: headers, body: Array((template?.text ?? "").utf8))
    }

    /// The template for `application/json`, else the first by media type.
    private static func template(_ templates: [String: String]?) -> (mediaType: String, text: String)? {
        guard let templates, !templates.isEmpty else { return nil }
        if let json = templates["application/json"] { return ("application/json", json) }
        let first = templates.min { $0.key < $1.key }!
        return (first.key, first.value)
    }

    /// N from a `{"statusCode": N}` template; nil when absent.
    static func requestedStatus(in template: String?) -> Int? {
        guard let template, let key = template.firstRange(of: "\"statusCode\"") else { return nil }
        var rest = template[key.upperBound...].drop { $0.isWhitespace }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst().drop { $0.isWhitespace }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let status = Int(digits), (100...599).contains(status) else { return nil }
        return status
    }

    private static func selectResponse(_ responses: [String: IntegrationResponse], for status: Int) -> IntegrationResponse? {
        let code = String(status)
        if let exact = responses[code] { return exact }
        let ordered = responses.values.sorted { $0.statusCode < $1.statusCode }
        if let pattern = ordered.first(where: { $0.selectionPattern == code }) { return pattern }
        return ordered.first { ($0.selectionPattern ?? "").isEmpty }
    }
}

/// Static values of mapping expressions.
enum StaticValue {
    /// The text of a quoted literal mapping source (`'value'`), or nil for any other source.
    static func literal(_ source: String) -> String? {
        guard source.count >= 2, source.first == "'", source.last == "'" else { return nil }
        return String(source.dropFirst().dropLast())
    }
}
