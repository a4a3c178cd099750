#if canImport(Glibc)
import Glibc
#endif

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
/// case .invalid:            // bad percent-escape or invalid UTF-8: no resource can match
/// }
/// ```
public struct InvokeTarget: Sendable, Equatable {
    /// The REST API's id (from the path, or the first label of the `Host`, lowercased).
    public var apiId: String
    /// The stage name, as received (an empty name matches no stage).
    public var stage: String
    /// The resource path, percent-decoded, always starting with `/` (e.g. `/pets/42`). `%2F`
    /// decodes to `/` and so separates segments, as every other `/` does; dot segments (`.`, `..`,
    /// also encoded) are then resolved (``DotSegments``), so no path holds one.
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
        let origin = originForm(host: host, uri: uri)
        var target = origin.target
        return target.withUTF8 { parseOriginForm(host: origin.host, UnsafeRawBufferPointer($0)) }
    }

    /// A request target in origin form (`/...`): an absolute form's authority stands in for the
    /// `Host` header; `*` and other forms are read as a path, which matches no resource.
    private static func originForm(host: String?, uri: String) -> (host: String?, target: String) {
        guard uri.utf8.first != Byte.slash else { return (host, uri) }
        if let absolute = splitAbsoluteForm(uri[...]) { return (String(absolute.authority), String(absolute.rest)) }
        return (host, "/" + uri)
    }

    /// ``parse(host:uri:)`` for the request target's bytes as received. An ASCII origin-form
    /// target (what clients send) is read in place; any other goes through a `String`, so invalid
    /// UTF-8 is replaced exactly as there.
    static func parse(host: String?, uri: UnsafeRawBufferPointer) -> InvokeTargetParse {
        if uri.first == Byte.slash, !uri.contains(where: { $0 >= 0x80 }) { return parseOriginForm(host: host, uri) }
        return parse(host: host, uri: String(decoding: uri, as: UTF8.self))
    }

    /// ``parse(host:uri:)`` for a request target that starts with `/`: the one parser of targets.
    private static func parseOriginForm(host: String?, _ raw: UnsafeRawBufferPointer) -> InvokeTargetParse {
        let (pathEnd, rawQuery) = splitQuery(raw)
        if let host, let apiId = Self.executeApiId(host: host) {
            // `/{stage}/{path...}`: the first segment is the stage; the rest, with its leading `/`, the path.
            let stageEnd = firstIndex(raw, of: Byte.slash, in: 1..<pathEnd) ?? pathEnd
            guard let path = decodedPath(raw, stageEnd..<pathEnd) else { return .invalid }
            return .invoke(InvokeTarget(apiId: apiId, stage: string(raw, 1..<stageEnd), path: path, rawQuery: rawQuery))
        }
        // `/restapis/{apiId}/{stage}/_user_request_[/{path...}]`
        let prefix: StaticString = "/restapis/"
        guard startsWith(raw, prefix, at: 0, before: pathEnd),
              let apiEnd = firstIndex(raw, of: Byte.slash, in: prefix.utf8CodeUnitCount..<pathEnd),
              let stageEnd = firstIndex(raw, of: Byte.slash, in: (apiEnd + 1)..<pathEnd) else { return .notInvoke }
        let marker: StaticString = "_user_request_"
        let resourceStart = stageEnd + 1 + marker.utf8CodeUnitCount
        guard startsWith(raw, marker, at: stageEnd + 1, before: pathEnd),
              resourceStart == pathEnd || raw[resourceStart] == Byte.slash else { return .notInvoke }
        guard let path = decodedPath(raw, resourceStart..<pathEnd) else { return .invalid }
        return .invoke(InvokeTarget(
            apiId: string(raw, prefix.utf8CodeUnitCount..<apiEnd), stage: string(raw, (apiEnd + 1)..<stageEnd),
            path: path, rawQuery: rawQuery))
    }

    /// Where an origin-form target's path ends, and its raw query (without a fragment).
    private static func splitQuery(_ raw: UnsafeRawBufferPointer) -> (pathEnd: Int, rawQuery: String) {
        var pathEnd = 0
        while pathEnd < raw.count, raw[pathEnd] != Byte.question, raw[pathEnd] != Byte.hash { pathEnd += 1 }
        guard pathEnd < raw.count, raw[pathEnd] == Byte.question else { return (pathEnd, "") }
        let queryEnd = firstIndex(raw, of: Byte.hash, in: (pathEnd + 1)..<raw.count) ?? raw.count
        return (pathEnd, string(raw, (pathEnd + 1)..<queryEnd))
    }

    private static func firstIndex(_ raw: UnsafeRawBufferPointer, of byte: UInt8, in range: Range<Int>) -> Int? {
        RequestHeadParser.firstIndex(raw, of: byte, in: range)
    }

    /// Whether the bytes at `start` (ending before `end`) begin with `text`.
    private static func startsWith(_ raw: UnsafeRawBufferPointer, _ text: StaticString, at start: Int, before end: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard start + count <= end else { return false }
        return memcmp(raw.baseAddress! + start, text.utf8Start, count) == 0
    }

    private static func string(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: raw[range]), as: UTF8.self)
    }

    /// The percent-decoded path in `range` (`/` when empty) with its dot segments resolved
    /// (``DotSegments``), or nil for a bad escape, invalid UTF-8 or a dot part between backslashes.
    private static func decodedPath(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> String? {
        guard let decoded = PercentCoding.decode(UnsafeRawBufferPointer(rebasing: raw[range])),
              !DotSegments.hasBackslashDotPart(decoded) else { return nil }
        if decoded.isEmpty { return "/" }
        return DotSegments.resolved(decoded.utf8.first == Byte.slash ? decoded : "/" + decoded)
    }

    /// The decoded path (dot segments resolved, `/` when empty) and raw query of any request
    /// target, for a custom domain name's request (``DomainTable``); nil for a bad escape or
    /// invalid UTF-8.
    static func pathAndQuery(uri: String) -> (path: String, rawQuery: String)? {
        var target = originForm(host: nil, uri: uri).target
        return target.withUTF8 { buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            let (pathEnd, rawQuery) = splitQuery(raw)
            guard let path = decodedPath(raw, 0..<pathEnd) else { return nil }
            return (path, rawQuery)
        }
    }

    // MARK: Pieces

    /// The API id when `host` is `{apiId}.execute-api.<anything>[:port]` (case-insensitive), else nil.
    static func executeApiId(host: String) -> String? {
        let labelEnd = host.utf8.firstIndex(of: Byte.dot) ?? host.utf8.endIndex
        guard labelEnd != host.utf8.startIndex, labelEnd != host.utf8.endIndex else { return nil }
        let rest = host.utf8[host.utf8.index(after: labelEnd)...]
        let marker = "execute-api.".utf8
        guard rest.count > marker.count else { return nil }
        for (byte, expected) in zip(rest, marker) where RequestHeadParser.lowercased(byte) != expected { return nil }
        let label = host[..<labelEnd]
        return label.utf8.contains(where: { (Byte.upperA...Byte.upperZ).contains($0) }) ? label.lowercased() : String(label)
    }

    /// `scheme://authority` split off an absolute-form request target; the rest starts with `/`.
    private static func splitAbsoluteForm(_ target: Substring) -> (authority: Substring, rest: Substring)? {
        guard let first = target.utf8.first, first != Byte.slash else { return nil }
        guard let schemeEnd = target.firstRange(of: "://") else { return nil }
        let scheme = target[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let afterScheme = target[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.utf8.firstIndex { $0 == Byte.slash || $0 == Byte.question || $0 == Byte.hash }
            ?? afterScheme.endIndex
        var authority = afterScheme[..<authorityEnd]
        if let at = authority.utf8.lastIndex(of: UInt8(ascii: "@")) { authority = authority[at...].dropFirstByte() }
        var rest = afterScheme[authorityEnd...]
        if rest.utf8.first != Byte.slash { rest = ("/" + rest)[...] }
        return (authority, rest)
    }

    private enum Byte {
        static let slash = UInt8(ascii: "/")
        static let question = UInt8(ascii: "?")
        static let hash = UInt8(ascii: "#")
        static let dot = UInt8(ascii: ".")
        static let upperA = UInt8(ascii: "A")
        static let upperZ = UInt8(ascii: "Z")
    }
}

extension Substring {
    /// The substring without its first byte (an ASCII separator); empty stays empty.
    fileprivate func dropFirstByte() -> Substring {
        isEmpty ? self : self[utf8.index(after: startIndex)...]
    }
}

/// What ``InvokeTarget/parse(host:uri:)`` found.
public enum InvokeTargetParse: Sendable, Equatable {
    /// An invoke request for this target.
    case invoke(InvokeTarget)
    /// Not an invoke request: the admin API handles it.
    case notInvoke
    /// An invoke request whose path has a bad `%` escape or decodes to invalid UTF-8: no resource
    /// can match it.
    case invalid
    /// A request whose `Host` is a custom domain name but whose path no base path mapping of it
    /// takes: AWS answers 403 `{"message":"Forbidden"}` before any API is chosen.
    case unmappedDomain
}
