/// A response ready to write: status, headers and body, all precomputed for gateway responses and
/// `MOCK` integrations.
///
/// `headers` hold everything but the framing: `content-type`, `x-amzn-ErrorType` where the type has
/// one, and the mapped literal headers. The writer adds `content-length` (from `body.count`) and its
/// per-request headers (`x-amzn-RequestId`, ...).
public struct RenderedResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Header names and values, in order.
    public var headers: [(String, String)]
    /// The body bytes.
    public var body: [UInt8]
    /// The gateway response type this answer renders (nil for MOCK and admin answers), for the
    /// access log's `$context.error.responseType`.
    public var type: GatewayResponseType?

    public init(status: Int, headers: [(String, String)], body: [UInt8], type: GatewayResponseType? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.type = type
    }

    /// The first value of a header (name compared case-insensitively), e.g. for tests and logs.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.0.lowercased() == lowered }?.1
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
