import NIOCore
import Testing
@testable import TurnpikeGateway

/// The header rules of the proxy, on the byte-level writers the invoke path runs.
@Suite("ProxyHeaders")
struct ProxyHeadersTests {
    /// The head the gateway sends upstream for a client request with `lines`, as text.
    func upstream(_ lines: [String], method: String = "GET", clientAddress: String? = "10.1.2.3", bodyLength: Int = 0) throws -> String {
        let text = "\(method) /in HTTP/1.1\r\n" + lines.map { $0 + "\r\n" }.joined() + "\r\n"
        guard case .head(let head, _) = RequestHeadParser.parse(ByteBuffer(string: text)) else {
            Issue.record("unparsable: \(text)")
            return ""
        }
        var buffer = ByteBuffer()
        ProxyHeaders.writeUpstreamRequestHead(
            into: &buffer, method: method, target: "/out", head: head, clientAddress: clientAddress,
            upstreamHost: "backend:9000", bodyLength: bodyLength)
        return String(buffer: buffer)
    }

    /// The backend's header lines that reach the client, as text.
    func downstream(_ lines: [String]) throws -> String {
        let text = "HTTP/1.1 200 OK\r\n" + lines.map { $0 + "\r\n" }.joined() + "\r\n"
        guard var head = UpstreamResponseHead.parsed(text) else {
            Issue.record("unparsable: \(text)")
            return ""
        }
        var buffer = ByteBuffer()
        ProxyHeaders.writeDownstreamResponseFields(of: &head, into: &buffer)
        return String(buffer: buffer)
    }

    @Test func upstreamDropsHopByHopAndSetsForwardingHeaders() throws {
        let sent = try upstream([
            "Host: abc.execute-api.localhost:8080", "Connection: keep-alive, X-Secret-Hop", "X-Secret-Hop: 1",
            "Keep-Alive: timeout=5", "Proxy-Authorization: Basic x", "TE: trailers", "Trailer: X-Checksum",
            "Upgrade: websocket", "Expect: 100-continue", "Content_Length: 99", "x-api-key: abcdefghijklmnopqrstuvwxyz",
            "Accept: application/json", "Accept: text/plain", "X-Forwarded-Proto: https",
        ], method: "POST", bodyLength: 12)
        #expect(sent == """
            POST /out HTTP/1.1\r
            Host: backend:9000\r
            x-api-key: abcdefghijklmnopqrstuvwxyz\r
            Accept: application/json\r
            Accept: text/plain\r
            X-Forwarded-For: 10.1.2.3\r
            X-Forwarded-Proto: http\r
            Content-Length: 12\r
            \r

            """)
    }

    @Test func forwardedForIsAppendedToAnExistingList() throws {
        let sent = try upstream(["Host: h", "X-Forwarded-For: 1.1.1.1, 2.2.2.2", "x-forwarded-for: 3.3.3.3"], clientAddress: "4.4.4.4")
        #expect(sent.contains("\r\nX-Forwarded-For: 1.1.1.1, 2.2.2.2, 3.3.3.3, 4.4.4.4\r\n"))
        #expect(!sent.contains("x-forwarded-for"))
        let anonymous = try upstream(["Host: h", "X-Forwarded-For: 1.1.1.1"], clientAddress: nil)
        #expect(anonymous.contains("\r\nX-Forwarded-For: 1.1.1.1\r\n"), "passed on as it came")
    }

    @Test func aBodylessMethodSendsNoLengthAndOthersSendZero() throws {
        #expect(!(try upstream(["Host: h"], method: "GET")).contains("Content-Length"))
        #expect(try upstream(["Host: h"], method: "POST").contains("\r\nContent-Length: 0\r\n"))
    }

    @Test func downstreamDropsHopByHopOnly() throws {
        let passed = try downstream([
            "Content-Type: text/html", "Content-Length: 5", "Connection: close, X-Internal", "X-Internal: y",
            "Proxy-Authenticate: Basic", "Set-Cookie: a=1", "Set-Cookie: b=2",
        ])
        #expect(passed == "Content-Type: text/html\r\nContent-Length: 5\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n")
    }

    @Test func aChunkedAnswerLosesItsCodingAndLength() throws {
        let passed = try downstream(["Transfer-Encoding: chunked", "Content-Length: 5", "ETag: \"x\""])
        #expect(passed == "ETag: \"x\"\r\n", "the gateway frames the body it writes")
    }
}
