/// Why a request's Signature Version 4 authentication was refused.
///
/// `errorType` and `message` are what AWS API Gateway answers in the same situation, so a
/// client (aws CLI, Terraform, an SDK) shows the error it would show against AWS.
public enum SigV4Refusal: Error, Sendable, Equatable {
    /// There is no `Authorization` header at all.
    case missingAuthentication
    /// The `Authorization` header is malformed, the date is missing or unreadable, or the
    /// algorithm, service or scope is wrong; the message says which.
    case incomplete(String)
    /// The access key id is not known.
    case unknownAccessKey
    /// The signature does not match the one calculated for the request.
    case signatureMismatch
    /// The request date is further from the server's clock than the allowed skew; the message
    /// is AWS's own wording, e.g. `Signature expired: 20150830T123600Z is now earlier than ...`.
    case expired(String)

    /// The AWS exception name for this refusal, as sent in `x-amzn-ErrorType` and `__type`.
    public var errorType: String {
        switch self {
        case .missingAuthentication: "MissingAuthenticationTokenException"
        case .incomplete: "IncompleteSignatureException"
        case .unknownAccessKey: "UnrecognizedClientException"
        case .signatureMismatch, .expired: "InvalidSignatureException"
        }
    }

    /// The human-readable message AWS sends with this refusal.
    public var message: String {
        switch self {
        case .missingAuthentication:
            "Missing Authentication Token"
        case .incomplete(let message), .expired(let message):
            message
        case .unknownAccessKey:
            "The security token included in the request is invalid."
        case .signatureMismatch:
            "The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
        }
    }

    /// The HTTP status AWS answers with: 403 Forbidden for every authentication refusal.
    public var httpStatus: Int { 403 }
}
