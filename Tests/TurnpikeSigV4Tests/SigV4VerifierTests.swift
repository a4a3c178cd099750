import Foundation
import Testing
import TurnpikeSigV4

/// Refusals for malformed requests, and the Go SDK's canonical forms.
@Suite("SigV4Verifier")
struct SigV4VerifierTests {
    private static let credentials = SigV4Credentials(accessKeyID: "AKIDTEST", secretAccessKey: "test/secret+key")
    private static let now = Date(timeIntervalSince1970: 1_736_933_400)  // 2025-01-15T09:30:00Z
    private let verifier = SigV4Verifier { $0 == credentials.accessKeyID ? credentials.secretAccessKey : nil }
    private let signer = SigV4Signer(credentials: credentials, region: "us-west-2")

    /// A request signed by our botocore-compatible signer.
    private func signed(
        method: String = "GET", rawPath: String = "/restapis", rawQuery: String = "",
        headers: [(String, String)] = [("Host", "localhost:4566")], body: String = "", signer: SigV4Signer? = nil
    ) -> SignableRequest {
        let added = (signer ?? self.signer).sign(
            method: method, rawPath: rawPath, rawQuery: rawQuery, headers: headers, body: Array(body.utf8), now: Self.now)
        return SignableRequest(
            method: method, rawPath: rawPath, rawQuery: rawQuery, headers: headers + added, body: Array(body.utf8))
    }

    static let garbageHeaders: [String] = [
        "",
        "   ",
        "Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc",
        "Basic dXNlcjpwYXNz",
        "AWS4-HMAC-SHA256",
        "aws4-hmac-sha256 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA1 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request",
        "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST/2025-01-15/us-west-2/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115//apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws5_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=A/B/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=host;;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=zz00000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=\u{1234}0000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request, Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        "AWS4-HMAC-SHA256 Credential AKIDTEST/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 ,,,,,,",
        "AWS4-HMAC-SHA256 ======",
        "AWS4-HMAC-SHA256 Credential=\u{0}\u{1}/\u{7f}/\u{1F600}/\u{FFFD}/aws4_request, SignedHeaders=\u{0}, Signature=",
        "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request, SignedHeaders=x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
        String(repeating: "AWS4-HMAC-SHA256 Credential=", count: 2_000),
    ]

    @Test("garbage Authorization headers are refused as incomplete, never a crash", arguments: garbageHeaders)
    func garbageAuthorization(header: String) {
        let request = signed().settingHeader("Authorization", to: header)
        let refusal = verifier.verify(request, now: Self.now).failure
        guard case .incomplete(let message) = refusal else {
            Issue.record("expected .incomplete, got \(String(describing: refusal))")
            return
        }
        #expect(!message.isEmpty)
        #expect(refusal?.errorType == "IncompleteSignatureException")
        #expect(refusal?.httpStatus == 403)
    }

