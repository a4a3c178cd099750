import NIOCore
import NIOHTTP1
import Testing
@testable import TurnpikeGateway

/// The invoke listener's request-head parser, on bytes: what it understands, what it refuses.
@Suite struct RequestHeadParserTests {
    func parse(_ text: String, maximumSize: Int = RequestHeadParser.defaultMaximumSize) -> RequestHeadParser.Outcome {
        RequestHeadParser.parse(ByteBuffer(string: text), maximumSize: maximumSize)
    }

    func head(_ text: String) throws -> (InvokeRequestHead, Int) {
        guard case .head(let head, let length) = parse(text) else {
            Issue.record("expected a head for \(text.debugDescription)")
            throw ParseFailure()
        }
        return (head, length)
    }

    struct ParseFailure: Error {}

    @Test func readsTheRequestLineAndTheHeadersTheGatewayNeeds() throws {
        let text = "POST /restapis/a/prod/_user_request_/x?q=1 HTTP/1.1\r\nHost: a.example\r\nX-API-Key:  secret-value \r\n"
            + "Content-Length: 12\r\nx-custom: kept\r\nExpect: 100-continue\r\n\r\nbody follows"
        let (head, length) = try head(text)
        #expect(length == text.utf8.count - "body follows".utf8.count)
        #expect(head.method == "POST" && head.uri == "/restapis/a/prod/_user_request_/x?q=1")
        #expect(head.version == .http1_1 && head.keepAlive)
        #expect(head.host == "a.example" && head.apiKey == "secret-value" && head.contentLength == 12)
        #expect(!head.chunked && head.expectsContinue)
        #expect(head.fields.lines.map { head.name(of: $0) } == ["Host", "X-API-Key", "Content-Length", "x-custom", "Expect"])
        #expect(head.first(name: "X-CUSTOM") == "kept")
        #expect(head.headers["x-api-key"] == ["secret-value"])
    }

    @Test func keepAliveFollowsTheVersionAndConnection() throws {
        #expect(try head("GET / HTTP/1.1\r\nHost: h\r\n\r\n").0.keepAlive)
        #expect(try !head("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").0.keepAlive)
        #expect(try !head("GET / HTTP/1.0\r\n\r\n").0.keepAlive)
        #expect(try head("GET / HTTP/1.0\r\nconnection: Keep-Alive\r\n\r\n").0.keepAlive)
        let named = try head("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, x-hop\r\nx-hop: 1\r\n\r\n").0
        #expect(named.keepAlive && named.connectionNamesHeaders)
    }

