import Foundation
import Testing
@testable import TurnpikeModel

@Suite struct OpenAPIImportTests {
    @Test func swaggerJSONBecomesResourcesMethodsAndIntegrations() throws {
        let (configuration, api) = try OpenAPIFixture.imported(OpenAPIFixture.swaggerJSON)
        #expect(api.name == "PetStore" && api.description == "Pets for sale" && api.version == "2024-01-01")
        #expect(api.binaryMediaTypes == ["image/png"] && api.apiKeySource == "HEADER")
        #expect(api.policy == #"{"Statement":[],"Version":"2012-10-17"}"#)
        #expect(api.endpointConfiguration.types == ["EDGE"])
        #expect(api.warnings == nil)
        let resources = try configuration.resources(apiId: api.id)
        #expect(resources.map(\.path) == ["/", "/pets", "/pets/{petId}"])
        let pets = try #require(resources.first { $0.path == "/pets" })
        let get = try configuration.method(apiId: api.id, resourceId: pets.id, httpMethod: "GET")
        #expect(get.apiKeyRequired && get.operationName == "ListPets")
        #expect(get.requestParameters == ["method.request.querystring.type": false])
        #expect(get.methodResponses?["200"]?.responseParameters == ["method.response.header.X-Count": false])
        let integration = try #require(get.methodIntegration)
        #expect(integration.type == "HTTP_PROXY" && integration.uri == "http://backend.example.com/pets" && integration.timeoutInMillis == 5000)
        #expect(integration.passthroughBehavior == "WHEN_NO_MATCH" && integration.integrationResponses?["200"]?.selectionPattern == nil)
        let post = try configuration.method(apiId: api.id, resourceId: pets.id, httpMethod: "POST")
        #expect(!post.apiKeyRequired && post.methodIntegration?.type == "MOCK")
        #expect(post.methodIntegration?.integrationResponses?["201"]?.responseTemplates == ["application/json": #"{"id": 1}"#])
        let item = try #require(resources.first { $0.path == "/pets/{petId}" })
        let any = try configuration.method(apiId: api.id, resourceId: item.id, httpMethod: "ANY")
        #expect(any.requestParameters == ["method.request.path.petId": true] && any.methodIntegration?.httpMethod == "ANY")
        #expect(try configuration.gatewayResponse(apiId: api.id, type: "QUOTA_EXCEEDED").defaultResponse == false)
        #expect(try configuration.models(apiId: api.id).map(\.name) == ["Pet", "Pets"])
        #expect(try configuration.model(apiId: api.id, name: "Pets").schema == ##"{"items":{"$ref":"#/definitions/Pet"},"type":"array"}"##)
        #expect(post.requestModels == ["application/json": "Pet"] && get.methodResponses?["200"]?.responseModels == ["application/json": "Pets"])
    }

    @Test func openAPIYAMLGivesTheSameConfiguration() throws {
        let (fromJSON, jsonApi) = try OpenAPIFixture.imported(OpenAPIFixture.swaggerJSON)
        let (fromYAML, yamlApi) = try OpenAPIFixture.imported(OpenAPIFixture.openAPIYAML)
        #expect(try OpenAPIFixture.shape(fromJSON, apiId: jsonApi.id) == OpenAPIFixture.shape(fromYAML, apiId: yamlApi.id))
    }

    @Test(arguments: [
        (OpenAPIImportOptions.BasePath.ignore, ["/", "/pets", "/pets/{petId}"]),
        (.prepend, ["/", "/v1", "/v1/api", "/v1/api/pets", "/v1/api/pets/{petId}"]),
        (.split, ["/", "/api", "/api/pets", "/api/pets/{petId}"]),
    ])
    func basePathHandling(basePath: OpenAPIImportOptions.BasePath, paths: [String]) throws {
        for document in [OpenAPIFixture.swaggerJSON, OpenAPIFixture.openAPIYAML] {
            let (configuration, api) = try OpenAPIFixture.imported(document, options: .init(basePath: basePath))
            #expect(try configuration.resources(apiId: api.id).map(\.path) == paths)
        }
    }

