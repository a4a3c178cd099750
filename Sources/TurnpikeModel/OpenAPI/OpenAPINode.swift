/// One value of an OpenAPI document, read from JSON or YAML: the JSON data model, with object
/// members kept in order (as written in YAML, by name for JSON), so exports read like AWS's.
public enum OpenAPINode: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([OpenAPINode])
    case object([(String, OpenAPINode)])

    public static func == (lhs: OpenAPINode, rhs: OpenAPINode) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.integer(a), .number(b)), let (.number(b), .integer(a)): return Double(a) == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a.sorted { $0.0 < $1.0 }, b.sorted { $0.0 < $1.0 }).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member of an object by name (nil for other kinds or when absent).
    public subscript(_ name: String) -> OpenAPINode? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == name }?.1
    }

    /// The members of an object, or nil.
    public var members: [(String, OpenAPINode)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, or nil.
    public var elements: [OpenAPINode]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// A string, or a number or boolean as text (YAML reads `version: 1.0` as a number).
    public var text: String? {
        switch self {
        case .string(let value): return value
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .bool(let value): return String(value)
        default: return nil
        }
    }

    /// A boolean (also `"true"`/`"false"` as text).
    public var bool: Bool? {
        switch self {
        case .bool(let value): return value
        case .string(let value) where ["true", "false"].contains(value.lowercased()): return value.lowercased() == "true"
        default: return nil
        }
    }

    /// A whole number (also as text).
    public var integer: Int? {
        switch self {
        case .integer(let value): return value
        case .number(let value) where value.rounded() == value && abs(value) < 1e15: return Int(value)
        case .string(let value): return Int(value)
        default: return nil
        }
    }

    /// A map of strings (`requestParameters`, `responseTemplates`); nil when any member is not text.
    public var stringMap: [String: String]? {
        guard let members else { return nil }
        var result: [String: String] = [:]
        for (name, value) in members {
            guard let text = value.text else { return nil }
            result[name] = text
        }
        return result
    }

    /// A list of strings; nil when any element is not text.
    public var stringList: [String]? {
        guard let elements else { return nil }
        let texts = elements.compactMap(\.text)
        return texts.count == elements.count ? texts : nil
    }

    /// The node with every object's members sorted by name, so equal documents write equal text.
    public func sortedMembers() -> OpenAPINode {
        switch self {
        case .array(let elements): return .array(elements.map { $0.sortedMembers() })
        case .object(let members): return .object(members.sorted { $0.0 < $1.0 }.map { ($0.0, $0.1.sortedMembers()) })
        default: return self
        }
    }

    /// An object built from members whose value is not nil, in the order given.
    static func members(_ pairs: [(String, OpenAPINode?)]) -> OpenAPINode {
        .object(pairs.compactMap { name, value in value.map { (name, $0) } })
    }

    /// A string map as an object, names sorted; nil when empty or absent.
    static func map(_ values: [String: String]?) -> OpenAPINode? {
        guard let values, !values.isEmpty else { return nil }
        return .object(values.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }
}
