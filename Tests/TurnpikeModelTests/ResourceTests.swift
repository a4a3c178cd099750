import Testing
@testable import TurnpikeModel

@Suite struct ResourceTests {
    let apiId = RestApiFixture.apiId
    let rootId = RestApiFixture.rootId

    func create(_ configuration: inout Configuration, _ part: String, under parent: String, id: String) throws -> Resource {
        try configuration.createResource(apiId: apiId, parentId: parent, CreateResourceInput(pathPart: part), id: id)
    }

    @Test func createBuildsPaths() throws {
        var configuration = try RestApiFixture.api()
        let pets = try create(&configuration, "pets", under: rootId, id: "r1")
        let pet = try create(&configuration, "{petId}", under: "r1", id: "r2")
        let files = try create(&configuration, "v1:files", under: rootId, id: "r3")
        let proxy = try create(&configuration, "{proxy+}", under: "r3", id: "r4")
        #expect(pets == Resource(id: "r1", parentId: rootId, pathPart: "pets", path: "/pets"))
        #expect(pet.path == "/pets/{petId}" && files.path == "/v1:files" && proxy.path == "/v1:files/{proxy+}")
        #expect(try configuration.resources(apiId: apiId).map(\.path) == ["/", "/pets", "/pets/{petId}", "/v1:files", "/v1:files/{proxy+}"])
        #expect(try configuration.resource(apiId: apiId, id: "r2") == pet)
        #expect(configuration.takeChanges().map(\.key) == ["restapi/\(apiId)"])
    }

    @Test func createRefusals() throws {
        var configuration = try RestApiFixture.pets()
        _ = try create(&configuration, "{proxy+}", under: rootId, id: "px")
        _ = configuration.takeChanges()
        let badPart = "Resource's path part only allow a-zA-Z0-9._-: or a valid greedy path variable and curly braces at the beginning and the end and an optional plus sign before the closing brace."
        let cases: [(String?, String, GatewayError)] = [
            (nil, rootId, .mustNotBeNull(at: "createResourceInput.pathPart")),
            ("x", "nope", .notFound("Invalid Resource identifier specified")),
            ("pets", rootId, .conflict("Another resource with the same parent already has this name: pets")),
            ("{id}", rootId, .badRequest("A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed")),
            ("child", "px", .badRequest("Cannot create a child of a resource with a greedy path variable: {proxy+}")),
            ("a b", rootId, .badRequest(badPart)),
            ("$metadata", rootId, .badRequest(badPart)),
            ("{}", rootId, .badRequest(badPart)),
            ("{a+b}", rootId, .badRequest(badPart)),
            ("", rootId, .badRequest(badPart)),
        ]
        for (part, parent, error) in cases {
            expectRefused(error, in: configuration) {
                _ = try $0.createResource(apiId: apiId, parentId: parent, CreateResourceInput(pathPart: part), id: "new")
            }
        }
        expectRefused(Configuration.unknownRestApi("nope"), in: configuration) {
            _ = try $0.createResource(apiId: "nope", parentId: rootId, CreateResourceInput(pathPart: "x"), id: "new")
        }
        #expect(throws: Configuration.unknownRestApi("nope")) { try configuration.resources(apiId: "nope") }
        #expect(throws: GatewayError.notFound("Invalid Resource identifier specified")) { try configuration.resource(apiId: apiId, id: "nope") }
    }

    @Test func updateMovesTheSubtree() throws {
        var configuration = try RestApiFixture.pets()
        _ = try create(&configuration, "{petId}", under: "pets01", id: "r2")
        _ = try create(&configuration, "toys", under: "r2", id: "r3")
        _ = try create(&configuration, "v2", under: rootId, id: "v2")
        let moved = try configuration.updateResource(apiId: apiId, id: "pets01", operations: [
            PatchOperation(op: "replace", path: "/pathPart", value: "animals"),
            PatchOperation(op: "replace", path: "/parentId", value: "v2"),
        ])
        #expect(moved == Resource(id: "pets01", parentId: "v2", pathPart: "animals", path: "/v2/animals"))
        #expect(try configuration.resource(apiId: apiId, id: "r3").path == "/v2/animals/{petId}/toys")
    }

