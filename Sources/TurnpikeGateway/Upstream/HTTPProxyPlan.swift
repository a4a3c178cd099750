import TurnpikeModel

/// Where and how an `HTTP_PROXY` (or `HTTP`) integration forwards a request, compiled from its `uri`.
///
/// The URI's path is a template: `{name}` (or `{name+}`) is filled per request from the integration's
/// `requestParameters`:
///
/// - `"integration.request.path.name": "method.request.path.p"`: the request's path parameter `p`;
/// - `"integration.request.path.name": "'text'"`: the literal text;
/// - `"integration.request.path.name": "stageVariables.v"`: the stage variable `v`;
/// - no mapping for `name`: the request's path parameter of the same name. AWS requires the mapping;
///   Turnpike is lenient so that `http://backend/{proxy}` works on a `{proxy+}` resource without one;
/// - any other source (`method.request.header.*`, `method.request.querystring.*`) or an unknown
///   parameter: empty.
///
/// Values are percent-encoded as one path segment; a value taken from a greedy parameter keeps its
/// slashes. `${stageVariables.name}` anywhere in the URI was replaced when the stage's snapshot was
/// built. The client's query string is passed on, after any query the URI has.
public final class HTTPProxyPlan: Sendable {
    /// `http` or `https`.
    public let scheme: String
    /// The backend host (an IPv6 address without brackets).
    public let host: String
    /// The backend port (80 or 443 unless the URI names one).
    public let port: Int
    /// The `Host` header to send: `host`, with `:port` when it is not the scheme's default.
    public let hostHeader: String
    /// The method to call the backend with (`integrationHttpMethod`); nil means the request's own
    /// (also when the integration says `ANY`).
    public let httpMethod: String?
    /// How long the backend may take (`timeoutInMillis`, default 29 s); then answer 504
    /// (``GatewayResponseType/integrationTimeout``).
    public let timeout: Duration
    /// ``timeout`` in milliseconds, e.g. for `TimeAmount.milliseconds(_:)`.
    public let timeoutMilliseconds: Int64

    /// Where pooled connections for this backend are kept.
    let upstreamKey: UpstreamKey

    /// The URI's path, split into literal text and parameters.
    let pathTemplate: [PathTemplatePiece]
    /// The URI's own query, without `?` (`""` when none).
    let uriQuery: String
    /// The whole upstream path when the template has no request parameter (made once, not per request).
    private let staticPath: String?

    enum PathTemplatePiece: Sendable, Equatable {
        case text(String)
        /// A request path parameter (found by its slot in the matched resource's path).
        case parameter(PathParameterSlot)
        /// A value known when the snapshot is built, already encoded.
        case constant(String)
    }

    init(
        integration: Integration, parameters: [PathParameterSlot], stageVariables: [String: String]
    ) throws(IntegrationPlanError) {
        guard let rawURI = integration.uri else { throw IntegrationPlanError(reason: "The integration has no URI") }
        let uri = Self.substitutingStageVariables(in: rawURI, stageVariables)
        guard let parsed = Self.parse(uri) else { throw IntegrationPlanError(reason: "Cannot parse integration URI \(uri)") }
        self.scheme = parsed.scheme
        self.host = parsed.host
        self.port = parsed.port
        let transport: UpstreamKey.Transport = switch (parsed.scheme, integration.tlsConfig?.insecureSkipVerification) {
        case ("https", true): .tlsUnverified
        case ("https", _): .tls
        default: .plain
        }
        self.upstreamKey = UpstreamKey(host: parsed.host, port: parsed.port, transport: transport)
        let defaultPort = parsed.scheme == "https" ? 443 : 80
        let bracketed = parsed.host.contains(":") ? "[\(parsed.host)]" : parsed.host
        self.hostHeader = parsed.port == defaultPort ? bracketed : "\(bracketed):\(parsed.port)"
        let method = integration.httpMethod?.uppercased()
        self.httpMethod = method == nil || method == "ANY" || method == "" ? nil : method
        let milliseconds = Int64(integration.timeoutInMillis ?? 29_000)
        self.timeoutMilliseconds = milliseconds
        self.timeout = .milliseconds(milliseconds)
        self.uriQuery = parsed.query
        let pathTemplate = Self.compile(
            path: parsed.path, requestParameters: integration.requestParameters ?? [:],
            parameters: parameters, stageVariables: stageVariables
        )
        self.pathTemplate = pathTemplate
        self.staticPath = pathTemplate.reduce(into: Optional("")) { path, piece in
            switch piece {
            case .text(let text), .constant(let text): path? += text
            case .parameter: path = nil
            }
        }
    }

