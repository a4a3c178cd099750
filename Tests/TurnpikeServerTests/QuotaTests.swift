import Foundation
import Testing
import TurnpikeLimits
import TurnpikeTesting

/// Quotas with real traffic through a live gateway: exact counts, refusals with AWS's answer,
/// grants, limit changes mid-period, window changes with a moved clock, leases handed back on a
/// graceful stop.
@Suite(.serialized) struct QuotaTests {
    /// Sets the fixture plan's quota.
    func setQuota(_ fixture: PetsFixture, limit: Int, period: String = "DAY") async throws {
        let response = try await fixture.gateway.admin("PATCH", "/usageplans/\(fixture.planId)", json: """
            {"patchOperations":[{"op":"replace","path":"/quota/limit","value":"\(limit)"},
                                {"op":"replace","path":"/quota/period","value":"\(period)"}]}
            """)
        #expect(response.status == 200, "\(response.text)")
    }

    /// Sends `count` keyed requests on one connection; returns the statuses.
    func send(_ fixture: PetsFixture, _ count: Int, path: String = "/mock") async throws -> [Int] {
        let client = try await fixture.gateway.connect()
        var statuses: [Int] = []
        for _ in 0..<count {
            statuses.append(try await client.send("GET", fixture.path(path), headers: [("x-api-key", fixture.keyValue)]).status)
        }
        await client.close()
        return statuses
    }

    /// GetUsage's `[used, remaining]` pairs for the key from `start` through `end`, polled (bounded)
    /// until every day's use is at least `expected`.
    func usage(_ fixture: PetsFixture, from start: String, through end: String, expected: Int) async throws -> [[Int]] {
        var values: [[Int]] = []
        for _ in 0..<20 {
            let usage = try await fixture.gateway.admin(
                "GET", "/usageplans/\(fixture.planId)/usage?startDate=\(start)&endDate=\(end)")
            values = (usage.json["values"] as? [String: [[Int]]])?[fixture.keyId] ?? []
            if !values.isEmpty, values.allSatisfy({ ($0.first ?? -1) >= expected }) { return values }
            try await Task.sleep(for: .milliseconds(100))
        }
        return values
    }

    static func day(_ epochSeconds: Int) -> String { UTCDay(containing: epochSeconds).description }

    @Test func exactlyTheQuotaIsAdmittedThenLimitExceeded() async throws {
        try await PetsFixture.with { fixture in
            try await setQuota(fixture, limit: 5)
            let client = try await fixture.gateway.connect()
            for _ in 0..<5 {
                #expect(try await client.send("GET", fixture.path("/mock"), headers: [("x-api-key", fixture.keyValue)]).status == 200)
            }
            let refused = try await client.send("GET", fixture.path("/mock"), headers: [("x-api-key", fixture.keyValue)])
            #expect(refused.status == 429)
            #expect(refused.text == #"{"message":"Limit Exceeded"}"#)
            #expect(refused.header("x-amzn-ErrorType") == "LimitExceededException")
            // Proxied methods share the quota.
            #expect(try await client.send("GET", fixture.path("/pets/1"), headers: [("x-api-key", fixture.keyValue)]).status == 429)
            await client.close()
            let today = Self.day(Int(Date().timeIntervalSince1970))
            #expect(try await usage(fixture, from: today, through: today, expected: 5) == [[5, 0]])
        }
    }

    @Test func concurrentConnectionsNeverExceedTheQuota() async throws {
        try await PetsFixture.with { fixture in
            try await setQuota(fixture, limit: 120)
            let admitted = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await send(fixture, 40).filter { $0 == 200 }.count }
                }
                return try await group.reduce(0, +)
            }
            #expect(admitted == 120)
            let today = Self.day(Int(Date().timeIntervalSince1970))
            #expect(try await usage(fixture, from: today, through: today, expected: 120) == [[120, 0]])
        }
    }

    @Test func updateUsageGrantsApplyAtOnce() async throws {
        try await PetsFixture.with { fixture in
            try await setQuota(fixture, limit: 3)
            #expect(try await send(fixture, 4) == [200, 200, 200, 429])
            let granted = try await fixture.gateway.admin(
                "PATCH", "/usageplans/\(fixture.planId)/keys/\(fixture.keyId)/usage",
                json: #"{"patchOperations":[{"op":"replace","path":"/remaining","value":"2"}]}"#)
            #expect(granted.status == 200, "\(granted.text)")
            #expect(try await send(fixture, 3) == [200, 200, 429])
            // A grant of 0 stops the key at once, whatever it holds.
            _ = try await fixture.gateway.admin(
                "PATCH", "/usageplans/\(fixture.planId)/keys/\(fixture.keyId)/usage",
                json: #"{"patchOperations":[{"op":"replace","path":"/remaining","value":"0"}]}"#)
            #expect(try await send(fixture, 1) == [429])
        }
    }

    @Test func raisingOrLoweringTheLimitKeepsTheCount() async throws {
        try await PetsFixture.with { fixture in
            try await setQuota(fixture, limit: 3)
            #expect(try await send(fixture, 4) == [200, 200, 200, 429])
            try await setQuota(fixture, limit: 5)
            #expect(try await send(fixture, 3) == [200, 200, 429])
            try await setQuota(fixture, limit: 10)
            #expect(try await send(fixture, 2) == [200, 200])
            // 7 used: lowering to 8 leaves exactly one, whatever leases the gateway held.
            try await setQuota(fixture, limit: 8)
            #expect(try await send(fixture, 2) == [200, 429])
        }
    }

    @Test func aNewDayIsANewWindow() async throws {
        let start = 1_795_000_000 - 1_795_000_000 % 86_400 + 86_000   // 400 s before a UTC midnight
        let manual = ManualWallClock(epochSeconds: start)
        try await PetsFixture.with(clock: manual.clock) { fixture in
            try await setQuota(fixture, limit: 2)
            #expect(try await send(fixture, 3) == [200, 200, 429])
            manual.advance(seconds: 400)
            #expect(try await send(fixture, 3) == [200, 200, 429])
            let (first, second) = (Self.day(start), Self.day(start + 400))
            #expect(try await usage(fixture, from: first, through: second, expected: 2) == [[2, 0], [2, 0]])
        }
    }

    @Test func leasesGoBackOnAGracefulStop() async throws {
        let backend = try await EchoBackend.start()
        let fixture = try await PetsFixture.start()
        try await setQuota(fixture, limit: 400)
        // Enough traffic for leases of many requests: 4 connections at once.
        let first = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { try await send(fixture, 50).filter { $0 == 200 }.count } }
            return try await group.reduce(0, +)
        }
        #expect(first == 200)
        await fixture.gateway.stop()
        let restarted = try await LiveGateway.start(dataDirectory: fixture.gateway.dataDirectory)
        let again = PetsFixture(gateway: restarted, backend: backend, apiId: fixture.apiId, keyId: fixture.keyId,
                                keyValue: fixture.keyValue, planId: fixture.planId)
        // What the first run reserved and did not use came back: exactly 200 more, then 429.
        let statuses = try await send(again, 201)
        #expect(statuses.filter { $0 == 200 }.count == 200)
        #expect(statuses.last == 429)
        await again.stop()
        await fixture.backend.stop()
    }
}

