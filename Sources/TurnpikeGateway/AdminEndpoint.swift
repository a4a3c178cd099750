/// What the invoke listener hands admin requests to (any request that is not an invoke request).
public protocol AdminEndpoint: Sendable {
    /// Answers one admin request; `target` is the raw request target (path and query).
    func answer(method: String, target: String, headers: [(String, String)], body: [UInt8]) async -> AdminAnswer
}

/// An admin answer as the listener writes it.
public struct AdminAnswer: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
