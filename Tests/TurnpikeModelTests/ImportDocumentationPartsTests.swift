import Testing
@testable import TurnpikeModel

/// `ImportDocumentationParts`: an OpenAPI document's `x-amazon-apigateway-documentation` parts,
/// merged into or replacing an API's parts; skipped entries are warnings; refusals change nothing.
@Suite struct ImportDocumentationPartsTests {
    let apiId = RestApiFixture.apiId

    static func document(_ parts: String) -> [UInt8] {
        Array(#"{"swagger": "2.0", "x-amazon-apigateway-documentation": {"version": "1", "documentationParts": [\#(parts)]}}"#.utf8)
    }

    static func ids() -> () -> String {
        var next = 0
        return { next += 1; return "dp\(next)" }
    }

    @Test func mergeAddsAndReplacesByLocation() throws {
        var configuration = try RestApiFixture.method()
        _ = try configuration.createDocumentationPart(
            apiId: apiId, CreateDocumentationPartInput(location: DocumentationPartLocation(type: "API"), properties: #"{"a":1}"#), id: "old")
        let result = try configuration.importDocumentationParts(apiId: apiId, Self.document("""
            {"location": {"type": "API"}, "properties": {"description": "pets"}},
            {"location": {"type": "METHOD", "path": "/pets"}, "properties": {"summary": "list"}}
            """), options: .init(), makeId: Self.ids())
        #expect(result == DocumentationPartIds(ids: ["old", "dp2"]))
        #expect(try configuration.documentationPart(apiId: apiId, id: "old").properties == #"{"description":"pets"}"#)
        #expect(try configuration.documentationPart(apiId: apiId, id: "dp2").location
            == DocumentationPartLocation(type: "METHOD", path: "/pets", method: "*"))
    }

    @Test func overwriteReplacesEveryPartAndYAMLIsRead() throws {
        var configuration = try RestApiFixture.method()
        _ = try configuration.createDocumentationPart(
            apiId: apiId, CreateDocumentationPartInput(location: DocumentationPartLocation(type: "API"), properties: "{}"), id: "old")
        let yaml = """
            swagger: "2.0"
            x-amazon-apigateway-documentation:
              documentationParts:
                - location: {type: RESOURCE, path: /pets}
                  properties: {description: pets}
            """
        let result = try configuration.importDocumentationParts(
            apiId: apiId, Array(yaml.utf8), options: .init(mode: .overwrite), makeId: Self.ids())
        #expect(result.ids == ["dp1"])
        #expect(try configuration.documentationParts(apiId: apiId, type: nil).map(\.id) == ["dp1"])
    }

    @Test func skippedEntriesAreWarningsAndFailOnWarningsChangesNothing() throws {
        var configuration = try RestApiFixture.method()
        _ = configuration.takeChanges()
        let body = Self.document("""
            {"location": {"type": "NOPE"}, "properties": {}},
            {"location": {"type": "API"}, "properties": [1]},
            {"location": {"type": "API"}, "properties": {}},
            {"location": {"type": "API"}, "properties": {"twice": true}}
            """)
        expectRefused(.badRequest("""
            Warnings found during import:
            \tDocumentation part 0 skipped: 1 validation error detected: Value 'NOPE' at \
            'x-amazon-apigateway-documentation.documentationParts[0].location.type' failed to satisfy constraint: \
            Member must satisfy enum value set: [API, AUTHORIZER, MODEL, RESOURCE, METHOD, PATH_PARAMETER, QUERY_PARAMETER, \
            REQUEST_HEADER, REQUEST_BODY, RESPONSE, RESPONSE_HEADER, RESPONSE_BODY]
            \tDocumentation part 1 skipped: Invalid documentation content specified: properties must be a JSON object of at most 32768 bytes
            \tDocumentation part 3 skipped: another part of the document has the same location
            """), in: configuration) {
            _ = try $0.importDocumentationParts(apiId: apiId, body, options: .init(failOnWarnings: true), makeId: Self.ids())
        }
        let result = try configuration.importDocumentationParts(apiId: apiId, body, options: .init(), makeId: Self.ids())
        #expect(result.ids == ["dp3"] && result.warnings?.count == 3)
    }

    @Test func emptyLocationFieldsAreAbsent() throws {
        // Terraform's aws_api_gateway_documentation_part sends "" for the fields it does not set.
        var configuration = try RestApiFixture.method()
        let location = DocumentationPartLocation(type: "METHOD", path: "/pets", method: "GET", statusCode: "", name: "")
        let created = try configuration.createDocumentationPart(
            apiId: apiId, CreateDocumentationPartInput(location: location, properties: "{}"), id: "p1")
        #expect(created.location == DocumentationPartLocation(type: "METHOD", path: "/pets", method: "GET"))
        let imported = try configuration.importDocumentationParts(apiId: apiId, Self.document("""
            {"location": {"type": "RESPONSE", "path": "/pets", "method": "", "statusCode": ""}, "properties": {}}
            """), options: .init(), makeId: Self.ids())
        #expect(try configuration.documentationPart(apiId: apiId, id: imported.ids[0]).location
            == DocumentationPartLocation(type: "RESPONSE", path: "/pets", method: "*", statusCode: "*"))
    }

    @Test func documentsWithoutPartsAreRefused() throws {
        let configuration = try RestApiFixture.method()
        let missing = GatewayError.badRequest(
            "Invalid documentation input: the document has no x-amazon-apigateway-documentation.documentationParts list")
        for body in [#"{"swagger": "2.0"}"#, #"{"x-amazon-apigateway-documentation": {"documentationParts": {}}}"#, "[1]"] {
            expectRefused(missing, in: configuration) {
                _ = try $0.importDocumentationParts(apiId: apiId, Array(body.utf8), options: .init(), makeId: Self.ids())
            }
        }
        expectRefused(.badRequest("Invalid OpenAPI input: the request body is empty"), in: configuration) {
            _ = try $0.importDocumentationParts(apiId: apiId, [], options: .init(), makeId: Self.ids())
        }
        #expect(throws: GatewayError.self) {
            var copy = configuration
            _ = try copy.importDocumentationParts(apiId: "nosuchapi", Self.document(""), options: .init(), makeId: Self.ids())
        }
    }
}