/// `RateLimit-Policy` / `RateLimit` / `Retry-After`: off by default (as AWS), on with a stage variable.
@Suite(.serialized) struct RateLimitHeaderTests {
    @Test func offByDefaultOnWithTheStageVariable() async throws {
        try await PetsFixture.with { fixture in
            try await fixture.setLimits(rateLimit: "100", burstLimit: 50, quota: 3)
            let client = try await fixture.gateway.connect()
            let key = [("x-api-key", fixture.keyValue)]
            let plain = try await client.send("GET", fixture.path("/mock"), headers: key)
            #expect(plain.status == 200 && plain.header("RateLimit-Policy") == nil && plain.header("RateLimit") == nil)
            let stage = try await fixture.gateway.admin("PATCH", "/restapis/\(fixture.apiId)/stages/prod", json: """
                {"patchOperations":[{"op":"replace","path":"/variables/rateLimitHeaders","value":"true"}]}
                """)
            #expect(stage.status == 200, "\(stage.text)")
            let told = try await client.send("GET", fixture.path("/pets/7"), headers: key)
            #expect(told.status == 200)
            #expect(told.header("RateLimit-Policy") == #""burst";q=50;w=1, "quota";q=3;w=86400"#)
            let limit = try #require(told.header("RateLimit"))
            // Two of the 50 tokens taken, refilling at 100/s; one request of the quota of 3 left.
            let tokens = limit.split(separator: ";").dropFirst().first.flatMap { Int($0.dropFirst(2)) } ?? -1
            #expect((47...50).contains(tokens), "\(limit)")
            #expect(limit.contains(#""quota";r=1;t="#), "\(limit)")
            #expect(told.header("Retry-After") == nil)
            _ = try await client.send("GET", fixture.path("/mock"), headers: key)
            let refused = try await client.send("GET", fixture.path("/mock"), headers: key)
            #expect(refused.status == 429 && refused.header("x-amzn-ErrorType") == "LimitExceededException")
            let retry = Int(refused.header("Retry-After") ?? "") ?? 0
            #expect(retry >= 1 && retry <= 86_400)
            #expect(refused.header("RateLimit")?.contains(#""quota";r=0;"#) == true)
            await client.close()
        }
    }

    @Test func throttledAnswersSayWhenToComeBack() async throws {
        try await PetsFixture.with { fixture in
            _ = try await fixture.gateway.admin("PATCH", "/usageplans/\(fixture.planId)", json: """
                {"patchOperations":[{"op":"replace","path":"/throttle/rateLimit","value":"0.25"},
                                    {"op":"replace","path":"/throttle/burstLimit","value":"1"}]}
                """)
            _ = try await fixture.gateway.admin("PATCH", "/restapis/\(fixture.apiId)/stages/prod", json: """
                {"patchOperations":[{"op":"replace","path":"/variables/rateLimitHeaders","value":"TRUE"}]}
                """)
            let client = try await fixture.gateway.connect()
            let key = [("x-api-key", fixture.keyValue)]
            #expect(try await client.send("GET", fixture.path("/mock"), headers: key).status == 200)
            let refused = try await client.send("GET", fixture.path("/mock"), headers: key)
            #expect(refused.status == 429 && refused.header("x-amzn-ErrorType") == "TooManyRequestsException")
            // One token every 4 seconds.
            #expect(["3", "4"].contains(refused.header("Retry-After") ?? ""), "\(refused.headers)")
            #expect(refused.header("RateLimit-Policy") == #""burst";q=1;w=4"#)
            await client.close()
        }
    }
}
