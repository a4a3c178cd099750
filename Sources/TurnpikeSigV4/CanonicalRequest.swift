/// The SigV4 canonical request: the exact text whose SHA-256 is signed.
///
/// Clients disagree on two details, so both the path and the query have more than one form:
/// - Path: botocore (aws CLI) removes dot segments and empty segments from the raw, already
///   percent-encoded path and then percent-encodes it again (`%3A` becomes `%253A`); the Go SDK
///   (Terraform) encodes the raw path again without normalising it.
/// - Query: botocore sorts the raw `key=value` pairs as they are; the SigV4 specification
///   decodes and re-encodes each one first; the Go SDK decodes them as an HTML form (`+` is a
///   space) and re-encodes them sorted.
public struct CanonicalRequest: Sendable, Hashable, CustomStringConvertible {
    /// How the path is canonicalised.
    public enum PathForm: Sendable, Hashable, CaseIterable {
        /// botocore: dot and empty segments removed, then percent-encoded again (safe: unreserved and `/`).
        case normalized
        /// Go SDK: the raw path percent-encoded again as it is.
        case unnormalized
    }

    /// How the query is canonicalised.
    public enum QueryForm: Sendable, Hashable, CaseIterable {
        /// botocore: raw pairs, split on the first `=`, sorted as they are.
        case rawSorted
        /// Specification: each key and value decoded (`+` stays a plus) and re-encoded, then sorted.
        case reencoded
        /// Go SDK: decoded as a form (`+` is a space), sorted by key then value, then re-encoded.
        case formDecoded
    }

    /// The upper-cased HTTP method.
    public var method: String
    /// The canonical URI.
    public var path: String
    /// The canonical query string.
    public var query: String
    /// The canonical headers block: one `name:value` line per signed header, each ending in `\n`.
    public var headers: String
    /// The signed header names joined with `;`.
    public var signedHeaders: String
    /// The payload hash: `x-amz-content-sha256` when sent, else the hex SHA-256 of the body.
    public var payloadHash: String

    /// Builds the canonical request for `request`.
    /// - Parameters:
    ///   - request: The request as received.
    ///   - signedHeaders: The lower-case names to sign, in the order they are listed.
    ///   - payloadHash: The payload hash; defaults to ``payloadHash(of:)``.
    ///   - pathForm: How to canonicalise the path.
    ///   - queryForm: How to canonicalise the query.
    public init(
        request: SignableRequest,
        signedHeaders: [String],
        payloadHash: String? = nil,
        pathForm: PathForm = .normalized,
        queryForm: QueryForm = .rawSorted
    ) {
        self.method = request.method.uppercased()
        self.path = Self.canonicalPath(request.rawPath, form: pathForm)
        self.query = Self.canonicalQuery(request.rawQuery, form: queryForm)
        self.headers = Self.canonicalHeaders(of: request, names: signedHeaders)
        self.signedHeaders = signedHeaders.joined(separator: ";")
        self.payloadHash = payloadHash ?? Self.payloadHash(of: request)
    }

    /// The canonical request text.
    public var description: String {
        [method, path, query, headers, signedHeaders, payloadHash].joined(separator: "\n")
    }

    /// The lower-case hex SHA-256 of the canonical request text, as it goes into the string to sign.
    public var digest: String {
        Hex.sha256(description.utf8)
    }

    /// The `x-amz-content-sha256` header when present, else the hex SHA-256 of the body.
    public static func payloadHash(of request: SignableRequest) -> String {
        request.firstValue(forHeader: "x-amz-content-sha256") ?? Hex.sha256(request.body)
    }

    /// The canonical URI for a raw (still percent-encoded) path.
    public static func canonicalPath(_ rawPath: String, form: PathForm) -> String {
        switch form {
        case .normalized:
            PercentEncoding.encode(removingDotSegments(rawPath), keepingSlash: true)
        case .unnormalized:
            rawPath.isEmpty ? "/" : PercentEncoding.encode(rawPath, keepingSlash: true)
        }
    }

    /// The canonical query string for a raw query (without `?`).
    public static func canonicalQuery(_ rawQuery: String, form: QueryForm) -> String {
        guard !rawQuery.isEmpty else { return "" }
        // botocore keeps empty pieces (`a&&b` has a `=` pair); decoding clients drop them.
        let pieces = rawQuery.split(separator: "&", omittingEmptySubsequences: form != .rawSorted)
        let pairs = pieces.map { piece -> (key: Substring, value: Substring) in
            guard let equals = piece.firstIndex(of: "=") else { return (piece, piece[piece.endIndex...]) }
            return (piece[..<equals], piece[piece.index(after: equals)...])
        }
        switch form {
        case .rawSorted:
            return sortedJoined(pairs.map { (Array($0.key.utf8), Array($0.value.utf8)) })
        case .reencoded:
            return sortedJoined(pairs.map {
                (Array(PercentEncoding.encode(PercentEncoding.decode($0.key, plusAsSpace: false), keepingSlash: false).utf8),
                 Array(PercentEncoding.encode(PercentEncoding.decode($0.value, plusAsSpace: false), keepingSlash: false).utf8))
            })
        case .formDecoded:
            let decoded = pairs.map {
                (PercentEncoding.decode($0.key, plusAsSpace: true), PercentEncoding.decode($0.value, plusAsSpace: true))
            }
            return decoded.sorted(by: precedes).map {
                PercentEncoding.encode($0.0, keepingSlash: false) + "=" + PercentEncoding.encode($0.1, keepingSlash: false)
            }.joined(separator: "&")
        }
    }

    /// The canonical headers block for `names`: each value of a header trimmed, its runs of
    /// whitespace collapsed to one space, and repeated headers joined with `,`.
    public static func canonicalHeaders(of request: SignableRequest, names: [String]) -> String {
        names.map { name in
            "\(name):" + request.values(forHeader: name).map(trimmingAll).joined(separator: ",") + "\n"
        }.joined()
    }

    /// botocore's `remove_dot_segments`: drops `.`, resolves `..`, and collapses empty segments,
    /// keeping a leading and (when anything is left) a trailing slash. An empty path is `/`.
    static func removingDotSegments(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                _ = output.popLast()
            } else {
                output.append(segment)
            }
        }
        let first = path.hasPrefix("/") ? "/" : ""
        let last = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
        return first + output.joined(separator: "/") + last
    }

    /// Python's `' '.join(value.split())`: trims and collapses whitespace runs to one space.
    static func trimmingAll(_ value: String) -> String {
        value.unicodeScalars.split(whereSeparator: isPythonWhitespace).map { String(String.UnicodeScalarView($0)) }
            .joined(separator: " ")
    }

    private static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    private static func precedes(_ lhs: ([UInt8], [UInt8]), _ rhs: ([UInt8], [UInt8])) -> Bool {
        if lhs.0 != rhs.0 { return lhs.0.lexicographicallyPrecedes(rhs.0) }
        return lhs.1.lexicographicallyPrecedes(rhs.1)
    }

    /// Sorts pairs by key then value, comparing bytes (the code-point order Python uses), and joins them.
    private static func sortedJoined(_ pairs: [([UInt8], [UInt8])]) -> String {
        pairs.sorted(by: precedes).map {
            String(decoding: $0.0, as: UTF8.self) + "=" + String(decoding: $0.1, as: UTF8.self)
        }.joined(separator: "&")
    }
}
