import Foundation
import Testing
import TurnpikeLimits
import TurnpikeModel
import TurnpikeStore
import TurnpikeTesting

/// Puts REST API `api1` with stages `prod` and `beta` straight into the configuration.
func seedStages(_ harness: AdminTestHarness) async throws {
    _ = try await harness.controlPlane.write { configuration in
        let root = Resource(id: "root1", path: "/")
        var document = RestApiDocument(api: RestApi(id: "api1", name: "pets", createdDate: 0, rootResourceId: "root1"), root: root)
        document.stages["prod"] = Stage(deploymentId: "d1", stageName: "prod", createdDate: 0)
        document.stages["beta"] = Stage(deploymentId: "d1", stageName: "beta", createdDate: 0)
        configuration.save(document)
    }
}

@Suite struct UsagePlanRouteTests {
    @Test func planLifecycle() async throws {
        let harness = try await AdminTestHarness()
        try await seedStages(harness)
        let created = await harness.send("POST", "/usageplans", json: """
            {"name":"gold","apiStages":[{"apiId":"api1","stage":"prod","throttle":{"/pets/GET":{"rateLimit":5,"burstLimit":10}}}],
             "throttle":{"rateLimit":100,"burstLimit":200},"quota":{"limit":1000,"period":"MONTH"}}
            """)
        #expect(created.status == 201)
        let id = try #require(created.json["id"] as? String)
        #expect((created.json["quota"] as? [String: Any])?["offset"] as? Int == 0)
        #expect(created.json["quotaStartDate"] == nil)

        let unknownStage = await harness.send("POST", "/usageplans", json: #"{"name":"x","apiStages":[{"apiId":"api1","stage":"nope"}]}"#)
        #expect(unknownStage.status == 400 && unknownStage.message == "Invalid API Stage {api: api1, stage: nope} specified")

        let patched = await harness.send("PATCH", "/usageplans/\(id)", json: """
            {"patchOperations":[{"op":"replace","path":"/apiStages/api1:prod/throttle//pets/GET/rateLimit","value":"7"},
             {"op":"add","path":"/apiStages","value":"api1:beta"}]}
            """)
        #expect(patched.status == 200)
        let stages = try #require(patched.json["apiStages"] as? [[String: Any]])
        #expect(stages.count == 2)

        let refusedDelete = await harness.send("DELETE", "/usageplans/\(id)")
        #expect(refusedDelete.status == 400 && refusedDelete.message?.hasPrefix("Cannot delete Usage Plan \(id)") == true)

        _ = await harness.send("PATCH", "/usageplans/\(id)", json: """
            {"patchOperations":[{"op":"remove","path":"/apiStages","value":"api1:prod"},{"op":"remove","path":"/apiStages","value":"api1:beta"}]}
            """)
        #expect(await harness.send("DELETE", "/usageplans/\(id)").status == 202)
        let gone = await harness.send("GET", "/usageplans/\(id)")
        #expect(gone.status == 404 && gone.message == "Invalid Usage Plan ID specified")
    }

    /// A quota change counts the plan's keys' usage so far from the store: the admin API first asks
    /// every node to write its counts there; other changes do not.
    @Test func aQuotaChangeFirstSettlesUsage() async throws {
        let harness = try await AdminTestHarness()
        try await seedStages(harness)
        let id = try #require(await harness.send("POST", "/usageplans", json: #"{"name":"a","apiStages":[{"apiId":"api1","stage":"prod"}]}"#).json["id"] as? String)
        let renamed = await harness.send("PATCH", "/usageplans/\(id)", json: #"{"patchOperations":[{"op":"replace","path":"/name","value":"b"}]}"#)
        #expect(renamed.status == 200 && harness.usageSettles == 0)
        let limited = await harness.send("PATCH", "/usageplans/\(id)", json: """
            {"patchOperations":[{"op":"replace","path":"/quota/limit","value":"100"},{"op":"replace","path":"/quota/period","value":"DAY"}]}
            """)
        #expect(limited.status == 200 && harness.usageSettles == 1)
        #expect((limited.json["quota"] as? [String: Any])?["limit"] as? Int == 100)
    }

    @Test func planKeysAndTheSharedStageRule() async throws {
        let harness = try await AdminTestHarness()
        try await seedStages(harness)
        let key = try #require(await harness.send("POST", "/apikeys", json: #"{"name":"k"}"#).json["id"] as? String)
        let planA = try #require(await harness.send("POST", "/usageplans", json: #"{"name":"a","apiStages":[{"apiId":"api1","stage":"prod"}]}"#).json["id"] as? String)
        let planB = try #require(await harness.send("POST", "/usageplans", json: #"{"name":"b","apiStages":[{"apiId":"api1","stage":"prod"}]}"#).json["id"] as? String)

        let added = await harness.send("POST", "/usageplans/\(planA)/keys", json: #"{"keyId":"\#(key)","keyType":"API_KEY"}"#)
        #expect(added.status == 201 && added.json["type"] as? String == "API_KEY" && added.json["value"] is String)
        #expect(await harness.send("POST", "/usageplans/\(planA)/keys", json: #"{"keyId":"\#(key)","keyType":"API_KEY"}"#).status == 409)
        #expect(await harness.send("POST", "/usageplans/\(planB)/keys", json: #"{"keyId":"\#(key)","keyType":"API_KEY"}"#).status == 409)
        #expect(await harness.send("POST", "/usageplans/\(planB)/keys", json: #"{"keyId":"nope","keyType":"API_KEY"}"#).status == 404)
        #expect(await harness.send("GET", "/usageplans/unknown/keys").json["item"] as? [Any] != nil)

        let plansOfKey = await harness.send("GET", "/usageplans?keyId=\(key)")
        #expect((plansOfKey.json["item"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [planA])

        #expect(await harness.send("DELETE", "/apikeys/\(key)").status == 202)
        #expect((await harness.send("GET", "/usageplans/\(planA)/keys").json["item"] as? [Any])?.isEmpty == true)
    }

    @Test func usageIsReportedPerDayAndGrantsApply() async throws {
        let harness = try await AdminTestHarness(start: Date(timeIntervalSince1970: 1_795_608_000)) // 2026-11-25 12:00 UTC
        let key = try #require(await harness.send("POST", "/apikeys", json: #"{"name":"k"}"#).json["id"] as? String)
        let plan = try #require(await harness.send("POST", "/usageplans", json: #"{"name":"q","quota":{"limit":100,"period":"WEEK"}}"#).json["id"] as? String)
        #expect(await harness.send("POST", "/usageplans/\(plan)/keys", json: #"{"keyId":"\#(key)","keyType":"API_KEY"}"#).status == 201)
        let today = UTCDay(iso: "2026-11-25")!
        try await harness.store.addUsage(planId: plan, keyId: key, day: today + -1, count: 10)
        try await harness.store.addUsage(planId: plan, keyId: key, day: today, count: 5)

        let usage = await harness.send("GET", "/usageplans/\(plan)/usage?startDate=2026-11-24&endDate=2026-11-26")
        #expect(usage.status == 200)
        #expect(usage.json["startDate"] as? String == "2026-11-24" && usage.json["usagePlanId"] as? String == plan)
        let values = try #require((usage.json["values"] as? [String: [[Int]]])?[key])
        #expect(values == [[10, 90], [5, 85], [0, 85]])

        let granted = await harness.send("PATCH", "/usageplans/\(plan)/keys/\(key)/usage",
                                         json: #"{"patchOperations":[{"op":"replace","path":"/remaining","value":"500"}]}"#)
        #expect(granted.status == 200)
        try await harness.store.addUsage(planId: plan, keyId: key, day: today, count: 2)
        let after = await harness.send("GET", "/usageplans/\(plan)/usage?startDate=2026-11-25&endDate=2026-11-25&keyId=\(key)")
        #expect((after.json["values"] as? [String: [[Int]]])?[key] == [[7, 498]])

        #expect(await harness.send("GET", "/usageplans/\(plan)/usage?startDate=2026-11-26&endDate=2026-11-25").status == 400)
        #expect(await harness.send("GET", "/usageplans/\(plan)/usage?startDate=yesterday&endDate=2026-11-25").status == 400)
        #expect(await harness.send("GET", "/usageplans/nope/usage?startDate=2026-11-25&endDate=2026-11-25").status == 404)
        #expect(await harness.send("PATCH", "/usageplans/\(plan)/keys/nokey/usage",
                                   json: #"{"patchOperations":[{"op":"replace","path":"/remaining","value":"5"}]}"#).status == 404)
    }
}
