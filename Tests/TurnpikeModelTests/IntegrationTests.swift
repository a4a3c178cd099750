import Testing
@testable import TurnpikeModel

@Suite struct IntegrationTests {
    let apiId = RestApiFixture.apiId

    func withGet() throws -> Configuration {
        var configuration = try RestApiFixture.pets()
        _ = try configuration.putMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET", PutMethodInput(authorizationType: "NONE"))
        _ = configuration.takeChanges()
        return configuration
    }

    func put(_ configuration: inout Configuration, _ input: PutIntegrationInput) throws -> Integration {
        try configuration.putIntegration(apiId: apiId, resourceId: "pets01", httpMethod: "GET", input)
    }

    @Test func httpProxyGetsAwsDefaults() throws {
        var configuration = try withGet()
        let integration = try put(&configuration, PutIntegrationInput(
            type: "HTTP_PROXY", httpMethod: "GET", uri: "https://backend.example:8443/pets/{id}",
            requestParameters: ["integration.request.path.id": "method.request.path.id"]
        ))
        #expect(integration.timeoutInMillis == 29000 && integration.passthroughBehavior == "WHEN_NO_MATCH")
        #expect(integration.connectionType == "INTERNET" && integration.cacheNamespace == "pets01" && integration.cacheKeyParameters == [])
        #expect(try configuration.integration(apiId: apiId, resourceId: "pets01", httpMethod: "GET") == integration)
        #expect(try configuration.method(apiId: apiId, resourceId: "pets01", httpMethod: "GET").methodIntegration == integration)
        #expect(configuration.takeChanges().map(\.key) == ["restapi/\(apiId)"])
        #expect(try wire(integration) == #"{"cacheKeyParameters":[],"cacheNamespace":"pets01","connectionType":"INTERNET","httpMethod":"GET","passthroughBehavior":"WHEN_NO_MATCH","requestParameters":{"integration.request.path.id":"method.request.path.id"},"timeoutInMillis":29000,"type":"HTTP_PROXY","uri":"https://backend.example:8443/pets/{id}"}"#)
    }

