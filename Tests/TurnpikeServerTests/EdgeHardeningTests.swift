import Foundation
import NIOCore
import NIOPosix
import Testing
import TurnpikeGateway
import TurnpikeTesting

/// The edges an attacker reaches first, through real sockets: path tricks that would bypass a key,
/// connections that try to hold the gateway, unauthenticated admin uploads, backends' framing,
/// bodies on answers that must have none, and requests that must never be sent twice.
@Suite(.serialized) struct EdgeHardeningTests {
    static let short = ConnectionLimits(
        headTimeout: .milliseconds(300), bodyTimeout: .milliseconds(300), idleTimeout: .milliseconds(300),
        writeTimeout: .milliseconds(400), maximumConnections: 64)

    // MARK: Path traversal

    @Test func dotSegmentsCannotReachAKeyedResourceThroughAnOpenOne() async throws {
        try await PetsFixture.with { fixture in
            let client = try await fixture.gateway.connect()
            for attack in ["/open/..%2Fpets%2F1", "/open/%2e%2e/pets/1", "/open/%2E%2e%2Fpets%2F1", "/open/a/..%2F..%2Fpets/1",
                           "/open/.%2e/pets/1", "/open/../pets/1"] {
                let refused = try await client.send("GET", fixture.path(attack))
                #expect(refused.status == 403 && refused.text.contains("Forbidden"), "\(attack): \(refused.status) \(refused.text)")
                let keyed = try await client.send("GET", fixture.path(attack), headers: [("x-api-key", fixture.keyValue)])
                #expect(keyed.status == 200 && keyed.text.contains(#""uri":"\/pets\/1""#), "\(attack): \(keyed.text)")
            }
            for data in ["/open/%252e%252e/pets/1", "/open/..%5Cpets", "/open/x%2F..%5C"] {
                let answer = try await client.send("GET", fixture.path(data))
                #expect(answer.status == 200 || answer.status == 403, "\(data)")
                if answer.status == 200 { #expect(!answer.text.contains(#"\/..\/"#) && !answer.text.contains(#""uri":"\/pets"#)) }
            }
            await client.close()
        }
    }

    // MARK: Timeouts and the connection cap

    @Test func idleConnectionsAreClosedOnBothListeners() async throws {
        try await PetsFixture.with(limits: Self.short, separateAdmin: true) { fixture in
            for port in [fixture.gateway.port, fixture.gateway.adminPort!] {
                let started = ContinuousClock.now
                let answer = try await exchangeRawBytes([], port: port, timeout: .seconds(5))
                #expect(answer.isEmpty)
                #expect(ContinuousClock.now - started < .seconds(3), "closed by the idle timeout, not the test's")
            }
            // Kept alive after an answer, then idle.
            let client = try await fixture.gateway.connect()
            #expect(try await client.send("GET", fixture.path("/open/x")).status == 200)
            _ = try await waitUntil(.seconds(3)) { !client.isActive }
            #expect(!client.isActive)
        }
    }

    @Test func slowHeadsAndBodiesGet408() async throws {
        try await PetsFixture.with(limits: Self.short, separateAdmin: true) { fixture in
            for port in [fixture.gateway.port, fixture.gateway.adminPort!] {
                let head = String(decoding: try await exchangeRawBytes(Array("GET /x HTTP/1.1\r\nHo".utf8), port: port), as: UTF8.self)
                #expect(head.hasPrefix("HTTP/1.1 408"), "\(head)")
            }
            let body = String(decoding: try await exchangeRawBytes(
                Array("POST \(fixture.path("/open/x")) HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab".utf8),
                port: fixture.gateway.port), as: UTF8.self)
            #expect(body.hasPrefix("HTTP/1.1 408"), "\(body)")
        }
    }

    @Test func aClientThatReadsNothingIsDropped() async throws {
        try await PetsFixture.with(limits: Self.short) { fixture in
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.autoRead, value: false)
                .channelOption(.socketOption(.so_rcvbuf), value: 16 * 1024)
                .connect(host: "127.0.0.1", port: fixture.gateway.port).get()
            let request = "GET \(fixture.path("/open/stream/20000")) HTTP/1.1\r\nHost: x\r\n\r\n"
            try await channel.writeAndFlush(channel.allocator.buffer(string: request))
            // The answer (20 MB) fills the socket; the gateway gives up after the write timeout.
            try await Task.sleep(for: .seconds(2))
            let sink = ByteCounter()
            try await channel.pipeline.addHandler(sink)
            try await channel.setOption(.autoRead, value: true)
            channel.read()
            let deadline = channel.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
            try? await channel.closeFuture.get()
            deadline.cancel()
            #expect(sink.count < 20 * 1024 * 1024, "dropped before the whole answer")
            let client = try await fixture.gateway.connect()
            #expect(try await client.send("GET", fixture.path("/open/alive")).status == 200)
            await client.close()
        }
    }