    /// A plan for calls to a service endpoint (`scheme://host[:port]`, e.g. Lambda's): `POST`, no
    /// path template (the caller writes its own request).
    convenience init(endpoint: String, timeoutMilliseconds: Int64) throws(IntegrationPlanError) {
        var integration = Integration(type: "HTTP")
        integration.uri = endpoint
        integration.httpMethod = "POST"
        integration.timeoutInMillis = Int(timeoutMilliseconds)
        try self.init(integration: integration, parameters: [], stageVariables: [:])
    }

    /// The request target to send upstream (path and query), for a request on `requestPath` that
    /// the router matched as `match`, with the client's `rawQuery`.
    ///
    /// ```swift
    /// // uri http://backend:8080/items/{id}?v=1, resource /pets/{id}, request /pets/a b?x=2
    /// plan.upstreamTarget(requestPath: "/pets/a b", match: match, rawQuery: "x=2") // "/items/a%20b?v=1&x=2"
    /// ```
    public func upstreamTarget(requestPath: String, match: RouteMatch, rawQuery: String) -> String {
        if let staticPath, uriQuery.isEmpty, rawQuery.isEmpty { return staticPath }
        var target = ""
        for piece in pathTemplate {
            switch piece {
            case .text(let text), .constant(let text):
                target += text
            case .parameter(let slot):
                PercentCoding.appendPathEncoded(slot.value(in: requestPath), keepingSlashes: slot.greedy, to: &target)
            }
        }
        if !uriQuery.isEmpty || !rawQuery.isEmpty {
            target += "?"
            target += uriQuery
            if !uriQuery.isEmpty, !rawQuery.isEmpty { target += "&" }
            target += rawQuery
        }
        return target
    }

    // MARK: Compiling

    private static func compile(
        path: Substring, requestParameters: [String: String], parameters: [PathParameterSlot], stageVariables: [String: String]
    ) -> [PathTemplatePiece] {
        var pieces: [PathTemplatePiece] = []
        var text = ""
        var rest = path
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            text += rest[..<open]
            var name = rest[rest.index(after: open)..<close]
            if name.last == "+" { name = name.dropLast() }
            if !text.isEmpty { pieces.append(.text(text)) }
            text = ""
            pieces.append(Self.piece(for: String(name), requestParameters, parameters, stageVariables))
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    private static func piece(
        for name: String, _ requestParameters: [String: String], _ parameters: [PathParameterSlot],
        _ stageVariables: [String: String]
    ) -> PathTemplatePiece {
        let source = requestParameters["integration.request.path.\(name)"] ?? "method.request.path.\(name)"
        if let literal = StaticValue.literal(source) { return .constant(encoded(literal)) }
        let stagePrefix = "stageVariables."
        if source.hasPrefix(stagePrefix) {
            return .constant(encoded(stageVariables[String(source.dropFirst(stagePrefix.count))] ?? ""))
        }
        let pathPrefix = "method.request.path."
        if source.hasPrefix(pathPrefix) {
            let parameter = source.dropFirst(pathPrefix.count)
            if let slot = parameters.first(where: { $0.name == parameter }) { return .parameter(slot) }
        }
        return .constant("")
    }

    private static func encoded(_ value: String) -> String {
        var text = ""
        PercentCoding.appendPathEncoded(value[...], keepingSlashes: false, to: &text)
        return text
    }

    /// Replaces each `${stageVariables.name}` with the variable's value (nothing when unknown).
    static func substitutingStageVariables(in uri: String, _ variables: [String: String]) -> String {
        let marker = "${stageVariables."
        guard uri.contains(marker) else { return uri }
        var result = ""
        var rest = uri[...]
        while let start = rest.firstRange(of: marker), let close = rest[start.upperBound...].firstIndex(of: "}") {
            result += rest[..<start.lowerBound]
            result += variables[String(rest[start.upperBound..<close])] ?? ""
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// `scheme://[userinfo@]host[:port][/path][?query][#fragment]`, for http and https only.
    static func parse(_ uri: String) -> (scheme: String, host: String, port: Int, path: Substring, query: String)? {
        guard let schemeEnd = uri.firstRange(of: "://") else { return nil }
        let scheme = uri[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let afterScheme = uri[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        var authority = afterScheme[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host: Substring
        var portText: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "{" || $0 == "}" }) else { return nil }
        var port = scheme == "https" ? 443 : 80
        if let portText, !portText.isEmpty {
            guard let value = Int(portText), (1...65_535).contains(value) else { return nil }
            port = value
        }
        var rest = afterScheme[authorityEnd...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let queryStart = rest.firstIndex(of: "?") ?? rest.endIndex
        var path = rest[..<queryStart]
        if path.isEmpty { path = "/" }
        let query = queryStart < rest.endIndex ? String(rest[rest.index(after: queryStart)...]) : ""
        return (scheme, String(host), port, path, query)
    }
}
