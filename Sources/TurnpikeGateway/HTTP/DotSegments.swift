/// Dot segments (`.` and `..`) in a decoded request path, resolved before routing.
///
/// The invoke path decodes a request's path once (`%2F` included, as nginx does for `$uri`), and then
/// resolves its dot segments with RFC 3986 §5.2.4's algorithm, so the path the router matches is
/// the path any backend would resolve: `/free/..%2Fpaid` is routed as `/paid`, never as a
/// `/free/{proxy+}` value that the backend would then resolve into `/paid`. A `..` above the root
/// stays at the root (as the RFC and browsers do). Some backends also read `\` as a separator
/// (Windows servers, some frameworks): a path with a `.` or `..` part between backslashes
/// (`..\paid`) is not routed at all (``hasBackslashDotPart(_:)``).
enum DotSegments {
    /// Whether reading `\` as `/` would give `path` a `.` or `..` segment that `/` alone does not.
    static func hasBackslashDotPart(_ path: String) -> Bool {
        guard path.utf8.contains(backslash) else { return false }
        return path.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }.contains { $0 == "." || $0 == ".." }
    }

    /// Whether `path` has a segment that is exactly `.` or `..`.
    static func present(in path: some StringProtocol) -> Bool {
        var utf8 = path.utf8.makeIterator()
        var segmentLength = 0
        var dotsOnly = true
        while let byte = utf8.next() {
            if byte == slash {
                if dotsOnly, segmentLength == 1 || segmentLength == 2 { return true }
                segmentLength = 0
                dotsOnly = true
            } else {
                segmentLength += 1
                if byte != dot { dotsOnly = false }
            }
        }
        return dotsOnly && (segmentLength == 1 || segmentLength == 2)
    }

    /// `path` (starting with `/`) with its dot segments resolved; a path ending in a dot segment
    /// keeps a trailing slash (`/a/b/..` is `/a/`).
    static func resolved(_ path: String) -> String {
        guard present(in: path) else { return path }
        var output: [Substring] = []
        var trailingSlash = false
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for segment in segments {
            switch segment {
            case ".":
                trailingSlash = true
            case "..":
                if !output.isEmpty { output.removeLast() }
                trailingSlash = true
            default:
                output.append(segment)
                trailingSlash = false
            }
        }
        var result = "/" + output.joined(separator: "/")
        if trailingSlash, !output.isEmpty { result += "/" }
        return result
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")
    private static let backslash = UInt8(ascii: "\\")
}
