import Foundation
import Testing
import TurnpikeTesting

@Suite struct AccountRouteTests {
    @Test func accountThrottleAndRole() async throws {
        let harness = try await AdminTestHarness()
        let account = await harness.send("GET", "/account")
        #expect(account.status == 200)
        #expect((account.json["throttleSettings"] as? [String: Any])?["burstLimit"] as? Int == 5000)
        let updated = await harness.send("PATCH", "/account", json: """
            {"patchOperations":[{"op":"replace","path":"/throttle/rateLimit","value":"2000"},
             {"op":"replace","path":"/cloudwatchRoleArn","value":"arn:aws:iam::123456789012:role/logs"}]}
            """)
        #expect(updated.status == 200 && updated.json["cloudwatchRoleArn"] as? String == "arn:aws:iam::123456789012:role/logs")
        try await harness.restart()
        #expect((await harness.send("GET", "/account").json["throttleSettings"] as? [String: Any])?["rateLimit"] as? Double == 2000)
        let bad = await harness.send("PATCH", "/account", json: #"{"patchOperations":[{"op":"replace","path":"/apiKeyVersion","value":"5"}]}"#)
        #expect(bad.status == 400 && bad.errorType == "BadRequestException")
    }
}
