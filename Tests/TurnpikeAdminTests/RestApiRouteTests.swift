import Foundation
import Testing
import TurnpikeTesting

/// An API built through the admin routes: `/pets` with `GET` (API key required) and a MOCK integration.
struct RoutedApi {
    var id: String
    var rootId: String
    var petsId: String

    static func build(_ harness: AdminTestHarness, integrate: Bool = true) async throws -> RoutedApi {
        let api = await harness.send("POST", "/restapis", json: #"{"name":"shop"}"#)
        let id = try #require(api.json["id"] as? String)
        let rootId = try #require(api.json["rootResourceId"] as? String)
        let pets = await harness.send("POST", "/restapis/\(id)/resources/\(rootId)", json: #"{"pathPart":"pets"}"#)
        let petsId = try #require(pets.json["id"] as? String)
        _ = await harness.send("PUT", "/restapis/\(id)/resources/\(petsId)/methods/GET", json: #"{"authorizationType":"NONE","apiKeyRequired":true}"#)
        if integrate {
            _ = await harness.send("PUT", "/restapis/\(id)/resources/\(petsId)/methods/GET/integration", json: #"{"type":"MOCK"}"#)
        }
        return RoutedApi(id: id, rootId: rootId, petsId: petsId)
    }

    var pets: String { "/restapis/\(id)/resources/\(petsId)" }
}

@Suite struct RestApiRouteTests {
    @Test func lifecycle() async throws {
        let harness = try await AdminTestHarness()
        let created = await harness.send("POST", "/restapis", json: #"{"name":"shop","description":"pets","tags":{"team":"a"}}"#)
        #expect(created.status == 201)
        let id = try #require(created.json["id"] as? String)
        #expect(id.count == 10 && (created.json["rootResourceId"] as? String)?.count == 10)
        #expect(created.json["apiKeySource"] as? String == "HEADER" && created.json["disableExecuteApiEndpoint"] as? Bool == false)
        #expect((created.json["endpointConfiguration"] as? [String: Any])?["types"] as? [String] == ["EDGE"])
        #expect(created.json["createdDate"] is NSNumber)

        let fetched = await harness.send("GET", "/restapis/\(id)")
        #expect(fetched.status == 200 && fetched.json["name"] as? String == "shop")
        let listed = await harness.send("GET", "/restapis?limit=1")
        #expect(listed.status == 200 && (listed.json["item"] as? [[String: Any]])?.first?["id"] as? String == id)

        let patched = await harness.send("PATCH", "/restapis/\(id)", json: #"{"patchOperations":[{"op":"replace","path":"/name","value":"store"}]}"#)
        #expect(patched.status == 200 && patched.json["name"] as? String == "store")
        let badPath = await harness.send("PATCH", "/restapis/\(id)", json: #"{"patchOperations":[{"op":"add","path":"/binaryMediaTypes","value":"x"}]}"#)
        #expect(badPath.status == 400 && badPath.errorType == "BadRequestException" && badPath.message == "Invalid patch path /binaryMediaTypes")

        try await harness.restart()
        #expect(await harness.send("GET", "/restapis/\(id)").json["name"] as? String == "store")

        let deleted = await harness.send("DELETE", "/restapis/\(id)")
        #expect(deleted.status == 202 && deleted.body.isEmpty)
        let gone = await harness.send("GET", "/restapis/\(id)")
        #expect(gone.status == 404 && gone.errorType == "NotFoundException")
        #expect(gone.message == "Invalid API identifier specified 000000000000:\(id)")
    }

    @Test func refusals() async throws {
        let harness = try await AdminTestHarness()
        let noName = await harness.send("POST", "/restapis", json: "{}")
        #expect(noName.status == 400 && noName.errorType == "ValidationException")
        #expect(noName.message == "1 validation error detected: Value null at 'createRestApiInput.name' failed to satisfy constraint: Member must not be null")
        let emptyDescription = await harness.send("POST", "/restapis", json: #"{"name":"x","description":""}"#)
        #expect(emptyDescription.status == 400 && emptyDescription.message == "Description cannot be an empty string")
        #expect(await harness.send("DELETE", "/restapis/nope").status == 404)
        #expect((await harness.send("GET", "/restapis").json["item"] as? [Any])?.isEmpty == true)
    }
}
