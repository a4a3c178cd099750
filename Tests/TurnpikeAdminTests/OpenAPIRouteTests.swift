import Foundation
import Testing
import TurnpikeTesting

@Suite struct OpenAPIRouteTests {
    static let document = #"""
    openapi: 3.0.1
    info: {title: Orders, version: "1"}
    x-amazon-apigateway-documentation: {version: "1"}
    paths:
      /orders:
        get:
          responses:
            200: {description: ok}
          x-amazon-apigateway-integration:
            type: mock
            requestTemplates: {application/json: '{"statusCode": 200}'}
            responses: {default: {statusCode: 200}}
    """#

    @Test func importPutAndExport() async throws {
        let harness = try await AdminTestHarness()
        let imported = await harness.send("POST", "/restapis?mode=import&basepath=ignore", body: Array(Self.document.utf8))
        #expect(imported.status == 201 && imported.json["name"] as? String == "Orders")
        #expect((imported.json["warnings"] as? [String])?.count == 1)
        let id = try #require(imported.json["id"] as? String)
        let resources = await harness.send("GET", "/restapis/\(id)/resources?embed=methods")
        #expect((resources.json["item"] as? [[String: Any]])?.compactMap { $0["path"] as? String }.sorted() == ["/", "/orders"])

        let strict = await harness.send("PUT", "/restapis/\(id)?mode=merge&failonwarnings=true", body: Array(Self.document.utf8))
        #expect(strict.status == 400 && strict.errorType == "BadRequestException" && strict.message?.hasPrefix("Warnings found during import") == true)
        let toys = #"{"swagger": "2.0", "info": {"title": "Toys", "version": "2"}, "paths": {"/toys": {"get": {"responses": {}, "x-amazon-apigateway-integration": {"type": "mock"}}}}}"#
        let overwritten = await harness.send("PUT", "/restapis/\(id)?mode=overwrite", body: Array(toys.utf8))
        #expect(overwritten.status == 200 && overwritten.json["name"] as? String == "Toys")
        let after = await harness.send("GET", "/restapis/\(id)/resources")
        #expect((after.json["item"] as? [[String: Any]])?.compactMap { $0["path"] as? String }.sorted() == ["/", "/toys"])

        #expect(await harness.send("POST", "/restapis/\(id)/deployments", json: #"{"stageName": "prod"}"#).status == 201)
        let yaml = await harness.send("GET", "/restapis/\(id)/stages/prod/exports/oas30?extensions=integrations", headers: [("Accept", "application/yaml")])
        #expect(yaml.status == 200 && yaml.header("Content-Type") == "application/yaml")
        let text = String(decoding: yaml.body, as: UTF8.self)
        #expect(text.contains("openapi: 3.0.1") && text.contains("x-amazon-apigateway-integration:"))
        let json = await harness.send("GET", "/restapis/\(id)/stages/prod/exports/swagger")
        #expect(json.status == 200 && json.json["swagger"] as? String == "2.0")
        let missing = await harness.send("GET", "/restapis/\(id)/stages/dev/exports/swagger")
        #expect(missing.status == 404 && missing.errorType == "NotFoundException")
    }

    @Test func badDocumentsAnswerBadRequest() async throws {
        let harness = try await AdminTestHarness()
        for body in ["", "{", "openapi: 3.0.1", #"{"swagger": "2.0", "info": {"title": "x"}, "paths": {"/a": {"get": {"x-amazon-apigateway-integration": {"type": "aws_proxy"}}}}}"#] {
            let answer = await harness.send("POST", "/restapis?mode=import", body: Array(body.utf8))
            #expect(answer.status == 400 && answer.errorType == "BadRequestException", "\(body): \(answer.status)")
        }
        let unknown = await harness.send("PUT", "/restapis/nope?mode=overwrite", body: Array(Self.document.utf8))
        #expect(unknown.status == 404)
        let badMode = await harness.send("PUT", "/restapis/nope?mode=replace", body: Array(Self.document.utf8))
        #expect(badMode.status == 400 && badMode.errorType == "ValidationException")
        let apis = await harness.send("GET", "/restapis")
        #expect((apis.json["item"] as? [Any] ?? []).isEmpty, "a refused import creates nothing")
    }
}
