import Foundation
import Testing
import TurnpikeAdmin
import TurnpikeSigV4
import TurnpikeTesting

/// Issue 13 item 8: the admin API verifies the exact path it routes. Paths where SigV4 clients'
/// canonical forms differ (dot segments, also percent-encoded, and empty segments) are refused
/// before authentication, so a signature for one path cannot be replayed on another spelling.
@Suite struct AdminRawPathTests {
    static let refused = [
        "/restapis/x/../apikeys", "/./apikeys", "//apikeys", "/apikeys/", "/apikeys//", "/apikeys/.", "/apikeys/..",
        "/restapis/%2e%2e/apikeys", "/restapis/x/%2E%2e/apikeys", "/restapis/x/.%2e/apikeys", "/%2e/apikeys", "apikeys",
        "/usageplans/p1/keys/..",
    ]
    static let accepted = [
        "/", "/apikeys", "/restapis/abc123/stages/prod", "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc",
        "/apikeys/...", "/apikeys/.x", "/apikeys/%252e%252e", "/restapis/a.b/resources",
    ]

    @Test func theRule() {
        for path in Self.refused { #expect(AdminRawPath.refusal(path) != nil, "\(path)") }
        for path in Self.accepted { #expect(AdminRawPath.refusal(path) == nil, "\(path)") }
    }

    @Test func aSignatureForOnePathIsNotRoutedOnAnother() async throws {
        let harness = try await AdminTestHarness()
        #expect(await harness.send("POST", "/apikeys", json: #"{"name":"secret-holder"}"#).status == 201)
        for sent in Self.refused where sent.hasPrefix("/") {
            // Signed as botocore signs (dot segments removed), and as the Go SDK signs (as sent).
            for signedPath in ["/apikeys", sent] {
                let signer = SigV4Signer(credentials: AdminTestHarness.credentials, region: "us-east-1", service: "apigateway")
                var headers: [(String, String)] = [("Host", "127.0.0.1:4567")]
                headers += signer.sign(method: "GET", rawPath: signedPath, rawQuery: "", headers: headers, body: [], now: harness.now)
                let response = await harness.send("GET", sent, headers: headers, signed: false)
                #expect(response.status == 400, "\(sent) signed for \(signedPath): \(response.status)")
                #expect(response.errorType == "BadRequestException", "\(sent)")
                #expect(response.json["item"] == nil)
            }
        }
        // Unsigned, the same paths are refused the same way: nothing about credentials is told.
        #expect(await harness.send("GET", "/restapis/x/../apikeys", signed: false).status == 400)
        // The one form every client signs alike still works.
        let listed = await harness.send("GET", "/apikeys")
        #expect(listed.status == 200 && (listed.json["item"] as? [Any])?.count == 1)
    }
}
