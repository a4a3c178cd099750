/// The SigV4 string to sign: algorithm, timestamp, scope and canonical-request digest.
public struct StringToSign: Sendable, Hashable, CustomStringConvertible {
    /// The `yyyyMMdd'T'HHmmss'Z'` timestamp of the request.
    public var timestamp: String
    /// The credential scope.
    public var scope: CredentialScope
    /// The hex SHA-256 of the canonical request.
    public var canonicalRequestDigest: String

    /// Creates the string to sign for a canonical request.
    public init(timestamp: String, scope: CredentialScope, canonicalRequest: CanonicalRequest) {
        self.timestamp = timestamp
        self.scope = scope
        self.canonicalRequestDigest = canonicalRequest.digest
    }

    /// The text that is signed: `AWS4-HMAC-SHA256\n<timestamp>\n<scope>\n<digest>`.
    public var description: String {
        [SigV4Authorization.algorithm, timestamp, scope.description, canonicalRequestDigest].joined(separator: "\n")
    }
}
