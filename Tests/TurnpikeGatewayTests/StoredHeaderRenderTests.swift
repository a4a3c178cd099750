import Testing
import TurnpikeModel
@testable import TurnpikeGateway

/// Issue 13 item 8: header mappings stored before the admin API checked them (framing names,
/// CR/LF in values or media types) are left out of the answers the gateway writes itself.
@Suite struct StoredHeaderRenderTests {
    static let parameters = [
        "Transfer-Encoding": "'chunked'", "Content-Length": "'0'", "Connection": "'close'", "Host": "'evil'",
        "Content_Length": "'5'", "X-Split": "'a\r\nSet-Cookie: s=1'", "X Bad": "'1'", "X-Nul": "'a\u{0}b'", "X-Ok": "'fine'",
    ]

    func expectOnlySafeHeaders(_ response: RenderedResponse) {
        let names = Set(response.headers.map { $0.0.lowercased() })
        #expect(names.isSubset(of: ["x-ok", "content-type", "x-amzn-errortype"]), "\(response.headers)")
        #expect(response.header("X-Ok") == "fine")
        #expect(response.header("content-type") == "application/json")
        #expect(response.headers.allSatisfy { HeaderField.isRenderable(name: $0.0, value: $0.1) })
    }

    @Test func gatewayResponsesSkipThem() {
        let stored = GatewayResponse(
            responseType: "THROTTLED", statusCode: "429",
            responseParameters: Dictionary(uniqueKeysWithValues: Self.parameters.map { ("gatewayresponse.header.\($0.key)", $0.value) }),
            responseTemplates: ["text/html\r\nX-Evil: 1": "slow down"], defaultResponse: false)
        let renderer = GatewayResponseRenderer(gatewayResponses: ["THROTTLED": stored])
        let response = renderer.render(.throttled)
        expectOnlySafeHeaders(response)
        #expect(response.bodyText == "slow down")
    }

    @Test func mockResponsesSkipThem() {
        var integration = Integration(type: "MOCK")
        var answer = IntegrationResponse(statusCode: "200")
        answer.responseParameters = Dictionary(uniqueKeysWithValues: Self.parameters.map { ("method.response.header.\($0.key)", $0.value) })
        answer.responseTemplates = ["text/plain\nX-Evil: 1": "hello"]
        integration.integrationResponses = ["200": answer]
        let mock = MockResponse(integration: integration)
        expectOnlySafeHeaders(mock.rendered)
        #expect(mock.status == 200 && mock.rendered.bodyText == "hello")
    }
}
