import Foundation
import TurnpikeModel

/// An admin API request after routing: the path parameters of its route, its query, its body.
public struct AdminRequest: Sendable {
    /// The HTTP method, uppercase.
    public var method: String
    /// The path as received (still percent-encoded).
    public var rawPath: String
    /// The route's path parameters, percent-decoded (`restapi_id`, `usageplanId`, ...).
    public var parameters: [String: String]
    /// The query parameters, percent-decoded, in the order received.
    public var query: [(name: String, value: String)]
    /// The headers, as received.
    public var headers: [(String, String)]
    /// The body.
    public var body: [UInt8]

    public init(method: String, rawPath: String, parameters: [String: String] = [:],
                query: [(name: String, value: String)] = [], headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.rawPath = rawPath
        self.parameters = parameters
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// A path parameter of the route (always present once the route matched).
    public func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// Every value of a repeated query parameter (`tagKeys=a&tagKeys=b`).
    public func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }

    /// A boolean query parameter (`includeValues=true`); absent reads as false.
    public func queryBool(_ name: String) throws -> Bool {
        switch queryValue(name)?.lowercased() {
        case nil, "false": return false
        case "true": return true
        case let other?: throw GatewayError.badRequest("Invalid value '\(other)' for query parameter \(name): must be true or false")
        }
    }

    /// An integer query parameter, absent reads as nil.
    public func queryInt(_ name: String) throws -> Int? {
        guard let text = queryValue(name) else { return nil }
        guard let value = Int(text) else {
            throw GatewayError.badRequest("Invalid value '\(text)' for query parameter \(name): must be an integer")
        }
        return value
    }

    /// Decodes the JSON body into an operation's input; `input` names it in error messages.
    public func decode<T: Decodable>(_ type: T.Type, input: String) throws -> T {
        try WireJSON.decode(type, from: body, input: input)
    }

    /// Decodes a raw query string (`a=b&c=%20d`), percent-decoding names and values.
    public static func parseQuery(_ raw: String) -> [(name: String, value: String)] {
        raw.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