    @Test func updateRefusals() throws {
        var configuration = try RestApiFixture.pets()
        _ = try create(&configuration, "{petId}", under: "pets01", id: "r2")
        _ = try create(&configuration, "toys", under: rootId, id: "toys")
        _ = try create(&configuration, "pets", under: "r2", id: "r3")
        _ = configuration.takeChanges()
        func replace(_ path: String, _ value: String) -> [PatchOperation] { [PatchOperation(op: "replace", path: path, value: value)] }
        let cases: [(String, [PatchOperation], GatewayError)] = [
            ("nope", replace("/pathPart", "x"), .notFound("Invalid Resource identifier specified")),
            ("pets01", replace("/invalid", "x"), .badRequest("Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]")),
            ("pets01", [PatchOperation(op: "remove", path: "/pathPart")],
                .badRequest("Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported operations")),
            ("pets01", replace("/parentId", "nope"), .notFound("Invalid Resource identifier specified")),
            ("pets01", replace("/parentId", "r3"), .badRequest("Resources cannot be cyclical.")),
            ("pets01", replace("/parentId", "pets01"), .badRequest("Resources cannot be cyclical.")),
            ("toys", replace("/pathPart", "pets"), .conflict("Another resource with the same parent already has this name: pets")),
            ("r3", replace("/parentId", rootId), .conflict("Another resource with the same parent already has this name: pets")),
            (rootId, replace("/pathPart", "x"), .badRequest("Root resource cannot update its pathPart.")),
            (rootId, replace("/parentId", "toys"), .badRequest("Root resource cannot update its parentId.")),
            ("toys", replace("/pathPart", "a b"), .badRequest(
                "Resource's path part only allow a-zA-Z0-9._-: or a valid greedy path variable and curly braces at the beginning and the end and an optional plus sign before the closing brace.")),
        ]
        for (id, operations, error) in cases {
            expectRefused(error, in: configuration) { _ = try $0.updateResource(apiId: apiId, id: id, operations: operations) }
        }
    }

    @Test func deleteRemovesTheSubtreeButNotTheRoot() throws {
        var configuration = try RestApiFixture.pets()
        _ = try create(&configuration, "{petId}", under: "pets01", id: "r2")
        _ = configuration.takeChanges()
        expectRefused(.badRequest("Cannot delete the root resource of an API"), in: configuration) { try $0.removeResource(apiId: apiId, id: rootId) }
        expectRefused(.notFound("Invalid Resource identifier specified"), in: configuration) { try $0.removeResource(apiId: apiId, id: "nope") }
        try configuration.removeResource(apiId: apiId, id: "pets01")
        #expect(try configuration.resources(apiId: apiId).map(\.id) == [rootId])
        #expect(configuration.takeChanges().map(\.key) == ["restapi/\(apiId)"])
    }

    @Test func answersSummariseOrEmbedMethods() throws {
        let configuration = try RestApiFixture.method()
        let resource = try configuration.resource(apiId: apiId, id: "pets01")
        #expect(try wire(ResourceAnswer(resource, embedsMethods: false))
            == #"{"id":"pets01","parentId":"root000001","path":"/pets","pathPart":"pets","resourceMethods":{"GET":{}}}"#)
        let embedded = try wire(ResourceAnswer(resource, embedsMethods: true))
        #expect(embedded.contains(#""resourceMethods":{"GET":{"apiKeyRequired":false,"authorizationType":"NONE","httpMethod":"GET","methodIntegration":{"#))
        let root = try configuration.resource(apiId: apiId, id: RestApiFixture.rootId)
        #expect(try wire(ResourceAnswer(root, embedsMethods: true)) == #"{"id":"root000001","path":"/"}"#)
    }
}
