import Testing
@testable import TurnpikeModel

/// Issue 13 item 8: header names and literal values an admin maps onto gateway responses, MOCK
/// integration responses and method responses are checked on write (put and patch).
@Suite struct ResponseHeaderValidationTests {
    let apiId = RestApiFixture.apiId

    /// Names no mapping may set.
    static let badNames = [
        "Content-Length", "transfer-encoding", "Connection", "Keep-Alive", "TE", "Trailer", "Upgrade", "Host",
        "Proxy-Connection", "content_length", "Transfer_Encoding", "X Bad", "X:Bad", "X\r\nInjected", "", "X\u{0}",
        "Caf\u{e9}",
    ]
    /// Literal values no mapping may carry.
    static let badValues = ["'a\r\nSet-Cookie: x=1'", "'a\nb'", "'a\rb'", "'nul\u{0}'", "'bell\u{7}'", "'del\u{7F}'"]

    @Test func theRules() {
        #expect(HeaderField.isMappable(name: "X-Trace-Id") && HeaderField.isMappable(name: "Access-Control-Allow-Origin"))
        #expect(HeaderField.isSafeValue("a\tb ✓") && !HeaderField.isSafeValue("a\r\n"))
        for name in Self.badNames { #expect(!HeaderField.isMappable(name: name), "\(name)") }
    }

    @Test func gatewayResponsesRefuseBadHeadersOnPutAndPatch() throws {
        let configuration = try RestApiFixture.api()
        for name in Self.badNames {
            expectRefused(.badRequest(
                "Invalid response header name '\(HeaderField.sanitized(name))' in gatewayresponse.header.\(HeaderField.sanitized(name)): "
                    + "must be a token, and not Content-Length, Transfer-Encoding, Host or a hop-by-hop header"
            ), in: configuration) {
                _ = try $0.putGatewayResponse(apiId: apiId, type: "THROTTLED", PutGatewayResponseInput(
                    responseParameters: ["gatewayresponse.header.\(name)": "'1'"]))
            }
            expectRefused(.badRequest(
                "Invalid response header name '\(HeaderField.sanitized(name))' in gatewayresponse.header.\(HeaderField.sanitized(name)): "
                    + "must be a token, and not Content-Length, Transfer-Encoding, Host or a hop-by-hop header"
            ), in: configuration) {
                _ = try $0.updateGatewayResponse(apiId: apiId, type: "THROTTLED", operations: [
                    PatchOperation(op: "add", path: "/responseParameters/gatewayresponse.header.\(name)", value: "'1'")])
            }
        }
        for value in Self.badValues {
            expectRefused(.badRequest("Invalid value for response header 'X-Why': control characters (CR, LF, NUL ...) are not allowed"),
                          in: configuration) {
                _ = try $0.putGatewayResponse(apiId: apiId, type: "DEFAULT_4XX", PutGatewayResponseInput(
                    responseParameters: ["gatewayresponse.header.X-Why": value]))
            }
        }
        expectRefused(.badRequest("Invalid content type 'text/html??X: 1' for a response template: control characters are not allowed"),
                      in: configuration) {
            _ = try $0.updateGatewayResponse(apiId: apiId, type: "THROTTLED", operations: [
                PatchOperation(op: "add", path: "/responseTemplates/text~1html\r\nX: 1", value: "x")])
        }
        var accepted = configuration
        let put = try accepted.putGatewayResponse(apiId: apiId, type: "THROTTLED", PutGatewayResponseInput(
            responseParameters: ["gatewayresponse.header.Retry-After": "'10'", "gatewayresponse.header.X-From": "method.request.header.x"]))
        #expect(put.responseParameters?.count == 2)
    }

    @Test func mockAndMethodResponsesRefuseBadHeaders() throws {
        var configuration = try RestApiFixture.pets()
        _ = try configuration.putMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET", PutMethodInput(authorizationType: "NONE"))
        _ = try configuration.putIntegration(apiId: apiId, resourceId: "pets01", httpMethod: "GET", PutIntegrationInput(type: "MOCK"))
        _ = try configuration.putIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
                                                     PutIntegrationResponseInput())
        _ = try configuration.putMethodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
                                                PutMethodResponseInput())
        _ = configuration.takeChanges()
        for name in Self.badNames {
            let key = "method.response.header.\(name)"
            #expect(throws: GatewayError.self) {
                var copy = configuration
                _ = try copy.putIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
                                                    PutIntegrationResponseInput(responseParameters: [key: "'1'"]))
            }
            #expect(throws: GatewayError.self) {
                var copy = configuration
                _ = try copy.updateIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
                                                       operations: [PatchOperation(op: "add", path: "/responseParameters/\(key)", value: "'1'")])
            }
            #expect(throws: GatewayError.self) {
                var copy = configuration
                _ = try copy.putMethodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
                                               PutMethodResponseInput(responseParameters: [key: true]))
            }
            #expect(throws: GatewayError.self) {
                var copy = configuration
                _ = try copy.updateMethodResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
                                                  operations: [PatchOperation(op: "add", path: "/responseParameters/\(key)", value: "true")])
            }
        }
        for value in Self.badValues {
            #expect(throws: GatewayError.self) {
                var copy = configuration
                _ = try copy.putIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
                                                    PutIntegrationResponseInput(responseParameters: ["method.response.header.X-Ok": value]))
            }
            #expect(throws: GatewayError.self) {
                var copy = configuration
                _ = try copy.updateIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
                                                       operations: [PatchOperation(op: "add", path: "/responseParameters/method.response.header.X-Ok", value: value)])
            }
        }
        #expect(throws: GatewayError.self) {
            var copy = configuration
            _ = try copy.putIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
                                                PutIntegrationResponseInput(responseTemplates: ["text/plain\r\nX-Evil: 1": "x"]))
        }
        let fine = try configuration.putIntegrationResponse(apiId: apiId, resourceId: "pets01", httpMethod: "GET", statusCode: "200",
                                                            PutIntegrationResponseInput(responseParameters: ["method.response.header.X-Ok": "'fine\tvalue'"]))
        #expect(fine.responseParameters?["method.response.header.X-Ok"] == "'fine\tvalue'")
    }
}
