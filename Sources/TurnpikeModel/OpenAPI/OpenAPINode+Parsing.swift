import Foundation
import Yams

extension OpenAPINode {
    /// The largest document AWS imports (6 MB).
    public static let maximumDocumentSize = 6 * 1024 * 1024
    /// The deepest nesting read; deeper documents are refused before parsing (no OpenAPI document
    /// needs more, and the YAML composer recurses per level).
    static let maximumDepth = 128
    /// The most values a document may expand to (YAML aliases can multiply a small text).
    static let maximumValues = 2_000_000

    /// Reads a JSON or YAML document, or throws AWS's 400 for an unreadable one.
    public static func parse(_ bytes: [UInt8]) throws -> OpenAPINode {
        guard !bytes.isEmpty, bytes.contains(where: { !isWhitespace($0) }) else {
            throw GatewayError.badRequest("Invalid OpenAPI input: the request body is empty")
        }
        guard bytes.count <= maximumDocumentSize else {
            throw GatewayError.badRequest("Invalid OpenAPI input: the definition exceeds the maximum size of 6 MB")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw GatewayError.badRequest("Invalid OpenAPI input: the definition is not UTF-8 text")
        }
        guard nestingDepth(bytes) <= maximumDepth else {
            throw GatewayError.badRequest("Invalid OpenAPI input: the definition nests deeper than \(maximumDepth) levels")
        }
        if bytes.first(where: { !isWhitespace($0) }) == UInt8(ascii: "{"),
           let json = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) {
            return json.node
        }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw GatewayError.badRequest("Invalid OpenAPI input: the request body is empty")
            }
            var budget = maximumValues
            return try OpenAPINode(yaml: root, budget: &budget)
        } catch let error as GatewayError {
            throw error
        } catch {
            throw GatewayError.badRequest("Invalid OpenAPI input: the definition is neither valid JSON nor valid YAML")
        }
    }

    /// Reads a JSON text (a request body, a model's schema): nil when it is not JSON, or nests
    /// deeper than ``JSONSchema/maximumDepth`` levels.
    public static func parseJSON(_ bytes: [UInt8]) -> OpenAPINode? {
        guard nestingDepth(bytes) <= JSONSchema.maximumDepth,
              let json = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else { return nil }
        return json.node
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// An upper bound of the nesting: brackets outside quoted strings, and the indentation (spaces
    /// and `- ` block markers) that opens a line.
    static func nestingDepth(_ bytes: [UInt8]) -> Int {
        var deepest = 0
        var brackets = 0
        var quote: UInt8?
        var escaped = false
        var lineStart = true
        var indentation = 0
        for byte in bytes {
            if lineStart {
                if byte == 0x20 || byte == UInt8(ascii: "-") || byte == 0x09 || byte == UInt8(ascii: "?") {
                    indentation += 1
                    deepest = max(deepest, indentation / 4)
                    continue
                }
                lineStart = false
                indentation = 0
            }
            if byte == 0x0A { lineStart = true; indentation = 0 }
            if let open = quote {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") && open == UInt8(ascii: "\"") { escaped = true } else if byte == open || byte == 0x0A { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): quote = byte
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                brackets += 1
                deepest = max(deepest, brackets)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): brackets = max(0, brackets - 1)
            default: break
            }
        }
        return deepest
    }

    /// Converts a composed YAML node: mapping keys become text, scalars take the type YAML's
    /// core schema gives them (quoted scalars stay strings).
    init(yaml node: Yams.Node, budget: inout Int) throws {
        budget -= 1
        guard budget >= 0 else {
            throw GatewayError.badRequest("Invalid OpenAPI input: the definition expands to more than \(Self.maximumValues) values")
        }
        switch node {
        case .scalar(let scalar):
            self = Self.scalar(scalar)
        case .sequence(let sequence):
            var elements: [OpenAPINode] = []
            for element in sequence { elements.append(try OpenAPINode(yaml: element, budget: &budget)) }
            self = .array(elements)
        case .mapping(let mapping):
            var members: [(String, OpenAPINode)] = []
            for (key, value) in mapping {
                guard case .scalar(let name) = key else {
                    throw GatewayError.badRequest("Invalid OpenAPI input: a mapping key is not a scalar")
                }
                let member = try OpenAPINode(yaml: value, budget: &budget)
                if let index = members.firstIndex(where: { $0.0 == name.string }) {
                    members[index].1 = member
                } else {
                    members.append((name.string, member))
                }
            }
            self = .object(members)
        case .alias:
            throw GatewayError.badRequest("Invalid OpenAPI input: an alias names no anchor")
        }
    }

    private static func scalar(_ scalar: Yams.Node.Scalar) -> OpenAPINode {
        let node = Yams.Node.scalar(scalar)
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .null: return .null
        case .bool: return node.bool.map(OpenAPINode.bool) ?? .string(scalar.string)
        case .int: return node.int.map(OpenAPINode.integer) ?? .string(scalar.string)
        case .float: return node.float.map(OpenAPINode.number) ?? .string(scalar.string)
        default: return .string(scalar.string)
        }
    }
}

/// A JSON value as `JSONDecoder` reads it, turned into an ``OpenAPINode`` (object members by name).
private struct JSONValue: Decodable {
    var node: OpenAPINode

    private struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: Name.self) {
            var members: [(String, OpenAPINode)] = []
            for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                members.append((key.stringValue, try container.decode(JSONValue.self, forKey: key).node))
            }
            node = .object(members)
        } else if var container = try? decoder.unkeyedContainer() {
            var elements: [OpenAPINode] = []
            while !container.isAtEnd { elements.append(try container.decode(JSONValue.self).node) }
            node = .array(elements)
        } else {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                node = .null
            } else if let value = try? container.decode(Bool.self) {
                node = .bool(value)
            } else if let value = try? container.decode(Int.self) {
                node = .integer(value)
            } else if let value = try? container.decode(Double.self) {
                node = .number(value)
            } else {
                node = .string(try container.decode(String.self))
            }
        }
    }
}
