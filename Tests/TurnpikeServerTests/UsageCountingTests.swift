import Foundation
import Testing
import TurnpikeTesting

/// Admitted keyed requests reach GetUsage within a second and survive a restart; refusals never count.
@Suite(.serialized) struct UsageCountingTests {
    /// GetUsage's `[used, remaining]` for today, polled (bounded) until `used` reaches `expected`.
    func usedToday(_ fixture: PetsFixture, expected: Int) async throws -> Int {
        let today = UsageCountingTests.today()
        var used = -1
        for _ in 0..<20 {
            let usage = try await fixture.gateway.admin(
                "GET", "/usageplans/\(fixture.planId)/usage?startDate=\(today)&endDate=\(today)")
            used = ((usage.json["values"] as? [String: [[Int]]])?[fixture.keyId]?.first?.first) ?? -1
            if used >= expected { return used }
            try await Task.sleep(for: .milliseconds(100))
        }
        return used
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }

    @Test func admittedRequestsAreCountedWithinASecond() async throws {
        try await PetsFixture.with { fixture in
            let client = try await fixture.gateway.connect()
            let key = [("x-api-key", fixture.keyValue)]
            for _ in 0..<7 { #expect(try await client.send("GET", fixture.path("/mock"), headers: key).status == 200) }
            for _ in 0..<3 { #expect(try await client.send("GET", fixture.path("/pets/1"), headers: key).status == 200) }
            // Refused and unkeyed requests do not count.
            for _ in 0..<4 { #expect(try await client.send("GET", fixture.path("/mock")).status == 403) }
            #expect(try await client.send("GET", fixture.path("/open/x")).status == 200)
            await client.close()
            let started = Date()
            #expect(try await usedToday(fixture, expected: 10) == 10)
            #expect(Date().timeIntervalSince(started) < 1.5)
        }
    }

    @Test func countsSurviveAGracefulStop() async throws {
        let backend = try await EchoBackend.start()
        let fixture = try await PetsFixture.start()
        let client = try await fixture.gateway.connect()
        for _ in 0..<5 {
            #expect(try await client.send("GET", fixture.path("/mock"), headers: [("x-api-key", fixture.keyValue)]).status == 200)
        }
        await client.close()
        // Stop at once: the last flush happens on the way down.
        await fixture.gateway.stop()
        let restarted = try await LiveGateway.start(dataDirectory: fixture.gateway.dataDirectory)
        let again = PetsFixture(gateway: restarted, backend: backend, apiId: fixture.apiId, keyId: fixture.keyId,
                                keyValue: fixture.keyValue, planId: fixture.planId)
        #expect(try await usedToday(again, expected: 5) == 5)
        await again.stop()
        await fixture.backend.stop()
    }
}
