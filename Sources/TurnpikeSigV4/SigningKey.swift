import Crypto

/// The key derived for one secret and one credential scope:
/// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
public struct SigningKey: Sendable {
    private let key: SymmetricKey

    /// Derives the signing key of `secretAccessKey` for `scope`.
    public init(secretAccessKey: String, scope: CredentialScope) {
        var key = SymmetricKey(data: Array("AWS4\(secretAccessKey)".utf8))
        for component in [scope.date, scope.region, scope.service, CredentialScope.terminator] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(component.utf8), using: key)))
        }
        self.key = key
    }

    /// The lower-case hex signature of `stringToSign`.
    public func signature(for stringToSign: StringToSign) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.description.utf8), using: key))
    }
}
