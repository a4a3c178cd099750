import TurnpikeModel

/// An admin API answer: status, extra headers and a body (JSON, or empty).
public struct AdminResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer.
    public static func json<T: Encodable>(_ value: T, status: Int = 200) throws -> AdminResponse {
        AdminResponse(status: status, headers: [("Content-Type", "application/json")], body: try WireJSON.encode(value))
    }

    /// An answer without a body (202 for most deletes, 204 for method and integration deletes and tags).
    public static func empty(status: Int) -> AdminResponse {
        AdminResponse(status: status)
    }

    /// AWS's error shape: the status, `x-amzn-ErrorType` and `{"message": ...}`.
    public static func error(_ error: GatewayError) -> AdminResponse {
        struct Body: Encodable { var message: String }
        let body = (try? WireJSON.encode(Body(message: error.message))) ?? Array("{}".utf8)
        return AdminResponse(
            status: error.status,
            headers: [("x-amzn-ErrorType", error.code.name), ("Content-Type", "application/json")],
            body: body
        )
    }
}

/// A page of a list answer: `{"item": [...], "position": "..."}` (`position` only when more follow).
public struct ItemPage<Item: Encodable & Sendable>: Encodable, Sendable {
    public var item: [Item]
    public var position: String?

    /// Cuts a page from items in a stable order. `position` is the opaque cursor from the previous
    /// page; `limit` defaults to 25 and may be at most 500.
    public init(_ items: [Item], position: String?, limit: Int?) throws {
        let size = limit ?? 25
        guard (1...500).contains(size) else {
            throw GatewayError.badRequest("Invalid limit \(size): must be between 1 and 500")
        }
        var start = 0
        if let position {
            guard let offset = ItemPage.decodePosition(position), offset >= 0, offset <= items.count else {
                throw GatewayError.badRequest("Invalid position specified: \(position)")
            }
            start = offset
        }
        let end = min(items.count, start + size)
        item = Array(items[start..<end])
        self.position = end < items.count ? ItemPage.encodePosition(end) : nil
    }

    static func encodePosition(_ offset: Int) -> String { "p" + String(offset, radix: 36) }

    static func decodePosition(_ text: String) -> Int? {
        guard text.hasPrefix("p") else { return nil }
        return Int(text.dropFirst(), radix: 36)
    }
}
