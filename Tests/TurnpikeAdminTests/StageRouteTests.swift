import Foundation
import Testing
import TurnpikeTesting

@Suite struct StageRouteTests {
    @Test func stageLifecycle() async throws {
        let harness = try await AdminTestHarness()
        let api = try await RoutedApi.build(harness)
        let deployment = try #require(await harness.send("POST", "/restapis/\(api.id)/deployments", json: "{}").json["id"] as? String)
        let created = await harness.send("POST", "/restapis/\(api.id)/stages", json: #"{"stageName":"prod","deploymentId":"\#(deployment)","variables":{"a":"1"}}"#)
        #expect(created.status == 201 && created.json["cacheClusterStatus"] as? String == "NOT_AVAILABLE")
        #expect((created.json["methodSettings"] as? [String: Any])?.isEmpty == true && created.json["tracingEnabled"] as? Bool == false)
        let again = await harness.send("POST", "/restapis/\(api.id)/stages", json: #"{"stageName":"prod","deploymentId":"\#(deployment)"}"#)
        #expect(again.status == 409 && again.message == "Stage already exists")
        let unknown = await harness.send("POST", "/restapis/\(api.id)/stages", json: #"{"stageName":"beta","deploymentId":"nope"}"#)
        #expect(unknown.status == 404)

        let noSetting = await harness.send("PATCH", "/restapis/\(api.id)/stages/prod", json: #"{"patchOperations":[{"op":"remove","path":"/*/*"}]}"#)
        #expect(noSetting.status == 400 && noSetting.message == "Cannot remove method setting */* because there is no method setting for this method ")
        let patched = await harness.send("PATCH", "/restapis/\(api.id)/stages/prod", json: """
            {"patchOperations":[{"op":"replace","path":"/*/*/throttling/rateLimit","value":"100"},
             {"op":"replace","path":"/~1pets/GET/throttling/burstLimit","value":"7"}]}
            """)
        #expect(patched.status == 200)
        let settings = try #require(patched.json["methodSettings"] as? [String: [String: Any]])
        #expect(settings["*/*"]?["throttlingRateLimit"] as? Double == 100 && settings["pets/GET"]?["throttlingBurstLimit"] as? Int == 7)
        #expect(settings["pets/GET"]?["throttlingRateLimit"] as? Double == 100)
        let badPath = await harness.send("PATCH", "/restapis/\(api.id)/stages/prod", json: #"{"patchOperations":[{"op":"replace","path":"/*/*/throttling/nonsense","value":"1"}]}"#)
        #expect(badPath.status == 400 && badPath.message?.hasPrefix("Invalid method setting path: /*/*/throttling/nonsense. Must be one of: [/deploymentId,") == true)

        let list = await harness.send("GET", "/restapis/\(api.id)/stages?deploymentId=\(deployment)")
        #expect(list.status == 200 && (list.json["item"] as? [[String: Any]])?.count == 1 && list.json["position"] == nil)
        #expect((await harness.send("GET", "/restapis/\(api.id)/stages?deploymentId=other").json["item"] as? [Any])?.isEmpty == true)

        let plan = await harness.send("POST", "/usageplans", json: #"{"name":"gold","apiStages":[{"apiId":"\#(api.id)","stage":"prod"}]}"#)
        let planId = try #require(plan.json["id"] as? String)
        #expect(await harness.send("DELETE", "/restapis/\(api.id)/stages/prod").status == 202)
        #expect((await harness.send("GET", "/usageplans/\(planId)").json["apiStages"] as? [Any])?.isEmpty == true)
        let gone = await harness.send("GET", "/restapis/\(api.id)/stages/prod")
        #expect(gone.status == 404 && gone.message == "Invalid Stage identifier specified")
    }
}