    @Test func chunkedBodiesAreRecognised() throws {
        let (head, _) = try head("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n")
        #expect(head.chunked && head.contentLength == nil)
        // An HTTP/1.0 chunked request is read, then the connection closes (RFC 9112 §6.1).
        let old = try self.head("POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n").0
        #expect(old.chunked && !old.keepAlive)
        // Codings the gateway does not decode are a 501, not a guess.
        for coding in ["gzip, chunked", "chunked, chunked", "chunked\r\nTransfer-Encoding: chunked"] {
            guard case .unsupportedCoding = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \(coding)\r\n\r\n") else {
                Issue.record("expected 501 for \(coding)")
                continue
            }
        }
    }

    @Test func hostIsRequiredOnceAndWellFormedOnHTTP11() throws {
        for host in ["a.example", "a.example:8080", "[::1]:80", "10.0.0.1", "xn--d1a.example", ""] {
            #expect(try head("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n").0.host == host)
        }
        for bad in ["GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
                    "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", "GET / HTTP/1.1\r\nHost: a:b\r\n\r\n", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n",
                    "GET / HTTP/1.1\r\nHost: a@b\r\n\r\n"] {
            guard case .invalid = parse(bad) else { Issue.record("expected 400 for \(bad.debugDescription)"); continue }
        }
        #expect(try head("GET / HTTP/1.0\r\n\r\n").0.host == nil, "HTTP/1.0 needs none")
    }

    @Test func underscoreVariantsOfFramingNamesAreNeverForwarded() throws {
        let (head, _) = try head("GET / HTTP/1.1\r\nHost: h\r\nContent_Length: 5\r\ntransfer_encoding: chunked\r\nX_Forwarded_For: 1\r\nmy_header: v\r\n\r\n")
        #expect(head.fields.lines.map(\.kind) == [.host, .hopByHop, .hopByHop, .hopByHop, .other])
        #expect(head.contentLength == nil && !head.chunked, "they do not frame the body either")
    }

    @Test func incompleteHeadsWaitForMoreBytes() {
        for text in ["", "GET", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r"] {
            guard case .incomplete = parse(text) else { Issue.record("expected incomplete for \(text.debugDescription)"); continue }
        }
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n",
        "FROB / HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/2.0\r\n\r\n",
        "GET  HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1 \r\n\r\n",
        "GET /a\u{7F}b HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{01}b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-A\u{01}: v\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: v\u{7F}w\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: v\rw\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: v\nw\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: v\r\n\tfolded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: nope\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n",
    ])
    func malformedHeadsAreRefused(text: String) {
        guard case .invalid = parse(text) else { Issue.record("expected a refusal for \(text.debugDescription)"); return }
    }

    @Test func headsOverTheLimitAreRefusedWithOrWithoutTheirEnd() {
        let long = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + String(repeating: "a", count: 200) + "\r\n"
        guard case .invalid = parse(long + "\r\n", maximumSize: 100) else { Issue.record("complete head over the limit"); return }
        guard case .invalid = parse(long, maximumSize: 100) else { Issue.record("endless head over the limit"); return }
        guard case .head = parse(long + "\r\n", maximumSize: 300) else { Issue.record("head within the limit"); return }
    }

    @Test func rawNonASCIIAndFormlessTargetsAreRefused() throws {
        var buffer = ByteBuffer(string: "GET /")
        buffer.writeBytes([0xFF, 0xC3, 0x28])
        buffer.writeString(" HTTP/1.1\r\nHost: x\r\n\r\n")
        guard case .invalid = RequestHeadParser.parse(buffer) else { Issue.record("raw UTF-8 in a target is refused, as llhttp does"); return }
        for target in ["restapis/a", "-/a", "**", "1http://h/", "http:/h"] {
            guard case .invalid = parse("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n") else { Issue.record("\(target)"); continue }
        }
        for target in ["/a", "*", "http://h/a", "HTTPS://h", "x-y.z+w://h"] {
            #expect(try head("OPTIONS \(target) HTTP/1.1\r\nHost: x\r\n\r\n").0.uri == target)
        }
    }

    @Test func repeatedRequestHeadersKeepTheFirstValue() throws {
        let (head, _) = try head("GET / HTTP/1.1\r\nHost: one\r\nx-api-key: k1\r\nX-Api-Key: k2\r\n\r\n")
        #expect(head.host == "one" && head.apiKey == "k1" && head.fields.count == 3)
    }

    /// The bit masks behind `isTokenByte` are RFC 9110's `tchar`, byte for byte.
    @Test func tokenBytesAreRFC9110Tchar() {
        let tchar = Set(Array("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8))
        for byte in UInt8.min...UInt8.max {
            #expect(RequestHeadParser.isTokenByte(byte) == tchar.contains(byte), "byte \(byte)")
        }
    }

    @Test func tabsAndHighBytesAreKeptInValues() throws {
        let (head, _) = try head("GET / HTTP/1.1\r\nHost: h\r\nX-A:\tone\ttwo \t\r\nX-B: caf\u{E9}\r\n\r\n")
        #expect(head.first(name: "x-a") == "one\ttwo" && head.first(name: "X-B") == "caf\u{E9}")
    }

    /// The word-at-a-time skip over a value stops at the first word holding a byte the byte loop
    /// must look at (control, DEL, or above 0x7F), whatever its place in the word, and never later.
    @Test func visibleRunsStopAtTheFirstWordToCheck() {
        for special: UInt8 in [0x00, 0x09, 0x0D, 0x1F, 0x7F, 0x80, 0xE9, 0xFF] {
            for place in 0..<24 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 24)
                bytes[place] = special
                let run = bytes.withUnsafeBytes { RequestHeadParser.visibleRun($0, from: 0) }
                #expect(run == place / 8 * 8, "byte \(special) at \(place)")
            }
        }
        let visible = Array(0x20...0x7E).map(UInt8.init) + [0x20]   // 96 bytes: twelve words
        #expect(visible.withUnsafeBytes { RequestHeadParser.visibleRun($0, from: 0) } == 96)
        #expect(visible.withUnsafeBytes { RequestHeadParser.visibleRun($0, from: 3) } == 91, "a tail under 8 bytes is left")
    }
}
