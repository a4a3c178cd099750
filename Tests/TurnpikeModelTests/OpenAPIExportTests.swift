import Foundation
import Testing
@testable import TurnpikeModel

@Suite struct OpenAPIExportTests {
    /// The fixture imported and deployed to `prod`.
    static func deployed(_ document: String = OpenAPIFixture.swaggerJSON) throws -> (Configuration, RestApi) {
        var (configuration, api) = try OpenAPIFixture.imported(document)
        _ = try configuration.createDeployment(apiId: api.id, CreateDeploymentInput(stageName: "prod"), id: "dep001", now: 1_764_000_100)
        return (configuration, api)
    }

    @Test(arguments: ["oas30", "swagger"], ["application/json", "application/yaml"])
    func importExportImportGivesTheSameConfiguration(exportType: String, accept: String) throws {
        let (configuration, api) = try Self.deployed()
        let export = try configuration.export(apiId: api.id, stageName: "prod", exportType: exportType, extensions: "apigateway", accept: accept)
        #expect(export.contentType == accept)
        let (again, reimported) = try OpenAPIFixture.imported(export.body)
        #expect(reimported.warnings == nil)
        #expect(try OpenAPIFixture.shape(again, apiId: reimported.id) == OpenAPIFixture.shape(configuration, apiId: api.id))
    }

    @Test(arguments: ["oas30", "swagger"])
    func authorizersAndValidatorsSurviveTheRoundTrip(exportType: String) throws {
        let (configuration, api) = try Self.deployed(OpenAPIFixture.guarded)
        let export = try configuration.export(apiId: api.id, stageName: "prod", exportType: exportType, extensions: "apigateway", accept: nil)
        let (again, reimported) = try OpenAPIFixture.imported(export.body)
        #expect(try OpenAPIFixture.shape(again, apiId: reimported.id, byName: true) == OpenAPIFixture.shape(configuration, apiId: api.id, byName: true))
        #expect(try again.authorizers(apiId: reimported.id).map(\.name) == configuration.authorizers(apiId: api.id).map(\.name))
    }

    @Test func exportIsTheStagesDeploymentNotTheDraft() throws {
        var (configuration, api) = try Self.deployed()
        let pets = try #require(try configuration.resources(apiId: api.id).first { $0.path == "/pets" })
        try configuration.removeMethod(apiId: api.id, resourceId: pets.id, httpMethod: "POST")
        let export = try configuration.export(apiId: api.id, stageName: "prod", exportType: "oas30", extensions: nil, accept: nil)
        let node = try OpenAPINode.parse(Array(export.body.utf8))
        #expect(node["paths"]?["/pets"]?["post"] != nil)
        #expect(node["openapi"] == .string("3.0.1") && node["servers"]?.elements?.first?["variables"]?["basePath"]?["default"] == .string("prod"))
        #expect(node["paths"]?["/pets"]?["get"]?["x-amazon-apigateway-integration"] == nil, "no extensions unless asked")
        #expect(node["paths"]?["/pets"]?["get"]?["security"] == .array([.object([("api_key", .array([]))])]))
        #expect(node["components"]?["securitySchemes"]?["api_key"]?["name"] == .string("x-api-key"))
        #expect(export.contentType == "application/json" && export.contentDisposition == #"attachment; filename="PetStore-prod-oas30.json""#)
    }

    @Test func swaggerExportShape() throws {
        let (configuration, api) = try Self.deployed(OpenAPIFixture.openAPIYAML)
        let export = try configuration.export(apiId: api.id, stageName: "prod", exportType: "swagger", extensions: "integrations", accept: "application/yaml")
        #expect(export.body.hasPrefix("swagger: \"2.0\"\n") || export.body.hasPrefix("swagger: '2.0'\n"))
        let node = try OpenAPINode.parse(Array(export.body.utf8))
        #expect(node["basePath"] == .string("/prod"))
        #expect(node["paths"]?["/pets/{petId}"]?["x-amazon-apigateway-any-method"]?["x-amazon-apigateway-integration"]?["type"] == .string("http_proxy"))
        #expect(node["paths"]?["/pets"]?["get"]?["responses"]?["200"]?["description"] == .string("200 response"))
        #expect(node["x-amazon-apigateway-binary-media-types"] == nil, "API extensions only with extensions=apigateway")
    }

    @Test func exportRefusals() throws {
        let (configuration, api) = try Self.deployed()
        #expect(throws: GatewayError.notFound("Invalid Stage identifier specified")) {
            try configuration.export(apiId: api.id, stageName: "dev", exportType: "oas30", extensions: nil, accept: nil)
        }
        #expect(throws: GatewayError.self) { try configuration.export(apiId: api.id, stageName: "prod", exportType: "raml", extensions: nil, accept: nil) }
        #expect(throws: GatewayError.self) { try configuration.export(apiId: api.id, stageName: "prod", exportType: "oas30", extensions: "sdk", accept: nil) }
        #expect(throws: GatewayError.self) { try configuration.export(apiId: api.id, stageName: "prod", exportType: "oas30", extensions: nil, accept: "text/html") }
        #expect(try configuration.export(apiId: api.id, stageName: "prod", exportType: "oas30", extensions: "postman", accept: "*/*").contentType == "application/json")
    }

    @Test func yamlQuotesStringsThatLookLikeOtherTypes() throws {
        let node = OpenAPINode.object([("a", .string("200")), ("b", .string("true")), ("c", .string("null")), ("d", .integer(5)), ("200", .bool(false))])
        let text = try node.yamlText()
        #expect(try OpenAPINode.parse(Array(text.utf8)) == node)
        #expect(try OpenAPINode.parse(Array(node.jsonText().utf8)) == node)
    }
}
