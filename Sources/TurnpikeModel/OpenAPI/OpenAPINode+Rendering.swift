import Foundation
import Yams

extension OpenAPINode {
    /// The node as indented JSON, members in their order.
    public func jsonText() -> String {
        var output = ""
        writeJSON(to: &output, indent: 0)
        return output + "\n"
    }

    /// The node as compact JSON (e.g. a policy stored as a string).
    public func compactJSONText() -> String {
        var output = ""
        writeJSON(to: &output, indent: nil)
        return output
    }

    /// The node as YAML, members in their order; strings that YAML would read as another type are quoted.
    public func yamlText() throws -> String {
        do {
            return try Yams.serialize(node: yamlNode(), width: -1, allowUnicode: true)
        } catch {
            throw GatewayError(.internalFailure, "The export could not be written as YAML")
        }
    }

    private func yamlNode() -> Yams.Node {
        switch self {
        case .null: return .scalar(.init("null", Tag(.null)))
        case .bool(let value): return .scalar(.init(value ? "true" : "false", Tag(.bool)))
        case .integer(let value): return .scalar(.init(String(value), Tag(.int)))
        case .number(let value): return .scalar(.init(Self.numberText(value), Tag(.float)))
        case .string(let value):
            let plain = Yams.Node.scalar(.init(value))
            let style: Yams.Node.Scalar.Style = plain.tag.rawValue == Tag.Name.str.rawValue ? .any : .doubleQuoted
            return .scalar(.init(value, Tag(.str), style))
        case .array(let elements): return .sequence(.init(elements.map { $0.yamlNode() }))
        case .object(let members):
            return .mapping(.init(members.map { (Yams.Node.scalar(.init($0.0, Tag(.str), Self.keyStyle($0.0))), $0.1.yamlNode()) }))
        }
    }

    private static func keyStyle(_ key: String) -> Yams.Node.Scalar.Style {
        Yams.Node.scalar(.init(key)).tag.rawValue == Tag.Name.str.rawValue ? .any : .singleQuoted
    }

    private static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    private func writeJSON(to output: inout String, indent: Int?) {
        let newline = indent.map { "\n" + String(repeating: "  ", count: $0 + 1) } ?? ""
        let closing = indent.map { "\n" + String(repeating: "  ", count: $0) } ?? ""
        let separator = indent == nil ? ":" : " : "
        let inner = indent.map { $0 + 1 }
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .number(let value): output += Self.numberText(value)
        case .string(let value): Self.writeJSONString(value, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else { output += indent == nil ? "[]" : "[ ]"; return }
            output += "["
            for (index, element) in elements.enumerated() {
                output += (index == 0 ? "" : ",") + newline
                element.writeJSON(to: &output, indent: inner)
            }
            output += closing + "]"
        case .object(let members):
            guard !members.isEmpty else { output += indent == nil ? "{}" : "{ }"; return }
            output += "{"
            for (index, (name, value)) in members.enumerated() {
                output += (index == 0 ? "" : ",") + newline
                Self.writeJSONString(name, to: &output)
                output += separator
                value.writeJSON(to: &output, indent: inner)
            }
            output += closing + "}"
        }
    }

    private static func writeJSONString(_ value: String, to output: inout String) {
        output += value.jsonLiteral
    }
}