    @Test func queryOptions() throws {
        let options = try OpenAPIImportOptions(query: [
            ("mode", "overwrite"), ("failonwarnings", "true"), ("basepath", "split"), ("endpointConfigurationTypes", "regional"),
        ])
        #expect(options == OpenAPIImportOptions(mode: .overwrite, failOnWarnings: true, basePath: .split, endpointTypes: ["REGIONAL"]))
        #expect(try OpenAPIImportOptions(query: [("mode", "import")]) == OpenAPIImportOptions())
        #expect(throws: GatewayError.self) { try OpenAPIImportOptions(query: [("mode", "replace")]) }
        #expect(throws: GatewayError.self) { try OpenAPIImportOptions(query: [("basepath", "keep")]) }
        #expect(throws: GatewayError.self) { try OpenAPIImportOptions(query: [("endpointConfigurationTypes", "GLOBAL")]) }
        let (_, api) = try OpenAPIFixture.imported(OpenAPIFixture.swaggerJSON, options: .init(endpointTypes: ["REGIONAL"]))
        #expect(api.endpointConfiguration.types == ["REGIONAL"])
    }

    static let withIgnoredParts = """
        {"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
         "x-amazon-apigateway-documentation": {"version": "1"},
         "components": {"schemas": {"Pet": {"type": "object"}}},
         "paths": {"/a": {"get": {"responses": {"default": {"description": "d"}}, "x-amazon-apigateway-documentation": {},
           "x-amazon-apigateway-integration": {"type": "MOCK"}}}}}
        """

