import Testing
@testable import TurnpikeModel

@Suite struct MethodTests {
    let apiId = RestApiFixture.apiId

    func put(_ configuration: inout Configuration, _ input: PutMethodInput, httpMethod: String = "GET") throws -> Method {
        try configuration.putMethod(apiId: apiId, resourceId: "pets01", httpMethod: httpMethod, input)
    }

    @Test func putAndGet() throws {
        var configuration = try RestApiFixture.pets()
        var input = PutMethodInput(
            authorizationType: "none", apiKeyRequired: true, operationName: "ListPets",
            requestParameters: ["method.request.querystring.q": false, "method.request.header.x-trace": true],
            requestModels: ["application/json": "Empty"]
        )
        input.authorizationScopes = []
        let method = try put(&configuration, input, httpMethod: "ANY")
        #expect(method.httpMethod == "ANY" && method.authorizationType == "NONE" && method.apiKeyRequired)
        #expect(method.operationName == "ListPets" && method.requestModels == ["application/json": "Empty"])
        #expect(method.authorizationScopes == nil && method.methodIntegration == nil)
        #expect(try configuration.method(apiId: apiId, resourceId: "pets01", httpMethod: "ANY") == method)
        #expect(try configuration.resource(apiId: apiId, id: "pets01").resourceMethods?.keys.sorted() == ["ANY"])
        #expect(configuration.takeChanges().map(\.key) == ["restapi/\(apiId)"])
        #expect(try wire(method) == #"{"apiKeyRequired":true,"authorizationType":"NONE","httpMethod":"ANY","operationName":"ListPets","requestModels":{"application/json":"Empty"},"requestParameters":{"method.request.header.x-trace":true,"method.request.querystring.q":false}}"#)
    }

