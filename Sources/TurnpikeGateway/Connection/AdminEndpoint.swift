/// What the invoke listener hands admin requests to (any request that is not an invoke request).
public protocol AdminEndpoint: Sendable {
    /// Answers one admin request; `target` is the raw request target (path and query).
    func answer(method: String, target: String, headers: [(String, String)], body: [UInt8]) async -> RenderedResponse

    /// The refusal for a request whose head already fails authentication (no or malformed
    /// credentials, wrong service or scope, stale date, unknown access key), or nil. The listener
    /// asks before reading the body: a refused request's body is never read, and it gets no
    /// `100 Continue`.
    func refusalBeforeBody(method: String, target: String, headers: [(String, String)]) -> RenderedResponse?

    /// The largest body the operation at `method` `target` may carry; a larger one is refused
    /// with 413 before it is read.
    func maximumBodySize(method: String, target: String) -> Int
}

extension AdminEndpoint {
    public func refusalBeforeBody(method: String, target: String, headers: [(String, String)]) -> RenderedResponse? { nil }

    public func maximumBodySize(method: String, target: String) -> Int { 10 * 1024 * 1024 }
}
