import Foundation
import Testing
import TurnpikeTesting

/// `https://` integrations against a real TLS backend on loopback whose certificate a private CA
/// (made by the test) signed for 127.0.0.1 and localhost.
@Suite(.serialized) struct HTTPSUpstreamTests {
    /// A gateway (trusting `caFile` when given) with one API, `ANY /{proxy+}` proxied to `uri`, deployed to `prod`.
    struct Setup {
        let gateway: LiveGateway
        let apiId: String
        let lines: LogLines

        static func start(uri: String, caFile: String?, tlsConfig: String = "") async throws -> Setup {
            let lines = LogLines()
            let gateway = try await LiveGateway.start(upstreamCAFile: caFile, logHandler: { _ in CapturingLogHandler(lines: lines) })
            func admin(_ method: String, _ target: String, _ json: String = "") async throws -> [String: Any] {
                let response = try await gateway.admin(method, target, json: json)
                #expect(response.status < 300, "\(method) \(target) -> \(response.status) \(response.text)")
                return response.json
            }
            let api = try await admin("POST", "/restapis", #"{"name":"tls"}"#)
            let apiId = try #require(api["id"] as? String)
            let root = try #require(api["rootResourceId"] as? String)
            let proxy = try #require(try await admin("POST", "/restapis/\(apiId)/resources/\(root)", #"{"pathPart":"{proxy+}"}"#)["id"] as? String)
            _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(proxy)/methods/ANY", #"{"authorizationType":"NONE"}"#)
            _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(proxy)/methods/ANY/integration", """
                {"type":"HTTP_PROXY","httpMethod":"ANY","uri":"\(uri)/{proxy}","timeoutInMillis":5000\(tlsConfig)}
                """)
            _ = try await admin("POST", "/restapis/\(apiId)/deployments", #"{"stageName":"prod"}"#)
            return Setup(gateway: gateway, apiId: apiId, lines: lines)
        }

        func path(_ rest: String) -> String { "/restapis/\(apiId)/prod/_user_request_\(rest)" }

        func stop() async {
            await gateway.stop()
            gateway.removeData()
        }
    }

    /// Runs `body` against a TLS echo backend with fresh certificates and a gateway proxying to it
    /// at `https://{host}:{port}` (trusting the private CA when `trusted`); everything stops afterwards.
    func withTLSBackend(host: String = "localhost", trusted: Bool = true, tlsConfig: String = "",
                        _ body: (Setup, EchoBackend, TestCertificates, HTTPTestClient) async throws -> Void) async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let backend = try await EchoBackend.start(tls: certificates)
        let setup = try await Setup.start(uri: "https://\(host):\(backend.port)", caFile: trusted ? certificates.caFile : nil,
                                          tlsConfig: tlsConfig)
        let client = try await setup.gateway.connect()
        do {
            try await body(setup, backend, certificates, client)
        } catch {
            await client.close()
            await setup.stop()
            await backend.stop()
            throw error
        }
        await client.close()
        await setup.stop()
        await backend.stop()
    }

    @Test func aBackendSignedByTheConfiguredCAIsReachedOverPooledConnectionsWithSNI() async throws {
        try await withTLSBackend { setup, backend, certificates, client in
            for index in 0..<8 {
                let response = try await client.send("POST", setup.path("/items/\(index)?q=1"), body: Array("hello \(index)".utf8))
                #expect(response.status == 200, "\(response.text)")
                #expect(response.json["uri"] as? String == "/items/\(index)?q=1")
                #expect(response.json["body"] as? String == "hello \(index)")
                let headers = response.json["headers"] as? [String: String]
                #expect(headers?["host"] == "localhost:\(backend.port)")
            }
            let streamed = try await client.send("GET", setup.path("/stream/64"))
            #expect(streamed.status == 200 && streamed.body.count == 64 * 1024)
            // One handshake for all of them: the TLS connection is kept alive in the pool.
            #expect(backend.connections == 1, "backend accepted \(backend.connections) TLS connections")
            #expect(certificates.serverNames == ["localhost"])
        }
    }

    @Test func anAddressBackendIsVerifiedAgainstItsIPAndSendsNoSNI() async throws {
        try await withTLSBackend(host: "127.0.0.1") { setup, _, certificates, client throws in
            #expect(try await client.send("GET", setup.path("/a")).status == 200)
            #expect(certificates.serverNames == [nil])
        }
    }

    @Test func anUntrustedCertificateAnswers502AndIsLogged() async throws {
        try await withTLSBackend(trusted: false) { setup, _, _, client in
            for _ in 0..<3 {
                let response = try await client.send("GET", setup.path("/a"))
                #expect(response.status == 502)
                #expect(response.text == #"{"message": "Internal server error"}"#)
            }
            let warnings = setup.lines.all.filter { $0.contains("integration backend failed") }
            // One warning per backend per interval, naming the host and why.
            #expect(warnings.count == 1, "\(warnings)")
            #expect(warnings.first.map { $0.contains("host=localhost") && $0.contains("CERTIFICATE_VERIFY_FAILED") } == true,
                    "\(warnings)")
        }
    }

    @Test func insecureSkipVerificationAcceptsAnUntrustedCertificate() async throws {
        try await withTLSBackend(trusted: false, tlsConfig: #","tlsConfig":{"insecureSkipVerification":true}"#) { setup, backend, _, client throws in
            #expect(try await client.send("GET", setup.path("/a")).status == 200)
            #expect(try await client.send("GET", setup.path("/b")).status == 200)
            #expect(backend.connections == 1)
        }
    }

    @Test func aPlainBackendBehindHTTPSAndARefusedPortAnswer502AndAreLogged() async throws {
        let plain = try await EchoBackend.start()
        let setup = try await Setup.start(uri: "https://127.0.0.1:\(plain.port)", caFile: nil)
        let client = try await setup.gateway.connect()
        #expect(try await client.send("GET", setup.path("/a")).status == 502)
        await client.close()
        await setup.stop()
        await plain.stop()

        let port = plain.port  // closed now: the connection is refused
        let refused = try await Setup.start(uri: "http://127.0.0.1:\(port)", caFile: nil)
        let second = try await refused.gateway.connect()
        let response = try await second.send("GET", refused.path("/a"))
        #expect(response.status == 502 && response.text == #"{"message": "Internal server error"}"#)
        #expect(refused.lines.all.contains { $0.contains("integration backend failed") && $0.contains("port=\(port)") })
        await second.close()
        await refused.stop()
    }

    @Test func aTLSBackendClosingMidBodyClosesTheClientConnection() async throws {
        try await withTLSBackend { setup, _, _, client in
            await #expect(throws: (any Error).self) { try await client.send("GET", setup.path("/truncated")) }
            let again = try await setup.gateway.connect()
            #expect(try await again.send("GET", setup.path("/close")).status == 502)
            #expect(try await again.send("GET", setup.path("/fine")).status == 200)
            await again.close()
        }
    }
}
