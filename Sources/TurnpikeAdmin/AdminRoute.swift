/// One admin operation: its HTTP method, AWS URI pattern (`/restapis/{restapi_id}/stages`,
/// optionally with a required query such as `/apikeys?mode=import`), name and handler.
public struct AdminRoute: Sendable {
    public var method: String
    public var pattern: String
    public var operation: String
    public var handler: AdminHandler

    public init(_ method: String, _ pattern: String, _ operation: String, handler: @escaping AdminHandler) {
        self.method = method
        self.pattern = pattern
        self.operation = operation
        self.handler = handler
    }
}
