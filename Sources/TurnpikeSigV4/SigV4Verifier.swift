import Foundation

/// Verifies AWS Signature Version 4 `Authorization` headers the way AWS API Gateway does.
///
/// Requests signed by botocore (the aws CLI), the Go SDK (Terraform's AWS provider) and the
/// SigV4 specification's own canonical form are all accepted: the verifier tries botocore's
/// canonical request first and then the other clients' path and query forms. Any region is
/// accepted; the service in the credential scope must be ``service``.
public struct SigV4Verifier: Sendable {
    /// The service name the credential scope must carry, e.g. `apigateway`.
    public let service: String
    /// How far the request date may be from the server's clock, either way.
    public let maxSkew: Duration
    /// The canonical path forms tried. A caller that refuses paths with dot and empty segments
    /// (the admin API, see `AdminRawPath`) passes `[.unnormalized]`: the path signed is then the
    /// path routed, byte for byte, and botocore's form is the same text on such paths.
    public let pathForms: [CanonicalRequest.PathForm]
    private let lookup: (@Sendable (String) -> String?)?

    /// Creates a verifier that checks signatures against known secrets.
    /// - Parameters:
    ///   - service: The service the credential scope must name.
    ///   - maxSkew: The allowed clock skew; AWS allows 5 minutes.
    ///   - pathForms: The canonical path forms to try; every client's by default.
    ///   - lookup: Returns the secret access key for an access key id, or `nil` when unknown.
    public init(
        service: String = "apigateway",
        maxSkew: Duration = .seconds(300),
        pathForms: [CanonicalRequest.PathForm] = CanonicalRequest.PathForm.allCases,
        lookup: @escaping @Sendable (String) -> String?
    ) {
        self.service = service
        self.maxSkew = maxSkew
        self.pathForms = pathForms
        self.lookup = lookup
    }

    private init(service: String, maxSkew: Duration) {
        self.service = service
        self.maxSkew = maxSkew
        self.pathForms = CanonicalRequest.PathForm.allCases
        self.lookup = nil
    }

    /// A development-mode verifier: any well-formed signature (the header parses, the scope
    /// names `service`, the date is fresh, the payload hash matches) is accepted, whatever
    /// the access key and secret.
    public static func acceptingAnyCredentials(
        service: String = "apigateway",
        maxSkew: Duration = .seconds(300)
    ) -> SigV4Verifier {
        SigV4Verifier(service: service, maxSkew: maxSkew)
    }

    /// Verifies `request` as of `now`.
    /// - Returns: The signer's identity, or why the request is refused.
    public func verify(_ request: SignableRequest, now: Date) -> Result<VerifiedIdentity, SigV4Refusal> {
        Result { () throws(SigV4Refusal) in try check(request, now: now) }
    }

    private func check(_ request: SignableRequest, now: Date) throws(SigV4Refusal) -> VerifiedIdentity {
        let headers = request.values(forHeader: "authorization")
        guard let header = headers.first else { throw .missingAuthentication }
        guard headers.count == 1 else { throw .incomplete("Only one Authorization header may be sent.") }
        let authorization = try SigV4Authorization(parsing: header)
        guard authorization.scope.service == service else {
            throw .incomplete("Credential should be scoped to correct service: '\(service)'. ")
        }
        guard authorization.signedHeaders.contains("host") else {
            throw .incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        let timestamp = try requestTimestamp(of: request)
        guard authorization.scope.date == timestamp.dateStamp else {
            throw .incomplete(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(authorization.scope.date)' != '\(timestamp.dateStamp)', from '\(timestamp.basicISO8601)'.")
        }
        try checkFreshness(timestamp, now: SigV4Timestamp(now))
        let secret: String?
        if let lookup {
            guard let known = lookup(authorization.accessKeyID) else { throw .unknownAccessKey }
            secret = known
        } else {
            secret = nil
        }
        let payloadHash = try payloadHash(of: request)
        let identity = VerifiedIdentity(
            accessKeyID: authorization.accessKeyID, region: authorization.scope.region, signedAt: timestamp.date)
        guard let secret else { return identity }  // development mode: well-formed is enough

        let key = SigningKey(secretAccessKey: secret, scope: authorization.scope)
        var tried: Set<CanonicalRequest> = []
        for pathForm in pathForms {
            for queryForm in CanonicalRequest.QueryForm.allCases {
                let canonical = CanonicalRequest(
                    request: request, signedHeaders: authorization.signedHeaders, payloadHash: payloadHash,
                    pathForm: pathForm, queryForm: queryForm)
                guard tried.insert(canonical).inserted else { continue }
                let stringToSign = StringToSign(
                    timestamp: timestamp.basicISO8601, scope: authorization.scope, canonicalRequest: canonical)
                if Hex.constantTimeEquals(key.signature(for: stringToSign), authorization.signature) {
                    return identity
                }
            }
        }
        throw .signatureMismatch
    }

    /// The request's date: `X-Amz-Date` when present, else `Date`.
    private func requestTimestamp(of request: SignableRequest) throws(SigV4Refusal) -> SigV4Timestamp {
        if let amzDate = request.firstValue(forHeader: "x-amz-date") {
            let text = amzDate.trimmingSigV4Whitespace()
            guard let timestamp = SigV4Timestamp(basicISO8601: text) else {
                let shown = String(String.UnicodeScalarView(text.unicodeScalars.prefix(40).filter { $0.value >= 0x20 && $0.value < 0x7F }))
                throw .incomplete(
                    "Date must be in ISO-8601 'basic format'. Got '\(shown)'. See http://en.wikipedia.org/wiki/ISO_8601")
            }
            return timestamp
        }
        if let date = request.firstValue(forHeader: "date") {
            guard let timestamp = SigV4Timestamp(rfc1123: date) else {
                throw .incomplete("Date header must be an RFC 1123 date such as 'Sun, 30 Aug 2015 12:36:00 GMT'.")
            }
            return timestamp
        }
        throw .incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
    }

    /// Refuses a timestamp further than ``maxSkew`` from `now`, with AWS's wording.
    private func checkFreshness(_ timestamp: SigV4Timestamp, now: SigV4Timestamp) throws(SigV4Refusal) {
        let skew = max(0, maxSkew.components.seconds)
        let window = skew % 60 == 0 ? "\(skew / 60) min." : "\(skew) sec."
        let earliest = now.adding(seconds: -skew)
        let latest = now.adding(seconds: skew)
        if timestamp < earliest {
            throw .expired(
                "Signature expired: \(timestamp.basicISO8601) is now earlier than \(earliest.basicISO8601) "
                    + "(\(now.basicISO8601) - \(window))")
        }
        if timestamp > latest {
            throw .expired(
                "Signature not yet current: \(timestamp.basicISO8601) is still later than \(latest.basicISO8601) "
                    + "(\(now.basicISO8601) + \(window))")
        }
    }

    /// The payload hash to sign; a sent `x-amz-content-sha256` must be the body's real hash,
    /// so the body stays covered by the signature. Unsigned and streaming payloads are refused.
    private func payloadHash(of request: SignableRequest) throws(SigV4Refusal) -> String {
        let bodyHash = Hex.sha256(request.body)
        guard let claimed = request.firstValue(forHeader: "x-amz-content-sha256") else { return bodyHash }
        guard Hex.isSHA256Digest(claimed) else {
            throw .incomplete(
                "x-amz-content-sha256 must be the hex SHA-256 of the body; unsigned and streaming payloads are not accepted.")
        }
        guard claimed.lowercased() == bodyHash else { throw .signatureMismatch }
        return claimed
    }
}
