extension OpenAPIReader {
    /// The model a `$ref` names (`#/definitions/Pet`, `#/components/schemas/Pet` → `Pet`).
    static func modelName(_ schema: OpenAPINode?) -> String? {
        guard let reference = schema?["$ref"]?.text else { return nil }
        for prefix in ["#/definitions/", "#/components/schemas/"] where reference.hasPrefix(prefix) {
            return String(reference.dropFirst(prefix.count))
        }
        return nil
    }

    /// `definitions` / `components.schemas` as models of type `application/json`, their `$ref`s
    /// written one way (`#/definitions/{name}`), so either kind of document stores the same text.
    /// `Empty` and `Error` are AWS's own and are not created.
    mutating func readModels() {
        let schemas = isSwagger ? root["definitions"] : root["components"]?["schemas"]
        for (name, schema) in schemas?.members ?? [] where !Configuration.builtInModels.contains(name) {
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                definition.warnings.append("Ignored the schema '\(name)': model names must be alphanumeric")
                continue
            }
            let text = schema.rewritingReferences(from: "#/components/schemas/", to: "#/definitions/").sortedMembers().compactJSONText()
            definition.models.append(CreateModelInput(name: name, schema: text, contentType: "application/json"))
        }
    }

    /// Request models by content type: OpenAPI 3's `requestBody` content, Swagger's `body` parameter
    /// (for each type the operation consumes). Only `$ref`s to models are kept; an inline schema is a warning.
    mutating func requestModels(_ operation: OpenAPINode, sharedParameters: [OpenAPINode], at location: String) -> [String: String]? {
        var models: [String: String] = [:]
        if isSwagger {
            let body = (sharedParameters + (operation["parameters"]?.elements ?? [])).compactMap(resolve).first { $0["in"]?.text == "body" }
            if let body {
                let types = operation["consumes"]?.stringList ?? root["consumes"]?.stringList ?? ["application/json"]
                if let name = Self.modelName(body["schema"]) {
                    for type in types { models[type] = name }
                } else {
                    definition.warnings.append("Ignored the inline body schema at \(location): models are referenced with $ref")
                }
            }
        } else {
            let body = operation["requestBody"].flatMap(resolve)
            for (type, content) in body?["content"]?.members ?? [] where content["schema"] != nil {
                if let name = Self.modelName(content["schema"]) {
                    models[type] = name
                } else {
                    definition.warnings.append("Ignored the inline body schema for \(type) at \(location): models are referenced with $ref")
                }
            }
        }
        return models.isEmpty ? nil : models
    }

    /// Response models by content type (inline schemas are left out, as AWS names no model for them).
    func responseModels(_ response: OpenAPINode, produces: [String]?) -> [String: String]? {
        var models: [String: String] = [:]
        if isSwagger {
            if let name = Self.modelName(response["schema"]) {
                for type in produces ?? root["produces"]?.stringList ?? ["application/json"] { models[type] = name }
            }
        } else {
            for (type, content) in response["content"]?.members ?? [] {
                if let name = Self.modelName(content["schema"]) { models[type] = name }
            }
        }
        return models.isEmpty ? nil : models
    }
}

extension OpenAPINode {
    /// The node with every `$ref` that starts with `from` made to start with `to`.
    func rewritingReferences(from: String, to: String) -> OpenAPINode {
        switch self {
        case .array(let elements): return .array(elements.map { $0.rewritingReferences(from: from, to: to) })
        case .object(let members):
            return .object(members.map { name, value in
                if name == "$ref", case .string(let reference) = value, reference.hasPrefix(from) {
                    return (name, .string(to + reference.dropFirst(from.count)))
                }
                return (name, value.rewritingReferences(from: from, to: to))
            })
        default: return self
        }
    }
}
