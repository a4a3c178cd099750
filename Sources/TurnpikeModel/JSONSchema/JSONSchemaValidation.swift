/// One validation of an instance against a ``JSONSchema``: walks the schema's keywords and
/// collects violations. Bounded: at most ``JSONSchema/maximumDepth`` nested checks (instance
/// levels and `$ref` hops together) and ``stepBudget`` keyword checks in all, beyond which the
/// instance is refused rather than followed.
struct JSONSchemaValidation {
    let schema: JSONSchema
    /// Stop at the first violation (inside `anyOf`, `oneOf`, `not`, and for ``JSONSchema/accepts(_:)``).
    var stopAtFirst = false
    private(set) var violations: [String] = []
    /// Checks left before the instance is refused as too costly to validate.
    private var steps: Int

    static let stepBudget = 200_000

    init(schema: JSONSchema, stopAtFirst: Bool = false, steps: Int = stepBudget) {
        self.schema = schema
        self.stopAtFirst = stopAtFirst
        self.steps = steps
    }

    private var done: Bool { (stopAtFirst && !violations.isEmpty) || violations.count >= JSONSchema.maximumViolations }

    private mutating func fail(_ message: String) {
        if violations.count < JSONSchema.maximumViolations { violations.append(message) }
    }

    mutating func check(_ instance: OpenAPINode, against node: OpenAPINode, base: String, depth: Int) {
        steps -= 1
        guard depth < JSONSchema.maximumDepth, steps > 0 else {
            return fail("instance is nested too deeply or the schema is too complex to validate")
        }
        guard case .object = node else { return }
        if case .string(let reference)? = node["$ref"] {
            // In draft 4, `$ref` replaces the schema it sits in: its siblings are ignored.
            guard let target = schema.resolve(reference, base: base) else {
                return fail("the schema reference \(reference.jsonLiteral) cannot be resolved")
            }
            return check(instance, against: target.schema, base: target.base, depth: depth + 1)
        }
        var base = base
        if case .string(let id)? = node["id"] { base = JSONSchema.resolveURI(id, against: base) }
        checkGeneric(instance, node, base: base, depth: depth)
        if done { return }
        switch instance {
        case .object(let members): checkObject(members, node, base: base, depth: depth)
        case .array(let elements): checkArray(elements, node, base: base, depth: depth)
        case .string(let text): checkString(text, node)
        case .integer(let value): checkNumber(JSONNumber.integer(value), node)
        case .number(let value): checkNumber(JSONNumber.double(value), node)
        case .null, .bool: break
        }
    }

    /// A sub-validation's verdict, sharing this one's step budget.
    private mutating func isValid(_ instance: OpenAPINode, against node: OpenAPINode, base: String, depth: Int) -> Bool {
        var inner = JSONSchemaValidation(schema: schema, stopAtFirst: true, steps: steps)
        inner.check(instance, against: node, base: base, depth: depth + 1)
        steps = inner.steps
        if steps <= 0 { fail("instance is nested too deeply or the schema is too complex to validate") }
        return inner.violations.isEmpty
    }

    // MARK: Any instance

    private mutating func checkGeneric(_ instance: OpenAPINode, _ node: OpenAPINode, base: String, depth: Int) {
        if let type = node["type"] {
            let allowed = type.elements?.compactMap(\.text) ?? type.text.map { [$0] } ?? []
            if !allowed.contains(where: { Self.hasType(instance, $0) }) {
                fail("instance type (\(Self.typeName(instance))) does not match any allowed primitive type (allowed: [\(allowed.sorted().map(\.jsonLiteral).joined(separator: ","))])")
            }
        }
        if let options = node["enum"]?.elements, !options.contains(where: { Self.equal($0, instance) }) {
            fail("instance value (\(instance.compactJSONText())) not found in enum (possible values: \(OpenAPINode.array(options).compactJSONText()))")
        }
        if let all = node["allOf"]?.elements {
            let failing = all.indices.filter { !isValid(instance, against: all[$0], base: base, depth: depth) }
            if !failing.isEmpty { fail("instance failed to match all required schemas (matched only \(all.count - failing.count) out of \(all.count))") }
        }
        if let any = node["anyOf"]?.elements, !any.contains(where: { isValid(instance, against: $0, base: base, depth: depth) }) {
            fail("instance failed to match at least one required schema among \(any.count)")
        }
        if let one = node["oneOf"]?.elements {
            var matched = 0
            for option in one where isValid(instance, against: option, base: base, depth: depth) {
                matched += 1
                if matched > 1 { break }
            }
            if matched != 1 { fail("instance failed to match exactly one schema (matched \(matched) out of \(one.count))") }
        }
        if let not = node["not"], case .object = not, isValid(instance, against: not, base: base, depth: depth) {
            fail("instance matched a schema which it should not have")
        }
    }

