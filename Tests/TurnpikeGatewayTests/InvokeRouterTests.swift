import NIOHTTP1
import Testing
import TurnpikeModel
@testable import TurnpikeGateway

@Suite("InvokeRouter")
struct InvokeRouterTests {
    /// The resource path and declared method that answer, or nil.
    private func route(_ router: InvokeRouter, _ method: String, _ path: String) -> String? {
        router.route(method: method, path: path).map { "\($0.method.resourcePath) \($0.method.httpMethod)" }
    }

    @Test func literalBeatsParameterBeatsGreedy() {
        let router = InvokeRouter(resources: GatewayFixtures.resources([
            "/pets/mine": ["GET"], "/pets/{id}": ["GET"], "/pets/{proxy+}": ["GET"],
        ]))
        #expect(route(router, "GET", "/pets/mine") == "/pets/mine GET")
        #expect(route(router, "GET", "/pets/42") == "/pets/{id} GET")
        #expect(route(router, "GET", "/pets/42/toys") == "/pets/{proxy+} GET")
        #expect(route(router, "GET", "/pets/mine/toys/1") == "/pets/{proxy+} GET")
    }

    @Test func exactMethodBeatsAnyAndUnknownMethodsFallBackToAny() {
        let router = InvokeRouter(resources: GatewayFixtures.resources(["/pets": ["GET", "ANY"], "/toys": ["POST"]]))
        #expect(route(router, "GET", "/pets") == "/pets GET")
        #expect(route(router, "DELETE", "/pets") == "/pets ANY")
        #expect(route(router, "PROPFIND", "/pets") == "/pets ANY")
        #expect(route(router, "GET", "/toys") == nil)
        #expect(route(router, "PROPFIND", "/toys") == nil)
    }

    @Test func noResourceOrNoMethodIsNil() {
        let router = InvokeRouter(resources: GatewayFixtures.resources(["/pets": ["GET"]]))
        #expect(route(router, "GET", "/cats") == nil)
        #expect(route(router, "POST", "/pets") == nil)
        #expect(route(router, "GET", "/") == nil)  // the root exists but has no method
        #expect(route(router, "GET", "/pets/1") == nil)
    }

    @Test func theMostSpecificResourceWinsEvenWithoutTheMethod() {
        // AWS does not fall back to a less specific resource when the matching one lacks the method.
        let router = InvokeRouter(resources: GatewayFixtures.resources(["/health": ["GET"], "/{proxy+}": ["ANY"]]))
        #expect(route(router, "GET", "/health") == "/health GET")
        #expect(route(router, "POST", "/health") == nil)
        #expect(route(router, "POST", "/other") == "/{proxy+} ANY")
    }

    @Test func backtracksWhenALiteralBranchDeadEnds() {
        let router = InvokeRouter(resources: GatewayFixtures.resources([
            "/pets/mine/toys": ["GET"], "/pets/{id}/owner": ["GET"], "/{proxy+}": ["GET"],
        ]))
        // `mine` leads to a branch without `owner`: back up and take `{id}`.
        #expect(route(router, "GET", "/pets/mine/owner") == "/pets/{id}/owner GET")
        #expect(route(router, "GET", "/pets/mine/toys") == "/pets/mine/toys GET")
        // Neither specific branch matches: the greedy root resource takes it.
        #expect(route(router, "GET", "/pets/mine/other") == "/{proxy+} GET")
        // `/pets` exists only as a parent without methods: it is a dead end, so the proxy answers.
        #expect(route(router, "GET", "/pets") == "/{proxy+} GET")
    }

    @Test func rootPath() {
        let router = InvokeRouter(resources: GatewayFixtures.resources(["/": ["GET"], "/{proxy+}": ["ANY"]]))
        #expect(route(router, "GET", "/") == "/ GET")
        #expect(route(router, "GET", "") == "/ GET")
        #expect(route(router, "POST", "/") == nil)  // root has no POST; the greedy part needs a segment
        #expect(route(router, "POST", "/a") == "/{proxy+} ANY")
        #expect(router.route(method: "GET", path: "/")?.method.methodKey == "//GET")
    }

