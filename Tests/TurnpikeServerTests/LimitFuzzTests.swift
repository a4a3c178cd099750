import Foundation
import Testing
import TurnpikeModel
import TurnpikeStore
import TurnpikeTesting

/// Issue 13 item 4 (c): random, often extreme, plan / per-method / quota / stage / account limits
/// set through the admin API, each followed by keyed requests with `RateLimit` fields on. The
/// gateway must keep answering (no crash, no 5xx), refuse exactly what cannot be enforced with a
/// 400 `BadRequestException`, and start again on what it stored. Seeded: a failure names its seed.
@Suite(.serialized) struct LimitFuzzTests {
    /// Rates: the edges, nonsense, and log-uniform draws between 1e-25 and 1e25.
    static let rateEdges = ["0", "0.001", "0.000999", "1e-19", "5e-324", "1e300", "1e9", "1000000001", "-1", "-0.0",
                            "NaN", "Infinity", "-Infinity", "2.5", "fast", ""]
    /// Integers (bursts, quota limits and offsets): the edges of Int32 and Int64, and nonsense.
    static let integerEdges = ["0", "1", "-1", "2147483647", "2147483648", "4294967295", "4294967296", "9223372036854775807",
                               "-9223372036854775808", "99999999999999999999", "1e300", "1.5", "ten"]

    struct Round {
        var generator: SeededGenerator

        mutating func rate() -> String {
            if Bool.random(using: &generator) { return LimitFuzzTests.rateEdges.randomElement(using: &generator)! }
            return String(pow(10, Double.random(in: -25...25, using: &generator)))
        }

        mutating func integer() -> String {
            if Bool.random(using: &generator) { return LimitFuzzTests.integerEdges.randomElement(using: &generator)! }
            return String(Int.random(in: -10...3_000_000_000, using: &generator))
        }
    }

    /// What the admin API must accept: the server's parsing (`PatchOperation`) and limits.
    static func acceptable(rate raw: String) -> Bool {
        guard let value = Double(raw), value.isFinite else { return false }
        return ThrottleSettings.acceptable(rateLimit: value)
    }

    static func acceptable(integer raw: String, maximum: Int = Int(Int32.max)) -> Bool {
        guard let value = Int(raw) else { return false }
        return (0...maximum).contains(value)
    }

