/// A REST API's `binaryMediaTypes`, compiled for the Lambda proxy path: which requests reach the
/// function base64-encoded, and which `isBase64Encoded` answers are decoded for the client.
///
/// An entry is a media type (`image/png`), a type wildcard (`image/*`) or `*/*`; a value matches
/// on its media type alone (parameters after `;` and case ignored).
///
/// ```swift
/// let types = BinaryMediaTypes(["image/*", "application/octet-stream"])
/// types.matches("image/png; q=0.9")   // true
/// types.matches("application/json")   // false
/// ```
public struct BinaryMediaTypes: Sendable, Equatable {
    /// The entries, lowercased.
    let entries: [String]

    public init(_ types: [String]?) {
        entries = (types ?? []).map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// Whether the media type of `value` (a `Content-Type`, or one entry of `Accept`) is binary.
    public func matches(_ value: String?) -> Bool {
        guard let value, !entries.isEmpty else { return false }
        let mediaType = String(value.prefix { $0 != ";" }).trimmingSpaces.lowercased()
        guard let slash = mediaType.firstIndex(of: "/") else { return false }
        let type = mediaType[..<slash]
        return entries.contains { entry in
            entry == "*/*" || entry == mediaType || (entry.hasSuffix("/*") && entry.dropLast(2) == type)
        }
    }

    /// Whether an answer the function marked `isBase64Encoded` is decoded: as AWS does for a REST
    /// API, only when the request's first `Accept` type or the answer's `Content-Type` is binary;
    /// otherwise the client gets the base64 text as the function wrote it.
    public func decodes(accept: String?, contentType: String?) -> Bool {
        let firstAccept = accept.map { String($0.prefix { $0 != "," }) }
        return matches(firstAccept) || matches(contentType)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
