import NIOHTTP1
import Testing
@testable import TurnpikeGateway

@Suite("ProxyHeaders")
struct ProxyHeadersTests {
    @Test func upstreamDropsHopByHopAndSetsForwardingHeaders() {
        let incoming = HTTPHeaders([
            ("Host", "abc.execute-api.localhost:8080"),
            ("Connection", "keep-alive, X-Secret-Hop"),
            ("X-Secret-Hop", "1"),
            ("Keep-Alive", "timeout=5"),
            ("Proxy-Authorization", "Basic x"),
            ("TE", "trailers"),
            ("Trailer", "X-Checksum"),
            ("Transfer-Encoding", "chunked"),
            ("Upgrade", "websocket"),
            ("Content-Length", "12"),
            ("x-api-key", "abcdefghijklmnopqrstuvwxyz"),
            ("Accept", "application/json"),
            ("Accept", "text/plain"),
        ])
        let upstream = ProxyHeaders.upstreamRequestHeaders(from: incoming, clientAddress: "10.1.2.3", upstreamHost: "backend:9000")
        #expect(upstream["Host"] == ["backend:9000"])
        for dropped in ["Connection", "X-Secret-Hop", "Keep-Alive", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade"] {
            #expect(!upstream.contains(name: dropped), "\(dropped)")
        }
        #expect(upstream["Content-Length"] == ["12"])
        #expect(upstream["x-api-key"] == ["abcdefghijklmnopqrstuvwxyz"])
        #expect(upstream["Accept"] == ["application/json", "text/plain"])
        #expect(upstream["X-Forwarded-For"] == ["10.1.2.3"])
        #expect(upstream["X-Forwarded-Proto"] == ["http"])
    }

    @Test func forwardedForIsAppendedToAnExistingList() {
        let incoming = HTTPHeaders([("X-Forwarded-For", "1.1.1.1, 2.2.2.2"), ("x-forwarded-for", "3.3.3.3"), ("X-Forwarded-Proto", "https")])
        let upstream = ProxyHeaders.upstreamRequestHeaders(from: incoming, clientAddress: "4.4.4.4", upstreamHost: "b")
        #expect(upstream["X-Forwarded-For"] == ["1.1.1.1, 2.2.2.2, 3.3.3.3, 4.4.4.4"])
        #expect(upstream["X-Forwarded-Proto"] == ["http"], "a client's own is never passed on")
        #expect(upstream["Host"] == ["b"])
        let anonymous = ProxyHeaders.upstreamRequestHeaders(from: HTTPHeaders(), clientAddress: nil, upstreamHost: "b", proto: "https")
        #expect(!anonymous.contains(name: "X-Forwarded-For"))
        #expect(anonymous["X-Forwarded-Proto"] == ["https"])
    }

    @Test func downstreamDropsHopByHopOnly() {
        let backend = HTTPHeaders([
            ("Content-Type", "text/html"), ("Content-Length", "5"), ("Connection", "close, X-Internal"), ("X-Internal", "y"),
            ("Transfer-Encoding", "chunked"), ("Proxy-Authenticate", "Basic"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"),
        ])
        let downstream = ProxyHeaders.downstreamResponseHeaders(from: backend)
        #expect(downstream.map(\.name) == ["Content-Type", "Content-Length", "Set-Cookie", "Set-Cookie"])
        #expect(downstream["Set-Cookie"] == ["a=1", "b=2"])
    }
}
