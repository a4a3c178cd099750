import Testing
import TurnpikeModel
@testable import TurnpikeGateway

@Suite("IntegrationPlan")
struct IntegrationPlanTests {
    /// The method plan of `path` on a one-resource tree whose method uses `integration`.
    private func plan(_ resourcePath: String, _ integration: Integration?, variables: [String: String] = [:]) throws -> (InvokeRouter, MethodPlan) {
        var resources = GatewayFixtures.resources([resourcePath: ["GET"]])
        let id = try #require(resources.values.first { $0.path == resourcePath }?.id)
        resources[id]?.resourceMethods?["GET"]?.methodIntegration = integration
        let router = InvokeRouter(resources: resources, stageVariables: variables)
        return (router, try #require(router.methods.first))
    }

    private func proxyPlan(_ plan: MethodPlan) throws -> HTTPProxyPlan {
        guard case .httpProxy(let proxy) = plan.integration else { throw PlanMismatch() }
        return proxy
    }

    private func mockResponse(_ plan: MethodPlan) throws -> MockResponse {
        guard case .mock(let mock) = plan.integration else { throw PlanMismatch() }
        return mock
    }

    struct PlanMismatch: Error {}

    // MARK: MOCK

    @Test func mockStatusBodyAndHeadersFromTheMatchingIntegrationResponse() throws {
        var integration = Integration(type: "MOCK")
        integration.requestTemplates = ["application/json": "{\n  \"statusCode\" : 201\n}"]
        var created = IntegrationResponse(statusCode: "201")
        created.responseTemplates = ["application/json": #"{"created": true}"#]
        created.responseParameters = [
            "method.response.header.Location": "'/pets/1'",
            "method.response.header.X-From-Backend": "integration.response.header.X",  // per request: skipped
        ]
        var ok = IntegrationResponse(statusCode: "200")
        ok.responseTemplates = ["application/json": "ok"]
        integration.integrationResponses = ["200": ok, "201": created]
        let mock = try mockResponse(try plan("/pets", integration).1)
        #expect(mock.status == 201)
        #expect(mock.rendered.bodyText == #"{"created": true}"#)
        #expect(mock.rendered.header("Location") == "/pets/1")
        #expect(mock.rendered.header("content-type") == "application/json")
        #expect(mock.rendered.header("X-From-Backend") == nil)
        #expect(mock.rendered.header("content-length") == nil)  // the writer frames the body
    }

    @Test func mockDefaultsTo200AndFallsBackToTheDefaultResponse() throws {
        var integration = Integration(type: "MOCK")
        var fallback = IntegrationResponse(statusCode: "200")
        fallback.responseTemplates = ["text/plain": "hello"]
        fallback.responseParameters = ["method.response.header.Content-Type": "'text/plain; charset=utf-8'"]
        integration.integrationResponses = ["200": fallback]
        let mock = try mockResponse(try plan("/", integration).1)
        #expect(mock.status == 200)
        #expect(mock.body == Array("hello".utf8))
        #expect(mock.headers.filter { $0.0.lowercased() == "content-type" }.map(\.1) == ["text/plain; charset=utf-8"])

        var patterned = Integration(type: "MOCK")
        patterned.requestTemplates = ["application/json": #"{"statusCode": 404}"#]
        var missing = IntegrationResponse(statusCode: "404")
        missing.selectionPattern = "404"
        var other = IntegrationResponse(statusCode: "200")
        other.responseTemplates = ["application/json": "default"]
        patterned.integrationResponses = ["400": missing, "200": other]
        #expect(try mockResponse(try plan("/", patterned).1).status == 404)

        var unmatched = Integration(type: "MOCK")
        unmatched.requestTemplates = ["application/json": #"{"statusCode": 503}"#]
        unmatched.integrationResponses = ["200": other]
        let selected = try mockResponse(try plan("/", unmatched).1)
        #expect(selected.status == 200)  // the default (no selectionPattern) response answers
        #expect(selected.rendered.bodyText == "default")

        let bare = try mockResponse(try plan("/", Integration(type: "MOCK")).1)
        #expect(bare.status == 200)
        #expect(bare.body.isEmpty)
        #expect(MockResponse.requestedStatus(in: #"{"statusCode": "x"}"#) == nil)
        #expect(MockResponse.requestedStatus(in: #"{"statusCode":204}"#) == 204)
    }

    // MARK: HTTP proxy

    @Test func proxyTargetFromMappedParameters() throws {
        let integration = GatewayFixtures.proxy(
            "http://backend.local:8080/v1/items/{item}/{rest}?source=gw", method: "POST",
            parameters: ["integration.request.path.item": "method.request.path.id",
                         "integration.request.path.rest": "method.request.path.proxy"]
        )
        let (router, method) = try plan("/pets/{id}/{proxy+}", integration)
        let proxy = try proxyPlan(method)
        #expect(proxy.scheme == "http" && proxy.host == "backend.local" && proxy.port == 8080)
        #expect(proxy.hostHeader == "backend.local:8080")
        #expect(proxy.httpMethod == "POST")
        #expect(proxy.timeoutMilliseconds == 29_000 && proxy.timeout == .seconds(29))
        let path = "/pets/a b/x/y z/ü?#/"
        let match = try #require(router.route(method: "GET", path: path))
        #expect(proxy.upstreamTarget(requestPath: path, match: match, rawQuery: "q=1&r=%20")
            == "/v1/items/a%20b/x/y%20z/%C3%BC%3F%23/?source=gw&q=1&r=%20")
        #expect(proxy.upstreamTarget(requestPath: path, match: match, rawQuery: "")
            == "/v1/items/a%20b/x/y%20z/%C3%BC%3F%23/?source=gw")
    }

    @Test func unmappedTemplateVariablesUseTheSameNamedParameter() throws {
        let integration = GatewayFixtures.proxy("https://api.example.com/{proxy}")
        let (router, method) = try plan("/{proxy+}", integration)
        let proxy = try proxyPlan(method)
        #expect(proxy.port == 443 && proxy.hostHeader == "api.example.com")
        #expect(proxy.httpMethod == nil)  // ANY: the request's own method
        let match = try #require(router.route(method: "GET", path: "/a/b/c"))
        #expect(proxy.upstreamTarget(requestPath: "/a/b/c", match: match, rawQuery: "x=1") == "/a/b/c?x=1")
        // A template variable with no mapping and no same-named parameter is empty.
        let single = try plan("/pets/{id}", GatewayFixtures.proxy("http://h/p/{id}/{unknown}"))
        let singleMatch = try #require(single.0.route(method: "GET", path: "/pets/7"))
        #expect(try proxyPlan(single.1).upstreamTarget(requestPath: "/pets/7", match: singleMatch, rawQuery: "") == "/p/7/")
    }

    @Test func literalAndStageVariableMappingsAndURIStageVariables() throws {
        let integration = GatewayFixtures.proxy(
            "http://${stageVariables.host}/${stageVariables.prefix}/{fixed}/{env}",
            parameters: ["integration.request.path.fixed": "'a b'", "integration.request.path.env": "stageVariables.env"]
        )
        let (router, method) = try plan("/", integration, variables: ["host": "10.0.0.1:81", "prefix": "api", "env": "prod/1"])
        let proxy = try proxyPlan(method)
        #expect(proxy.host == "10.0.0.1" && proxy.port == 81)
        let match = try #require(router.route(method: "GET", path: "/"))
        #expect(proxy.upstreamTarget(requestPath: "/", match: match, rawQuery: "") == "/api/a%20b/prod%2F1")
    }

    @Test func uriShapes() throws {
        let bare = try proxyPlan(try plan("/", GatewayFixtures.proxy("http://backend")).1)
        #expect(bare.port == 80 && bare.hostHeader == "backend")
        let (router, method) = try plan("/", GatewayFixtures.proxy("http://user:pw@[::1]:9000?only=query#frag"))
        let ipv6 = try proxyPlan(method)
        #expect(ipv6.host == "::1" && ipv6.port == 9000 && ipv6.hostHeader == "[::1]:9000")
        let match = try #require(router.route(method: "GET", path: "/"))
        #expect(ipv6.upstreamTarget(requestPath: "/", match: match, rawQuery: "") == "/?only=query")
        var timed = GatewayFixtures.proxy("HTTP://Backend:443/", method: "get")
        timed.timeoutInMillis = 1500
        let custom = try proxyPlan(try plan("/", timed).1)
        #expect(custom.scheme == "http" && custom.port == 443 && custom.hostHeader == "Backend:443")
        #expect(custom.httpMethod == "GET" && custom.timeout == .milliseconds(1500))
    }

    @Test func httpIntegrationsRunAsProxies() throws {
        var integration = GatewayFixtures.proxy("http://backend/x")
        integration.type = "HTTP"
        guard case .httpProxy = try plan("/", integration).1.integration else {
            Issue.record("HTTP should compile to a proxy plan")
            return
        }
    }

    @Test func unsupportedIntegrations() throws {
        func reason(_ integration: Integration?) throws -> String? {
            guard case .unsupported(let reason) = try plan("/", integration).1.integration else { return nil }
            return reason
        }
        #expect(try reason(nil)?.contains("No integration") == true)
        var lambda = Integration(type: "AWS_PROXY")
        lambda.uri = "arn:aws:apigateway:us-east-1:lambda:path/fn"
        #expect(try reason(lambda)?.contains("path/2015-03-31/functions/{functionArn}/invocations") == true)
        lambda.uri = "arn:aws:apigateway:us-east-1:s3:path/bucket"
        #expect(try reason(lambda)?.contains("not s3") == true)
        lambda.uri = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/f/invocations"
        guard case .lambda(let plan) = try plan("/", lambda).1.integration else {
            Issue.record("a Lambda URI compiles to a Lambda plan")
            return
        }
        #expect(plan.invocation.region == "eu-west-1" && plan.invocation.function == "f" && plan.proxy)
        #expect(try reason(GatewayFixtures.proxy("ftp://backend/x")) != nil)
        #expect(try reason(GatewayFixtures.proxy("http://backend:99999/x")) != nil)
        #expect(try reason(GatewayFixtures.proxy("http:///x")) != nil)
        var vpc = GatewayFixtures.proxy("http://backend/x")
        vpc.connectionType = "VPC_LINK"
        #expect(try reason(vpc)?.contains("VPC_LINK") == true)
    }
}
