import TurnpikeModel

/// A method's request validation, as its request validator asks: the required request parameters
/// (`validateRequestParameters`) and the request models (`validateRequestBody`). Decided without
/// I/O; compiled once per stage into the method's ``MethodPlan``.
///
/// - Parameters: every `method.request.{path|querystring|multivaluequerystring|header|multivalueheader}.{name}`
///   marked required must be present (a query parameter by name, even with an empty value; a
///   header by name, any case); otherwise 400 `BAD_REQUEST_PARAMETERS`,
///   `Missing required request parameters: [a, b]` (headers, then path, then query, each by name).
/// - Body: the model for the request's `Content-Type` (its media type, lowercased; `application/json`
///   when there is none), else the `$default` model; with neither, the body is not checked. The
///   body must be JSON that the model's schema (draft 4) accepts; an empty body is read as `{}`.
///   Otherwise 400 `BAD_REQUEST_BODY`, `Invalid request body`, with the schema's violations in
///   `$context.error.validationErrorString`.
public struct RequestValidation: Sendable {
    /// A required parameter: where it is read and its name.
    struct Parameter: Sendable, Equatable {
        /// In the order missing parameters are listed.
        enum Source: Int, Sendable { case header, path, query }
        var source: Source
        var name: String
    }

    /// Why a request is refused.
    public struct Refusal: Sendable, Equatable {
        /// `BAD_REQUEST_PARAMETERS` or `BAD_REQUEST_BODY`.
        public var type: GatewayResponseType
        /// `$context.error.message`.
        public var message: String
        /// `$context.error.validationErrorString`: `[violation, violation]`, or empty.
        public var validationErrors: String
    }

    let parameters: [Parameter]
    /// Schemas by lowercased media type (and `$default`).
    let bodySchemas: [String: JSONSchema]

    /// Whether a request's body is read for validation.
    public var validatesBody: Bool { !bodySchemas.isEmpty }

    /// The validation of `method`, or nil when it has no request validator, or one that checks
    /// nothing this method declares.
    init?(method: TurnpikeModel.Method, catalog: ModelCatalog) {
        guard let validatorId = method.requestValidatorId, let validator = catalog.validators[validatorId] else { return nil }
        var parameters: [Parameter] = []
        if validator.validateRequestParameters {
            for (key, required) in method.requestParameters ?? [:] where required {
                if let parameter = Self.parameter(key) { parameters.append(parameter) }
            }
            parameters.sort { ($0.source.rawValue, $0.name) < ($1.source.rawValue, $1.name) }
        }
        var bodySchemas: [String: JSONSchema] = [:]
        if validator.validateRequestBody {
            for (contentType, model) in method.requestModels ?? [:] {
                if let schema = catalog.schema(named: model) { bodySchemas[contentType.lowercased()] = schema }
            }
        }
        guard !parameters.isEmpty || !bodySchemas.isEmpty else { return nil }
        self.parameters = parameters
        self.bodySchemas = bodySchemas
    }

    private static func parameter(_ key: String) -> Parameter? {
        let parts = key.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "method", parts[1] == "request", !parts[3].isEmpty else { return nil }
        switch parts[2] {
        case "path": return Parameter(source: .path, name: String(parts[3]))
        case "querystring", "multivaluequerystring": return Parameter(source: .query, name: String(parts[3]))
        case "header", "multivalueheader": return Parameter(source: .header, name: String(parts[3]))
        default: return nil
        }
    }

    /// The refusal of a request, or nil when it passes.
    /// - Parameters:
    ///   - header: a header's first value by name (any case), or nil.
    ///   - rawQuery: the query string as received, without `?`.
    ///   - pathParameter: a path parameter's value by name, or nil.
    ///   - contentType: the `Content-Type` header.
    ///   - body: the request body (nil or empty: none).
    public func refusal(header: (String) -> String?, rawQuery: String, pathParameter: (String) -> Substring?,
                        contentType: String?, body: [UInt8]?) -> Refusal? {
        let missing = parameters.filter { parameter in
            switch parameter.source {
            case .header: header(parameter.name) == nil
            case .path: pathParameter(parameter.name)?.isEmpty ?? true
            case .query: !Self.queryNames(rawQuery).contains(parameter.name)
            }
        }
        if !missing.isEmpty {
            let list = "[" + missing.map(\.name).joined(separator: ", ") + "]"
            return Refusal(type: .badRequestParameters, message: "Missing required request parameters: \(list)", validationErrors: "")
        }
        guard let schema = bodySchema(contentType: contentType) else { return nil }
        let bytes = body ?? []
        let instance = bytes.allSatisfy(Self.isWhitespace) ? .object([]) : OpenAPINode.parseJSON(bytes)
        guard let instance else {
            return Refusal(type: .badRequestBody, message: "Invalid request body", validationErrors: "[Invalid JSON in the request body]")
        }
        let violations = schema.violations(of: instance)
        guard !violations.isEmpty else { return nil }
        return Refusal(type: .badRequestBody, message: "Invalid request body",
                       validationErrors: "[" + violations.joined(separator: ", ") + "]")
    }

    /// The schema for a request's `Content-Type`, or the `$default` one.
    func bodySchema(contentType: String?) -> JSONSchema? {
        let mediaType = contentType.map { $0.split(separator: ";", maxSplits: 1).first.map(String.init) ?? "" }
            .map { $0.trimmingWhitespace.lowercased() } ?? "application/json"
        return bodySchemas[mediaType.isEmpty ? "application/json" : mediaType] ?? bodySchemas["$default"]
    }

    /// The names in a query string (`a=1&b&c=` has `a`, `b`, `c`), percent- and `+`-decoded.
    static func queryNames(_ rawQuery: String) -> Set<String> {
        var names: Set<String> = []
        for pair in rawQuery.split(separator: "&") {
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard !name.isEmpty else { continue }
            var plain = String(name).replacingAll("+", with: " ")
            names.insert(plain.withUTF8 { PercentCoding.decode(UnsafeRawBufferPointer($0)) } ?? plain)
        }
        return names
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
