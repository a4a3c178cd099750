/// What `CreateRestApi` takes (AWS's `CreateRestApiRequest`).
public struct CreateRestApiInput: Codable, Sendable {
    public var name: String?
    public var description: String?
    public var version: String?
    public var cloneFrom: String?
    public var binaryMediaTypes: [String]?
    public var minimumCompressionSize: Int?
    public var apiKeySource: String?
    public var endpointConfiguration: EndpointConfiguration?
    public var policy: String?
    public var tags: [String: String]?
    public var disableExecuteApiEndpoint: Bool?

    public init(
        name: String?, description: String? = nil, version: String? = nil, binaryMediaTypes: [String]? = nil,
        minimumCompressionSize: Int? = nil, apiKeySource: String? = nil,
        endpointConfiguration: EndpointConfiguration? = nil, policy: String? = nil, tags: [String: String]? = nil,
        disableExecuteApiEndpoint: Bool? = nil
    ) {
        self.name = name
        self.description = description
        self.version = version
        self.binaryMediaTypes = binaryMediaTypes
        self.minimumCompressionSize = minimumCompressionSize
        self.apiKeySource = apiKeySource
        self.endpointConfiguration = endpointConfiguration
        self.policy = policy
        self.tags = tags
        self.disableExecuteApiEndpoint = disableExecuteApiEndpoint
    }
}

extension Configuration {
    /// The account id Turnpike answers with where AWS names the account (e.g. in 404 messages).
    public static let accountId = "000000000000"
    /// The API key sources AWS's model lists.
    static let apiKeySources = ["HEADER", "AUTHORIZER"]
    /// The endpoint types, in the order AWS's validation message lists them.
    static let endpointTypes = ["PRIVATE", "EDGE", "REGIONAL"]
    /// The largest `minimumCompressionSize` AWS accepts.
    static let maximumCompressionSize = 10_485_760

    /// AWS's 404 for an unknown REST API: `Invalid API identifier specified {account}:{id}`.
    public static func unknownRestApi(_ id: String) -> GatewayError {
        .notFound("Invalid API identifier specified \(accountId):\(id)")
    }

    /// The whole document of a REST API, or AWS's 404.
    public func restApiDocument(_ id: String) throws -> RestApiDocument {
        guard let document = restApis[id] else { throw Self.unknownRestApi(id) }
        return document
    }

    /// `GetRestApi`.
    public func restApi(_ id: String) throws -> RestApi {
        try restApiDocument(id).api
    }

    /// `GetRestApis`: every REST API, oldest first.
    public func restApiList() -> [RestApi] {
        restApis.values.map(\.api).sorted { ($0.createdDate, $0.id) < ($1.createdDate, $1.id) }
    }

    /// `CreateRestApi`: a new API with AWS's defaults (`apiKeySource` HEADER, one EDGE endpoint,
    /// the execute-api endpoint enabled) and a root resource `/`.
    public mutating func createRestApi(
        _ input: CreateRestApiInput, id: String, rootResourceId: String, now: Int
    ) throws -> RestApi {
        guard let name = input.name else { throw GatewayError.mustNotBeNull(at: "createRestApiInput.name") }
        let endpoint = try Self.validateNewEndpoint(input.endpointConfiguration, apiKeySource: input.apiKeySource)
        guard !name.isEmpty else { throw GatewayError.badRequest("Invalid REST API name specified: the name must not be empty") }
        if input.description == "" { throw GatewayError.badRequest("Description cannot be an empty string") }
        try Self.validateCompressionSize(input.minimumCompressionSize)
        if input.cloneFrom != nil {
            throw GatewayError.badRequest("Turnpike does not support cloneFrom; create the API and its resources instead")
        }
        let api = RestApi(
            id: id, name: name, description: input.description, createdDate: now, version: input.version.nonEmptyText,
            binaryMediaTypes: (input.binaryMediaTypes ?? []).isEmpty ? nil : input.binaryMediaTypes,
            minimumCompressionSize: input.minimumCompressionSize, apiKeySource: input.apiKeySource ?? "HEADER",
            endpointConfiguration: endpoint, policy: input.policy.nonEmptyText,
            tags: (input.tags ?? [:]).isEmpty ? nil : input.tags,
            disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false, rootResourceId: rootResourceId
        )
        save(RestApiDocument(api: api, root: Resource(id: rootResourceId, path: "/")))
        return api
    }

