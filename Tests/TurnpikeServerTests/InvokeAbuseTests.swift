import Foundation
import Logging
import NIOCore
import Synchronization
import Testing
import TurnpikeTesting

/// Malformed and hostile traffic: the gateway answers or closes, never crashes, and keeps serving.
@Suite(.serialized) struct InvokeAbuseTests {
    @Test func malformedRequestsAreRefusedAndTheServerSurvives() async throws {
        try await PetsFixture.with { fixture in
            let port = fixture.gateway.port
            let cases: [[UInt8]] = [
                Array("GARBAGE\r\n\r\n".utf8),
                Array("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n".utf8),
                Array("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n".utf8),
                Array("GET /restapis/\(fixture.apiId)/prod/_user_request_/open/%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
                Array("GET /restapis/\(fixture.apiId)/prod/_user_request_/open/%zz HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
                [0x47, 0x45, 0x54, 0x20, 0x2F, 0xFF, 0xC3, 0x28, 0x20] + Array("HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
                Array("POST /restapis/\(fixture.apiId)/prod/_user_request_/open/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8),
            ]
            for bytes in cases {
                let answer = String(decoding: try await exchangeRawBytes(bytes, port: port, timeout: .seconds(3)), as: UTF8.self)
                #expect(answer.isEmpty || answer.hasPrefix("HTTP/1.1 4") || answer.hasPrefix("HTTP/1.0 4"), "\(answer.prefix(80))")
            }
            let client = try await fixture.gateway.connect()
            #expect(try await client.send("GET", fixture.path("/open/alive")).status == 200)
            await client.close()
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await PetsFixture.with { fixture in
            let requests = ["/open/first", "/mock", "/open/slow/50", "/nowhere", "/open/last"].map { path in
                "GET \(fixture.path(path)) HTTP/1.1\r\nHost: x\r\nx-api-key: \(fixture.keyValue)\r\n\r\n"
            }.joined() + "GET \(fixture.path("/open/close-me")) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let answer = String(decoding: try await exchangeRawBytes(Array(requests.utf8), port: fixture.gateway.port), as: UTF8.self)
            let statuses = answer.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0.prefix(3)) }
            #expect(statuses == ["200", "200", "200", "403", "200", "200"], "\(answer.prefix(400))")
            let unescaped = answer.replacingOccurrences(of: "\\/", with: "/")  // the echo's JSON escapes slashes
            let uris = unescaped.components(separatedBy: "\"uri\":\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(uris == ["/first", "/slow/50", "/last", "/close-me"])
        }
    }

    /// A slow answer with 2 MB pipelined behind it, in two writes: the gateway stops reading once
    /// 128 KiB wait (autoRead off), so the second write waits in the socket until the slow answer is
    /// out; then reading resumes and every request is answered, in order.
    @Test func readingPausesBehindASlowAnswerAndResumes() async throws {
        try await PetsFixture.with { fixture in
            let padding = String(repeating: "p", count: 600)
            func requests(_ range: Range<Int>) -> [UInt8] {
                Array(range.map { index in
                    "GET \(fixture.path("/open/n\(index)")) HTTP/1.1\r\nHost: x\r\nx-padding: \(padding)\r\n\r\n"
                }.joined().utf8)
            }
            let count = 3000
            let first = Array("GET \(fixture.path("/open/slow/400")) HTTP/1.1\r\nHost: x\r\n\r\n".utf8) + requests(0..<(count / 2))
            let second = requests((count / 2)..<count)
                + Array("GET \(fixture.path("/open/end")) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)
            #expect(first.count + second.count > 2_000_000)
            // The second write goes while the slow answer is pending and reading is paused.
            let answer = String(
                decoding: try await exchangeRawBytes([first, second], pause: .milliseconds(150), port: fixture.gateway.port,
                                                     timeout: .seconds(20)),
                as: UTF8.self)
            let statuses = answer.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0.prefix(3)) }
            #expect(statuses.count == count + 2 && statuses.allSatisfy { $0 == "200" }, "\(statuses.count) answers")
            let unescaped = answer.replacingOccurrences(of: "\\/", with: "/")
            let uris = unescaped.components(separatedBy: "\"uri\":\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            let expected = ["/slow/400"] + (0..<count).map { "/n\($0)" } + ["/end"]
            let firstMismatch = Array(zip(uris, expected)).firstIndex { $0.0 != $0.1 }
            #expect(uris.count == expected.count && firstMismatch == nil,
                    "\(uris.count) answers, first out of order at \(String(describing: firstMismatch))")
        }
    }

    @Test func clientsThatDisconnectMidRequestLeaveNoTrace() async throws {
        try await PetsFixture.with { fixture in
            let port = fixture.gateway.port
            // Warm the upstream pool, then count this process's open descriptors (server, backend
            // and clients all live in it): abuse must not leave any behind.
            let warm = try await fixture.gateway.connect()
            #expect(try await warm.send("GET", fixture.path("/open/warm")).status == 200)
            await warm.close()
            let baseline = try await settledDescriptorCount(atMost: nil)
            for _ in 0..<20 {
                let partial = Array("POST \(fixture.path("/open/x")) HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc".utf8)
                _ = try await exchangeRawBytes(partial, port: port, timeout: .milliseconds(50))
                let slow = Array("GET \(fixture.path("/open/slow/300")) HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
                _ = try await exchangeRawBytes(slow, port: port, timeout: .milliseconds(20))
            }
            let client = try await fixture.gateway.connect()
            for _ in 0..<5 { #expect(try await client.send("GET", fixture.path("/open/alive")).status == 200) }
            await client.close()
            // Slow upstream answers may still be in flight for a moment; allow the pool a few spares.
            let after = try await settledDescriptorCount(atMost: baseline + 4)
            #expect(after <= baseline + 4, "descriptors: \(baseline) before the abuse, \(after) after")
        }
    }

    @Test func theAccessLogNeverShowsKeyValues() async throws {
        let lines = LogLines()
        try await PetsFixture.with(accessLog: true, logHandler: { _ in CapturingLogHandler(lines: lines) }) { fixture in
            let client = try await fixture.gateway.connect()
            #expect(try await client.send("GET", fixture.path("/pets/7"), headers: [("x-api-key", fixture.keyValue)]).status == 200)
            #expect(try await client.send("GET", fixture.path("/pets/7"), headers: [("x-api-key", "wrong-\(fixture.keyValue)")]).status == 403)
            await client.close()
            let logged = lines.all
            // The standard format: client, key id, request line, status, bytes, backend status and latency.
            #expect(logged.contains {
                $0.contains(" - \(fixture.keyId) [") && $0.contains(#""GET /pets/7 HTTP/1.1" 200 "#)
                    && $0.contains("integrationStatus=200 ") && $0.contains("resource=/pets/{id} ")
            })
            #expect(logged.contains { $0.contains(#"" 403 "#) && $0.contains("error=INVALID_API_KEY") })
            #expect(!logged.contains { $0.contains(fixture.keyValue) })
        }
    }

    @Test func aStageLogsInTheFormatItsAccessLogSettingsGive() async throws {
        let lines = LogLines()
        try await PetsFixture.with(logHandler: { _ in CapturingLogHandler(lines: lines) }) { fixture in
            let format = #"{\"id\":\"$context.requestId\",\"key\":\"$context.identity.apiKeyId\",\"status\":\"$context.status\",\"upstream\":\"$context.integrationStatus\",\"error\":\"$context.error.responseType\",\"ua\":\"$context.identity.userAgent\"}"#
            let patched = try await fixture.gateway.admin("PATCH", "/restapis/\(fixture.apiId)/stages/prod", json: """
                {"patchOperations":[{"op":"replace","path":"/accessLogSettings/format","value":"\(format)"},
                 {"op":"replace","path":"/accessLogSettings/destinationArn","value":"arn:aws:logs:us-east-1:123456789012:log-group:pets"}]}
                """)
            #expect(patched.status == 200, "\(patched.text)")
            let client = try await fixture.gateway.connect()
            let answer = try await client.send("GET", fixture.path("/pets/7"), headers: [("x-api-key", fixture.keyValue), ("user-agent", #"tester "quoted""#)])
            #expect(answer.status == 200)
            #expect(try await client.send("GET", fixture.path("/pets/7")).status == 403)
            await client.close()
            let logged = lines.all
            #expect(logged.contains {
                $0.contains(#""key":"\#(fixture.keyId)","status":"200","upstream":"200","error":"-","ua":"tester \"quoted\""}"#)
            }, "\(logged)")
            #expect(logged.contains { $0.contains(#""key":"-","status":"403","upstream":"-","error":"INVALID_API_KEY""#) }, "\(logged)")
            #expect(!logged.contains { $0.contains(fixture.keyValue) })
        }
    }
}

/// The number of open file descriptors of this process, polled (bounded, 3 s) until it is at most
/// `limit` or stops changing: closing sockets is asynchronous.
func settledDescriptorCount(atMost limit: Int?) async throws -> Int {
    func count() throws -> Int { try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count }
    var last = try count()
    for _ in 0..<30 {
        try await Task.sleep(for: .milliseconds(100))
        let now = try count()
        if let limit, now <= limit { return now }
        if limit == nil, now == last { return now }
        last = now
    }
    return last
}

/// Log lines captured in memory.
final class LogLines: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var all: [String] { storage.withLock { $0 } }
}

/// A log handler that renders each record as one line into `LogLines`.
struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lines.append("\(event.level) \(event.message) \(rendered)")
    }
}
