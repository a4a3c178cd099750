/// A request exactly as the signer saw it, before any server-side normalisation.
///
/// Everything is taken from the wire: the path is still percent-encoded, the query is the
/// raw text after `?`, and headers keep their received order, spelling and repetitions.
/// SigV4 signs these raw forms, so decoding or merging anything first breaks verification.
public struct SignableRequest: Sendable {
    /// The HTTP method, e.g. `GET`; compared upper-cased.
    public var method: String
    /// The request path as received, still percent-encoded, without the query (e.g. `/tags/arn%3Aaws%3A...`).
    public var rawPath: String
    /// The raw query string without the leading `?`; empty when there is none.
    public var rawQuery: String
    /// The headers as received: names in any case, repeated names allowed, in arrival order.
    public var headers: [(name: String, value: String)]
    /// The request body bytes; empty when there is none.
    public var body: [UInt8]

    /// Creates a request from its wire parts.
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - rawPath: The still-percent-encoded path, without the query.
    ///   - rawQuery: The raw query without `?`; empty when absent.
    ///   - headers: Name/value pairs as received; names in any case, repeats allowed.
    ///   - body: The body bytes.
    public init(method: String, rawPath: String, rawQuery: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers.map { (name: $0.0, value: $0.1) }
        self.body = body
    }

    /// Every value of the header called `name` (compared case-insensitively), in arrival order.
    public func values(forHeader name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.compactMap { $0.name.lowercased() == wanted ? $0.value : nil }
    }

    /// The first value of the header called `name` (compared case-insensitively), or `nil`.
    public func firstValue(forHeader name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
