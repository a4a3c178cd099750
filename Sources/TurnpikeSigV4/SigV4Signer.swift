import Foundation

/// Signs requests with AWS Signature Version 4 exactly as botocore (the aws CLI) does.
///
/// Used by tests and by the project's own client; its output is what ``SigV4Verifier`` accepts.
public struct SigV4Signer: Sendable {
    /// Headers botocore never signs (hop-by-hop headers, `user-agent`, `x-amzn-trace-id`).
    public static let unsignedHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// The key pair to sign with.
    public let credentials: SigV4Credentials
    /// The region put in the credential scope.
    public let region: String
    /// The service put in the credential scope.
    public let service: String

    /// Creates a signer.
    public init(credentials: SigV4Credentials, region: String, service: String = "apigateway") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs a request and returns the headers to add to it.
    ///
    /// Every header passed in is signed except ``unsignedHeaders``; `host` must be among them.
    /// Any `authorization` or `x-amz-date` passed in is ignored and must be replaced by the
    /// returned ones. When `x-amz-content-sha256` is passed, its value is signed as the payload
    /// hash (it must then be the body's hash).
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - rawPath: The path as it will be sent, already percent-encoded, without the query.
    ///   - rawQuery: The query as it will be sent, without `?`.
    ///   - headers: The headers that will be sent.
    ///   - body: The body bytes.
    ///   - now: The signing instant.
    /// - Returns: `X-Amz-Date` and `Authorization`, in that order.
    public func sign(
        method: String,
        rawPath: String,
        rawQuery: String,
        headers: [(String, String)],
        body: [UInt8],
        now: Date
    ) -> [(String, String)] {
        let timestamp = SigV4Timestamp(now)
        let kept = headers.filter { name, _ in
            let lower = name.lowercased()
            return lower != "authorization" && lower != "x-amz-date" && !Self.unsignedHeaders.contains(lower)
        }
        let amzDate = ("X-Amz-Date", timestamp.basicISO8601)
        let request = SignableRequest(
            method: method, rawPath: rawPath, rawQuery: rawQuery, headers: kept + [amzDate], body: body)
        let names = Set(request.headers.map { $0.name.lowercased() })
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let scope = CredentialScope(date: timestamp.dateStamp, region: region, service: service)
        let canonical = CanonicalRequest(request: request, signedHeaders: names)
        let stringToSign = StringToSign(timestamp: timestamp.basicISO8601, scope: scope, canonicalRequest: canonical)
        let signature = SigningKey(secretAccessKey: credentials.secretAccessKey, scope: scope)
            .signature(for: stringToSign)
        let authorization = SigV4Authorization(
            accessKeyID: credentials.accessKeyID, scope: scope, signedHeaders: names, signature: signature)
        return [amzDate, ("Authorization", authorization.headerValue)]
    }
}
