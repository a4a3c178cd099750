/// What the invoke listener hands admin requests to (any request that is not an invoke request).
public protocol AdminEndpoint: Sendable {
    /// Answers one admin request; `target` is the raw request target (path and query).
    func answer(method: String, target: String, headers: [(String, String)], body: [UInt8]) async -> RenderedResponse
}