    @Test func putRefusals() throws {
        var configuration = try RestApiFixture.pets()
        _ = try put(&configuration, PutMethodInput(authorizationType: "NONE"))
        _ = configuration.takeChanges()
        var validator = PutMethodInput(authorizationType: "NONE")
        validator.requestValidatorId = "v1"
        let cases: [(String, String, String, PutMethodInput, GatewayError)] = [
            (apiId, "pets01", "POST", PutMethodInput(authorizationType: nil), .mustNotBeNull(at: "putMethodInput.authorizationType")),
            ("nope", "pets01", "POST", PutMethodInput(authorizationType: "NONE"), .notFound("Invalid Resource identifier specified")),
            (apiId, "nope", "POST", PutMethodInput(authorizationType: "NONE"), .notFound("Invalid Resource identifier specified")),
            (apiId, "pets01", "FOO", PutMethodInput(authorizationType: "NONE"),
                .badRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY")),
            (apiId, "pets01", "GET", PutMethodInput(authorizationType: "NONE"), .conflict("Method already exists for this resource")),
            (apiId, "pets01", "POST", PutMethodInput(authorizationType: "CUSTOM"), .badRequest(
                "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.")),
            (apiId, "pets01", "POST", PutMethodInput(authorizationType: "AWS_IAM"),
                .badRequest("Turnpike does not support authorization type AWS_IAM; use NONE with API keys")),
            (apiId, "pets01", "POST", PutMethodInput(authorizationType: "MAGIC"),
                .badRequest("Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS")),
            (apiId, "pets01", "POST", validator, .badRequest("Invalid Request Validator identifier specified")),
            (apiId, "pets01", "POST", PutMethodInput(authorizationType: "NONE", requestModels: ["application/json": "Pet"]),
                .badRequest("Invalid model identifier specified: Pet")),
            (apiId, "pets01", "POST", PutMethodInput(authorizationType: "NONE", requestParameters: ["method.request.header.id": true, "method.request.path.id": true]),
                .badRequest("Parameter names must be unique across querystring, header and path")),
            (apiId, "pets01", "POST", PutMethodInput(authorizationType: "NONE", requestParameters: ["query.id": true]), .badRequest(
                "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid method request parameter specified: query.id]")),
        ]
        for (api, resource, httpMethod, input, error) in cases {
            expectRefused(error, in: configuration) { _ = try $0.putMethod(apiId: api, resourceId: resource, httpMethod: httpMethod, input) }
        }
    }

    @Test func updateFollowsAwsPaths() throws {
        var configuration = try RestApiFixture.pets()
        _ = try put(&configuration, PutMethodInput(authorizationType: "NONE", requestModels: ["application/json": "Empty"]))
        let method = try configuration.updateMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET", operations: [
            PatchOperation(op: "replace", path: "/apiKeyRequired", value: "true"),
            PatchOperation(op: "replace", path: "/operationName", value: "GetPets"),
            PatchOperation(op: "add", path: "/requestParameters/method.request.querystring.page", value: "true"),
            PatchOperation(op: "replace", path: "/requestParameters/method.request.querystring.page", value: "false"),
            PatchOperation(op: "remove", path: "/requestModels/application~1json"),
            PatchOperation(op: "replace", path: "/authorizerId", value: "ignored"),
            PatchOperation(op: "add", path: "/authorizationScopes", value: "read"),
        ])
        #expect(method.apiKeyRequired && method.operationName == "GetPets")
        #expect(method.requestParameters == ["method.request.querystring.page": false] && method.requestModels == nil)
        #expect(method.authorizerId == nil && method.authorizationScopes == ["read"])
        #expect(try configuration.method(apiId: apiId, resourceId: "pets01", httpMethod: "GET") == method)
    }

    @Test func updateRefusals() throws {
        let configuration = try RestApiFixture.method()
        let cases: [(String, PatchOperation, GatewayError)] = [
            ("POST", PatchOperation(op: "replace", path: "/apiKeyRequired", value: "true"), .notFound("Invalid Method identifier specified")),
            ("GET", PatchOperation(op: "replace", path: "/httpMethod", value: "PUT"), .badRequest("Invalid patch path /httpMethod")),
            ("GET", PatchOperation(op: "add", path: "/requestParameters", value: "x"), .badRequest("Invalid patch path /requestParameters")),
            ("GET", PatchOperation(op: "add", path: "/requestModels/application/json", value: "Empty"),
                .badRequest("Invalid patch path /requestModels/application/json")),
            ("GET", PatchOperation(op: "add", path: "/operationName", value: "x"), .badRequest("Invalid patch operation specified. Must be one of: [replace]")),
            ("GET", PatchOperation(op: "replace", path: "/authorizationType", value: "COGNITO_USER_POOLS"), .badRequest(
                "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.")),
            ("GET", PatchOperation(op: "replace", path: "/requestValidatorId", value: "v1"), .badRequest("Invalid Request Validator identifier specified")),
            ("GET", PatchOperation(op: "add", path: "/requestModels/application~1json", value: "Pet"), .badRequest("Invalid model identifier specified: Pet")),
        ]
        for (httpMethod, operation, error) in cases {
            expectRefused(error, in: configuration) {
                _ = try $0.updateMethod(apiId: apiId, resourceId: "pets01", httpMethod: httpMethod, operations: [
                    PatchOperation(op: "replace", path: "/apiKeyRequired", value: "true"), operation,
                ])
            }
        }
    }

    @Test func deleteRemovesMethodAndIntegration() throws {
        var configuration = try RestApiFixture.method()
        expectRefused(.notFound("Invalid Method identifier specified"), in: configuration) {
            try $0.removeMethod(apiId: apiId, resourceId: "pets01", httpMethod: "POST")
        }
        expectRefused(.notFound("Invalid Resource identifier specified"), in: configuration) {
            try $0.removeMethod(apiId: "nope", resourceId: "pets01", httpMethod: "GET")
        }
        try configuration.removeMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET")
        #expect(try configuration.resource(apiId: apiId, id: "pets01").resourceMethods == nil)
        #expect(throws: GatewayError.notFound("Invalid Method identifier specified")) {
            try configuration.method(apiId: apiId, resourceId: "pets01", httpMethod: "GET")
        }
    }

    @Test func methodResponseLifecycle() throws {
        var configuration = try RestApiFixture.method()
        let put = try configuration.putMethodResponse(
            apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
            PutMethodResponseInput(responseParameters: ["method.response.header.X-Id": false], responseModels: ["application/json": "Empty"])
        )
        #expect(put == MethodResponse(statusCode: "200", responseParameters: ["method.response.header.X-Id": false], responseModels: ["application/json": "Empty"]))
        #expect(try configuration.methodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200") == put)
        #expect(try configuration.method(apiId: apiId, resourceId: "pets01", httpMethod: "GET").methodResponses == ["200": put])
        let updated = try configuration.updateMethodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200", operations: [
            PatchOperation(op: "replace", path: "/responseParameters/method.response.header.X-Id", value: "true"),
            PatchOperation(op: "add", path: "/responseParameters/method.response.header.X-Other", value: "false"),
            PatchOperation(op: "remove", path: "/responseModels/application~1json"),
        ])
        #expect(updated.responseParameters == ["method.response.header.X-Id": true, "method.response.header.X-Other": false])
        #expect(updated.responseModels == nil)
        try configuration.removeMethodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200")
        #expect(try configuration.method(apiId: apiId, resourceId: "pets01", httpMethod: "GET").methodResponses == nil)
    }

    @Test func methodResponseRefusals() throws {
        var configuration = try RestApiFixture.method()
        _ = try configuration.putMethodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200", PutMethodResponseInput())
        _ = configuration.takeChanges()
        let badCode = GatewayError(.validation,
            "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d")
        let unknown = GatewayError.notFound("Invalid Response status code specified")
        expectRefused(badCode, in: configuration) {
            _ = try $0.putMethodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "wrong", PutMethodResponseInput())
        }
        expectRefused(.notFound("Invalid Method identifier specified"), in: configuration) {
            _ = try $0.putMethodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "PUT", statusCode: "200", PutMethodResponseInput())
        }
        expectRefused(.badRequest("Invalid model identifier specified: Pet"), in: configuration) {
            _ = try $0.putMethodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "201", PutMethodResponseInput(responseModels: ["a/b": "Pet"]))
        }
        #expect(throws: badCode) { try configuration.methodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "wrong") }
        #expect(throws: unknown) { try configuration.methodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "404") }
        expectRefused(unknown, in: configuration) { try $0.removeMethodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "404") }
        let patches: [(String, PatchOperation, GatewayError)] = [
            ("404", PatchOperation(op: "add", path: "/responseModels/a~1b", value: "Empty"), unknown),
            ("200", PatchOperation(op: "remove", path: "/responseParameters/method.response.header.X"), .notFound("Invalid parameter name specified")),
            ("200", PatchOperation(op: "replace", path: "/responseModels/a~1b", value: "Empty"), .notFound("Content-Type specified was not found")),
            ("200", PatchOperation(op: "add", path: "/wrong/method.response.header.my-header", value: "true"),
                .badRequest("Invalid patch path /wrong/method.response.header.my-header")),
        ]
        for (status, operation, error) in patches {
            expectRefused(error, in: configuration) {
                _ = try $0.updateMethodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: status, operations: [operation])
            }
        }
    }
}
