import Testing
import TurnpikeModel
@testable import TurnpikeGateway

/// Data in a request path never becomes upstream path syntax: every way of writing `..` (plain,
/// percent-encoded in any case, with an encoded slash, half encoded, backslashes, double-encoded)
/// is either resolved before routing (so the request is routed, and key-checked, where a backend
/// would resolve it) or reaches the backend as data that does not resolve outside the route.
@Suite("Path traversal")
struct PathTraversalTests {
    /// `/free/{proxy+}` and `/items/{id}` are open; `/paid/report` requires a key; `/free/static` is a literal.
    private func router() throws -> InvokeRouter {
        var resources = GatewayFixtures.resources([
            "/free/{proxy+}": ["GET"], "/items/{id}": ["GET"], "/paid/report": ["GET"], "/free/static": ["GET"],
        ])
        let uris = [
            "/free/{proxy+}": "http://backend/free/{proxy}", "/items/{id}": "http://backend/items/{id}",
            "/paid/report": "http://backend/paid/report", "/free/static": "http://backend/free/static",
        ]
        for (id, resource) in resources {
            guard let uri = uris[resource.path] else { continue }
            resources[id]?.resourceMethods?["GET"]?.methodIntegration = GatewayFixtures.proxy(uri)
        }
        return InvokeRouter(resources: resources, stageVariables: [:])
    }

    static let dotDots = ["..", "%2e%2e", "%2E%2e", "%2E%2E", ".%2e", "%2e.", "%252e%252e", "..%5C", "..\\"]
    static let slashes = ["/", "%2F", "%2f"]

    /// Every route shape with every encoding of `..` and of the slash after it.
    static var attacks: [String] {
        var paths: [String] = []
        for dots in dotDots {
            for slash in slashes {
                paths.append("/free/\(dots)\(slash)paid\(slash)report")
                paths.append("/free/a/\(dots)\(slash)\(dots)\(slash)paid\(slash)report")
                paths.append("/items/\(dots)\(slash)paid\(slash)report")
                paths.append("/free/static/\(dots)\(slash)\(dots)\(slash)paid\(slash)report")
                paths.append("/free/\(dots)")
                paths.append("/items/\(dots)")
            }
        }
        return paths
    }

    @Test(arguments: attacks)
    func traversalNeverLeavesTheRoute(raw: String) throws {
        guard case .invoke(let target) = InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_" + raw) else {
            return  // refused before routing
        }
        #expect(!DotSegments.present(in: target.path), "\(raw) routed as \(target.path)")
        let router = try router()
        guard let match = router.route(method: "GET", path: target.path) else { return }
        guard case .httpProxy(let plan) = match.method.integration else { throw Mismatch() }
        let upstream = plan.upstreamTarget(requestPath: target.path, match: match, rawQuery: "")
        // What a backend that decodes the path once (slashes and backslashes as separators) and
        // then resolves dot segments would serve.
        let served = Self.backendView(upstream)
        switch match.method.resourcePath {
        case "/paid/report":
            #expect(served == "/paid/report")  // routed where it resolves: the key is checked there
        case "/free/{proxy+}":
            #expect(served.hasPrefix("/free/"), "\(raw) → \(upstream) → \(served)")
        case "/items/{id}":
            #expect(served.hasPrefix("/items/"), "\(raw) → \(upstream) → \(served)")
        default:
            #expect(served == match.method.resourcePath)
        }
        #expect(!Self.hasRawDotSegment(upstream), "\(raw) → \(upstream)")
    }

    @Test func encodedDotSegmentsAreResolvedBeforeRouting() {
        let cases = [
            ("/free/..%2Fpaid%2Freport", "/paid/report"), ("/free/%2e%2e/paid/report", "/paid/report"),
            ("/free/%2E%2e%2fpaid", "/paid"), ("/a/./b/.%2E/c", "/a/c"), ("/../../x", "/x"), ("/a/b/..", "/a/"),
            ("/a/%2e", "/a/"), ("/free/%252e%252e/paid", "/free/%2e%2e/paid"), ("/a/..b/c", "/a/..b/c"),
        ]
        for (raw, path) in cases {
            #expect(InvokeTarget.parse(host: nil, uri: "/restapis/a/s/_user_request_" + raw)
                == .invoke(InvokeTarget(apiId: "a", stage: "s", path: path, rawQuery: "")), "\(raw)")
            #expect(InvokeTarget.parse(host: "a.execute-api.local", uri: "/s" + raw)
                == .invoke(InvokeTarget(apiId: "a", stage: "s", path: path, rawQuery: "")), "\(raw)")
        }
    }

    @Test func substitutedValuesNeverFormDotSegments() {
        for (value, greedy, expected) in [
            (".", false, "%2E"), ("..", false, "%2E%2E"), ("a/..", false, "a%2F.."), ("..", true, "%2E%2E"),
            ("a/../b", true, "a/%2E%2E/b"), ("a/./", true, "a/%2E/"), ("...", true, "..."), ("a.b", false, "a.b"),
            ("..\\x", true, "..%5Cx"), ("%2e", false, "%252e"),
        ] {
            var target = ""
            PercentCoding.appendPathEncoded(value[...], keepingSlashes: greedy, to: &target)
            #expect(target == expected, "\(value)")
        }
    }

    @Test func aSlashInANonGreedyValueStaysEncoded() throws {
        // Values that reach a non-greedy place (literals, stage variables) keep `/` as `%2F`.
        let integration = GatewayFixtures.proxy(
            "http://backend/x/{fixed}", parameters: ["integration.request.path.fixed": "'../a/b'"])
        var resources = GatewayFixtures.resources(["/": ["GET"]])
        let id = try #require(resources.values.first { $0.path == "/" }?.id)
        resources[id]?.resourceMethods?["GET"]?.methodIntegration = integration
        let router = InvokeRouter(resources: resources, stageVariables: [:])
        let match = try #require(router.route(method: "GET", path: "/"))
        guard case .httpProxy(let plan) = match.method.integration else { throw Mismatch() }
        #expect(plan.upstreamTarget(requestPath: "/", match: match, rawQuery: "") == "/x/..%2Fa%2Fb")
    }

    // MARK: The backend's view

    /// `target`'s path decoded once, `\` read as `/`, dot segments removed.
    static func backendView(_ target: String) -> String {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        var decoded = Array(path.utf8).withUnsafeBytes { PercentCoding.decode($0) } ?? path
        decoded = String(decoded.map { $0 == "\\" ? "/" : $0 })
        var output: [Substring] = []
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for segment in segments {
            if segment == "." { continue }
            if segment == ".." { _ = output.popLast(); continue }
            output.append(segment)
        }
        return "/" + output.joined(separator: "/")
    }

    static func hasRawDotSegment(_ target: String) -> Bool {
        target.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == "." || $0 == ".." }
    }

    struct Mismatch: Error {}
}
