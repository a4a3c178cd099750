import Foundation
import Testing
import TurnpikeModel
import TurnpikeTesting

/// Issue 13 item 8: a large ImportApiKeys through a whole server (the store behind its deadline)
/// completes, or is refused up front with the documented limit; never a 503 when the store call's
/// deadline runs out.
@Suite(.serialized) struct ImportApiKeysLiveTests {
    static func csv(rows: Int, planId: String, prefix: String) -> String {
        var text = "Name,Key,Enabled,UsagePlanIds\n"
        text.reserveCapacity(rows * 80)
        for row in 0..<rows {
            text += "\(prefix)\(row),\(prefix)-value-\(String(row).leftPadded(to: 24)),true,\(planId)\n"
        }
        return text
    }

    @Test func theLargestImportCompletesAndALargerOneIsRefusedUpFront() async throws {
        let gateway = try await LiveGateway.start()
        defer { gateway.removeData() }
        let plan = try await gateway.admin("POST", "/usageplans", json: #"{"name":"bulk"}"#)
        let planId = try #require(plan.json["id"] as? String)

        let rows = Configuration.maximumImportRows
        let started = ContinuousClock.now
        let imported = try await gateway.admin("POST", "/apikeys?mode=import&format=csv",
                                               json: Self.csv(rows: rows, planId: planId, prefix: "bulk"))
        let took = ContinuousClock.now - started
        #expect(imported.status == 201, "\(imported.status) \(imported.text.prefix(300))")
        #expect((imported.json["ids"] as? [String])?.count == rows)
        #expect((imported.json["warnings"] as? [String])?.isEmpty == true)
        print("ImportApiKeys of \(rows) rows: \(took)")
        let member = try await gateway.admin("GET", "/usageplans/\(planId)/keys?limit=1&name=bulk9999")
        #expect((member.json["item"] as? [[String: Any]])?.count == 1)

        let refusedStarted = ContinuousClock.now
        let refused = try await gateway.admin("POST", "/apikeys?mode=import&format=csv",
                                              json: Self.csv(rows: 100_000, planId: planId, prefix: "more"))
        #expect(refused.status == 400 && refused.header("x-amzn-ErrorType") == "BadRequestException", "\(refused.status)")
        #expect(refused.json["message"] as? String
            == "API Key import is limited to \(rows) rows per call; this file has 100000. Split it into several imports")
        #expect(ContinuousClock.now - refusedStarted < .seconds(10))
        let none = try await gateway.admin("GET", "/apikeys?name=more&limit=1")
        #expect((none.json["item"] as? [Any])?.isEmpty == true)
        await gateway.stop()
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