    @Test func connectionsOverTheCapAreRefusedAndOthersAreServed() async throws {
        let limits = ConnectionLimits(maximumConnections: 8)
        // The admin API on its own listener: the fixture's admin calls take no place on the invoke port.
        try await PetsFixture.with(limits: limits, separateAdmin: true) { fixture in
            // Fill the listener: each client proves it was admitted with an answer (the fixture's
            // own admin connections may still be closing, and take places until they are gone).
            var clients: [HTTPTestClient] = []
            let deadline = ContinuousClock.now + .seconds(15)
            while clients.count < 8, ContinuousClock.now < deadline {
                let client = try await fixture.gateway.connect()
                if (try? await client.send("GET", fixture.path("/open/x")))?.status == 200 {
                    clients.append(client)
                } else {
                    await client.close()
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(clients.count == 8)
            let started = ContinuousClock.now
            // Closed as soon as accepted: the write may already fail, or the read end at once.
            let refused = (try? await exchangeRawBytes(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), port: fixture.gateway.port)) ?? []
            #expect(refused.isEmpty && ContinuousClock.now - started < .seconds(5), "closed at once (the idle timeout is 75 s)")
            #expect(try await clients[7].send("GET", fixture.path("/open/y")).status == 200)
            await clients.removeLast().close()
            let freed = try await waitUntil(.seconds(15)) {
                let bytes = try? await exchangeRawBytes(
                    Array("GET \(fixture.path("/open/z")) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8),
                    port: fixture.gateway.port)
                return String(decoding: bytes ?? [], as: UTF8.self).hasPrefix("HTTP/1.1 200")
            }
            #expect(freed, "a closed connection frees its place")
            for client in clients { await client.close() }
        }
    }

    // MARK: Admin bodies

    @Test func unauthenticatedAdminUploadsAreRefusedBeforeTheBody() async throws {
        try await PetsFixture.with { fixture in
            for authorization in ["", "Authorization: AWS4-HMAC-SHA256 Credential=nobody/20260101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=00\r\n",
                                  "Authorization: garbage\r\n"] {
                let request = "POST /apikeys HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\(authorization)Content-Length: 5000000\r\n\r\n"
                let answer = String(decoding: try await exchangeRawBytes(Array(request.utf8), port: fixture.gateway.port), as: UTF8.self)
                #expect(answer.hasPrefix("HTTP/1.1 403"), "\(answer.prefix(120))")
                #expect(!answer.contains("100 Continue"))
                #expect(answer.components(separatedBy: "x-amzn-RequestId").count == 2, "one request id: \(answer)")
            }
            // Signed, but a body far over what the operation needs: 413 before reading it.
            let big = try await fixture.gateway.admin("POST", "/apikeys", json: #"{"name":""# + String(repeating: "a", count: 300_000) + #""}"#)
            #expect(big.status == 413)
            let small = try await fixture.gateway.admin("GET", "/apikeys")
            #expect(small.status == 200 && small.headers.filter { $0.0.lowercased() == "x-amzn-requestid" }.count == 1)
        }
    }

    // MARK: Answers without bodies

    @Test func headAnswersCarryNoBody() async throws {
        try await PetsFixture.with { fixture in
            for path in [fixture.path("/mock"), fixture.path("/nowhere"), "/apikeys", "/apikeys?mode=import"] {
                let request = "HEAD \(path) HTTP/1.1\r\nHost: x\r\nx-api-key: \(fixture.keyValue)\r\n\r\nGET \(fixture.path("/open/after")) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                let answer = String(decoding: try await exchangeRawBytes(Array(request.utf8), port: fixture.gateway.port), as: UTF8.self)
                let parts = answer.components(separatedBy: "\r\n\r\n")
                // The HEAD answer's head, then directly the next answer: no body bytes in between.
                #expect(parts.count >= 2 && parts[1].hasPrefix("HTTP/1.1 200"), "\(answer.prefix(300))")
            }
        }
    }

    @Test func mockAnswersWithBodylessStatusesCarryNoBody() async throws {
        try await PetsFixture.with { fixture in
            let api = fixture.apiId
            let resources = try await fixture.gateway.admin("GET", "/restapis/\(api)/resources").json
            let items = try #require(resources["item"] as? [[String: Any]])
            let root = try #require(items.first { $0["path"] as? String == "/" }?["id"] as? String)
            for status in [204, 304, 101] {
                let created = try await fixture.gateway.admin("POST", "/restapis/\(api)/resources/\(root)", json: #"{"pathPart":"s\#(status)"}"#)
                let id = try #require(created.json["id"] as? String)
                _ = try await fixture.gateway.admin("PUT", "/restapis/\(api)/resources/\(id)/methods/GET", json: #"{"authorizationType":"NONE"}"#)
                _ = try await fixture.gateway.admin("PUT", "/restapis/\(api)/resources/\(id)/methods/GET/integration",
                                                    json: #"{"type":"MOCK","requestTemplates":{"application/json":"{\"statusCode\": \#(status)}"}}"#)
                let response = try await fixture.gateway.admin(
                    "PUT", "/restapis/\(api)/resources/\(id)/methods/GET/integration/responses/\(status)",
                    json: #"{"responseTemplates":{"application/json":"{\"not\":\"sent\"}"}}"#)
                #expect(response.status < 300, "\(response.text)")
            }
            _ = try await fixture.gateway.admin("POST", "/restapis/\(api)/deployments", json: #"{"stageName":"prod"}"#)
            for status in [204, 304] {
                let request = "GET \(fixture.path("/s\(status)")) HTTP/1.1\r\nHost: x\r\n\r\nGET \(fixture.path("/open/after")) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                let answer = String(decoding: try await exchangeRawBytes(Array(request.utf8), port: fixture.gateway.port), as: UTF8.self)
                let parts = answer.components(separatedBy: "\r\n\r\n")
                #expect(answer.hasPrefix("HTTP/1.1 \(status)") && !parts[0].lowercased().contains("content-length"), "\(answer)")
                #expect(parts.count >= 2 && parts[1].hasPrefix("HTTP/1.1 200"), "no body before the next answer: \(answer)")
            }
            // A 1xx cannot be a final answer: its head goes out alone and the connection ends.
            let request = "GET \(fixture.path("/s101")) HTTP/1.1\r\nHost: x\r\n\r\n"
            let answer = String(decoding: try await exchangeRawBytes(Array(request.utf8), port: fixture.gateway.port), as: UTF8.self)
            #expect(answer.hasPrefix("HTTP/1.1 101") && answer.hasSuffix("\r\n\r\n"), "\(answer)")
        }
    }

    // MARK: Framing

    @Test func unsupportedCodingsAndBadChunksAreRefused() async throws {
        try await PetsFixture.with { fixture in
            let target = fixture.path("/open/x")
            let cases: [(String, String)] = [
                ("Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", "501"),
                ("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "501"),
                ("Transfer-Encoding: chunked\r\n\r\n5;a=\"b\r\nhello\r\n0\r\n\r\n", "400"),
                ("Transfer-Encoding: chunked\r\n\r\n5 junk\r\nhello\r\n0\r\n\r\n", "400"),
                ("Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", "400"),
                ("Transfer-Encoding: chunked\r\n\r\nFFFFFFFF\r\n", "413"),
                ("Transfer-Encoding: chunked\r\n\r\n5;name=value;q=\"x y\"\r\nhello\r\n0\r\nT: 1\r\n\r\n", "200"),
            ]
            for (rest, status) in cases {
                let request = "POST \(target) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + rest
                let answer = String(decoding: try await exchangeRawBytes(Array(request.utf8), port: fixture.gateway.port), as: UTF8.self)
                #expect(answer.hasPrefix("HTTP/1.1 \(status)"), "\(rest.debugDescription): \(answer.prefix(80))")
            }
            for hosts in ["", "Host: a\r\nHost: b\r\n", "Host: a b\r\n", "Host: a/b\r\n"] {
                let request = "GET \(target) HTTP/1.1\r\n\(hosts)Connection: close\r\n\r\n"
                let answer = String(decoding: try await exchangeRawBytes(Array(request.utf8), port: fixture.gateway.port), as: UTF8.self)
                #expect(answer.hasPrefix("HTTP/1.1 400"), "\(hosts.debugDescription): \(answer.prefix(80))")
            }
        }
    }

    @Test func framingHeadersAndExpectAreNotForwarded() async throws {
        try await PetsFixture.with { fixture in
            let request = "POST \(fixture.path("/open/x")) HTTP/1.1\r\nHost: x\r\nContent_Length: 99\r\ntransfer_encoding: chunked\r\n"
                + "X-Forwarded-Proto: https\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"
            let answer = String(decoding: try await exchangeRawBytes(Array(request.utf8), port: fixture.gateway.port), as: UTF8.self)
            let seen = answer.lowercased()
            #expect(answer.hasPrefix("HTTP/1.1 100 Continue") || answer.hasPrefix("HTTP/1.1 200"))
            #expect(!seen.contains("content_length") && !seen.contains("transfer_encoding"), "\(answer)")
            #expect(!seen.contains(#""expect""#) && !seen.contains("https"), "\(answer)")
            let trace = "TRACE \(fixture.path("/open/x")) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let traced = String(decoding: try await exchangeRawBytes(Array(trace.utf8), port: fixture.gateway.port), as: UTF8.self)
            #expect(traced.hasPrefix("HTTP/1.1 403"), "\(traced.prefix(80))")
        }
    }

    /// Polls `condition` until it holds (true) or `limit` passes (false).
    private func waitUntil(_ limit: Duration, _ condition: () async -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}

/// Counts the bytes a channel reads.
final class ByteCounter: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private(set) var count = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        count += unwrapInboundIn(data).readableBytes
    }
}