    /// `UpdateRestApi` with the paths ``RestApiPatch`` accepts. Answers with `tags` always present, as AWS does.
    public mutating func updateRestApi(_ id: String, operations: [PatchOperation]) throws -> RestApi {
        try PatchOperation.validate(operations, input: "updateRestApiInput")
        var document = try restApiDocument(id)
        for operation in operations {
            try RestApiPatch(operation: operation).apply(to: &document.api)
        }
        let endpoint = document.api.endpointConfiguration
        if endpoint.types == ["PRIVATE"], endpoint.ipAddressType == "ipv4" {
            throw GatewayError.badRequest("Only dualstack ipAddressType is supported for Private APIs.")
        }
        save(document)
        var answer = document.api
        answer.tags = answer.tags ?? [:]
        return answer
    }

    /// `DeleteRestApi`: removes the API with everything under it; usage plans lose its stages and
    /// API keys their stage keys for it.
    public mutating func removeRestApi(_ id: String) throws {
        _ = try restApiDocument(id)
        for var key in apiKeys.values where key.stageKeys.contains(where: { $0.hasPrefix("\(id)/") }) {
            key.stageKeys.removeAll { $0.hasPrefix("\(id)/") }
            save(key)
        }
        deleteRestApi(id)
    }

    /// Checks `apiKeySource` and the endpoint configuration of a new API and fills AWS's defaults:
    /// one `EDGE` endpoint, `ipv4` (`dualstack` for PRIVATE).
    static func validateNewEndpoint(_ configuration: EndpointConfiguration?, apiKeySource: String?) throws -> EndpointConfiguration {
        var failures: [String] = []
        if let apiKeySource, !apiKeySources.contains(apiKeySource) {
            failures.append(GatewayError.enumFailure(value: apiKeySource, at: "createRestApiInput.apiKeySource", allowed: apiKeySources))
        }
        let types = configuration?.types ?? ["EDGE"]
        if let wrong = types.first(where: { !endpointTypes.contains($0) }) {
            failures.append(
                "Value '[\(wrong)]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: "
                    + "Member must satisfy constraint: [Member must satisfy enum value set: [\(endpointTypes.joined(separator: ", "))]]"
            )
        }
        let ipAddressType = configuration?.ipAddressType
        if let ipAddressType, !["ipv4", "dualstack"].contains(ipAddressType) {
            failures.append(GatewayError.enumFailure(
                value: ipAddressType, at: "createRestApiInput.endpointConfiguration.ipAddressType", allowed: ["ipv4", "dualstack"]
            ))
        }
        if let error = GatewayError.validationFailures(failures) { throw error }
        if types.isEmpty {
            throw GatewayError.badRequest("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.")
        }
        if types.count > 1 { throw GatewayError.badRequest("Cannot create an api with multiple Endpoint Types.") }
        if types == ["PRIVATE"], ipAddressType == "ipv4" {
            throw GatewayError.badRequest("Only dualstack ipAddressType is supported for Private APIs.")
        }
        return EndpointConfiguration(
            types: types, vpcEndpointIds: configuration?.vpcEndpointIds,
            ipAddressType: ipAddressType ?? (types == ["PRIVATE"] ? "dualstack" : "ipv4")
        )
    }

    static func validateCompressionSize(_ size: Int?) throws {
        if let size, size < 0 || size > maximumCompressionSize {
            throw GatewayError.badRequest("Invalid minimum compression size, must be between 0 and 10485760")
        }
    }

    /// Runs `change` on a copy of the API's document and stores it; a throw stores nothing.
    /// - Parameter missing: the error for an unknown API (AWS answers some calls with the resource's 404).
    mutating func changeDocument<T>(
        _ apiId: String, missing: GatewayError? = nil, _ change: (inout RestApiDocument) throws -> T
    ) throws -> T {
        guard var document = restApis[apiId] else { throw missing ?? Self.unknownRestApi(apiId) }
        let result = try change(&document)
        save(document)
        return result
    }
}

extension GatewayError {
    /// AWS's refusal of a required member left out: `Value null at '...' ... Member must not be null`.
    public static func mustNotBeNull(at location: String) -> GatewayError {
        .init(.validation, "1 validation error detected: Value null at '\(location)' failed to satisfy constraint: Member must not be null")
    }

    /// One enum violation, worded as a part of AWS's validation message.
    static func enumFailure(value: String, at location: String, allowed: [String]) -> String {
        "Value '\(value)' at '\(location)' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]"
    }

    /// AWS's message for several violations at once (`2 validation errors detected: a; b`), nil for none.
    static func validationFailures(_ failures: [String]) -> GatewayError? {
        guard !failures.isEmpty else { return nil }
        let count = failures.count == 1 ? "1 validation error" : "\(failures.count) validation errors"
        return .init(.validation, "\(count) detected: \(failures.joined(separator: "; "))")
    }
}

extension Optional where Wrapped == String {
    /// The text, or nil when absent or empty.
    var nonEmptyText: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
