import Foundation
import Testing
import TurnpikeTesting

@Suite struct DeploymentRouteTests {
    @Test func deploymentLifecycle() async throws {
        let harness = try await AdminTestHarness()
        let empty = await harness.send("POST", "/restapis", json: #"{"name":"empty"}"#)
        let emptyId = try #require(empty.json["id"] as? String)
        let refused = await harness.send("POST", "/restapis/\(emptyId)/deployments", json: #"{"stageName":"dev"}"#)
        #expect(refused.status == 400 && refused.message == "The REST API doesn't contain any methods")

        let api = try await RoutedApi.build(harness)
        let created = await harness.send("POST", "/restapis/\(api.id)/deployments", json: #"{"stageName":"prod","description":"first"}"#)
        #expect(created.status == 201 && created.json["description"] as? String == "first" && created.json["createdDate"] is NSNumber)
        let id = try #require(created.json["id"] as? String)
        #expect(created.json["apiSummary"] == nil)
        #expect(await harness.send("GET", "/restapis/\(api.id)/stages/prod").json["deploymentId"] as? String == id)

        let summary = await harness.send("GET", "/restapis/\(api.id)/deployments/\(id)?embed=apisummary")
        let pets = (summary.json["apiSummary"] as? [String: Any])?["/pets"] as? [String: Any]
        #expect((pets?["GET"] as? [String: Any])?["apiKeyRequired"] as? Bool == true)
        let list = await harness.send("GET", "/restapis/\(api.id)/deployments")
        #expect((list.json["item"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])

        let patched = await harness.send("PATCH", "/restapis/\(api.id)/deployments/\(id)", json: #"{"patchOperations":[{"op":"replace","path":"/description","value":"renamed"}]}"#)
        #expect(patched.status == 200 && patched.json["description"] as? String == "renamed")

        let inUse = await harness.send("DELETE", "/restapis/\(api.id)/deployments/\(id)")
        #expect(inUse.status == 400 && inUse.message == "Active stages pointing to this deployment must be moved or deleted")
        #expect(await harness.send("DELETE", "/restapis/\(api.id)/stages/prod").status == 202)
        #expect(await harness.send("DELETE", "/restapis/\(api.id)/deployments/\(id)").status == 202)
        let gone = await harness.send("GET", "/restapis/\(api.id)/deployments/\(id)")
        #expect(gone.status == 404 && gone.message == "Invalid Deployment identifier specified")
    }
}
