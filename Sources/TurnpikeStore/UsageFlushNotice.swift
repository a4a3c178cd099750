/// A notification between nodes about usage flushes: a node asks every other node to flush
/// (`GetUsage`, `UpdateUsage`), and each answers once its flush is in the store. The payload is
/// tab-separated: `flush` or `flushed`, the token of the request, the node that sent the notice.
/// Tokens and node ids never contain tabs.
public enum UsageFlushNotice: Sendable, Equatable {
    /// `node` asks every other node to flush; `token` names the request.
    case request(token: String, node: String)
    /// `node` flushed for the request `token`.
    case done(token: String, node: String)

    /// The longest token or node id read from a payload.
    public static let maximumField = 64

    /// The text sent.
    public var payload: String {
        switch self {
        case .request(let token, let node): return "flush\t\(token)\t\(node)"
        case .done(let token, let node): return "flushed\t\(token)\t\(node)"
        }
    }

    /// Reads a payload; nil when it is not one.
    public init?(payload: String) {
        let fields = payload.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3, !fields[1].isEmpty, !fields[2].isEmpty,
              fields[1].utf8.count <= Self.maximumField, fields[2].utf8.count <= Self.maximumField else { return nil }
        switch fields[0] {
        case "flush": self = .request(token: fields[1], node: fields[2])
        case "flushed": self = .done(token: fields[1], node: fields[2])
        default: return nil
        }
    }
}
