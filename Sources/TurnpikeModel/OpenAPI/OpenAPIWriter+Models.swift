extension OpenAPIWriter {
    /// AWS's built-in models, written when a method names one.
    static let builtInSchemas: [String: String] = [
        "Empty": #"{"$schema":"http://json-schema.org/draft-04/schema#","title":"Empty Schema","type":"object"}"#,
        "Error": #"{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"message":{"type":"string"}},"title":"Error Schema","type":"object"}"#,
    ]

    /// Where the document keeps its schemas.
    var referencePrefix: String { format == .oas30 ? "#/components/schemas/" : "#/definitions/" }

    /// `{"$ref": ...}` to a model.
    func reference(_ model: String) -> OpenAPINode {
        .object([("$ref", .string(referencePrefix + model))])
    }

    /// The API's models by name, and the built-in ones its methods name, their `$ref`s written for this format.
    func schemas() -> [(String, OpenAPINode)] {
        var texts = (document.models ?? [:]).mapValues { $0.schema ?? "{}" }
        for resource in resources.values {
            for method in (resource.resourceMethods ?? [:]).values {
                let named = (method.requestModels ?? [:]).values + (method.methodResponses ?? [:]).values.flatMap { ($0.responseModels ?? [:]).values }
                for name in named where texts[name] == nil { texts[name] = Self.builtInSchemas[name] }
            }
        }
        return texts.sorted { $0.key < $1.key }.map { name, text in
            let node = (try? OpenAPINode.parse(Array(text.utf8))) ?? .object([])
            return (name, node.rewritingReferences(from: "#/definitions/", to: referencePrefix))
        }
    }
}