    @Test func trailingSlashAndEmptySegments() {
        let router = InvokeRouter(resources: GatewayFixtures.resources(["/pets": ["GET"], "/pets/{id}": ["GET"]]))
        #expect(route(router, "GET", "/pets/") == "/pets GET")
        #expect(route(router, "GET", "/pets/7/") == "/pets/{id} GET")
        #expect(route(router, "GET", "/pets//") == nil)  // only one trailing slash is ignored
        #expect(route(router, "GET", "//pets") == nil)
        let greedy = InvokeRouter(resources: GatewayFixtures.resources(["/files/{proxy+}": ["GET"]]))
        #expect(route(greedy, "GET", "/files/") == nil)
        #expect(route(greedy, "GET", "/files//x") == "/files/{proxy+} GET")
    }

    @Test func unicodeSegmentsMatchDecodedPaths() throws {
        let router = InvokeRouter(resources: GatewayFixtures.resources(["/café/{name}": ["GET"]]))
        guard case .invoke(let target) = InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_/caf%C3%A9/%E2%9C%93%20ok") else {
            Issue.record("not an invoke target")
            return
        }
        let match = try #require(router.route(method: "GET", path: target.path))
        #expect(match.method.resourcePath == "/café/{name}")
        #expect(match.pathParameters(in: target.path) == ["name": "✓ ok"])
        #expect(route(router, "GET", "/cafe/x") == nil)
    }

    @Test func pathParametersAreComputedFromTheMatch() throws {
        let router = InvokeRouter(resources: GatewayFixtures.resources([
            "/users/{user}/files/{proxy+}": ["GET"], "/users/{user}": ["GET"],
        ]))
        let path = "/users/ann/files/a/b/c.txt/"
        let match = try #require(router.route(method: "GET", path: path))
        #expect(match.pathParameters(in: path) == ["user": "ann", "proxy": "a/b/c.txt/"])
        #expect(match.pathParameter("user", in: path) == "ann")
        #expect(match.pathParameter("nope", in: path) == nil)
        #expect(match.method.pathParameterNames == ["user", "proxy"])
        let short = try #require(router.route(method: "GET", path: "/users/bob/"))
        #expect(short.pathParameters(in: "/users/bob/") == ["user": "bob"])
    }

    @Test func manyLiteralSiblingsAndDeepTrees() {
        var spec: [String: [String]] = [:]
        for index in 0..<60 { spec["/s\(index)/items/{id}"] = ["GET"] }
        spec["/s7/items/special"] = ["GET", "PUT"]
        let router = InvokeRouter(resources: GatewayFixtures.resources(spec))
        for index in 0..<60 { #expect(route(router, "GET", "/s\(index)/items/x") == "/s\(index)/items/{id} GET") }
        #expect(route(router, "PUT", "/s7/items/special") == "/s7/items/special PUT")
        #expect(route(router, "GET", "/s60/items/x") == nil)
        #expect(route(router, "GET", "/s7/items") == nil)
    }

    @Test func declaredMethodDetails() throws {
        var resources = GatewayFixtures.resources(["/pets/{id}": ["GET"]], apiKeyRequired: true)
        let id = try #require(resources.values.first { $0.path == "/pets/{id}" }?.id)
        resources[id]?.resourceMethods?["BREW"] = Method(httpMethod: "BREW")  // not an AWS method: skipped
        let router = InvokeRouter(resources: resources)
        let match = try #require(router.route(method: .GET, path: "/pets/1"))
        #expect(match.method.resourceId == id)
        #expect(match.method.apiKeyRequired)
        #expect(match.method.methodKey == "/pets/{id}/GET")
        #expect(router.methods.count == 1)
    }

    @Test func emptyTreeRoutesNothing() {
        let router = InvokeRouter(resources: [:])
        #expect(route(router, "GET", "/") == nil)
        #expect(route(router, "GET", "/a/b") == nil)
    }
}
