import Foundation
import Testing
import TurnpikeSigV4

/// Requests signed by real botocore verify, and any change to them does not.
@Suite("botocore cross-check")
struct BotocoreCrossCheckTests {
    private let verifier = BotocoreVector.verifier
    private let now = BotocoreVector.signedAt

    @Test("our canonical request and string to sign equal botocore's", arguments: BotocoreVectors.all)
    func canonicalFormsMatchBotocore(vector: BotocoreVector) throws {
        let authorization = try #require(vector.request.parsedAuthorization)
        let canonical = CanonicalRequest(request: vector.request, signedHeaders: authorization.signedHeaders)
        #expect(canonical.description == vector.canonicalRequest)
        let stringToSign = StringToSign(timestamp: "20250115T093000Z", scope: authorization.scope, canonicalRequest: canonical)
        #expect(stringToSign.description == vector.stringToSign)
    }

    @Test("the verifier accepts what botocore signed", arguments: BotocoreVectors.all)
    func accepts(vector: BotocoreVector) throws {
        let identity = try verifier.verify(vector.request, now: now).get()
        #expect(identity == VerifiedIdentity(accessKeyID: BotocoreVectors.accessKeyID, region: "eu-west-3", signedAt: now))
    }

    @Test("a request dated up to exactly 5 minutes off either way is accepted", arguments: [-300.0, -1, 1, 299.9, 300])
    func acceptsWithinSkew(offset: Double) throws {
        for vector in BotocoreVectors.all {
            _ = try verifier.verify(vector.request, now: now.addingTimeInterval(offset)).get()
        }
    }

    @Test("one byte of the body changed is a signature mismatch", arguments: BotocoreVectors.all)
    func bodyChanged(vector: BotocoreVector) {
        var request = vector.request
        if request.body.isEmpty {
            request.body = [UInt8(ascii: "x")]
        } else {
            request.body[request.body.count / 2] ^= 0x01
        }
        #expect(verifier.verify(request, now: now).failure == .signatureMismatch)
    }

    @Test("one byte of the path changed is a signature mismatch", arguments: BotocoreVectors.all)
    func pathChanged(vector: BotocoreVector) {
        var request = vector.request
        request.rawPath = request.rawPath.withOneByteChanged
        #expect(verifier.verify(request, now: now).failure == .signatureMismatch)
    }

    @Test("one byte of the query changed (or a query added) is a signature mismatch", arguments: BotocoreVectors.all)
    func queryChanged(vector: BotocoreVector) {
        var request = vector.request
        request.rawQuery = request.rawQuery.isEmpty ? "a" : request.rawQuery.withOneByteChanged
        #expect(verifier.verify(request, now: now).failure == .signatureMismatch)
    }

    @Test("one byte of each signed header changed is a signature mismatch", arguments: BotocoreVectors.all)
    func signedHeaderChanged(vector: BotocoreVector) throws {
        let authorization = try #require(vector.request.parsedAuthorization)
        for name in authorization.signedHeaders where name != "x-amz-date" && name != "date" {
            let value = try #require(vector.request.firstValue(forHeader: name))
            let request = vector.request.settingHeader(name, to: value.withOneByteChanged)
            #expect(verifier.verify(request, now: now).failure == .signatureMismatch, "header \(name)")
        }
    }

    @Test("the method changed is a signature mismatch", arguments: BotocoreVectors.all)
    func methodChanged(vector: BotocoreVector) {
        var request = vector.request
        request.method = request.method == "PUT" ? "POST" : "PUT"
        #expect(verifier.verify(request, now: now).failure == .signatureMismatch)
    }

    @Test("one byte of the signature changed is a signature mismatch", arguments: BotocoreVectors.all)
    func signatureChanged(vector: BotocoreVector) {
        let request = vector.request.settingHeader("Authorization", to: vector.authorization.withOneByteChanged)
        #expect(verifier.verify(request, now: now).failure == .signatureMismatch)
    }

