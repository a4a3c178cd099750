import Testing
import TurnpikeModel
@testable import TurnpikeGateway

@Suite("GatewayResponseRenderer")
struct GatewayResponseRendererTests {
    @Test(arguments: [
        (GatewayResponseType.missingAuthenticationToken, 403, #"{"message":"Missing Authentication Token"}"#, "MissingAuthenticationTokenException"),
        (.invalidApiKey, 403, #"{"message":"Forbidden"}"#, "ForbiddenException"),
        (.throttled, 429, #"{"message":"Too Many Requests"}"#, "TooManyRequestsException"),
        (.quotaExceeded, 429, #"{"message":"Limit Exceeded"}"#, "LimitExceededException"),
        (.integrationTimeout, 504, #"{"message": "Endpoint request timed out"}"#, nil),
        (.integrationFailure, 502, #"{"message": "Internal server error"}"#, nil),
        (.requestTooLarge, 413, #"{"message":"Request Too Long"}"#, nil),
        (.default5xx, 500, #"{"message": "Internal server error"}"#, nil),
    ] as [(GatewayResponseType, Int, String, String?)])
    func awsDefaults(type: GatewayResponseType, status: Int, body: String, errorType: String?) {
        let response = GatewayResponseRenderer.defaults.render(type)
        #expect(response.status == status)
        #expect(response.bodyText == body)
        #expect(response.header("content-type") == "application/json")
        #expect(response.header("x-amzn-ErrorType") == errorType)
        #expect(response.header("content-length") == nil)
    }

    @Test func everyTypeRenders() {
        for type in GatewayResponseType.allCases {
            let response = GatewayResponseRenderer.defaults.render(type)
            #expect((400...599).contains(response.status), "\(type)")
            #expect(response.bodyText.hasPrefix(#"{"message":"#), "\(type)")
            #expect(GatewayResponseType.allCases[type.index] == type)
        }
    }

    @Test func anOverrideOfItsOwnType() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        _ = try configuration.putGatewayResponse(apiId: "api1", type: "THROTTLED", PutGatewayResponseInput(
            statusCode: "503",
            responseParameters: ["gatewayresponse.header.Retry-After": "'1'", "gatewayresponse.header.X-Origin": "method.request.header.origin"],
            responseTemplates: ["application/json": #"{"error":$context.error.messageString,"type":"$context.error.responseType","raw":"$context.error.message","id":"$context.requestId"}"#]
        ))
        let renderer = GatewayResponseRenderer(gatewayResponses: try #require(configuration.restApis["api1"]).gatewayResponses)
        let throttled = renderer.render(.throttled)
        #expect(throttled.status == 503)
        #expect(throttled.bodyText
            == #"{"error":"Too Many Requests","type":"THROTTLED","raw":"Too Many Requests","id":"$context.requestId"}"#)
        #expect(throttled.header("Retry-After") == "1")
        #expect(throttled.header("X-Origin") == nil)  // per-request sources are not rendered
        #expect(throttled.header("x-amzn-ErrorType") == "TooManyRequestsException")
        // Other types keep their defaults.
        #expect(renderer.render(.quotaExceeded).status == 429)
    }

    @Test func aDefault4xxOverrideAppliesToFourHundredsWithoutTheirOwn() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        _ = try configuration.putGatewayResponse(apiId: "api1", type: "DEFAULT_4XX", PutGatewayResponseInput(
            responseParameters: ["gatewayresponse.header.Access-Control-Allow-Origin": "'*'"],
            responseTemplates: ["application/json": #"{"msg":$context.error.messageString}"#]
        ))
        _ = try configuration.putGatewayResponse(apiId: "api1", type: "QUOTA_EXCEEDED", PutGatewayResponseInput(statusCode: "402"))
        let renderer = GatewayResponseRenderer(gatewayResponses: try #require(configuration.restApis["api1"]).gatewayResponses)

        let missing = renderer.render(.missingAuthenticationToken)
        #expect(missing.status == 403)
        #expect(missing.bodyText == #"{"msg":"Missing Authentication Token"}"#)
        #expect(missing.header("Access-Control-Allow-Origin") == "*")
        #expect(missing.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException")

        let forbidden = renderer.render(.invalidApiKey)
        #expect(forbidden.bodyText == #"{"msg":"Forbidden"}"#)
        // A type with its own override ignores DEFAULT_4XX: default template, its own status.
        let quota = renderer.render(.quotaExceeded)
        #expect(quota.status == 402)
        #expect(quota.bodyText == #"{"message":"Limit Exceeded"}"#)
        #expect(quota.header("Access-Control-Allow-Origin") == nil)
        // 5xx types are untouched.
        #expect(renderer.render(.integrationTimeout).bodyText == #"{"message": "Endpoint request timed out"}"#)
    }

    @Test func aDefault5xxOverrideWithAStatus() throws {
        let put = GatewayResponse(
            responseType: "DEFAULT_5XX", statusCode: "500", responseParameters: [:],
            responseTemplates: ["text/plain": "oops: $context.error.message"], defaultResponse: false
        )
        let renderer = GatewayResponseRenderer(gatewayResponses: ["DEFAULT_5XX": put])
        let timeout = renderer.render(.integrationTimeout)
        #expect(timeout.status == 500)
        #expect(timeout.bodyText == "oops: Endpoint request timed out")
        #expect(timeout.header("content-type") == "text/plain")
        #expect(renderer.render(.throttled).status == 429)
    }

    @Test func jsonStringEscaping() {
        #expect(GatewayResponseRenderer.jsonString("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u0001""#)
    }
}
