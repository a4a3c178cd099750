import Foundation
import Testing
import TurnpikeTesting

/// `GET /_turnpike/self` and the console's files on a running gateway: the key holder's request
/// shares the key's throttle with its invoke requests and is never counted.
@Suite(.serialized) struct KeyHolderLiveTests {
    @Test func selfSharesTheKeysThrottleAndIsNotCounted() async throws {
        try await PetsFixture.with { fixture in
            try await fixture.setLimits(rateLimit: "0.001", burstLimit: 3, quota: 10)
            let client = try await fixture.gateway.connect()
            let key = [("x-api-key", fixture.keyValue)]
            #expect(try await client.send("GET", fixture.path("/mock"), headers: key).status == 200)
            let report = try await client.send("GET", "/_turnpike/self", headers: key)
            #expect(report.status == 200, "\(report.text)")
            #expect(report.json["id"] as? String == fixture.keyId)
            let usage = (report.json["plans"] as? [[String: Any]])?.first?["usage"] as? [String: Any]
            #expect(usage?["used"] as? Int == 1 && usage?["remaining"] as? Int == 9)
            // Burst 3: the invoke, /self, one more invoke; then both are throttled.
            #expect(try await client.send("GET", fixture.path("/mock"), headers: key).status == 200)
            #expect(try await client.send("GET", "/_turnpike/self", headers: key).status == 429)
            #expect(try await client.send("GET", fixture.path("/mock"), headers: key).status == 429)
            #expect(try await client.send("GET", "/_turnpike/self", headers: [("x-api-key", "wrong")]).status == 403)
            let day = ISO8601DateFormatter().string(from: Date()).prefix(10)
            let counted = try await fixture.gateway.admin("GET", "/usageplans/\(fixture.planId)/usage?startDate=\(day)&endDate=\(day)")
            #expect((counted.json["values"] as? [String: [[Int]]])?[fixture.keyId] == [[2, 8]])

            // The refused invoke request is in today's refusals; /_turnpike/self calls are not invoke requests.
            #expect(try await client.send("GET", fixture.path("/mock"), headers: [("x-api-key", "wrong")]).status == 403)
            let refusals = try await fixture.gateway.admin("GET", "/_turnpike/refusals")
            #expect(refusals.status == 200 && refusals.json["day"] as? String == String(day))
            #expect(refusals.json["forbidden"] as? Int == 1 && refusals.json["limited"] as? Int == 1)
            let unsigned = try await client.send("GET", "/_turnpike/refusals")
            #expect(unsigned.status == 403)
            await client.close()
        }
    }

    @Test func theAdminListenerServesTheConsole() async throws {
        let gateway = try await LiveGateway.start(separateAdmin: true)
        let adminPort = try #require(gateway.adminPort)
        let admin = try await HTTPTestClient.connect(port: adminPort)
        let page = try await admin.send("GET", "/_turnpike/console/", headers: [("host", "127.0.0.1:\(adminPort)")])
        #expect(page.status == 200 && page.text.contains(#"name="accessKeyId""#))
        #expect(page.header("Content-Security-Policy")?.contains("default-src 'self'") == true)
        await admin.close()
        let main = try await gateway.connect()
        #expect(try await main.send("GET", "/_turnpike/console/").status == 403)
        await main.close()
        await gateway.stop()
        gateway.removeData()
    }
}
