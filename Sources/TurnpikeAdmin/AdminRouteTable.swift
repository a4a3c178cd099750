import Foundation

/// The admin API's routing table: built once from the route families, then only read.
///
/// Paths are matched segment by segment on the raw path, each segment percent-decoded (so an ARN
/// sent as one `%2F`-encoded segment stays one parameter). Routes with a required query
/// (`?mode=import`) and more literal segments win.
public struct AdminRouteTable: Sendable {
    struct Compiled: Sendable {
        var route: AdminRoute
        var segments: [Segment]
        var requiredQuery: (name: String, value: String)?
        var literalCount: Int { segments.filter { if case .literal = $0 { return true } else { return false } }.count }
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// A matched route and its path parameters.
    public struct Match: Sendable {
        public var route: AdminRoute
        public var parameters: [String: String]
    }

    private let compiled: [Compiled]
    private let known: [Compiled]

    /// Every route Turnpike implements.
    public static let standardRoutes: [AdminRoute] =
        ApiKeyRoutes.all + UsagePlanRoutes.all + UsagePlanKeyRoutes.all + UsageRoutes.all
        + RestApiRoutes.all + OpenAPIRoutes.all + ResourceRoutes.all + MethodRoutes.all + IntegrationRoutes.all + DeploymentRoutes.all
        + StageRoutes.all + GatewayResponseRoutes.all + AuthorizerRoutes.all + ModelRoutes.all + RequestValidatorRoutes.all + AccountRoutes.all + TagRoutes.all
        + DomainNameRoutes.all + VpcLinkRoutes.all + DocumentationRoutes.all

    public init(routes: [AdminRoute] = AdminRouteTable.standardRoutes) {
        compiled = Self.sorted(routes.map(Self.compile))
        known = Self.sorted(BotocoreOperations.all.map { operation in
            Self.compile(AdminRoute(operation.method, operation.uri, operation.name) { _, _ in AdminResponse(status: 500) })
        })
    }

    /// The route for a request, or nil.
    public func match(method: String, rawPath: String, query: [(name: String, value: String)]) -> Match? {
        Self.find(in: compiled, method: method, rawPath: rawPath, query: query)
    }

    /// The name of the AWS operation a request would be, when Turnpike does not implement it.
    public func unimplementedOperation(method: String, rawPath: String, query: [(name: String, value: String)]) -> String? {
        Self.find(in: known, method: method, rawPath: rawPath, query: query)?.route.operation
    }

    /// The operations this table serves, by name.
    public var operations: [String] { compiled.map(\.route.operation) }

    private static func find(in table: [Compiled], method: String, rawPath: String,
                             query: [(name: String, value: String)]) -> Match? {
        let segments = pathSegments(rawPath)
        for entry in table where entry.route.method == method && entry.segments.count == segments.count {
            if let required = entry.requiredQuery, !query.contains(where: { $0 == required }) { continue }
            var parameters: [String: String] = [:]
            var matched = true
            for (pattern, segment) in zip(entry.segments, segments) {
                switch pattern {
                case .literal(let literal) where literal == segment: continue
                case .parameter(let name) where !segment.isEmpty: parameters[name] = segment
                default: matched = false
                }
                if !matched { break }
            }
            if matched { return Match(route: entry.route, parameters: parameters) }
        }
        return nil
    }

    static func pathSegments(_ rawPath: String) -> [String] {
        rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            String(part).removingPercentEncoding ?? String(part)
        }
    }

    private static func compile(_ route: AdminRoute) -> Compiled {
        let parts = route.pattern.split(separator: "?", maxSplits: 1)
        var requiredQuery: (String, String)?
        if parts.count == 2 {
            let pair = parts[1].split(separator: "=", maxSplits: 1)
            requiredQuery = (String(pair[0]), pair.count > 1 ? String(pair[1]) : "")
        }
        let segments = parts[0].split(separator: "/").map { part -> Segment in
            if part.hasPrefix("{"), part.hasSuffix("}") {
                return .parameter(String(part.dropFirst().dropLast()).replacingOccurrences(of: "+", with: ""))
            }
            return .literal(String(part))
        }
        return Compiled(route: route, segments: segments, requiredQuery: requiredQuery)
    }

    private static func sorted(_ entries: [Compiled]) -> [Compiled] {
        entries.sorted { lhs, rhs in
            if (lhs.requiredQuery != nil) != (rhs.requiredQuery != nil) { return lhs.requiredQuery != nil }
            return lhs.literalCount > rhs.literalCount
        }
    }
}
