import Testing
@testable import TurnpikeModel

@Suite struct GatewayResponseTests {
    let apiId = RestApiFixture.apiId
    let template = ["application/json": "{\"message\":$context.error.messageString}"]

    @Test(arguments: [
        ("MISSING_AUTHENTICATION_TOKEN", "403"), ("INVALID_API_KEY", "403"), ("THROTTLED", "429"), ("QUOTA_EXCEEDED", "429"),
        ("INTEGRATION_TIMEOUT", "504"), ("INTEGRATION_FAILURE", "502"), ("RESOURCE_NOT_FOUND", "404"), ("UNAUTHORIZED", "401"),
    ])
    func defaultsCarryAwsStatus(type: String, status: String) throws {
        let configuration = try RestApiFixture.api()
        #expect(try configuration.gatewayResponse(apiId: apiId, type: type) == GatewayResponse(
            responseType: type, statusCode: status, responseParameters: [:], responseTemplates: template, defaultResponse: true
        ))
    }

    @Test func defaultFamiliesHaveNoStatus() throws {
        let configuration = try RestApiFixture.api()
        let response = try configuration.gatewayResponse(apiId: apiId, type: "DEFAULT_4XX")
        #expect(try wire(response) == #"{"defaultResponse":true,"responseParameters":{},"responseTemplates":{"application/json":"{\"message\":$context.error.messageString}"},"responseType":"DEFAULT_4XX"}"#)
    }

    @Test func putGetListDelete() throws {
        var configuration = try RestApiFixture.api()
        let put = try configuration.putGatewayResponse(apiId: apiId, type: "THROTTLED", PutGatewayResponseInput(
            statusCode: "429", responseParameters: ["gatewayresponse.header.X-Why": "'slow'"],
            responseTemplates: ["application/json": #"{"msg": "slow down"}"#]
        ))
        #expect(put.defaultResponse == false && put.statusCode == "429")
        #expect(try configuration.gatewayResponse(apiId: apiId, type: "THROTTLED") == put)
        let minimal = try configuration.putGatewayResponse(apiId: apiId, type: "MISSING_AUTHENTICATION_TOKEN", PutGatewayResponseInput())
        #expect(minimal == GatewayResponse(
            responseType: "MISSING_AUTHENTICATION_TOKEN", statusCode: "403", responseParameters: [:], responseTemplates: template, defaultResponse: false
        ))
        let list = try configuration.gatewayResponses(apiId: apiId)
        #expect(list.count == 21 && list.map(\.responseType) == GatewayResponse.types.sorted())
        #expect(list.filter { !$0.defaultResponse }.map(\.responseType) == ["MISSING_AUTHENTICATION_TOKEN", "THROTTLED"])
        #expect(configuration.takeChanges().map(\.key) == ["restapi/\(apiId)"])
        try configuration.removeGatewayResponse(apiId: apiId, type: "THROTTLED")
        #expect(try configuration.gatewayResponse(apiId: apiId, type: "THROTTLED").defaultResponse)
    }

    @Test func familyResponsesReachTheirDefaults() throws {
        var configuration = try RestApiFixture.api()
        _ = try configuration.putGatewayResponse(apiId: apiId, type: "DEFAULT_5XX", PutGatewayResponseInput(
            statusCode: "599", responseParameters: ["gatewayresponse.header.X": "'y'"]
        ))
        let timeout = try configuration.gatewayResponse(apiId: apiId, type: "INTEGRATION_TIMEOUT")
        #expect(timeout.statusCode == "599" && timeout.responseParameters == ["gatewayresponse.header.X": "'y'"] && timeout.defaultResponse)
        #expect(try configuration.gatewayResponse(apiId: apiId, type: "THROTTLED").statusCode == "429")
    }

    @Test func refusals() throws {
        var configuration = try RestApiFixture.api()
        _ = try configuration.putGatewayResponse(apiId: apiId, type: "THROTTLED", PutGatewayResponseInput())
        _ = configuration.takeChanges()
        let badType = GatewayError(.validation,
            "1 validation error detected: Value 'FAKE_RESPONSE_TYPE' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: [REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN]")
        #expect(throws: badType) { try configuration.gatewayResponse(apiId: apiId, type: "FAKE_RESPONSE_TYPE") }
        #expect(throws: Configuration.unknownRestApi("nope")) { try configuration.gatewayResponses(apiId: "nope") }
        expectRefused(badType, in: configuration) { _ = try $0.putGatewayResponse(apiId: apiId, type: "FAKE_RESPONSE_TYPE", PutGatewayResponseInput()) }
        expectRefused(Configuration.unknownRestApi("nope"), in: configuration) { _ = try $0.putGatewayResponse(apiId: "nope", type: "THROTTLED", PutGatewayResponseInput()) }
        expectRefused(badType, in: configuration) { try $0.removeGatewayResponse(apiId: apiId, type: "FAKE_RESPONSE_TYPE") }
        expectRefused(.notFound("Gateway response type not defined on api"), in: configuration) { try $0.removeGatewayResponse(apiId: apiId, type: "QUOTA_EXCEEDED") }
        expectRefused(badType, in: configuration) { _ = try $0.updateGatewayResponse(apiId: apiId, type: "FAKE_RESPONSE_TYPE", operations: []) }
    }

    @Test func updateStartsFromTheDefault() throws {
        var configuration = try RestApiFixture.api()
        let updated = try configuration.updateGatewayResponse(apiId: apiId, type: "DEFAULT_4XX", operations: [
            PatchOperation(op: "replace", path: "/statusCode", value: "444"),
            PatchOperation(op: "add", path: "/responseParameters/gatewayresponse.header.X", value: "'a'"),
            PatchOperation(op: "replace", path: "/responseParameters/gatewayresponse.header.X", value: "'b'"),
            PatchOperation(op: "add", path: "/responseTemplates/application~1xml", value: "<e/>"),
        ])
        #expect(updated == GatewayResponse(
            responseType: "DEFAULT_4XX", statusCode: "444", responseParameters: ["gatewayresponse.header.X": "'b'"],
            responseTemplates: template.merging(["application/xml": "<e/>"]) { $1 }, defaultResponse: false
        ))
        #expect(try configuration.gatewayResponse(apiId: apiId, type: "DEFAULT_4XX") == updated)
        _ = configuration.takeChanges()
        let cases: [(PatchOperation, GatewayError)] = [
            (PatchOperation(op: "add", path: "/statusCode", value: "400"), .badRequest("Invalid patch path /statusCode")),
            (PatchOperation(op: "replace", path: "/wrongPath", value: "x"), .badRequest("Invalid patch path /wrongPath")),
            (PatchOperation(op: "replace", path: "/responseParameters/nope", value: "x"), .notFound("Invalid parameter name specified")),
            (PatchOperation(op: "add", path: "/responseTemplates/text~1plain"), .badRequest("Invalid null or empty value in responseTemplates")),
            (PatchOperation(op: "add", path: "/responseParameters/x"), .badRequest("Invalid null or empty value in responseParameters")),
            (PatchOperation(op: "wrong-op", path: "/statusCode", value: "400"), .enumeration(
                value: "wrong-op", at: "updateGatewayResponseInput.patchOperations.1.member.op", allowed: PatchOperation.allowedOps)),
        ]
        for (operation, error) in cases {
            expectRefused(error, in: configuration) { _ = try $0.updateGatewayResponse(apiId: apiId, type: "DEFAULT_4XX", operations: [operation]) }
        }
    }
}
