import NIOCore
import NIOHTTP1
import Testing
import TurnpikeModel
@testable import TurnpikeGateway

/// A method that needs an authorizer Turnpike cannot run is answered 500
/// `AUTHORIZER_CONFIGURATION_ERROR`, with or without a valid key: never let through.
@Suite struct AuthorizerFailClosedTests {
    @Test(arguments: ["TOKEN", "COGNITO_USER_POOLS"])
    func methodsWithAnAuthorizerFailClosed(type: String) throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        let key = try GatewayFixtures.createKey("k1", in: &configuration)
        try GatewayFixtures.createPlan("p1", stages: ["api1:prod"], keys: ["k1"], in: &configuration)
        let authorizer = try configuration.createAuthorizer(apiId: "api1", CreateAuthorizerInput(
            name: "auth", type: type, authorizerUri: "arn:aws:apigateway:us-east-1:lambda:path/fn",
            identitySource: "method.request.header.Authorization", providerARNs: ["arn:aws:cognito-idp:us-east-1:1:userpool/x"]
        ), id: "au1")
        _ = try configuration.updateMethod(apiId: "api1", resourceId: "root-api1", httpMethod: "GET", operations: [
            PatchOperation(op: "replace", path: "/authorizationType", value: type == "TOKEN" ? "CUSTOM" : "COGNITO_USER_POOLS"),
            PatchOperation(op: "replace", path: "/authorizerId", value: authorizer.id),
        ])
        try GatewayFixtures.deploy("api1", stage: "prod", id: "d2", in: &configuration)
        let snapshot = GatewaySnapshot(configuration: configuration)
        var generator = SystemRandomNumberGenerator()
        for headers in [[("x-api-key", key)], [("Authorization", "Bearer anything")], []] {
            var state = InvokeRequestState()
            let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/restapis/api1/prod/_user_request_/",
                                       headers: HTTPHeaders([("host", "127.0.0.1")] + headers))
            _ = state.requestHead(head, identity: RequestIdentity(epochSeconds: 0, using: &generator), snapshot: snapshot,
                                  hasAdmin: true, maximumBodySize: 100)
            guard case .respond(let response, _, _) = state.requestEnd() else { Issue.record("expected an answer"); return }
            #expect(response.status == 500 && response.bodyText.contains("Internal server error"))
        }
    }

    @Test func keyedMethodsOfAnApiWhoseKeysComeFromAnAuthorizerFailClosed() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        let key = try GatewayFixtures.createKey("k1", in: &configuration)
        try GatewayFixtures.createPlan("p1", stages: ["api1:prod"], keys: ["k1"], in: &configuration)
        _ = try configuration.updateRestApi("api1", operations: [PatchOperation(op: "replace", path: "/apiKeySource", value: "AUTHORIZER")])
        let snapshot = GatewaySnapshot(configuration: configuration)
        var generator = SystemRandomNumberGenerator()
        var state = InvokeRequestState()
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/restapis/api1/prod/_user_request_/",
                                   headers: HTTPHeaders([("host", "127.0.0.1"), ("x-api-key", key)]))
        _ = state.requestHead(head, identity: RequestIdentity(epochSeconds: 0, using: &generator), snapshot: snapshot,
                              hasAdmin: true, maximumBodySize: 100)
        guard case .respond(let response, _, _) = state.requestEnd() else { Issue.record("expected an answer"); return }
        #expect(response.status == 500)
    }
}