    @Test func warningsAreReportedAndFailOnWarningsRefuses() throws {
        let (_, api) = try OpenAPIFixture.imported(Self.withIgnoredParts)
        let warnings = try #require(api.warnings)
        #expect(warnings.count == 3)
        #expect(warnings.contains { $0.contains("x-amazon-apigateway-documentation") })
        #expect(warnings.contains { $0.contains("paths.'/a'(get).x-amazon-apigateway-documentation") })
        #expect(throws: GatewayError.badRequest("Warnings found during import:\n\t" + warnings.joined(separator: "\n\t"))) {
            try OpenAPIFixture.imported(Self.withIgnoredParts, options: .init(failOnWarnings: true))
        }
    }

    @Test(arguments: [
        // IAM would be skipped: refused, not imported open.
        (#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "securityDefinitions": {"sigv4": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}}, "paths": {"/a": {"get": {"security": [{"sigv4": []}], "responses": {}}}}}"#,
         "Turnpike does not run the authorization of security scheme 'sigv4'"),
        (#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "securityDefinitions": {"auth": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom", "x-amazon-apigateway-authorizer": {"type": "token"}}}, "paths": {"/a": {"get": {"security": [{"auth": []}], "responses": {}}}}}"#,
         "Unable to create authorizer 'auth': Authorizer URI must be specified for TOKEN authorizers"),
        (#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {}, "x-amazon-apigateway-request-validator": "nope"}}}}"#,
         "Invalid request validator 'nope'"),
        (#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {}, "x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "POST", "uri": "arn:aws:apigateway:us-east-1:lambda:path/x"}}}}}"#,
         "Unable to put integration on 'GET' for resource at path '/a': Turnpike runs Lambda integrations through"),
        (#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {}, "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "not a url"}}}}}"#,
         "Invalid HTTP endpoint specified for URI"),
        (#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a b": {"get": {"responses": {}}}}}"#,
         "Unable to create resource at path '/a b'"),
        (#"{"swagger": "2.0", "info": {"version": "1"}, "paths": {}}"#, "info.title is missing"),
        (#"{"info": {"title": "t"}, "paths": {}}"#, "names neither"),
        ("a: [b", "neither valid JSON nor valid YAML"),
        (#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"security": [{"nope": []}], "responses": {}}}}}"#,
         "undefined security scheme 'nope'"),
    ])
    func badDocumentsAreRefusedWithNothingCreated(document: String, message: String) {
        var configuration = Configuration()
        do {
            _ = try configuration.importRestApi(Array(document.utf8), options: .init(), id: "x", now: 0) { "r" }
            Issue.record("imported \(document)")
        } catch let error as GatewayError {
            #expect(error.code == .badRequest)
            #expect(error.message.contains(message), "\(error.message)")
        } catch {
            Issue.record("\(error)")
        }
        #expect(configuration.restApis.isEmpty)
    }

    @Test func putRestApiMergesOrOverwrites() throws {
        var (configuration, api) = try OpenAPIFixture.imported(OpenAPIFixture.swaggerJSON)
        let other = #"{"swagger": "2.0", "info": {"title": "Renamed", "version": "2"}, "paths": {"/toys": {"get": {"responses": {}, "x-amazon-apigateway-integration": {"type": "mock"}}}, "/pets": {"get": {"responses": {}}}}}"#
        var next = 100
        let merged = try configuration.putRestApi(api.id, Array(other.utf8), options: .init(mode: .merge)) { next += 1; return "m\(next)" }
        #expect(merged.name == "Renamed" && merged.description == "Pets for sale" && merged.id == api.id)
        #expect(try configuration.resources(apiId: api.id).map(\.path) == ["/", "/pets", "/pets/{petId}", "/toys"])
        let pets = try #require(try configuration.resources(apiId: api.id).first { $0.path == "/pets" })
        #expect(try configuration.method(apiId: api.id, resourceId: pets.id, httpMethod: "GET").methodIntegration == nil)
        #expect(try configuration.method(apiId: api.id, resourceId: pets.id, httpMethod: "POST").methodIntegration?.type == "MOCK")

        let overwritten = try configuration.putRestApi(api.id, Array(other.utf8), options: .init(mode: .overwrite)) { next += 1; return "o\(next)" }
        #expect(overwritten.description == nil && overwritten.binaryMediaTypes == nil && overwritten.rootResourceId == api.rootResourceId)
        #expect(try configuration.resources(apiId: api.id).map(\.path) == ["/", "/pets", "/toys"])
        #expect(try configuration.restApiDocument(api.id).gatewayResponses.isEmpty)
        #expect(throws: GatewayError.notFound("Invalid API identifier specified 000000000000:nope")) {
            try configuration.putRestApi("nope", Array(other.utf8), options: .init()) { "z" }
        }
    }

    @Test func authorizersAndRequestValidatorsAreStoredAndReferenced() throws {
        let (configuration, api) = try OpenAPIFixture.imported(OpenAPIFixture.guarded)
        #expect(api.warnings == nil)
        let authorizers = try configuration.authorizers(apiId: api.id)
        #expect(authorizers.map(\.name) == ["jwt", "token"])
        let token = try #require(authorizers.last)
        #expect(token.type == "TOKEN" && token.identitySource == "method.request.header.Authorization" && token.authorizerResultTtlInSeconds == 60)
        let validators = try configuration.requestValidators(apiId: api.id)
        #expect(validators.map(\.name) == ["all", "body"])
        let orders = try #require(try configuration.resources(apiId: api.id).first { $0.path == "/orders" })
        let get = try configuration.method(apiId: api.id, resourceId: orders.id, httpMethod: "GET")
        #expect(get.authorizationType == "CUSTOM" && get.authorizerId == token.id && get.apiKeyRequired)
        #expect(get.requestValidatorId == validators.first { $0.name == "all" }?.id)
        let post = try configuration.method(apiId: api.id, resourceId: orders.id, httpMethod: "POST")
        #expect(post.authorizationType == "COGNITO_USER_POOLS" && post.requestValidatorId == validators.first { $0.name == "body" }?.id)
    }
}
