import Testing
@testable import TurnpikeGateway

@Suite("InvokeTarget")
struct InvokeTargetTests {
    private func invoke(_ apiId: String, _ stage: String, _ path: String, _ query: String = "") -> InvokeTargetParse {
        .invoke(InvokeTarget(apiId: apiId, stage: stage, path: path, rawQuery: query))
    }

    @Test func emulatorForm() {
        #expect(InvokeTarget.parse(host: "localhost:4566", uri: "/restapis/abc123/prod/_user_request_/pets/42")
            == invoke("abc123", "prod", "/pets/42"))
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/abc123/prod/_user_request_/pets?limit=2&x=%20")
            == invoke("abc123", "prod", "/pets", "limit=2&x=%20"))
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/abc123/prod/_user_request_/pets/")
            == invoke("abc123", "prod", "/pets/"))
    }

    @Test func emulatorFormRoot() {
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/abc/prod/_user_request_") == invoke("abc", "prod", "/"))
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/abc/prod/_user_request_/") == invoke("abc", "prod", "/"))
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/abc/prod/_user_request_?a=1") == invoke("abc", "prod", "/", "a=1"))
    }

    @Test func executeApiHostForm() {
        #expect(InvokeTarget.parse(host: "abc123.execute-api.us-east-1.amazonaws.com", uri: "/prod/pets/42?q=1")
            == invoke("abc123", "prod", "/pets/42", "q=1"))
        #expect(InvokeTarget.parse(host: "ABC123.Execute-Api.localhost:8080", uri: "/prod") == invoke("abc123", "prod", "/"))
        #expect(InvokeTarget.parse(host: "abc.execute-api.localhost", uri: "/prod/") == invoke("abc", "prod", "/"))
        #expect(InvokeTarget.parse(host: "abc.execute-api.localhost", uri: "/") == invoke("abc", "", "/"))
        // On an execute-api host even admin-looking paths are invoke requests.
        #expect(InvokeTarget.parse(host: "abc.execute-api.localhost", uri: "/restapis")
            == invoke("abc", "restapis", "/"))
    }

    @Test func absoluteFormTakesTheAuthorityAsHost() {
        #expect(InvokeTarget.parse(host: "ignored", uri: "http://abc.execute-api.local:9000/dev/a?b=c")
            == invoke("abc", "dev", "/a", "b=c"))
        #expect(InvokeTarget.parse(host: nil, uri: "http://localhost/restapis/x/dev/_user_request_/y") == invoke("x", "dev", "/y"))
    }

    @Test func percentDecodingOfThePathOnly() {
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_/caf%C3%A9/a%20b+c?x=%41")
            == invoke("a", "s", "/café/a b+c", "x=%41"))
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_/a%2Fb") == invoke("a", "s", "/a/b"))
        #expect(InvokeTarget.parse(host: "a.execute-api.x", uri: "/s/%e2%9c%93") == invoke("a", "s", "/✓"))
    }

    @Test func invalidEscapesAndUTF8() {
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_/bad%zz") == .invalid)
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_/bad%4") == .invalid)
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_/bad%") == .invalid)
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_/%C3%28") == .invalid)
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_/%FF") == .invalid)
        #expect(InvokeTarget.parse(host: "a.execute-api.x", uri: "/s/%ED%A0%80") == .invalid)  // a UTF-16 surrogate
        // A bad escape in the query is the backend's business.
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_/ok?%zz") == invoke("a", "s", "/ok", "%zz"))
    }

    /// The hot path parses the target's bytes as received; it must agree with the `String` form
    /// (made with invalid UTF-8 replaced), raw non-ASCII bytes included.
    @Test(arguments: [
        Array("/restapis/abc/prod/_user_request_/pets/42?x=1".utf8),
        Array("/restapis/abc/prod/_user_request_/caf\u{E9}".utf8),
        Array("/restapis/abc/prod/_user_request_/a".utf8) + [0xFF, 0x41],
        Array("/restapis/abc/prod/_user_request_/%41".utf8) + [0xC3],
        Array("/prod/pets".utf8) + [0x80],
        Array("http://abc.execute-api.x/prod/".utf8) + [0xFE],
        Array("/restapis/ab".utf8) + [0xE2, 0x82] + Array("/prod/_user_request_/".utf8),
    ] as [[UInt8]])
    func bytesParseAsTheirString(_ target: [UInt8]) {
        for host in [nil, "abc.execute-api.localhost"] as [String?] {
            let fromBytes = target.withUnsafeBytes { InvokeTarget.parse(host: host, uri: $0) }
            #expect(fromBytes == InvokeTarget.parse(host: host, uri: String(decoding: target, as: UTF8.self)))
        }
    }

    @Test func notInvokeRequests() {
        #expect(InvokeTarget.parse(host: "localhost", uri: "/restapis") == .notInvoke)
        #expect(InvokeTarget.parse(host: "localhost", uri: "/restapis/abc") == .notInvoke)
        #expect(InvokeTarget.parse(host: "localhost", uri: "/restapis/abc/resources") == .notInvoke)
        #expect(InvokeTarget.parse(host: "localhost", uri: "/restapis/abc/stages/prod") == .notInvoke)
        #expect(InvokeTarget.parse(host: "localhost", uri: "/restapis/abc/prod/_user_request_x") == .notInvoke)
        #expect(InvokeTarget.parse(host: "localhost", uri: "/apikeys?includeValues=true") == .notInvoke)
        #expect(InvokeTarget.parse(host: nil, uri: "/") == .notInvoke)
        #expect(InvokeTarget.parse(host: "execute-api.localhost", uri: "/prod/x") == .notInvoke)
        #expect(InvokeTarget.parse(host: "abc.execute-api", uri: "/prod/x") == .notInvoke)
        #expect(InvokeTarget.parse(host: "abc.example.com", uri: "/prod/x") == .notInvoke)
    }

    @Test func fragmentsEndThePathAndTheQuery() {
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_/p#frag") == invoke("a", "s", "/p"))
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_/p?q=1#f?g") == invoke("a", "s", "/p", "q=1"))
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_#x") == invoke("a", "s", "/"))
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s#/_user_request_/p") == .notInvoke)
        #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_req?uest_/p") == .notInvoke)
        #expect(InvokeTarget.parse(host: "a.execute-api.x", uri: "/s?x=1") == invoke("a", "s", "/", "x=1"))
        #expect(InvokeTarget.parse(host: "a.execute-api.x", uri: "/#/s/p") == invoke("a", "", "/"))
    }
}
