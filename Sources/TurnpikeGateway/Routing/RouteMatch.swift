/// The result of ``InvokeRouter/route(method:path:)``: the method that answers. Path parameter
/// values are not copied out during routing; ask for them with ``pathParameters(in:)``.
public struct RouteMatch: Sendable {
    /// The method (and through it the resource and integration) that answers the request.
    public let method: MethodPlan

    /// The path parameters of the match, decoded, by name: `{id}` of `/pets/{id}` on `/pets/42` is
    /// `42`; `{proxy+}` of `/files/{proxy+}` on `/files/a/b/` is `a/b/` (the rest of the path,
    /// trailing slash included). `path` must be the path that was routed.
    public func pathParameters(in path: String) -> [String: String] {
        var values: [String: String] = [:]
        values.reserveCapacity(method.parameters.count)
        for slot in method.parameters { values[slot.name] = String(slot.value(in: path)) }
        return values
    }

    /// One path parameter's value in the routed `path`, or nil when the resource declares no such parameter.
    public func pathParameter(_ name: String, in path: String) -> Substring? {
        method.parameters.first { $0.name == name }?.value(in: path)
    }
}
