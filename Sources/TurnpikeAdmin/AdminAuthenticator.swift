import Foundation
import TurnpikeModel

/// A request as the admin API's authentication sees it.
public struct AdminCredentialsRequest: Sendable {
    public var method: String
    public var rawPath: String
    public var rawQuery: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String, rawPath: String, rawQuery: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }
}

/// Decides whether an admin request may proceed; refusals are AWS's 403s.
public protocol AdminAuthenticator: Sendable {
    /// Returns the caller's access key id, or throws the refusal.
    func authenticate(_ request: AdminCredentialsRequest, now: Date) throws -> String

    /// Throws the refusal when the request's head alone already fails (`request.body` is empty
    /// and not the real body): everything but the signature over the body is checked.
    func authenticateHead(_ request: AdminCredentialsRequest, now: Date) throws
}

extension AdminAuthenticator {
    public func authenticateHead(_ request: AdminCredentialsRequest, now: Date) throws {}
}