    @Test("an unsigned header may change freely", arguments: BotocoreVectors.all)
    func unsignedHeaderChanged(vector: BotocoreVector) throws {
        let request = vector.request.settingHeader("User-Agent", to: "something-else/1.0")
        _ = try verifier.verify(request, now: now).get()
    }

    @Test("an unknown access key is refused as UnrecognizedClientException", arguments: BotocoreVectors.all)
    func unknownKey(vector: BotocoreVector) {
        let strangers = SigV4Verifier { _ in nil }
        let refusal = strangers.verify(vector.request, now: now).failure
        #expect(refusal == .unknownAccessKey)
        #expect(refusal?.errorType == "UnrecognizedClientException")
        #expect(refusal?.message == "The security token included in the request is invalid.")
    }

    @Test("a wrong secret is a signature mismatch", arguments: BotocoreVectors.all)
    func wrongSecret(vector: BotocoreVector) {
        let wrong = SigV4Verifier { _ in BotocoreVectors.secretAccessKey.withOneByteChanged }
        #expect(wrong.verify(vector.request, now: now).failure == .signatureMismatch)
    }

    @Test("no Authorization header is a missing authentication token", arguments: BotocoreVectors.all)
    func missingHeader(vector: BotocoreVector) {
        let refusal = verifier.verify(vector.request.removingHeader("authorization"), now: now).failure
        #expect(refusal == .missingAuthentication)
        #expect(refusal?.errorType == "MissingAuthenticationTokenException")
        #expect(refusal?.message == "Missing Authentication Token")
    }

    @Test("signed 6 minutes ago: expired, with AWS's exact message", arguments: BotocoreVectors.all)
    func sixMinutesLate(vector: BotocoreVector) {
        let refusal = verifier.verify(vector.request, now: now.addingTimeInterval(360)).failure
        #expect(
            refusal
                == .expired(
                    "Signature expired: 20250115T093000Z is now earlier than 20250115T093100Z (20250115T093600Z - 5 min.)"))
        #expect(refusal?.errorType == "InvalidSignatureException")
    }

    @Test("signed 6 minutes in the future: not yet current, with AWS's exact message", arguments: BotocoreVectors.all)
    func sixMinutesEarly(vector: BotocoreVector) {
        let refusal = verifier.verify(vector.request, now: now.addingTimeInterval(-360)).failure
        #expect(
            refusal
                == .expired(
                    "Signature not yet current: 20250115T093000Z is still later than 20250115T092900Z (20250115T092400Z + 5 min.)"
                ))
        #expect(refusal?.errorType == "InvalidSignatureException")
    }

    @Test("a scope naming another service is refused", arguments: BotocoreVectors.all)
    func wrongServiceInScope(vector: BotocoreVector) {
        let elsewhere = vector.authorization.replacingOccurrences(of: "/apigateway/", with: "/execute-api/")
        let refusal = verifier.verify(vector.request.settingHeader("Authorization", to: elsewhere), now: now).failure
        #expect(refusal == .incomplete("Credential should be scoped to correct service: 'apigateway'. "))
        #expect(refusal?.errorType == "IncompleteSignatureException")
    }

    @Test("development mode accepts any well-formed signature but still checks freshness", arguments: BotocoreVectors.all)
    func developmentMode(vector: BotocoreVector) throws {
        let anyone = SigV4Verifier.acceptingAnyCredentials(service: "apigateway")
        let forged = vector.authorization
            .replacingOccurrences(of: BotocoreVectors.accessKeyID, with: "AKIDSOMEONEELSE")
        let request = vector.request.settingHeader("Authorization", to: forged)
        let identity = try anyone.verify(request, now: now).get()
        #expect(identity.accessKeyID == "AKIDSOMEONEELSE")
        #expect(identity.region == "eu-west-3")
        #expect(anyone.verify(request, now: now.addingTimeInterval(360)).failure?.errorType == "InvalidSignatureException")
        #expect(anyone.verify(request.removingHeader("authorization"), now: now).failure == .missingAuthentication)
    }
}
