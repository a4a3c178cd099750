/// A JSON Schema (draft 4) ready to validate instances: the schema document, every subschema it
/// names by `id`, and the other documents its `$ref`s may reach (a REST API's other models). Pure
/// value, no I/O.
///
/// Every draft 4 validation keyword is checked (`type`, `enum`, `allOf`/`anyOf`/`oneOf`/`not`,
/// `properties`/`patternProperties`/`additionalProperties`, `required`, `dependencies`,
/// `minProperties`/`maxProperties`, `items`/`additionalItems`, `minItems`/`maxItems`,
/// `uniqueItems`, `minimum`/`maximum` with their boolean `exclusive*`, `multipleOf`,
/// `minLength`/`maxLength` in code points, `pattern`); `format` is an annotation, as draft 4 allows.
/// `$ref` resolves JSON pointers (`#/definitions/x`), `id` scopes, and the documents given in
/// `documents` by URI; a reference to anything else (a remote URL) matches nothing.
///
/// ```swift
/// let schema = try JSONSchema(OpenAPINode.parseJSON(Array(#"{"type":"object","required":["name"]}"#.utf8))!)
/// schema.violations(of: .object([]))  // ["object has missing required properties ([\"name\"])"]
/// ```
public struct JSONSchema: Sendable {
    /// The schema document.
    let root: OpenAPINode
    /// Schemas by absolute URI: each document by its URI (fragment-less), each `id` by its
    /// resolved value.
    let named: [String: OpenAPINode]
    /// The base URI of the root document.
    let base: String

    /// The deepest instance or schema nesting followed; deeper instances are refused.
    public static let maximumDepth = 64
    /// The most violations reported for one instance.
    static let maximumViolations = 10

    /// - Parameters:
    ///   - root: the schema.
    ///   - uri: the schema's own URI (a model's is `https://apigateway.amazonaws.com/restapis/{api}/models/{name}`).
    ///   - documents: other schemas `$ref` may name, by URI.
    public init(_ root: OpenAPINode, uri: String = "", documents: [String: OpenAPINode] = [:]) {
        self.root = root
        self.base = uri
        var named: [String: OpenAPINode] = [:]
        for (documentURI, document) in documents {
            named[documentURI] = document
            Self.collectIdentifiers(document, base: documentURI, into: &named, depth: 0)
        }
        named[uri] = root
        Self.collectIdentifiers(root, base: uri, into: &named, depth: 0)
        self.named = named
    }

    /// The ways `instance` breaks the schema, in fge json-schema-validator's words (what AWS puts
    /// in `$context.error.validationErrorString`); empty when it is valid.
    public func violations(of instance: OpenAPINode) -> [String] {
        var validation = JSONSchemaValidation(schema: self)
        validation.check(instance, against: root, base: base, depth: 0)
        return validation.violations
    }

    /// Whether `instance` is valid.
    public func accepts(_ instance: OpenAPINode) -> Bool {
        var validation = JSONSchemaValidation(schema: self, stopAtFirst: true)
        validation.check(instance, against: root, base: base, depth: 0)
        return validation.violations.isEmpty
    }

    // MARK: References

    /// The schema `reference` names, seen from a schema whose base URI is `base`, with the base
    /// URI that applies inside it; nil when it names nothing known.
    func resolve(_ reference: String, base: String) -> (schema: OpenAPINode, base: String)? {
        let absolute = Self.resolveURI(reference, against: base)
        let (document, fragment) = Self.splitFragment(absolute)
        if let schema = named[absolute], fragment.isEmpty || !fragment.hasPrefix("/") {
            return (schema, document)
        }
        guard let target = named[document] else { return nil }
        guard let decoded = fragment.removingPercentEncodingForPointer, let schema = Self.pointer(decoded, in: target) else {
            return nil
        }
        return (schema, document)
    }

    /// `reference` resolved against `base` (RFC 3986, enough of it for schema identifiers).
    static func resolveURI(_ reference: String, against base: String) -> String {
        if reference.contains("://") || reference.hasPrefix("urn:") || reference.hasPrefix("file:") { return reference }
        let (document, _) = splitFragment(base)
        if reference.hasPrefix("#") { return document + reference }
        if reference.isEmpty { return document }
        if reference.hasPrefix("/"), let scheme = document.firstRange(of: "://") {
            let authorityEnd = document[scheme.upperBound...].firstIndex(of: "/") ?? document.endIndex
            return String(document[..<authorityEnd]) + reference
        }
        guard let slash = document.lastIndex(of: "/") else { return reference }
        return String(document[...slash]) + reference
    }

    static func splitFragment(_ uri: String) -> (document: String, fragment: String) {
        guard let hash = uri.firstIndex(of: "#") else { return (uri, "") }
        return (String(uri[..<hash]), String(uri[uri.index(after: hash)...]))
    }

    /// The value a JSON pointer (`/definitions/a~1b`) names in `document`.
    static func pointer(_ pointer: String, in document: OpenAPINode) -> OpenAPINode? {
        guard !pointer.isEmpty else { return document }
        guard pointer.hasPrefix("/") else { return nil }
        var node = document
        for token in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let name = token.replacingOccurrencesOfTilde
            switch node {
            case .object:
                guard let child = node[name] else { return nil }
                node = child
            case .array(let elements):
                guard let index = Int(name), elements.indices.contains(index) else { return nil }
                node = elements[index]
            default:
                return nil
            }
        }
        return node
    }

    /// Records every subschema with an `id`, under its URI resolved against the enclosing scope.
    /// `enum` values are data, not schemas, and are skipped; so are the subschemas of a `$ref`.
    private static func collectIdentifiers(_ node: OpenAPINode, base: String, into named: inout [String: OpenAPINode], depth: Int) {
        guard depth < maximumDepth, let members = node.members else { return }
        var scope = base
        if node["$ref"] == nil, case .string(let id)? = node["id"] {
            scope = resolveURI(id, against: base)
            if named[scope] == nil { named[scope] = node }
        }
        for (name, value) in members where name != "enum" && name != "const" {
            switch value {
            case .object: collectIdentifiers(value, base: scope, into: &named, depth: depth + 1)
            case .array(let elements):
                for element in elements { collectIdentifiers(element, base: scope, into: &named, depth: depth + 1) }
            default: break
            }
        }
    }
}

extension Substring {
    /// A JSON pointer token unescaped: `~1` is `/`, `~0` is `~`.
    fileprivate var replacingOccurrencesOfTilde: String {
        String(self).replacingAllOccurrences("~1", "/").replacingAllOccurrences("~0", "~")
    }
}

extension String {
    fileprivate func replacingAllOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    /// The text with `%XX` escapes decoded, or nil when one is malformed or the result is not UTF-8.
    fileprivate var removingPercentEncodingForPointer: String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
