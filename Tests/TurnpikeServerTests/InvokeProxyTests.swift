import Foundation
import Testing
import TurnpikeTesting

@Suite(.serialized) struct InvokeProxyTests {
    @Test func requestsAreForwardedWithPathQueryHeadersAndBody() async throws {
        try await PetsFixture.with { fixture in
            let client = try await fixture.gateway.connect()
            let response = try await client.send("PUT", fixture.path("/open/deep/path%20x?a=1&b=two"), headers: [
                ("x-custom", "kept"), ("connection", "keep-alive, x-hop"), ("x-hop", "dropped"), ("te", "trailers"),
                ("x-forwarded-for", "10.9.8.7"),
            ], body: Array(#"{"hello":"world"}"#.utf8))
            #expect(response.status == 200)
            #expect(response.header("x-backend") == "echo")
            let echo = response.json
            #expect(echo["method"] as? String == "PUT")
            #expect(echo["uri"] as? String == "/deep/path%20x?a=1&b=two")
            #expect(echo["body"] as? String == #"{"hello":"world"}"#)
            let headers = try #require(echo["headers"] as? [String: String])
            #expect(headers["x-custom"] == "kept")
            #expect(headers["x-hop"] == nil && headers["te"] == nil)
            #expect(headers["x-forwarded-for"] == "10.9.8.7, 127.0.0.1")
            #expect(headers["host"] == "127.0.0.1:\(fixture.backend.port)")

            let pet = try await client.send("GET", fixture.path("/pets/42?verbose=1"), headers: [("x-api-key", fixture.keyValue)])
            #expect(pet.status == 200 && pet.json["uri"] as? String == "/pets/42?verbose=1" && pet.json["method"] as? String == "GET")
            let status = try await client.send("GET", fixture.path("/open/status/418"))
            #expect(status.status == 418)
            await client.close()
        }
    }

    @Test func theBackendSeesTheRequestAndTraceIdsTheClientGetsBack() async throws {
        try await PetsFixture.with { fixture in
            let client = try await fixture.gateway.connect()
            let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
            let response = try await client.send("GET", fixture.path("/open/traced"), headers: [
                ("traceparent", traceparent), ("X-Amzn-Trace-Id", "Root=1-00000000-client0000000000000000"),
                ("X-AMZN-REQUESTID", "forged"),
            ])
            #expect(response.status == 200)
            let headers = try #require(response.json["headers"] as? [String: String])
            let trace = try #require(response.header("x-amzn-trace-id"))
            #expect(trace.hasPrefix("Root=1-"))
            #expect(headers["x-amzn-trace-id"] == trace)
            #expect(headers["x-amzn-requestid"] == response.header("x-amzn-requestid"))
            #expect(headers["traceparent"] == traceparent)
            await client.close()
        }
    }

    @Test func keepAliveConnectionsToTheBackendAreReused() async throws {
        try await PetsFixture.with { fixture in
            let client = try await fixture.gateway.connect()
            for index in 0..<50 {
                let response = try await client.send("GET", fixture.path("/open/n/\(index)"))
                #expect(response.status == 200)
            }
            #expect(fixture.backend.connections <= 2, "backend saw \(fixture.backend.connections) connections for 50 requests")
            await client.close()
        }
    }

    @Test func streamedAnswersArriveWhole() async throws {
        try await PetsFixture.with { fixture in
            let client = try await fixture.gateway.connect()
            let response = try await client.send("GET", fixture.path("/open/stream/256"))
            #expect(response.status == 200 && response.body.count == 256 * 1024 && response.header("x-backend") == "stream")
            // The connection is still usable afterwards.
            #expect(try await client.send("GET", fixture.path("/open/after")).status == 200)
            await client.close()
        }
    }

    @Test func slowBackendsTimeOutWith504() async throws {
        // A 1 s timeout: the quick requests must beat it even while the whole suite runs in parallel.
        try await PetsFixture.with(timeoutMillis: 1000) { fixture in
            let client = try await fixture.gateway.connect()
            let response = try await client.send("GET", fixture.path("/open/slow/4000"))
            #expect(response.status == 504)
            #expect(response.text == #"{"message": "Endpoint request timed out"}"#)
            #expect(try await client.send("GET", fixture.path("/open/slow/10")).status == 200)
            await client.close()
        }
    }

    /// One timer per connection watches the answer deadlines: a request that starts while the
    /// timer is armed for an earlier one still gets its full timeout.
    @Test func eachRequestOnAConnectionGetsItsFullTimeout() async throws {
        try await PetsFixture.with(timeoutMillis: 1000) { fixture in
            let client = try await fixture.gateway.connect()
            #expect(try await client.send("GET", fixture.path("/open/slow/10")).status == 200)
            try await Task.sleep(for: .milliseconds(600))
            let clock = ContinuousClock()
            let started = clock.now
            let response = try await client.send("GET", fixture.path("/open/slow/4000"))
            #expect(response.status == 504)
            #expect(clock.now - started >= .milliseconds(1000))
            #expect(try await client.send("GET", fixture.path("/open/slow/10")).status == 200)
            await client.close()
        }
    }

    @Test func unreachableBackendsAnswer502() async throws {
        try await PetsFixture.with(backendPort: 1) { fixture in
            let client = try await fixture.gateway.connect()
            let response = try await client.send("GET", fixture.path("/open/x"))
            #expect(response.status == 502)
            #expect(response.text == #"{"message": "Internal server error"}"#)
            await client.close()
        }
    }

    @Test func aBackendClosingMidBodyClosesTheClientConnection() async throws {
        try await PetsFixture.with { fixture in
            let client = try await fixture.gateway.connect()
            await #expect(throws: (any Error).self) { try await client.send("GET", fixture.path("/open/truncated")) }
            let closing = try await fixture.gateway.connect()
            let refused = try await closing.send("GET", fixture.path("/open/close"))
            #expect(refused.status == 502)
            let fresh = try await fixture.gateway.connect()
            #expect(try await fresh.send("GET", fixture.path("/open/fine")).status == 200)
            await fresh.close()
            await closing.close()
        }
    }

    @Test func bodiesOver10MBAreRefusedWith413() async throws {
        try await PetsFixture.with { fixture in
            let client = try await fixture.gateway.connect()
            let big = [UInt8](repeating: 0x61, count: 10 * 1024 * 1024 + 1)
            let response = try await client.send("POST", fixture.path("/open/upload"), body: big)
            #expect(response.status == 413)
            let fresh = try await fixture.gateway.connect()
            let fine = try await fresh.send("POST", fixture.path("/open/upload"), body: [UInt8](repeating: 0x62, count: 1024 * 1024))
            #expect(fine.status == 200 && (fine.json["body"] as? String)?.count == 1024 * 1024)
            await fresh.close()
        }
    }
}
