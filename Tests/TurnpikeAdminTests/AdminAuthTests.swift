import Foundation
import Testing
import TurnpikeSigV4
import TurnpikeTesting

@Suite struct AdminAuthTests {
    @Test func unsignedRequestsAreRefused() async throws {
        let harness = try await AdminTestHarness()
        let response = await harness.send("GET", "/apikeys", signed: false)
        #expect(response.status == 403)
        #expect(response.errorType == "MissingAuthenticationTokenException")
        #expect(response.message == "Missing Authentication Token")
        #expect(response.header("x-amzn-RequestId") != nil)
    }

    @Test func unknownAccessKeysAreRefused() async throws {
        let harness = try await AdminTestHarness()
        let stranger = SigV4Credentials(accessKeyID: "AKIDSTRANGER", secretAccessKey: "whatever")
        let response = await harness.send("GET", "/apikeys", credentials: stranger)
        #expect(response.status == 403)
        #expect(response.errorType == "UnrecognizedClientException")
        #expect(response.message == "The security token included in the request is invalid.")
    }

    @Test func wrongSecretsAreRefused() async throws {
        let harness = try await AdminTestHarness()
        let wrong = SigV4Credentials(accessKeyID: AdminTestHarness.credentials.accessKeyID, secretAccessKey: "not-the-secret")
        let response = await harness.send("GET", "/apikeys", credentials: wrong)
        #expect(response.status == 403)
        #expect(response.errorType == "InvalidSignatureException")
        #expect(response.message?.hasPrefix("The request signature we calculated does not match") == true)
    }

    @Test func tamperedBodiesAreRefused() async throws {
        let harness = try await AdminTestHarness()
        let body = Array(#"{"name":"a"}"#.utf8)
        let signer = SigV4Signer(credentials: AdminTestHarness.credentials, region: "eu-west-1", service: "apigateway")
        var headers: [(String, String)] = [("Host", "localhost")]
        headers += signer.sign(method: "POST", rawPath: "/apikeys", rawQuery: "", headers: headers, body: body, now: harness.now)
        let tampered = await harness.send("POST", "/apikeys", body: Array(#"{"name":"b"}"#.utf8), headers: headers, signed: false)
        #expect(tampered.errorType == "InvalidSignatureException")
        let honest = await harness.send("POST", "/apikeys", body: body, headers: headers, signed: false)
        #expect(honest.status == 201)
    }

    @Test func staleSignaturesAreRefused() async throws {
        let harness = try await AdminTestHarness()
        let signer = SigV4Signer(credentials: AdminTestHarness.credentials, region: "us-east-1", service: "apigateway")
        var headers: [(String, String)] = [("Host", "localhost")]
        headers += signer.sign(method: "GET", rawPath: "/apikeys", rawQuery: "", headers: headers, body: [], now: harness.now)
        harness.advance(seconds: 301)
        let response = await harness.send("GET", "/apikeys", headers: headers, signed: false)
        #expect(response.status == 403)
        #expect(response.errorType == "InvalidSignatureException")
        #expect(response.message?.hasPrefix("Signature expired") == true)
    }
}
