import Foundation
import Testing
import TurnpikeTesting

@Suite struct ResourceRouteTests {
    @Test func treeLifecycle() async throws {
        let harness = try await AdminTestHarness()
        let api = try await RoutedApi.build(harness)
        let child = await harness.send("POST", "/restapis/\(api.id)/resources/\(api.petsId)", json: #"{"pathPart":"{petId}"}"#)
        #expect(child.status == 201 && child.json["path"] as? String == "/pets/{petId}" && child.json["parentId"] as? String == api.petsId)
        let childId = try #require(child.json["id"] as? String)
        #expect(childId.count == 6)

        let resource = await harness.send("GET", api.pets)
        #expect(resource.status == 200 && resource.text.contains(#""resourceMethods":{"GET":{}}"#))
        let embedded = await harness.send("GET", "\(api.pets)?embed=methods")
        #expect(((embedded.json["resourceMethods"] as? [String: Any])?["GET"] as? [String: Any])?["apiKeyRequired"] as? Bool == true)

        let list = await harness.send("GET", "/restapis/\(api.id)/resources?embed=methods")
        let items = try #require(list.json["item"] as? [[String: Any]])
        #expect(items.compactMap { $0["path"] as? String } == ["/", "/pets", "/pets/{petId}"])
        #expect(items[0]["parentId"] == nil && items[1]["resourceMethods"] is [String: Any])

        let moved = await harness.send("PATCH", api.pets, json: #"{"patchOperations":[{"op":"replace","path":"/pathPart","value":"animals"}]}"#)
        #expect(moved.status == 200 && moved.json["path"] as? String == "/animals")
        #expect(await harness.send("GET", "/restapis/\(api.id)/resources/\(childId)").json["path"] as? String == "/animals/{petId}")

        let conflict = await harness.send("POST", "/restapis/\(api.id)/resources/\(api.rootId)", json: #"{"pathPart":"animals"}"#)
        #expect(conflict.status == 409 && conflict.errorType == "ConflictException")
        #expect(conflict.message == "Another resource with the same parent already has this name: animals")
        let rootDelete = await harness.send("DELETE", "/restapis/\(api.id)/resources/\(api.rootId)")
        #expect(rootDelete.status == 400)

        #expect(await harness.send("DELETE", api.pets).status == 202)
        let gone = await harness.send("GET", "/restapis/\(api.id)/resources/\(childId)")
        #expect(gone.status == 404 && gone.message == "Invalid Resource identifier specified")
    }
}
