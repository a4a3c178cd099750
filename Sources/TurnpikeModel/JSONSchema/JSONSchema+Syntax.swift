extension JSONSchema {
    /// The first way `node` fails to be a draft 4 schema (what the draft 4 meta-schema checks:
    /// keyword value types, non-negative counts, non-empty `required`/`enum`/`allOf`/`anyOf`/`oneOf`
    /// lists, `exclusive*` only beside its bound, patterns that compile), or nil for a valid one.
    /// Unknown keywords are allowed, as draft 4 allows them.
    public static func syntaxError(in node: OpenAPINode) -> String? {
        syntaxError(in: node, at: "#", depth: 0)
    }

    static let typeNames: Set<String> = ["array", "boolean", "integer", "null", "number", "object", "string"]

    private static func syntaxError(in node: OpenAPINode, at path: String, depth: Int) -> String? {
        guard depth < maximumDepth else { return "\(path): the schema nests deeper than \(maximumDepth) levels" }
        guard let members = node.members else { return "\(path): a schema must be a JSON object" }
        for (keyword, value) in members {
            let here = path + "/" + keyword
            if let problem = keywordError(keyword, value, in: node, at: here, depth: depth) { return problem }
        }
        return nil
    }

    private static func keywordError(_ keyword: String, _ value: OpenAPINode, in node: OpenAPINode, at path: String,
                                     depth: Int) -> String? {
        func schemaMap() -> String? {
            guard let members = value.members else { return "\(path): must be an object" }
            for (name, schema) in members {
                if let problem = syntaxError(in: schema, at: path + "/" + name, depth: depth + 1) { return problem }
            }
            return nil
        }
        func schemaList() -> String? {
            guard let elements = value.elements, !elements.isEmpty else { return "\(path): must be a non-empty array" }
            for (index, schema) in elements.enumerated() {
                if let problem = syntaxError(in: schema, at: "\(path)/\(index)", depth: depth + 1) { return problem }
            }
            return nil
        }
        func count() -> String? {
            guard let number = value.countValue, number >= 0 else { return "\(path): must be a non-negative integer" }
            return nil
        }
        switch keyword {
        case "id", "$schema", "$ref", "title", "description":
            return value.isString ? nil : "\(path): must be a string"
        case "type":
            if case .string(let name) = value { return typeNames.contains(name) ? nil : "\(path): unknown type \(name.jsonLiteral)" }
            guard let names = value.stringList, !names.isEmpty, Set(names).count == names.count,
                  names.allSatisfy(typeNames.contains) else { return "\(path): must be a type name or a non-empty array of distinct type names" }
            return nil
        case "properties", "patternProperties", "definitions":
            if keyword == "patternProperties", let bad = value.members?.first(where: { !JSONSchemaPattern($0.0).isValid }) {
                return "\(path): \(bad.0.jsonLiteral) is not a valid regular expression"
            }
            return schemaMap()
        case "additionalProperties", "additionalItems":
            if case .bool = value { return nil }
            return syntaxError(in: value, at: path, depth: depth + 1)
        case "items":
            if case .array = value {
                return value.elements!.enumerated().lazy.compactMap { syntaxError(in: $1, at: "\(path)/\($0)", depth: depth + 1) }.first
            }
            return syntaxError(in: value, at: path, depth: depth + 1)
        case "not":
            return syntaxError(in: value, at: path, depth: depth + 1)
        case "allOf", "anyOf", "oneOf":
            return schemaList()
        case "required":
            guard let names = value.stringList, case .array = value, !names.isEmpty, Set(names).count == names.count else {
                return "\(path): must be a non-empty array of distinct strings"
            }
            return nil
        case "enum":
            guard let elements = value.elements, !elements.isEmpty else { return "\(path): must be a non-empty array" }
            return nil
        case "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties":
            return count()
        case "minimum", "maximum":
            return JSONNumber(value) == nil ? "\(path): must be a number" : nil
        case "exclusiveMinimum", "exclusiveMaximum":
            guard case .bool = value else { return "\(path): must be a boolean" }
            let bound = keyword == "exclusiveMinimum" ? "minimum" : "maximum"
            return node[bound] == nil ? "\(path): needs \(bound) beside it" : nil
        case "multipleOf":
            guard let number = JSONNumber(value), number.double > 0 else { return "\(path): must be a number greater than 0" }
            return nil
        case "uniqueItems":
            if case .bool = value { return nil }
            return "\(path): must be a boolean"
        case "pattern":
            guard case .string(let pattern) = value else { return "\(path): must be a string" }
            return JSONSchemaPattern(pattern).isValid ? nil : "\(path): \(pattern.jsonLiteral) is not a valid regular expression"
        case "dependencies":
            guard let members = value.members else { return "\(path): must be an object" }
            for (name, dependency) in members {
                if case .array = dependency {
                    guard let names = dependency.stringList, !names.isEmpty else {
                        return "\(path)/\(name): must be a schema or a non-empty array of strings"
                    }
                } else if let problem = syntaxError(in: dependency, at: "\(path)/\(name)", depth: depth + 1) {
                    return problem
                }
            }
            return nil
        default:
            return nil
        }
    }
}

extension OpenAPINode {
    fileprivate var isString: Bool {
        if case .string = self { return true }
        return false
    }

    /// A count keyword's value: an integer (a float with no fraction counts).
    fileprivate var countValue: Int? {
        switch self {
        case .integer(let value): value
        case .number(let value) where value.rounded() == value && abs(value) < 1e15: Int(value)
        default: nil
        }
    }
}
