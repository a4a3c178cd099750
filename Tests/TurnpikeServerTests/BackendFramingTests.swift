import Foundation
import Testing
import TurnpikeTesting

/// What a misbehaving backend's answer becomes for the client, and which requests are sent twice.
@Suite(.serialized) struct BackendFramingTests {
    /// Runs `body` with the fixture's `/open/{proxy+}` pointed at a scripted backend.
    private func with(_ script: @escaping @Sendable (Int, String) -> [ScriptedBackend.Step],
                      _ body: (PetsFixture, ScriptedBackend) async throws -> Void) async throws {
        let backend = try await ScriptedBackend.start(script)
        defer { Task { await backend.stop() } }
        try await PetsFixture.with(backendPort: backend.port) { fixture in try await body(fixture, backend) }
    }

    private func raw(_ fixture: PetsFixture, _ path: String, method: String = "GET", body: String = "") async throws -> String {
        let request = "\(method) \(fixture.path(path)) HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        return String(decoding: try await exchangeRawBytes(Array(request.utf8), port: fixture.gateway.port), as: UTF8.self)
    }

    @Test func lengthAndChunkedTogetherReachTheClientAsOneFraming() async throws {
        try await with({ _, _ in
            [.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")]
        }) { fixture, _ in
            let answer = try await raw(fixture, "/open/a")
            let head = answer.components(separatedBy: "\r\n\r\n")[0].lowercased()
            #expect(answer.hasPrefix("HTTP/1.1 200"))
            #expect(head.contains("transfer-encoding: chunked") && !head.contains("content-length"), "\(answer)")
            #expect(answer.hasSuffix("5\r\nhello\r\n0\r\n\r\n"))
        }
    }

    @Test func aBadChunkBeforeAnythingWasRelayedIsA502() async throws {
        try await with({ _, _ in [.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), .close] }) { fixture, _ in
            let answer = try await raw(fixture, "/open/a")
            #expect(answer.hasPrefix("HTTP/1.1 502"), "\(answer)")
        }
    }

    @Test func aBadChunkAfterRelayingClosesAfterWhatWasRelayed() async throws {
        try await with({ _, _ in
            [.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"), .pause(milliseconds: 200),
             .send("zz\r\n"), .close]
        }) { fixture, _ in
            let answer = try await raw(fixture, "/open/a")
            #expect(answer.hasPrefix("HTTP/1.1 200") && answer.contains("hello"), "\(answer)")
            #expect(!answer.hasSuffix("0\r\n\r\n"), "no clean end: the client sees the truncation")
        }
    }

    @Test func anUnrequestedSwitchIsA502() async throws {
        try await with({ _, _ in [.send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\nraw")] }) { fixture, _ in
            let answer = try await raw(fixture, "/open/a")
            #expect(answer.hasPrefix("HTTP/1.1 502"), "\(answer)")
        }
    }

    @Test func bytesOnAnIdlePooledConnectionRetireIt() async throws {
        try await with({ index, _ in
            index == 0
                ? [.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), .pause(milliseconds: 50), .send("HTTP/1.1 200 OK\r\n\r\n")]
                : [.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nnew")]
        }) { fixture, backend in
            let client = try await fixture.gateway.connect()
            #expect(try await client.send("GET", fixture.path("/open/a")).text == "ok")
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await client.send("GET", fixture.path("/open/b")).text == "new")
            #expect(backend.connections == 2, "the connection that spoke out of turn was not reused")
            await client.close()
        }
    }

    @Test func onlyIdempotentRequestsAreRetried() async throws {
        // Request 0 opens the pool; then each request on the reused connection is read and dropped.
        try await with({ index, head in
            if index == 0 { return [.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")] }
            if head.contains("/drop") { return [.close] }
            return [.send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh")]
        }) { fixture, backend in
            let client = try await fixture.gateway.connect()
            #expect(try await client.send("GET", fixture.path("/open/warm")).status == 200)
            let post = try await client.send("POST", fixture.path("/open/drop"), body: Array("pay".utf8))
            #expect(post.status == 502)
            #expect(backend.requests.filter { $0.hasPrefix("POST /drop") }.count == 1, "a POST is never sent twice")
            await client.close()
            let client2 = try await fixture.gateway.connect()
            #expect(try await client2.send("GET", fixture.path("/open/warm")).status == 200)
            _ = try await client2.send("GET", fixture.path("/open/drop"))
            #expect(backend.requests.filter { $0.hasPrefix("GET /drop") }.count == 2, "an idempotent request is retried once")
            await client2.close()
        }
    }
}