    @Test func mockNeedsNoBackendAndStageVariablesMayNameTheHost() throws {
        var configuration = try withGet()
        let mock = try put(&configuration, PutIntegrationInput(type: "MOCK", requestTemplates: ["application/json": #"{"statusCode": 200}"#]))
        #expect(mock.type == "MOCK" && mock.uri == nil && mock.timeoutInMillis == 29000)
        let http = try put(&configuration, PutIntegrationInput(type: "HTTP", httpMethod: "POST", uri: "http://${stageVariables.host}/x", timeoutInMillis: 50))
        #expect(http.type == "HTTP" && http.timeoutInMillis == 50)
    }

    @Test func putRefusals() throws {
        let configuration = try withGet()
        let cases: [(String, PutIntegrationInput, GatewayError)] = [
            ("GET", PutIntegrationInput(type: nil), .mustNotBeNull(at: "putIntegrationInput.type")),
            ("POST", PutIntegrationInput(type: "MOCK"), .notFound("Invalid Method identifier specified")),
            ("GET", PutIntegrationInput(type: "HTTPS_PROXY"), .init(.validation,
                "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]")),
            ("GET", PutIntegrationInput(type: "AWS_PROXY", httpMethod: "POST", uri: "arn:aws:apigateway:us-east-1:lambda:path/x"),
                .badRequest(LambdaInvocationURI.Refusal.notInvocation.message)),
            ("GET", PutIntegrationInput(type: "AWS", httpMethod: "POST", uri: "arn:aws:apigateway:us-east-1:s3:path/bucket/key"),
                .badRequest(LambdaInvocationURI.Refusal.notLambda(service: "s3").message)),
            ("GET", PutIntegrationInput(type: "AWS", httpMethod: "POST", uri: "arn:aws:lambda:us-east-1:123456789012:function:f"),
                .badRequest("Invalid ARN specified in the request")),
            ("GET", PutIntegrationInput(type: "AWS", httpMethod: "POST", uri: "arn:aws:apigateway:us-east-1:lambda:2015-03-31"),
                .badRequest("AWS ARN for integration must contain path or action")),
            ("GET", PutIntegrationInput(type: "AWS", httpMethod: "POST",
                                        uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations",
                                        requestTemplates: ["application/json": "{}"]),
                .badRequest("Turnpike does not apply request templates to AWS integrations; use AWS_PROXY or no templates")),
            ("GET", PutIntegrationInput(type: "AWS_PROXY", uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations"),
                .badRequest("Enumeration value for HttpMethod must be non-empty")),
            ("GET", PutIntegrationInput(type: "HTTP", uri: "http://127.0.0.1:9/"), .badRequest("Enumeration value for HttpMethod must be non-empty")),
            ("GET", PutIntegrationInput(type: "HTTP", httpMethod: "FETCH", uri: "http://h/"),
                .badRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY")),
            ("GET", PutIntegrationInput(type: "HTTP", httpMethod: "GET"), .badRequest("Invalid HTTP endpoint specified for URI")),
            ("GET", PutIntegrationInput(type: "HTTP_PROXY", httpMethod: "GET", uri: "not a url"), .badRequest("Invalid HTTP endpoint specified for URI")),
            ("GET", PutIntegrationInput(type: "HTTP_PROXY", httpMethod: "GET", uri: "ftp://h/x"), .badRequest("Invalid HTTP endpoint specified for URI")),
            ("GET", PutIntegrationInput(type: "HTTP_PROXY", httpMethod: "GET", uri: "https:///x"), .badRequest("Invalid HTTP endpoint specified for URI")),
            ("GET", PutIntegrationInput(type: "MOCK", timeoutInMillis: 29001), .badRequest("Timeout should be between 50 ms and 29000 ms")),
            ("GET", PutIntegrationInput(type: "MOCK", timeoutInMillis: 49), .badRequest("Timeout should be between 50 ms and 29000 ms")),
            ("GET", PutIntegrationInput(type: "MOCK", passthroughBehavior: "ALWAYS"),
                .badRequest("Invalid passthrough behavior specified: ALWAYS. Valid options are WHEN_NO_MATCH,WHEN_NO_TEMPLATES,NEVER")),
        ]
        for (httpMethod, input, error) in cases {
            expectRefused(error, in: configuration) { _ = try $0.putIntegration(apiId: apiId, resourceId: "pets01", httpMethod: httpMethod, input) }
        }
        var vpc = PutIntegrationInput(type: "HTTP_PROXY", httpMethod: "GET", uri: "http://h/")
        vpc.connectionType = "VPC_LINK"
        expectRefused(.badRequest("Turnpike does not support connection type VPC_LINK; use INTERNET"), in: configuration) {
            _ = try $0.putIntegration(apiId: apiId, resourceId: "pets01", httpMethod: "GET", vpc)
        }
        expectRefused(.notFound("Invalid Resource identifier specified"), in: configuration) {
            _ = try $0.putIntegration(apiId: "nope", resourceId: "pets01", httpMethod: "GET", PutIntegrationInput(type: "MOCK"))
        }
        #expect(throws: GatewayError.notFound("Invalid Integration identifier specified")) {
            try configuration.integration(apiId: apiId, resourceId: "pets01", httpMethod: "GET")
        }
    }

    @Test func updateAndDelete() throws {
        var configuration = try withGet()
        _ = try put(&configuration, PutIntegrationInput(type: "HTTP", httpMethod: "GET", uri: "http://a/"))
        let updated = try configuration.updateIntegration(apiId: apiId, resourceId: "pets01", httpMethod: "GET", operations: [
            PatchOperation(op: "replace", path: "/timeoutInMillis", value: "5000"),
            PatchOperation(op: "replace", path: "/uri", value: "http://b/{id}"),
            PatchOperation(op: "add", path: "/requestParameters/integration.request.path.id", value: "method.request.path.id"),
            PatchOperation(op: "add", path: "/requestTemplates/application~1json", value: "{}"),
            PatchOperation(op: "add", path: "/cacheKeyParameters/method.request.path.id"),
            PatchOperation(op: "replace", path: "/tlsConfig/insecureSkipVerification", value: "true"),
        ])
        #expect(updated.timeoutInMillis == 5000 && updated.uri == "http://b/{id}")
        #expect(updated.requestParameters == ["integration.request.path.id": "method.request.path.id"])
        #expect(updated.requestTemplates == ["application/json": "{}"] && updated.cacheKeyParameters == ["method.request.path.id"])
        #expect(updated.tlsConfig?.insecureSkipVerification == true)
        _ = configuration.takeChanges()
        let refusals: [(PatchOperation, GatewayError)] = [
            (PatchOperation(op: "replace", path: "/timeoutInMillis", value: "30000"), .badRequest("Timeout should be between 50 ms and 29000 ms")),
            (PatchOperation(op: "replace", path: "/uri", value: "b"), .badRequest("Invalid HTTP endpoint specified for URI")),
            (PatchOperation(op: "remove", path: "/uri"), .badRequest("Invalid patch path  '/uri' specified for op 'remove'. Please choose supported operations")),
            (PatchOperation(op: "replace", path: "/type", value: "MOCK"), .badRequest(
                "Invalid patch path  '/type' specified for op 'replace'. Must be one of: [/uri, /httpMethod, /timeoutInMillis, /passthroughBehavior, /connectionType, /connectionId, /credentials, /contentHandling, /cacheNamespace, /tlsConfig/insecureSkipVerification, /requestParameters/{name}, /requestTemplates/{contentType}, /cacheKeyParameters/{name}]")),
        ]
        for (operation, error) in refusals {
            expectRefused(error, in: configuration) {
                _ = try $0.updateIntegration(apiId: apiId, resourceId: "pets01", httpMethod: "GET", operations: [operation])
            }
        }
        try configuration.removeIntegration(apiId: apiId, resourceId: "pets01", httpMethod: "GET")
        #expect(try configuration.method(apiId: apiId, resourceId: "pets01", httpMethod: "GET").methodIntegration == nil)
        _ = configuration.takeChanges()
        expectRefused(.notFound("Invalid Integration identifier specified"), in: configuration) {
            try $0.removeIntegration(apiId: apiId, resourceId: "pets01", httpMethod: "GET")
        }
    }

    @Test func integrationResponseLifecycle() throws {
        var configuration = try RestApiFixture.method()
        let response = try configuration.putIntegrationResponse(
            apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
            PutIntegrationResponseInput(selectionPattern: "", responseTemplates: ["application/json": #"{"ok": true}"#])
        )
        #expect(response.statusCode == "200" && response.selectionPattern == "")
        #expect(try configuration.integrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200") == response)
        #expect(try configuration.integration(apiId: apiId, resourceId: "pets01", httpMethod: "GET").integrationResponses == ["200": response])
        let updated = try configuration.updateIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200", operations: [
            PatchOperation(op: "replace", path: "/selectionPattern", value: "2\\d{2}"),
            PatchOperation(op: "add", path: "/responseParameters/method.response.header.X-Id", value: "'1'"),
            PatchOperation(op: "remove", path: "/responseTemplates/application~1json"),
        ])
        #expect(updated.selectionPattern == "2\\d{2}" && updated.responseParameters == ["method.response.header.X-Id": "'1'"])
        #expect(updated.responseTemplates == nil)
        try configuration.removeIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200")
        #expect(try configuration.integration(apiId: apiId, resourceId: "pets01", httpMethod: "GET").integrationResponses == nil)
    }

    @Test func integrationResponseRefusals() throws {
        let configuration = try RestApiFixture.method()
        let withoutIntegration = try withGet()
        let unknown = GatewayError.notFound("Invalid Response status code specified")
        expectRefused(.notFound("Invalid Integration identifier specified"), in: withoutIntegration) {
            _ = try $0.putIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200", PutIntegrationResponseInput())
        }
        expectRefused(GatewayError(.validation,
            "1 validation error detected: Value '600' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"),
            in: configuration) {
            _ = try $0.putIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "600", PutIntegrationResponseInput())
        }
        #expect(throws: unknown) { try configuration.integrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200") }
        expectRefused(unknown, in: configuration) {
            _ = try $0.updateIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200", operations: [])
        }
        expectRefused(unknown, in: configuration) { try $0.removeIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200") }
        var withResponse = configuration
        _ = try withResponse.putIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200", PutIntegrationResponseInput())
        _ = withResponse.takeChanges()
        expectRefused(.badRequest("Invalid patch path  '/statusCode' specified for op 'replace'. Must be one of: [/selectionPattern, /contentHandling, /responseParameters/{name}, /responseTemplates/{contentType}]"), in: withResponse) {
            _ = try $0.updateIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200", operations: [
                PatchOperation(op: "replace", path: "/statusCode", value: "201"),
            ])
        }
    }
}