    static func patch(_ operations: [(String, String)]) -> String {
        let items = operations.map { #"{"op":"replace","path":"\#($0.0)","value":"\#($0.1)"}"# }
        return #"{"patchOperations":[\#(items.joined(separator: ","))]}"#
    }

    @Test(arguments: [UInt64(13), 0xC0FFEE])
    func extremeLimitsNeverTakeTheGatewayDown(seed: UInt64) async throws {
        try await PetsFixture.with { fixture in
            var round = Round(generator: SeededGenerator(seed: seed))
            let stageTarget = "/restapis/\(fixture.apiId)/stages/prod"
            let variables = try await fixture.gateway.admin("PATCH", stageTarget, json: Self.patch([("/variables/rateLimitHeaders", "true")]))
            #expect(variables.status == 200)
            let client = try await fixture.gateway.connect()
            let key = [("x-api-key", fixture.keyValue)]
            let methodPath = "/apiStages/\(fixture.apiId):prod/throttle//mock/GET"
            for step in 0..<40 {
                let target: String
                let operations: [(String, String)]
                let valid: Bool
                switch Int.random(in: 0..<5, using: &round.generator) {
                case 0:
                    let (rate, burst) = (round.rate(), round.integer())
                    target = "/usageplans/\(fixture.planId)"
                    operations = [("/throttle/rateLimit", rate), ("/throttle/burstLimit", burst)]
                    valid = Self.acceptable(rate: rate) && Self.acceptable(integer: burst)
                case 1:
                    let (rate, burst) = (round.rate(), round.integer())
                    target = "/usageplans/\(fixture.planId)"
                    operations = [("\(methodPath)/rateLimit", rate), ("\(methodPath)/burstLimit", burst)]
                    valid = Self.acceptable(rate: rate) && Self.acceptable(integer: burst)
                case 2:
                    let (limit, offset) = (round.integer(), round.integer())
                    target = "/usageplans/\(fixture.planId)"
                    operations = [("/quota/limit", limit), ("/quota/offset", offset), ("/quota/period", ["DAY", "WEEK", "MONTH"][step % 3])]
                    valid = Self.acceptable(integer: limit) && Self.acceptable(integer: offset)
                        && Int(offset).map { $0 <= Int(limit)! } == true
                case 3:
                    let (rate, burst) = (round.rate(), round.integer())
                    let setting = Bool.random(using: &round.generator) ? "/*/*" : "/~1mock/GET"
                    target = stageTarget
                    operations = [("\(setting)/throttling/rateLimit", rate), ("\(setting)/throttling/burstLimit", burst)]
                    // A stage method setting also takes AWS's -1 (that limit off).
                    valid = (Self.acceptable(rate: rate) || Double(rate) == -1) && (Self.acceptable(integer: burst) || Int(burst) == -1)
                default:
                    let (rate, burst) = (round.rate(), round.integer())
                    target = "/account"
                    operations = [("/throttle/rateLimit", rate), ("/throttle/burstLimit", burst)]
                    valid = Self.acceptable(rate: rate) && Self.acceptable(integer: burst)
                }
                let answer = try await fixture.gateway.admin("PATCH", target, json: Self.patch(operations))
                let context = "seed \(seed) step \(step): PATCH \(target) \(operations) -> \(answer.status) \(answer.text)"
                if valid {
                    #expect(answer.status == 200, "\(context)")
                } else {
                    #expect(answer.status == 400, "\(context)")
                    #expect(answer.header("x-amzn-ErrorType") == "BadRequestException", "\(context)")
                }
                for path in ["/mock", "/pets/\(step)"] {
                    let response = try await client.send("GET", fixture.path(path), headers: key)
                    #expect([200, 429].contains(response.status), "\(context); GET \(path) -> \(response.status) \(response.text)")
                }
            }
            // A create with extreme JSON numbers: refused whole, or stored.
            for _ in 0..<10 {
                let (rate, burst, limit) = (round.rate(), round.integer(), round.integer())
                let jsonRate = Double(rate).flatMap { $0.isFinite ? rate : nil } ?? "1"
                let jsonBurst = Int(burst) != nil || burst == "1e300" || burst == "99999999999999999999" ? burst : "1"
                let jsonLimit = Int(limit) != nil ? limit : "1"
                let body = """
                    {"name":"fuzz","throttle":{"rateLimit":\(jsonRate),"burstLimit":\(jsonBurst)},"quota":{"limit":\(jsonLimit),"period":"DAY"}}
                    """
                let valid = Self.acceptable(rate: jsonRate) && Self.acceptable(integer: jsonBurst) && Self.acceptable(integer: jsonLimit)
                let answer = try await fixture.gateway.admin("POST", "/usageplans", json: body)
                #expect(answer.status == (valid ? 201 : 400), "seed \(seed): POST /usageplans \(body) -> \(answer.status) \(answer.text)")
            }
            await client.close()

            // What was stored serves again after a restart.
            await fixture.gateway.stop()
            let again = try await LiveGateway.start(dataDirectory: fixture.gateway.dataDirectory)
            let restarted = try await again.connect()
            let response = try await restarted.send("GET", fixture.path("/mock"), headers: key)
            #expect([200, 429].contains(response.status), "seed \(seed) after restart: \(response.status) \(response.text)")
            await restarted.close()
            await again.stop()
        }
    }

    /// The crash of issue 13: a plan stored with `rateLimit` 1e-19 (before validation existed) and
    /// `RateLimit` fields on killed the process on the first keyed request, again after every
    /// restart. Written into the store behind the admin API's back, it must now be served.
    @Test func limitsStoredBeforeValidationAreServed() async throws {
        try await PetsFixture.with { fixture in
            let variables = try await fixture.gateway.admin(
                "PATCH", "/restapis/\(fixture.apiId)/stages/prod", json: Self.patch([("/variables/rateLimitHeaders", "true")]))
            #expect(variables.status == 200)
            await fixture.gateway.stop()

            let directory = fixture.gateway.dataDirectory
            let key = try DataKey.load(dataDirectory: directory, environmentValue: nil)
            let store = try SQLiteStore(path: directory.appendingPathComponent("turnpike.sqlite").path, sealer: ValueSealer(dataKey: key))
            let stored = try await store.loadConfiguration()
            let record = try #require(stored.records.first { $0.kind == .usagePlan && $0.id == fixture.planId })
            var plan = try #require(try JSONSerialization.jsonObject(with: Data(record.body)) as? [String: Any])
            plan["throttle"] = ["rateLimit": 1e-19, "burstLimit": Int.max]
            plan["quota"] = ["limit": Int.max, "offset": -1, "period": "DAY"]
            plan["apiStages"] = [["apiId": fixture.apiId, "stage": "prod", "throttle": ["/mock/GET": ["rateLimit": 1e300, "burstLimit": -5]]]]
            let body = Array(try JSONSerialization.data(withJSONObject: plan))
            try await store.commit([.put(EntityRecord(kind: .usagePlan, id: fixture.planId, body: body))], basedOn: stored.version)

            for _ in 0..<2 {   // and again after a restart
                let gateway = try await LiveGateway.start(dataDirectory: directory)
                let client = try await gateway.connect()
                for path in ["/mock", "/pets/1"] {
                    let response = try await client.send("GET", fixture.path(path), headers: [("x-api-key", fixture.keyValue)])
                    #expect([200, 429].contains(response.status), "\(path): \(response.status) \(response.text)")
                    // The plan's bucket as stored: the burst clamped to UInt32, the window to UInt32.max seconds.
                    #expect(response.header("RateLimit-Policy")?.hasPrefix(#""burst";q=4294967295;w=4294967295, "quota";"#) == true,
                            "\(response.headers)")
                }
                await client.close()
                await gateway.stop()
            }
        }
    }
}
