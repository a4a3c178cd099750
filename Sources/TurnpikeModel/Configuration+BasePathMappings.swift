extension Configuration {
    static let unknownBasePathMapping = GatewayError.notFound("Invalid base path mapping identifier specified")
    /// The most base path mappings on one domain name.
    static let maximumBasePathMappings = 200

    /// `GetBasePathMapping`; `basePath` as in the URI (`(none)` or empty for the empty one).
    public func basePathMapping(domainName: String, basePath: String) throws -> BasePathMapping {
        guard let document = domainNames[domainName.lowercased()] else { throw Self.unknownDomainName }
        guard let mapping = document.mappings[Self.mappingKey(basePath)] else { throw Self.unknownBasePathMapping }
        return mapping
    }

    /// `GetBasePathMappings`, by base path.
    public func basePathMappings(domainName: String) throws -> [BasePathMapping] {
        guard let document = domainNames[domainName.lowercased()] else { throw Self.unknownDomainName }
        return document.mappings.values.sorted { $0.basePath < $1.basePath }
    }

    /// `CreateBasePathMapping`: a base path of segments of `a-zA-Z0-9$-_.+!*'()` separated by `/`
    /// (empty or `(none)`: the whole domain), unique on the domain name; an existing API, and an
    /// existing stage of it when one is named.
    public mutating func createBasePathMapping(domainName: String, _ input: CreateBasePathMappingInput) throws -> BasePathMapping {
        guard var document = domainNames[domainName.lowercased()] else { throw Self.unknownDomainName }
        guard let apiId = input.restApiId else { throw GatewayError.mustNotBeNull(at: "createBasePathMappingInput.restApiId") }
        let mapping = BasePathMapping(basePath: try Self.checkBasePath(input.basePath ?? ""), restApiId: apiId, stage: input.stage.nonEmptyText)
        try checkTarget(of: mapping)
        guard document.mappings[mapping.basePath] == nil else {
            throw GatewayError.conflict("Base path already exists for this domain name")
        }
        guard document.mappings.count < Self.maximumBasePathMappings else {
            throw GatewayError.badRequest("Turnpike keeps at most \(Self.maximumBasePathMappings) base path mappings per domain name")
        }
        document.mappings[mapping.basePath] = mapping
        save(document)
        return mapping
    }

    /// `UpdateBasePathMapping`: `replace` on `/basePath`, `/restapiId`, `/stage`.
    public mutating func updateBasePathMapping(domainName: String, basePath: String, operations: [PatchOperation]) throws -> BasePathMapping {
        try PatchOperation.validate(operations, input: "updateBasePathMappingInput")
        guard var document = domainNames[domainName.lowercased()] else { throw Self.unknownDomainName }
        let key = Self.mappingKey(basePath)
        guard var mapping = document.mappings[key] else { throw Self.unknownBasePathMapping }
        let paths = ["/basePath", "/restapiId", "/stage"]
        for operation in operations {
            guard paths.contains(operation.path) else { throw operation.invalidPath(mustBeOneOf: paths) }
            guard operation.op == "replace" else {
                throw GatewayError.badRequest("Invalid patch operation specified. Must be one of: [replace]")
            }
            switch operation.path {
            case "/basePath": mapping.basePath = try Self.checkBasePath(operation.value ?? "")
            case "/restapiId": mapping.restApiId = try operation.requiredValue()
            default: mapping.stage = operation.value.nonEmptyText
            }
        }
        try checkTarget(of: mapping)
        if mapping.basePath != key, document.mappings[mapping.basePath] != nil {
            throw GatewayError.conflict("Base path already exists for this domain name")
        }
        document.mappings[key] = nil
        document.mappings[mapping.basePath] = mapping
        save(document)
        return mapping
    }

    /// `DeleteBasePathMapping`.
    public mutating func removeBasePathMapping(domainName: String, basePath: String) throws {
        guard var document = domainNames[domainName.lowercased()] else { throw Self.unknownDomainName }
        guard document.mappings.removeValue(forKey: Self.mappingKey(basePath)) != nil else { throw Self.unknownBasePathMapping }
        save(document)
    }

    private func checkTarget(of mapping: BasePathMapping) throws {
        guard let api = restApis[mapping.restApiId] else { throw GatewayError.badRequest("Invalid REST API identifier specified") }
        if let stage = mapping.stage, api.stages[stage] == nil {
            throw GatewayError.badRequest("Invalid stage identifier specified")
        }
    }

    /// A base path as stored and answered: `(none)` for the empty one.
    static func mappingKey(_ basePath: String) -> String {
        basePath.isEmpty ? BasePathMapping.none : basePath
    }

    static func checkBasePath(_ basePath: String) throws -> String {
        if basePath.isEmpty || basePath == BasePathMapping.none { return BasePathMapping.none }
        let allowed = Set("$-_.+!*'()".utf8)
        let segments = basePath.split(separator: "/", omittingEmptySubsequences: false)
        guard basePath.utf8.count <= 1024, segments.allSatisfy({ segment in
            !segment.isEmpty && segment.utf8.allSatisfy { byte in
                allowed.contains(byte) || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            }
        }) else {
            throw GatewayError.badRequest(
                "Invalid base path specified: \(basePath.jsonLiteral). A base path has segments of a-z, A-Z, 0-9 and $-_.+!*'() separated by /")
        }
        return basePath
    }
}
