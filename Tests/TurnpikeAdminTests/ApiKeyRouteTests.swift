import Foundation
import Testing
import TurnpikeTesting

@Suite struct ApiKeyRouteTests {
    @Test func createGetListUpdateDelete() async throws {
        let harness = try await AdminTestHarness()
        let created = await harness.send("POST", "/apikeys", json: #"{"name":"alice","customerId":"c1","tags":{"team":"a"}}"#)
        #expect(created.status == 201)
        let id = try #require(created.json["id"] as? String)
        #expect((created.json["value"] as? String)?.count == 40)
        #expect(created.json["enabled"] as? Bool == false)
        #expect(created.json["createdDate"] is NSNumber)
        #expect((created.json["tags"] as? [String: String]) == ["team": "a"])

        let fetched = await harness.send("GET", "/apikeys/\(id)")
        #expect(fetched.status == 200 && fetched.json["value"] == nil && fetched.json["name"] as? String == "alice")
        let withValue = await harness.send("GET", "/apikeys/\(id)?includeValue=true")
        #expect(withValue.json["value"] as? String == created.json["value"] as? String)

        let updated = await harness.send("PATCH", "/apikeys/\(id)", json: #"{"patchOperations":[{"op":"replace","path":"/enabled","value":"true"}]}"#)
        #expect(updated.status == 200 && updated.json["enabled"] as? Bool == true && updated.json["value"] == nil)

        let badPath = await harness.send("PATCH", "/apikeys/\(id)", json: #"{"patchOperations":[{"op":"replace","path":"/stageKeys","value":"x"}]}"#)
        #expect(badPath.status == 400 && badPath.errorType == "BadRequestException")
        #expect(badPath.message == "Invalid patch path  '/stageKeys' specified for op 'replace'. Must be one of: [/description, /enabled, /name, /customerId]")

        let badOp = await harness.send("PATCH", "/apikeys/\(id)", json: #"{"patchOperations":[{"op":"frobnicate","path":"/name"}]}"#)
        #expect(badOp.status == 400 && badOp.errorType == "ValidationException")
        #expect(badOp.message?.contains("updateApiKeyInput.patchOperations.1.member.op") == true)

        let deleted = await harness.send("DELETE", "/apikeys/\(id)")
        #expect(deleted.status == 202 && deleted.body.isEmpty)
        let gone = await harness.send("GET", "/apikeys/\(id)")
        #expect(gone.status == 404 && gone.errorType == "NotFoundException" && gone.message == "Invalid API Key identifier specified")
    }

    @Test func listingPaginatesAndFilters() async throws {
        let harness = try await AdminTestHarness()
        for index in 0..<30 {
            let response = await harness.send("POST", "/apikeys", json: #"{"name":"key-\#(index)","customerId":"c\#(index % 2)"}"#)
            #expect(response.status == 201)
        }
        let first = await harness.send("GET", "/apikeys")
        let firstItems = try #require(first.json["item"] as? [[String: Any]])
        #expect(firstItems.count == 25 && firstItems.allSatisfy { $0["value"] == nil })
        let position = try #require(first.json["position"] as? String)
        let second = await harness.send("GET", "/apikeys?position=\(position)&includeValues=true")
        let secondItems = try #require(second.json["item"] as? [[String: Any]])
        #expect(secondItems.count == 5 && second.json["position"] == nil && secondItems.allSatisfy { $0["value"] is String })
        let allIds = Set((firstItems + secondItems).compactMap { $0["id"] as? String })
        #expect(allIds.count == 30)

        let filtered = await harness.send("GET", "/apikeys?name=key-1&customerId=c1&limit=500")
        let names = (filtered.json["item"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.sorted()
        #expect(names == ["key-1", "key-11", "key-13", "key-15", "key-17", "key-19"])

        let badLimit = await harness.send("GET", "/apikeys?limit=501")
        #expect(badLimit.status == 400)
        let badPosition = await harness.send("GET", "/apikeys?position=garbage")
        #expect(badPosition.status == 400)
    }

    @Test func importCreatesKeysAndRollsBackOnWarnings() async throws {
        let harness = try await AdminTestHarness()
        let plan = await harness.send("POST", "/usageplans", json: #"{"name":"bulk"}"#)
        let planId = try #require(plan.json["id"] as? String)
        let csv = "Name,Key,UsagePlanIds\nimported,\(String(repeating: "k", count: 24)),\(planId)\nbad,short,\n"
        let refused = await harness.send("POST", "/apikeys?mode=import&format=csv&failonwarnings=true", body: Array(csv.utf8))
        #expect(refused.status == 400)
        #expect((await harness.send("GET", "/apikeys").json["item"] as? [Any])?.isEmpty == true)

        let imported = await harness.send("POST", "/apikeys?mode=import&format=csv", body: Array(csv.utf8))
        #expect(imported.status == 201)
        #expect((imported.json["ids"] as? [String])?.count == 1 && (imported.json["warnings"] as? [String])?.count == 1)
        let keys = await harness.send("GET", "/usageplans/\(planId)/keys")
        #expect((keys.json["item"] as? [[String: Any]])?.first?["name"] as? String == "imported")

        let wrongFormat = await harness.send("POST", "/apikeys?mode=import&format=json", body: Array(csv.utf8))
        #expect(wrongFormat.status == 400 && wrongFormat.errorType == "ValidationException")
    }

    @Test func stateSurvivesARestart() async throws {
        let harness = try await AdminTestHarness()
        let created = await harness.send("POST", "/apikeys", json: #"{"name":"durable","value":"durable-value-0123456789"}"#)
        let id = try #require(created.json["id"] as? String)
        try await harness.restart()
        let fetched = await harness.send("GET", "/apikeys/\(id)?includeValue=true")
        #expect(fetched.json["value"] as? String == "durable-value-0123456789")
        let duplicate = await harness.send("POST", "/apikeys", json: #"{"value":"durable-value-0123456789"}"#)
        #expect(duplicate.status == 409 && duplicate.message == "API Key already exists")
    }
}
