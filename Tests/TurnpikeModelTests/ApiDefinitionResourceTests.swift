import Testing
@testable import TurnpikeModel

/// Authorizers, models and request validators: stored with AWS's checks, referenced by methods,
/// and kept while a method uses them.
@Suite struct ApiDefinitionResourceTests {
    let apiId = RestApiFixture.apiId

    @Test func authorizerLifecycleAndMethodReferences() throws {
        var configuration = try RestApiFixture.method()
        let token = CreateAuthorizerInput(name: "auth", type: "TOKEN", authorizerUri: "arn:aws:lambda:fn", identitySource: "method.request.header.Authorization")
        let created = try configuration.createAuthorizer(apiId: apiId, token, id: "au1")
        #expect(created.authorizerResultTtlInSeconds == 300 && created.type == "TOKEN")
        _ = configuration.takeChanges()
        expectRefused(.conflict("Authorizer name already exists for this REST API: auth"), in: configuration) {
            _ = try $0.createAuthorizer(apiId: apiId, token, id: "au2")
        }
        expectRefused(.badRequest("Authorizer URI must be specified for REQUEST authorizers"), in: configuration) {
            _ = try $0.createAuthorizer(apiId: apiId, CreateAuthorizerInput(name: "r", type: "REQUEST"), id: "au3")
        }
        expectRefused(.badRequest("ProviderARNs need to be specified for COGNITO_USER_POOLS authorizers"), in: configuration) {
            _ = try $0.createAuthorizer(apiId: apiId, CreateAuthorizerInput(name: "c", type: "COGNITO_USER_POOLS"), id: "au4")
        }
        #expect(throws: GatewayError.self) { try configuration.createAuthorizer(apiId: apiId, CreateAuthorizerInput(name: "x", type: "JWT"), id: "au5") }

        let custom = [PatchOperation(op: "replace", path: "/authorizationType", value: "CUSTOM")]
        _ = configuration.takeChanges()
        expectRefused(.badRequest(
            "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer."
        ), in: configuration) { _ = try $0.updateMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET", operations: custom) }
        let method = try configuration.updateMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET",
                                                    operations: custom + [PatchOperation(op: "replace", path: "/authorizerId", value: "au1")])
        #expect(method.authorizationType == "CUSTOM" && method.authorizerId == "au1")
        _ = configuration.takeChanges()
        expectRefused(.conflict("Cannot delete authorizer 'au1', is referenced in method: /pets/GET"), in: configuration) {
            try $0.removeAuthorizer(apiId: apiId, id: "au1")
        }
        let patched = try configuration.updateAuthorizer(apiId: apiId, id: "au1", operations: [
            PatchOperation(op: "replace", path: "/authorizerResultTtlInSeconds", value: "60"), PatchOperation(op: "replace", path: "/name", value: "renamed"),
        ])
        #expect(patched.authorizerResultTtlInSeconds == 60 && patched.name == "renamed")
        _ = try configuration.updateMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET",
                                           operations: [PatchOperation(op: "replace", path: "/authorizationType", value: "NONE")])
        #expect(try configuration.method(apiId: apiId, resourceId: "pets01", httpMethod: "GET").authorizerId == nil)
        try configuration.removeAuthorizer(apiId: apiId, id: "au1")
        #expect(try configuration.authorizers(apiId: apiId).isEmpty)
        #expect(throws: GatewayError.notFound("Invalid authorizer identifier specified")) { try configuration.authorizer(apiId: apiId, id: "au1") }
    }

    @Test func modelLifecycleAndMethodReferences() throws {
        var configuration = try RestApiFixture.method()
        let schema = #"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}"#
        let model = try configuration.createModel(apiId: apiId, CreateModelInput(name: "Pet", schema: schema, contentType: "application/json"), id: "m1")
        #expect(model.name == "Pet" && model.schema == schema)
        _ = configuration.takeChanges()
        expectRefused(.conflict("Model name already exists for this REST API"), in: configuration) {
            _ = try $0.createModel(apiId: apiId, CreateModelInput(name: "Pet", contentType: "application/json"), id: "m2")
        }
        expectRefused(.badRequest("Model name must be non-empty and alphanumeric: my-pet"), in: configuration) {
            _ = try $0.createModel(apiId: apiId, CreateModelInput(name: "my-pet", contentType: "application/json"), id: "m3")
        }
        expectRefused(.badRequest("Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]"), in: configuration) {
            _ = try $0.createModel(apiId: apiId, CreateModelInput(name: "Bad", schema: "[1", contentType: "application/json"), id: "m4")
        }
        expectRefused(.mustNotBeNull(at: "createModelInput.contentType"), in: configuration) {
            _ = try $0.createModel(apiId: apiId, CreateModelInput(name: "NoType", contentType: nil), id: "m5")
        }
        let uses = [PatchOperation(op: "add", path: "/requestModels/application~1json", value: "Pet")]
        _ = try configuration.updateMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET", operations: uses)
        _ = configuration.takeChanges()
        expectRefused(.badRequest("Invalid model identifier specified: Cat"), in: configuration) {
            _ = try $0.updateMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET",
                                    operations: [PatchOperation(op: "replace", path: "/requestModels/application~1json", value: "Cat")])
        }
        _ = configuration.takeChanges()
        expectRefused(.conflict("Cannot delete model 'Pet', is referenced in method: /pets/GET"), in: configuration) {
            try $0.removeModel(apiId: apiId, name: "Pet")
        }
        let updated = try configuration.updateModel(apiId: apiId, name: "Pet", operations: [PatchOperation(op: "replace", path: "/description", value: "a pet")])
        #expect(try updated.description == "a pet" && configuration.models(apiId: apiId).map(\.name) == ["Pet"])
        _ = try configuration.updateMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET",
                                           operations: [PatchOperation(op: "remove", path: "/requestModels/application~1json")])
        try configuration.removeModel(apiId: apiId, name: "Pet")
        #expect(throws: GatewayError.notFound("Invalid model name specified: Pet")) { try configuration.model(apiId: apiId, name: "Pet") }
    }

    @Test func requestValidatorLifecycleAndMethodReferences() throws {
        var configuration = try RestApiFixture.method()
        let validator = try configuration.createRequestValidator(apiId: apiId, CreateRequestValidatorInput(name: "all", validateRequestBody: true), id: "v1")
        #expect(validator.validateRequestBody && !validator.validateRequestParameters)
        _ = configuration.takeChanges()
        expectRefused(.badRequest("Validator with name 'all' already exists for this REST API"), in: configuration) {
            _ = try $0.createRequestValidator(apiId: apiId, CreateRequestValidatorInput(name: "all"), id: "v2")
        }
        expectRefused(.badRequest("Invalid Request Validator identifier specified"), in: configuration) {
            _ = try $0.updateMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET",
                                    operations: [PatchOperation(op: "replace", path: "/requestValidatorId", value: "nope")])
        }
        _ = try configuration.updateMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET",
                                           operations: [PatchOperation(op: "replace", path: "/requestValidatorId", value: "v1")])
        _ = configuration.takeChanges()
        expectRefused(.conflict("Cannot delete request validator 'v1', is referenced in method: /pets/GET"), in: configuration) {
            try $0.removeRequestValidator(apiId: apiId, id: "v1")
        }
        let patched = try configuration.updateRequestValidator(apiId: apiId, id: "v1", operations: [
            PatchOperation(op: "replace", path: "/validateRequestParameters", value: "true"),
        ])
        #expect(patched.validateRequestParameters)
        #expect(throws: GatewayError.self) {
            try configuration.updateRequestValidator(apiId: apiId, id: "v1", operations: [PatchOperation(op: "replace", path: "/other", value: "x")])
        }
        #expect(try configuration.requestValidators(apiId: apiId).map(\.id) == ["v1"])
    }
}
