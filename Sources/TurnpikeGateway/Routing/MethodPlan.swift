import TurnpikeModel

/// Everything the data plane needs about one method of a deployed resource, compiled once per
/// stage: where it sits, whether it needs an API key, and how its integration runs.
public final class MethodPlan: Sendable {
    /// The resource's id.
    public let resourceId: String
    /// The resource's path template, e.g. `/pets/{id}` or `/{proxy+}`.
    public let resourcePath: String
    /// The method as declared: `GET`, ..., or `ANY`.
    public let httpMethod: String
    /// True when requests need an `x-api-key` admitted by ``KeyTable``.
    public let apiKeyRequired: Bool
    /// True when the method needs an authorizer (`CUSTOM`, `COGNITO_USER_POOLS`), or a key on an API
    /// whose `apiKeySource` is `AUTHORIZER`. Turnpike runs no authorizer, so such a method fails
    /// closed: every request is answered `AUTHORIZER_CONFIGURATION_ERROR` (500), never let through.
    public let needsAuthorizer: Bool
    /// How the integration runs.
    public let integration: IntegrationPlan
    /// What the method's request validator checks, or nil when requests are not validated.
    public let validation: RequestValidation?
    /// `resourcePath + "/" + httpMethod` (e.g. `/pets/{id}/GET`; `//GET` on the root), the key of a
    /// usage plan's per-method throttle in `apiStages[].throttle`, precomputed for the limiter.
    public let methodKey: String
    /// The path parameters the resource path declares, in path order.
    let parameters: [PathParameterSlot]
    /// This method's index in its router's ``InvokeRouter/methods``.
    let ordinal: Int

    init(resource: Resource, method: Method, parameters: [PathParameterSlot], stageVariables: [String: String],
         keyFromAuthorizer: Bool = false, catalog: ModelCatalog = .empty,
         binaryMediaTypes: BinaryMediaTypes = BinaryMediaTypes(nil), ordinal: Int = 0) {
        self.ordinal = ordinal
        self.resourceId = resource.id
        self.resourcePath = resource.path
        self.httpMethod = method.httpMethod
        self.apiKeyRequired = method.apiKeyRequired
        self.needsAuthorizer = method.authorizationType != "NONE" || (method.apiKeyRequired && keyFromAuthorizer)
        self.parameters = parameters
        self.validation = RequestValidation(method: method, catalog: catalog)
        self.methodKey = resource.path + "/" + method.httpMethod
        self.integration = IntegrationPlan(
            integration: method.methodIntegration, parameters: parameters, stageVariables: stageVariables,
            binaryMediaTypes: binaryMediaTypes
        )
    }

    /// The names of the path parameters, in path order (`{proxy+}` is named `proxy`).
    public var pathParameterNames: [String] { parameters.map(\.name) }
}

/// Where a path parameter sits in the request path: the segment index (0 is the first segment
/// after the leading `/`) and whether it is greedy (takes that segment and everything after it).
struct PathParameterSlot: Sendable, Equatable {
    var name: String
    var segment: Int
    var greedy: Bool

    /// The value of this parameter in a request path that the router matched to its resource;
    /// a greedy value keeps its inner and trailing slashes.
    func value(in path: String) -> Substring {
        let utf8 = path.utf8
        var index = utf8.startIndex
        if index < utf8.endIndex, utf8[index] == UInt8(ascii: "/") { index = utf8.index(after: index) }
        var remaining = segment
        while remaining > 0, index < utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/") { remaining -= 1 }
            index = utf8.index(after: index)
        }
        guard remaining == 0 else { return path[path.endIndex...] }
        if greedy { return path[index...] }
        let end = utf8[index...].firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
        return path[index..<end]
    }
}