    static func hasType(_ instance: OpenAPINode, _ type: String) -> Bool {
        switch (type, instance) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
             ("number", .integer), ("number", .number), ("integer", .integer):
            return true
        default:
            return false
        }
    }

    /// JSON equality: numbers by value (`1` is `1.0`), strings by code points (not by Swift's
    /// canonical equivalence), objects whatever their member order.
    static func equal(_ a: OpenAPINode, _ b: OpenAPINode) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (.object(x), .object(y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { name, value in
                y.contains { $0.0.unicodeScalars.elementsEqual(name.unicodeScalars) && equal($0.1, value) }
            }
        default: return a == b
        }
    }

    static func typeName(_ instance: OpenAPINode) -> String {
        switch instance {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    // MARK: Objects

    private mutating func checkObject(_ members: [(String, OpenAPINode)], _ node: OpenAPINode, base: String, depth: Int) {
        let names = Set(members.map(\.0))
        if let required = node["required"]?.stringList {
            let missing = required.filter { !names.contains($0) }
            if !missing.isEmpty {
                fail("object has missing required properties ([\(missing.sorted().map(\.jsonLiteral).joined(separator: ","))])")
            }
        }
        if let minimum = node["minProperties"]?.integer, members.count < minimum {
            fail("object has too few properties (found \(members.count), required at least \(minimum))")
        }
        if let maximum = node["maxProperties"]?.integer, members.count > maximum {
            fail("object has too many properties (found \(members.count), required at most \(maximum))")
        }
        if let dependencies = node["dependencies"]?.members {
            for (name, dependency) in dependencies where names.contains(name) {
                if let needed = dependency.stringList, case .array = dependency {
                    let missing = needed.filter { !names.contains($0) }
                    if !missing.isEmpty {
                        fail("property \(name.jsonLiteral) of object has missing property dependencies (requires [\(needed.map(\.jsonLiteral).joined(separator: ","))]; missing: [\(missing.map(\.jsonLiteral).joined(separator: ","))])")
                    }
                } else if case .object = dependency {
                    check(.object(members), against: dependency, base: base, depth: depth + 1)
                }
            }
        }
        let properties = node["properties"]?.members ?? []
        let patterns = (node["patternProperties"]?.members ?? []).map { (JSONSchemaPattern($0.0), $0.1) }
        var additional: [String] = []
        for (name, value) in members {
            if done { return }
            var covered = false
            if let property = properties.first(where: { $0.0 == name }) {
                covered = true
                check(value, against: property.1, base: base, depth: depth + 1)
            }
            for (pattern, subschema) in patterns where pattern.matches(name) {
                covered = true
                check(value, against: subschema, base: base, depth: depth + 1)
            }
            guard !covered else { continue }
            switch node["additionalProperties"] {
            case .bool(false)?: additional.append(name)
            case let subschema? where subschema.members != nil: check(value, against: subschema, base: base, depth: depth + 1)
            default: break
            }
        }
        if !additional.isEmpty {
            fail("object instance has properties which are not allowed by the schema: [\(additional.sorted().map(\.jsonLiteral).joined(separator: ","))]")
        }
    }

    // MARK: Arrays

    private mutating func checkArray(_ elements: [OpenAPINode], _ node: OpenAPINode, base: String, depth: Int) {
        if let minimum = node["minItems"]?.integer, elements.count < minimum {
            fail("array is too short: must have at least \(minimum) elements but instance has \(elements.count) elements")
        }
        if let maximum = node["maxItems"]?.integer, elements.count > maximum {
            fail("array is too long: must have at most \(maximum) elements but instance has \(elements.count) elements")
        }
        if node["uniqueItems"] == .bool(true) {
            outer: for index in elements.indices {
                for other in elements.indices where other > index {
                    steps -= 1
                    guard steps > 0 else {
                        fail("instance is nested too deeply or the schema is too complex to validate")
                        break outer
                    }
                    if Self.equal(elements[index], elements[other]) {
                        fail("array must not contain duplicate elements")
                        break outer
                    }
                }
            }
        }
        switch node["items"] {
        case .array(let tuple)?:
            for (index, element) in elements.enumerated() {
                if done { return }
                if index < tuple.count {
                    check(element, against: tuple[index], base: base, depth: depth + 1)
                } else if node["additionalItems"] == .bool(false) {
                    return fail("array has too many elements: tuple allows at most \(tuple.count) elements but instance has \(elements.count) elements")
                } else if let additional = node["additionalItems"], additional.members != nil {
                    check(element, against: additional, base: base, depth: depth + 1)
                }
            }
        case let items? where items.members != nil:
            for element in elements {
                if done { return }
                check(element, against: items, base: base, depth: depth + 1)
            }
        default:
            break
        }
    }

    // MARK: Strings and numbers

    private mutating func checkString(_ text: String, _ node: OpenAPINode) {
        let length = text.unicodeScalars.count
        if let minimum = node["minLength"]?.integer, length < minimum {
            fail("string \(text.jsonLiteral) is too short (length: \(length), required minimum: \(minimum))")
        }
        if let maximum = node["maxLength"]?.integer, length > maximum {
            fail("string \(text.jsonLiteral) is too long (length: \(length), maximum allowed: \(maximum))")
        }
        if case .string(let pattern)? = node["pattern"], !JSONSchemaPattern(pattern).matches(text) {
            fail("ECMA 262 regex \(pattern.jsonLiteral) does not match input string \(text.jsonLiteral)")
        }
    }

    private mutating func checkNumber(_ value: JSONNumber, _ node: OpenAPINode) {
        if let minimum = node["minimum"].flatMap(JSONNumber.init) {
            let exclusive = node["exclusiveMinimum"] == .bool(true)
            if exclusive ? !(value > minimum) : value < minimum {
                fail("numeric instance is \(exclusive ? "not strictly greater than" : "lower than") the required minimum (minimum: \(minimum), found: \(value))")
            }
        }
        if let maximum = node["maximum"].flatMap(JSONNumber.init) {
            let exclusive = node["exclusiveMaximum"] == .bool(true)
            if exclusive ? !(value < maximum) : value > maximum {
                fail("numeric instance is \(exclusive ? "not strictly lower than" : "greater than") the required maximum (maximum: \(maximum), found: \(value))")
            }
        }
        if let divisor = node["multipleOf"].flatMap(JSONNumber.init), !value.isMultiple(of: divisor) {
            fail("remainder of division is not zero (\(value) / \(divisor))")
        }
    }
}
