import Foundation

/// Who signed an accepted request, and for which region.
public struct VerifiedIdentity: Sendable, Equatable {
    /// The access key id from the credential scope.
    public var accessKeyID: String
    /// The region from the credential scope (any region is accepted).
    public var region: String
    /// The instant the request says it was signed at (`X-Amz-Date` or `Date`).
    public var signedAt: Date

    /// Creates an identity.
    public init(accessKeyID: String, region: String, signedAt: Date) {
        self.accessKeyID = accessKeyID
        self.region = region
        self.signedAt = signedAt
    }
}
