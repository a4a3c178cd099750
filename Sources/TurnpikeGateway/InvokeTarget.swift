/// Where an invoke request goes: the REST API, the stage, and the resource path inside it.
///
/// Two request forms are invoke requests:
///
/// - the emulator form on Turnpike's own host, `/restapis/{apiId}/{stage}/_user_request_/{path...}`
///   (`/restapis/{apiId}/{stage}/_user_request_` alone is the root path `/`);
/// - the AWS form, any request whose `Host` is `{apiId}.execute-api.<anything>[:port]`, with the
///   request target `/{stage}/{path...}`.
///
/// Everything else is not an invoke request: the admin API answers it.
///
/// ```swift
/// switch InvokeTarget.parse(host: head.headers.first(name: "host"), uri: head.uri) {
/// case .invoke(let target): // route target.path in snapshot.stage(apiId: target.apiId, stage: target.stage)
/// case .notInvoke:          // hand the request to the admin responder
/// case .invalid:            // 400: bad percent-escape or invalid UTF-8 in the path
/// }
/// ```
public struct InvokeTarget: Sendable, Equatable {
    /// The REST API's id (from the path, or the first label of the `Host`, lowercased).
    public var apiId: String
    /// The stage name, as received (an empty name matches no stage).
    public var stage: String
    /// The resource path, percent-decoded, always starting with `/` (e.g. `/pets/42`). `%2F`
    /// decodes to `/` and so separates segments, as every other `/` does.
    public var path: String
    /// The query string without `?`, exactly as received (`""` when there is none).
    public var rawQuery: String

    public init(apiId: String, stage: String, path: String, rawQuery: String) {
        self.apiId = apiId
        self.stage = stage
        self.path = path
        self.rawQuery = rawQuery
    }

    /// Parses an HTTP request's `Host` header and request target (origin form `/a/b?q`, or absolute
    /// form `http://host/a/b?q`, whose authority then stands in for the `Host` header).
    ///
    /// Only the path part is decoded; the apiId and stage are taken as they are.
    public static func parse(host: String?, uri: String) -> InvokeTargetParse {
        var host = host
        var target = Substring(uri)
        if let absolute = Self.splitAbsoluteForm(target) {
            host = String(absolute.authority)
            target = absolute.rest
        }
        let pathEnd = target.utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? target.endIndex
        let rawPath = target[..<pathEnd]
        let rawQuery = Self.query(of: target[pathEnd...])

        if let host, let apiId = Self.executeApiId(host: host) {
            // `/{stage}/{path...}`: the first segment is the stage; the rest, with its leading `/`, the path.
            var rest = rawPath
            if rest.first == "/" { rest = rest.dropFirst() }
            let stageEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            let stage = rest[..<stageEnd]
            guard let path = Self.decodedPath(rest[stageEnd...]) else { return .invalid }
            return .invoke(InvokeTarget(apiId: apiId, stage: String(stage), path: path, rawQuery: rawQuery))
        }

        // `/restapis/{apiId}/{stage}/_user_request_[/{path...}]`
        let prefix = "/restapis/"
        guard rawPath.hasPrefix(prefix) else { return .notInvoke }
        let afterPrefix = rawPath.dropFirst(prefix.utf8.count)
        guard let apiEnd = afterPrefix.firstIndex(of: "/") else { return .notInvoke }
        let apiId = afterPrefix[..<apiEnd]
        let afterApi = afterPrefix[afterPrefix.index(after: apiEnd)...]
        guard let stageEnd = afterApi.firstIndex(of: "/") else { return .notInvoke }
        let stage = afterApi[..<stageEnd]
        let afterStage = afterApi[afterApi.index(after: stageEnd)...]
        let marker = "_user_request_"
        guard afterStage.hasPrefix(marker) else { return .notInvoke }
        let resourcePath = afterStage.dropFirst(marker.utf8.count)
        guard resourcePath.isEmpty || resourcePath.first == "/" else { return .notInvoke }
        guard let path = Self.decodedPath(resourcePath) else { return .invalid }
        return .invoke(InvokeTarget(apiId: String(apiId), stage: String(stage), path: path, rawQuery: rawQuery))
    }

    // MARK: Pieces

    /// The API id when `host` is `{apiId}.execute-api.<anything>[:port]` (case-insensitive), else nil.
    static func executeApiId(host: String) -> String? {
        let labelEnd = host.utf8.firstIndex(of: UInt8(ascii: ".")) ?? host.utf8.endIndex
        guard labelEnd != host.utf8.startIndex, labelEnd != host.utf8.endIndex else { return nil }
        let rest = host.utf8[host.utf8.index(after: labelEnd)...]
        let marker = "execute-api.".utf8
        guard rest.count > marker.count else { return nil }
        for (byte, expected) in zip(rest, marker) where Self.lowercased(byte) != expected { return nil }
        return host[..<labelEnd].lowercased()
    }

    /// `scheme://authority` split off an absolute-form request target; the rest starts with `/`.
    private static func splitAbsoluteForm(_ target: Substring) -> (authority: Substring, rest: Substring)? {
        guard let first = target.utf8.first, first != UInt8(ascii: "/") else { return nil }
        guard let schemeEnd = target.firstRange(of: "://") else { return nil }
        let scheme = target[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let afterScheme = target[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        var authority = afterScheme[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var rest = afterScheme[authorityEnd...]
        if rest.first != "/" { rest = "/" + rest }
        return (authority, rest)
    }

    private static func query(of suffix: Substring) -> String {
        guard suffix.first == "?" else { return "" }
        let query = suffix.dropFirst()
        let end = query.firstIndex(of: "#") ?? query.endIndex
        return String(query[..<end])
    }

    /// The percent-decoded path (`/` when empty), or nil for a bad escape or invalid UTF-8.
    private static func decodedPath(_ raw: Substring) -> String? {
        guard let decoded = PercentCoding.decode(raw) else { return nil }
        return decoded.isEmpty ? "/" : (decoded.hasPrefix("/") ? decoded : "/" + decoded)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}

/// What ``InvokeTarget/parse(host:uri:)`` found.
public enum InvokeTargetParse: Sendable, Equatable {
    /// An invoke request for this target.
    case invoke(InvokeTarget)
    /// Not an invoke request: the admin API handles it.
    case notInvoke
    /// An invoke request whose path has a bad `%` escape or decodes to invalid UTF-8 (answer 400).
    case invalid
}
