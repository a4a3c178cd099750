extension GatewaySnapshot {
    /// Whether the body of the request `head` starts must be kept for its method's request
    /// validation: the request routes to a MOCK method that validates bodies. (A proxied request's
    /// body is kept anyway; a MOCK's is otherwise dropped.) False at once when no MOCK method of
    /// the snapshot validates bodies.
    func keepsBodyForValidation(_ head: InvokeRequestHead) -> Bool {
        guard validatesMockBodies, case .invoke(let target) = head.target,
              let stage = stage(apiId: target.apiId, stage: target.stage),
              let match = stage.router.route(method: head.method, path: target.path),
              case .mock = match.method.integration else { return false }
        return match.method.validation?.validatesBody == true
    }
}