    @Test("missing parameters are listed the way AWS lists them")
    func missingParameters() {
        let request = signed().settingHeader("Authorization", to: "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-west-2/apigateway/aws4_request")
        #expect(
            verifier.verify(request, now: Self.now).failure
                == .incomplete(
                    "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
                ))
    }

    @Test("garbage in the error message is never echoed")
    func noEcho() {
        let request = signed().settingHeader("Authorization", to: "Bearer top-secret-token")
        #expect(verifier.verify(request, now: Self.now).failure?.message.contains("top-secret") == false)
    }

    @Test("two Authorization headers are refused")
    func twoAuthorizationHeaders() throws {
        let request = signed()
        var doubled = request
        doubled.headers.append((name: "authorization", value: try #require(request.firstValue(forHeader: "authorization"))))
        #expect(verifier.verify(doubled, now: Self.now).failure == .incomplete("Only one Authorization header may be sent."))
    }

    @Test("a request with neither X-Amz-Date nor Date is refused")
    func noDate() {
        let request = signed().removingHeader("x-amz-date")
        #expect(
            verifier.verify(request, now: Self.now).failure
                == .incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."))
    }

    @Test("an unreadable X-Amz-Date is refused", arguments: ["2025-01-15T09:30:00Z", "20250115T093000", "20250230T093000Z", "20250115T253000Z", "x"])
    func badAmzDate(value: String) {
        let request = signed().settingHeader("X-Amz-Date", to: value)
        guard case .incomplete(let message) = verifier.verify(request, now: Self.now).failure else {
            Issue.record("expected .incomplete")
            return
        }
        #expect(message.hasPrefix("Date must be in ISO-8601 'basic format'."))
    }

    @Test("a scope date other than the request date is refused")
    func scopeDateMismatch() throws {
        let request = signed()
        let header = try #require(request.firstValue(forHeader: "authorization"))
        let moved = request.settingHeader("Authorization", to: header.replacingOccurrences(of: "/20250115/", with: "/20250114/"))
        #expect(
            verifier.verify(moved, now: Self.now).failure
                == .incomplete(
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                        + "'20250114' != '20250115', from '20250115T093000Z'."))
    }

    @Test("a request whose Host is not signed is refused")
    func hostNotSigned() {
        let request = signed(headers: [("X-Custom", "1")]).settingHeader("Host", to: "localhost:4566")
        #expect(
            verifier.verify(request, now: Self.now).failure
                == .incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."))
    }

    @Test("a signer scoped to another service is refused")
    func otherServiceSigner() {
        let executeAPI = SigV4Signer(credentials: Self.credentials, region: "us-west-2", service: "execute-api")
        #expect(
            verifier.verify(signed(signer: executeAPI), now: Self.now).failure
                == .incomplete("Credential should be scoped to correct service: 'apigateway'. "))
    }

    @Test("the service is configurable")
    func configurableService() throws {
        let executeAPI = SigV4Signer(credentials: Self.credentials, region: "us-west-2", service: "execute-api")
        let custom = SigV4Verifier(service: "execute-api") { _ in Self.credentials.secretAccessKey }
        _ = try custom.verify(signed(signer: executeAPI), now: Self.now).get()
    }

    @Test("any region is accepted", arguments: ["us-east-1", "eu-central-1", "ap-southeast-2", "local"])
    func anyRegion(region: String) throws {
        let regional = SigV4Signer(credentials: Self.credentials, region: region)
        #expect(try verifier.verify(signed(signer: regional), now: Self.now).get().region == region)
    }

    @Test("a custom skew is honoured and worded in seconds when not whole minutes")
    func customSkew() {
        let strict = SigV4Verifier(maxSkew: .seconds(90)) { _ in Self.credentials.secretAccessKey }
        #expect(
            strict.verify(signed(), now: Self.now.addingTimeInterval(91)).failure
                == .expired(
                    "Signature expired: 20250115T093000Z is now earlier than 20250115T093001Z (20250115T093131Z - 90 sec.)"))
    }

    @Test("x-amz-content-sha256 is signed and must match the body")
    func contentSHA256() throws {
        let body = "{\"name\":\"x\"}"
        let hash = "6d2e4ae1e8d4e8a2f3a73d1f1fa15b4bb3d9b7f33d2fc8c6e8e6c0f2b8e5b6a0"  // deliberately wrong
        let realHash = CanonicalRequest.payloadHash(
            of: SignableRequest(method: "POST", rawPath: "/", rawQuery: "", headers: [], body: Array(body.utf8)))
        let withHeader = signed(
            method: "POST", headers: [("Host", "localhost:4566"), ("X-Amz-Content-SHA256", realHash)], body: body)
        _ = try verifier.verify(withHeader, now: Self.now).get()

        var tampered = withHeader
        tampered.body[0] = UInt8(ascii: "[")
        #expect(verifier.verify(tampered, now: Self.now).failure == .signatureMismatch)

        let lying = signed(method: "POST", headers: [("Host", "localhost:4566"), ("X-Amz-Content-SHA256", hash)], body: body)
        #expect(verifier.verify(lying, now: Self.now).failure == .signatureMismatch)

        let unsigned = signed(
            method: "POST", headers: [("Host", "localhost:4566"), ("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD")], body: body)
        guard case .incomplete = verifier.verify(unsigned, now: Self.now).failure else {
            Issue.record("UNSIGNED-PAYLOAD must be refused")
            return
        }
    }

    // MARK: - Go SDK (Terraform) forms

    /// Signs the way aws-sdk-go-v2 does: the raw path re-encoded without normalisation, and the
    /// query decoded as a form, sorted and re-encoded with `%20` for spaces.
    private func signedLikeGoSDK(method: String, rawPath: String, rawQuery: String) -> SignableRequest {
        let headers = [("Host", "localhost:4566"), ("X-Amz-Date", "20250115T093000Z")]
        let unsigned = SignableRequest(method: method, rawPath: rawPath, rawQuery: rawQuery, headers: headers, body: [])
        let scope = CredentialScope(date: "20250115", region: "us-east-1", service: "apigateway")
        let canonical = CanonicalRequest(
            request: unsigned, signedHeaders: ["host", "x-amz-date"], pathForm: .unnormalized, queryForm: .formDecoded)
        let signature = SigningKey(secretAccessKey: Self.credentials.secretAccessKey, scope: scope)
            .signature(for: StringToSign(timestamp: "20250115T093000Z", scope: scope, canonicalRequest: canonical))
        let authorization = SigV4Authorization(
            accessKeyID: Self.credentials.accessKeyID, scope: scope, signedHeaders: ["host", "x-amz-date"],
            signature: signature)
        return unsigned.settingHeader("Authorization", to: authorization.headerValue)
    }

    @Test(
        "requests canonicalised the Go SDK way verify",
        arguments: [
            ("GET", "/restapis//resources/", ""),
            ("GET", "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Fapikeys%2Fabc", ""),
            ("GET", "/apikeys", "name=my+key&limit=5&includeValues=true"),
            ("GET", "/apikeys", "name=a%2Bb&position=x%3D%3D"),
            ("POST", "/apikeys", "mode=import&format=csv&failonwarnings=true"),
            ("GET", "/restapis/./abc/../def", "b=2&a=1&a=0"),
        ])
    func goSDKForms(method: String, rawPath: String, rawQuery: String) throws {
        let request = signedLikeGoSDK(method: method, rawPath: rawPath, rawQuery: rawQuery)
        _ = try verifier.verify(request, now: Self.now).get()
        var tampered = request
        tampered.rawPath += "x"
        #expect(verifier.verify(tampered, now: Self.now).failure == .signatureMismatch)
    }
}
