import Foundation
import Testing
import TurnpikeSigV4

/// What the signer produces verifies, and credentials never print their secret.
@Suite("SigV4Signer")
struct SigV4SignerTests {
    private static let credentials = SigV4Credentials(
        accessKeyID: "AKIDROUNDTRIP", secretAccessKey: "round/trip+Secret=Key0123456789")
    private let verifier = SigV4Verifier { $0 == credentials.accessKeyID ? credentials.secretAccessKey : nil }

    struct Case: Sendable, CustomStringConvertible {
        var method: String
        var rawPath: String
        var rawQuery: String
        var headers: [(String, String)]
        var body: String
        var description: String { "\(method) \(rawPath)?\(rawQuery)" }
    }

    static let cases: [Case] = [
        Case(method: "GET", rawPath: "/restapis", rawQuery: "", headers: [("Host", "localhost:4566")], body: ""),
        Case(
            method: "PATCH", rawPath: "/restapis/a1b2c3/stages/prod", rawQuery: "",
            headers: [("Host", "gw.example.com"), ("Content-Type", "application/json"), ("User-Agent", "turnpike-test")],
            body: "{\"patchOperations\":[{\"op\":\"replace\",\"path\":\"/description\",\"value\":\"caf\u{e9}\"}]}"),
        Case(
            method: "GET", rawPath: "/apikeys", rawQuery: "name=my%20key&limit=5&includeValues=true&position=",
            headers: [("Host", "localhost:4566"), ("Accept", "application/json")], body: ""),
        Case(
            method: "PUT", rawPath: "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fa1b2c3", rawQuery: "",
            headers: [("Host", "localhost:4566"), ("X-Custom", "  spaced    out  "), ("x-custom", "again")],
            body: "{\"tags\":{\"team\":\"edge\"}}"),
        Case(
            method: "POST", rawPath: "/apikeys", rawQuery: "mode=import&format=csv&failonwarnings=true",
            headers: [("Host", "localhost:4566"), ("Content-Type", "text/csv")], body: "name,key\nci,abc\n"),
        Case(method: "DELETE", rawPath: "//restapis//x//", rawQuery: "a&b=&=c", headers: [("HOST", "LocalHost")], body: ""),
        Case(
            method: "GET", rawPath: "/caf%C3%A9/%E2%9C%93", rawQuery: "q=%E2%9C%93&q=a+b",
            headers: [("Host", "[::1]:8080"), ("Date", "Wed, 15 Jan 2025 09:30:00 GMT")], body: ""),
    ]

    @Test("signed requests verify", arguments: cases)
    func roundTrip(testCase: Case) throws {
        for seconds in [0.0, 1_736_933_400.25, 4_102_444_799] {  // 1970, 2025 (fractional), 2099-12-31T23:59:59Z
            let now = Date(timeIntervalSince1970: seconds)
            let signer = SigV4Signer(credentials: Self.credentials, region: "eu-west-1")
            let added = signer.sign(
                method: testCase.method, rawPath: testCase.rawPath, rawQuery: testCase.rawQuery,
                headers: testCase.headers, body: Array(testCase.body.utf8), now: now)
            let request = SignableRequest(
                method: testCase.method, rawPath: testCase.rawPath, rawQuery: testCase.rawQuery,
                headers: testCase.headers + added, body: Array(testCase.body.utf8))
            let identity = try verifier.verify(request, now: now).get()
            #expect(identity.accessKeyID == "AKIDROUNDTRIP")
            #expect(identity.region == "eu-west-1")
            #expect(identity.signedAt == Date(timeIntervalSince1970: seconds.rounded(.down)))
        }
    }

    @Test("user-agent and hop-by-hop headers are not signed; stale authorization and date headers are replaced")
    func headerSelection() throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        let added = signer.sign(
            method: "GET", rawPath: "/", rawQuery: "",
            headers: [
                ("Host", "h"), ("User-Agent", "ua"), ("Connection", "keep-alive"), ("Authorization", "stale"),
                ("X-Amz-Date", "19990101T000000Z"), ("X-Amzn-Trace-Id", "Root=1"),
            ],
            body: [], now: Date(timeIntervalSince1970: 1_440_938_160))
        let authorization = try SigV4Authorization(parsing: try #require(added.last?.1))
        #expect(authorization.signedHeaders == ["host", "x-amz-date"])
        #expect(authorization.scope == CredentialScope(date: "20150830", region: "us-east-1", service: "apigateway"))
        #expect(added.first?.1 == "20150830T123600Z")
    }

    @Test("credentials never print their secret")
    func credentialsRedacted() {
        let secret = Self.credentials.secretAccessKey
        var dumped = ""
        dump(Self.credentials, to: &dumped)
        for text in [
            "\(Self.credentials)", String(describing: Self.credentials), String(reflecting: Self.credentials), dumped,
            "\(SigV4Signer(credentials: Self.credentials, region: "us-east-1"))",
        ] {
            #expect(!text.contains(secret))
            #expect(text.contains("AKIDROUNDTRIP"))
        }
        #expect("\(Self.credentials)".contains("<redacted>"))
    }
}
