import NIOCore
import NIOHTTP1
import Testing
@testable import TurnpikeGateway

/// Reading a backend's answer from raw bytes: framing, interim answers, reuse, truncation; and the
/// byte-level header rules both ways.
@Suite struct UpstreamResponseReaderTests {
    /// `H <status>`, `B <text>`, `E keep|close`, `W`, `X` (invalid).
    func drain(_ reader: inout UpstreamResponseReader) -> [String] {
        var trace: [String] = []
        var head = UpstreamResponseHead()
        for _ in 0..<100 {
            switch reader.next(head: &head) {
            case .head: trace.append("H \(head.status)")
            case .body(let buffer): trace.append("B \(String(buffer: buffer))")
            case .end(let keepAlive): trace.append("E \(keepAlive ? "keep" : "close")")
            case .wait: trace.append("W"); return trace
            case .invalid: trace.append("X"); return trace
            }
        }
        return trace
    }

    func reader(_ text: String, method: String = "GET") -> UpstreamResponseReader {
        var reader = UpstreamResponseReader(requestMethod: method)
        reader.received(ByteBuffer(string: text))
        return reader
    }

    @Test func lengthDelimitedAnswersEndAndKeepTheConnection() {
        var r = reader("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
        #expect(drain(&r) == ["H 200", "B ok\n", "E keep", "W"])
        var closing = reader("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(drain(&closing) == ["H 200", "E close", "W"])
        var old = reader("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")
        #expect(drain(&old) == ["H 200", "E close", "W"])
    }

    @Test func chunkedAnswersAreDecoded() {
        var r = reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n")
        #expect(drain(&r) == ["H 200", "B ab", "W"])
        r.received(ByteBuffer(string: "0\r\n\r\n"))
        #expect(drain(&r) == ["E keep", "W"])
    }

    @Test func closeDelimitedAnswersEndWithTheConnection() {
        var r = reader("HTTP/1.1 200 OK\r\n\r\npart")
        #expect(drain(&r) == ["H 200", "B part", "W"])
        guard case .end(keepAlive: false) = r.closed() else { Issue.record("expected the end"); return }
    }

    @Test func truncatedAnswersAreFailures() {
        var r = reader("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        #expect(drain(&r) == ["H 200", "B abc", "W"])
        guard case .invalid = r.closed() else { Issue.record("expected a failure"); return }
        var headless = reader("HTTP/1.1 200 OK\r\n")
        #expect(headless.awaitsHead)
        guard case .invalid = headless.closed() else { Issue.record("expected a failure"); return }
    }

    @Test func interimAnswersAreSkippedAndBodilessAnswersEndAtOnce() {
        var r = reader("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")
        #expect(drain(&r) == ["H 204", "E keep", "W"])
        var head = reader("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", method: "HEAD")
        #expect(drain(&head) == ["H 200", "E keep", "W"])
    }

    @Test(arguments: ["SMTP ready\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
                      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"])
    func garbageIsInvalid(text: String) {
        var r = reader(text)
        #expect(drain(&r).last == "X")
    }

    @Test func extraBytesAfterTheAnswerMakeTheConnectionUnusable() {
        var r = reader("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naSURPRISE")
        #expect(drain(&r) == ["H 200", "B a", "E close", "W"])
    }

    @Test func responseHeadersLoseHopByHopFieldsAndKeepTheRest() throws {
        let text = "HTTP/1.1 201 Made It\r\nX-A: 1\r\nConnection: x-hop\r\nx-hop: 2\r\nKeep-Alive: timeout=5\r\n"
            + "Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
        guard var head = UpstreamResponseHead.parsed(text) else {
            Issue.record("expected a head"); return
        }
        var out = ByteBuffer()
        out.writeStatusLine(version: .http1_1, status: head.status, reason: head.reason, in: head.bytes)
        ProxyHeaders.writeDownstreamResponseFields(of: &head, into: &out)
        #expect(String(buffer: out) == "HTTP/1.1 201 Made It\r\nX-A: 1\r\nContent-Type: text/plain\r\n")
        #expect(head.framing == .chunked)
    }

    @Test func upstreamRequestHeadsFollowProxyHeadersRules() throws {
        let text = "PUT /x HTTP/1.1\r\nHost: gw\r\nx-custom: kept\r\nConnection: keep-alive, x-hop\r\nx-hop: no\r\nTE: trailers\r\n"
            + "X-Forwarded-For: 10.9.8.7,10.0.0.1\r\nContent-Length: 5\r\nx-api-key: passes\r\n\r\n"
        guard case .head(let head, _) = RequestHeadParser.parse(ByteBuffer(string: text)) else { Issue.record("head"); return }
        var out = ByteBuffer()
        ProxyHeaders.writeUpstreamRequestHead(into: &out, method: "PUT", target: "/deep?a=1", head: head, clientAddress: "127.0.0.1",
                                              upstreamHost: "backend:8080", bodyLength: 5)
        #expect(String(buffer: out) == "PUT /deep?a=1 HTTP/1.1\r\nHost: backend:8080\r\nx-custom: kept\r\nx-api-key: passes\r\n"
            + "X-Forwarded-For: 10.9.8.7, 10.0.0.1, 127.0.0.1\r\nX-Forwarded-Proto: http\r\nContent-Length: 5\r\n\r\n")
        var get = ByteBuffer()
        ProxyHeaders.writeUpstreamRequestHead(into: &get, method: "GET", target: "/", head: head, clientAddress: nil,
                                              upstreamHost: "b", bodyLength: 0)
        #expect(String(buffer: get).contains("X-Forwarded-For: 10.9.8.7,10.0.0.1\r\n"))
        #expect(!String(buffer: get).contains("Content-Length"))
    }

    @Test func upstreamRequestHeadsCarryTheGatewaysIdsInsteadOfTheClients() throws {
        let text = "GET /x HTTP/1.1\r\nHost: gw\r\nX-Amzn-Trace-Id: Root=1-client\r\ntraceparent: 00-ab-cd-01\r\n"
            + "x-amzn-requestid: forged\r\nx-amzn-trace-idx: kept\r\n\r\n"
        guard case .head(let head, _) = RequestHeadParser.parse(ByteBuffer(string: text)) else { Issue.record("head"); return }
        var generator = SystemRandomNumberGenerator()
        let identity = RequestIdentity(epochSeconds: 1_795_608_000, using: &generator)
        var out = ByteBuffer()
        ProxyHeaders.writeUpstreamRequestHead(into: &out, method: "GET", target: "/x", head: head, clientAddress: nil,
                                              identity: identity, upstreamHost: "b", bodyLength: 0)
        #expect(String(buffer: out) == "GET /x HTTP/1.1\r\nHost: b\r\ntraceparent: 00-ab-cd-01\r\nx-amzn-trace-idx: kept\r\n"
            + "x-amzn-RequestId: \(identity.requestId)\r\nX-Amzn-Trace-Id: \(identity.traceId)\r\nX-Forwarded-Proto: http\r\n\r\n")
    }

    @Test func headsWithMoreLinesThanHeldInlineKeepEveryLineInOrder() throws {
        let count = HeaderFields.inlineCapacity + 5
        let lines = (0..<count).map { "x-line-\($0): \($0)\r\n" }.joined()
        guard var response = UpstreamResponseHead.parsed(
            "HTTP/1.1 200 OK\r\n" + lines + "Connection: x-line-3\r\nContent-Length: 0\r\n\r\n")
        else { Issue.record("expected a response head"); return }
        #expect(response.fields.count == count + 2)
        var out = ByteBuffer()
        ProxyHeaders.writeDownstreamResponseFields(of: &response, into: &out)
        let kept = (0..<count).filter { $0 != 3 }.map { "x-line-\($0): \($0)\r\n" }.joined()
        #expect(String(buffer: out) == kept + "Content-Length: 0\r\n")
        guard case .head(let request, _) = RequestHeadParser.parse(ByteBuffer(string: "GET / HTTP/1.1\r\n" + lines + "Host: gw\r\n\r\n"))
        else { Issue.record("expected a request head"); return }
        #expect(request.fields.lines.map { request.name(of: $0) } == (0..<count).map { "x-line-\($0)" } + ["Host"])
        #expect(request.host == "gw" && request.first(name: "x-line-20") == "20")
    }

    @Test func keptLinesAreCopiedWholeOrWithoutTrailingWhitespace() throws {
        let text = "HTTP/1.1 200\r\nA: 1\r\nB: 2  \r\nC:3\r\nConnection: close\r\nD: 4\t\r\nE: 5\r\nF: 6\r\n\r\n"
        guard var head = UpstreamResponseHead.parsed(text) else {
            Issue.record("expected a head"); return
        }
        var out = ByteBuffer()
        out.writeStatusLine(version: .http1_0, status: head.status, reason: head.reason, in: head.bytes)
        ProxyHeaders.writeDownstreamResponseFields(of: &head, into: &out)
        #expect(String(buffer: out) == "HTTP/1.0 200 \r\nA: 1\r\nB: 2\r\nC:3\r\nD: 4\r\nE: 5\r\nF: 6\r\n")
    }

    @Test func aKeptBufferIsReusedOnlyOnceNothingElseHoldsIt() {
        let allocator = ByteBufferAllocator()
        var reusable = ReusableBuffer()
        var first = reusable.take(capacity: 64, allocator: allocator)
        first.writeString("first answer")
        reusable.keep(first)  // `first` still holds the bytes, as a channel with a pending write does
        var second = reusable.take(capacity: 64, allocator: allocator)
        second.writeString("second")
        #expect(String(buffer: first) == "first answer")  // copy on write: the pending bytes are intact
        reusable.keep(second)
        let storage = second.withVeryUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
        first = ByteBuffer()
        second = ByteBuffer()  // the channel let go
        let third = reusable.take(capacity: 32, allocator: allocator)
        #expect(third.readableBytes == 0)
        #expect(third.withVeryUnsafeBytes { UInt(bitPattern: $0.baseAddress) } == storage)
        var large = allocator.buffer(capacity: ReusableBuffer.maximumKeptCapacity * 2)
        large.writeString("x")
        reusable.keep(large)
        #expect(reusable.take(capacity: 8, allocator: allocator).capacity < ReusableBuffer.maximumKeptCapacity)
    }
}

extension UpstreamResponseHead {
    /// `text` parsed as the answer to a `method` request; nil when it is not a complete valid head.
    static func parsed(_ text: String, method: String = "GET") -> UpstreamResponseHead? {
        var head = UpstreamResponseHead()
        guard case .head = parse(ByteBuffer(string: text), requestMethod: method, into: &head) else { return nil }
        return head
    }
}
