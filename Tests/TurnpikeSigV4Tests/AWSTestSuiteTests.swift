import Foundation
import Testing
import TurnpikeSigV4

/// AWS's published SigV4 test-suite vectors are reproduced byte for byte.
@Suite("AWS SigV4 test suite")
struct AWSTestSuiteTests {
    private static let verifier = SigV4Verifier(service: AWSTestSuiteVector.service) { key in
        key == AWSTestSuiteVector.accessKeyID ? AWSTestSuiteVector.secretAccessKey : nil
    }

    private static let signer = SigV4Signer(
        credentials: SigV4Credentials(
            accessKeyID: AWSTestSuiteVector.accessKeyID, secretAccessKey: AWSTestSuiteVector.secretAccessKey),
        region: AWSTestSuiteVector.region, service: AWSTestSuiteVector.service)

    @Test("canonical request, string to sign and signature match the published ones", arguments: AWSTestSuiteVectors.all)
    func reproducesPublishedValues(vector: AWSTestSuiteVector) throws {
        let authorization = try SigV4Authorization(parsing: vector.authorization)
        let canonical = CanonicalRequest(request: vector.unsignedRequest, signedHeaders: authorization.signedHeaders)
        #expect(canonical.description == vector.canonicalRequest)

        let stringToSign = StringToSign(
            timestamp: "20150830T123600Z", scope: authorization.scope, canonicalRequest: canonical)
        #expect(stringToSign.description == vector.stringToSign)

        let key = SigningKey(secretAccessKey: AWSTestSuiteVector.secretAccessKey, scope: authorization.scope)
        #expect(key.signature(for: stringToSign) == authorization.signature)
    }

    @Test("the verifier accepts the published request", arguments: AWSTestSuiteVectors.all)
    func verifierAccepts(vector: AWSTestSuiteVector) throws {
        let identity = try Self.verifier.verify(vector.signedRequest, now: AWSTestSuiteVector.signedAt).get()
        #expect(identity.accessKeyID == "AKIDEXAMPLE")
        #expect(identity.region == "us-east-1")
        #expect(identity.signedAt == AWSTestSuiteVector.signedAt)
    }

    @Test("the signer produces the published Authorization header", arguments: AWSTestSuiteVectors.all)
    func signerReproduces(vector: AWSTestSuiteVector) {
        let added = Self.signer.sign(
            method: vector.method, rawPath: vector.rawPath, rawQuery: vector.rawQuery, headers: vector.headers,
            body: Array(vector.body.utf8), now: AWSTestSuiteVector.signedAt)
        #expect(added.map(\.0) == ["X-Amz-Date", "Authorization"])
        #expect(added.first?.1 == "20150830T123600Z")
        #expect(added.last?.1 == vector.authorization)
    }

    @Test("an unencoded UTF-8 query key verifies through the specification's re-encoded form")
    func unencodedUTF8QueryKey() throws {
        // get-vanilla-utf8-query as published: the query is `ሴ=bar`, canonicalised as `%E1%88%B4=bar`.
        #expect(CanonicalRequest.canonicalQuery("\u{1234}=bar", form: .reencoded) == "%E1%88%B4=bar")
        let request = SignableRequest(
            method: "GET", rawPath: "/", rawQuery: "\u{1234}=bar",
            headers: [
                ("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z"),
                (
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"
                ),
            ],
            body: [])
        _ = try Self.verifier.verify(request, now: AWSTestSuiteVector.signedAt).get()
    }

    @Test("AWS's own expiry example is worded exactly as AWS words it")
    func awsExpiryExample() throws {
        let vector = try #require(AWSTestSuiteVectors.all.first { $0.name == "get-vanilla" })
        let tenMinutesLater = AWSTestSuiteVector.signedAt.addingTimeInterval(600)
        #expect(
            Self.verifier.verify(vector.signedRequest, now: tenMinutesLater).failure
                == .expired(
                    "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T124600Z - 5 min.)"))
    }
}
