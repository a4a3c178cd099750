import Testing
@testable import TurnpikeModel

/// Configurations for the REST API tests, each with its changes already taken.
enum RestApiFixture {
    static let now = 1_764_000_000
    static let apiId = "api0000001"
    static let rootId = "root000001"

    /// An API `api0000001` with only its root resource.
    static func api() throws -> Configuration {
        var configuration = Configuration()
        _ = try configuration.createRestApi(CreateRestApiInput(name: "shop"), id: apiId, rootResourceId: rootId, now: now)
        _ = configuration.takeChanges()
        return configuration
    }

    /// The API with `/pets` (`pets01`).
    static func pets() throws -> Configuration {
        var configuration = try api()
        _ = try configuration.createResource(apiId: apiId, parentId: rootId, CreateResourceInput(pathPart: "pets"), id: "pets01")
        _ = configuration.takeChanges()
        return configuration
    }

    /// `/pets` with `GET` and a MOCK integration.
    static func method() throws -> Configuration {
        var configuration = try pets()
        _ = try configuration.putMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET", PutMethodInput(authorizationType: "NONE"))
        _ = try configuration.putIntegration(apiId: apiId, resourceId: "pets01", httpMethod: "GET", PutIntegrationInput(type: "MOCK"))
        _ = configuration.takeChanges()
        return configuration
    }

    /// The method deployed as `dep001` to stage `prod`.
    static func deployed() throws -> Configuration {
        var configuration = try method()
        _ = try configuration.createDeployment(apiId: apiId, CreateDeploymentInput(stageName: "prod"), id: "dep001", now: now)
        _ = configuration.takeChanges()
        return configuration
    }
}

/// Expects `operation` to throw exactly `expected` and to leave the configuration untouched:
/// no recorded change, no changed entity.
func expectRefused(
    _ expected: GatewayError, in configuration: Configuration, sourceLocation: SourceLocation = #_sourceLocation,
    _ operation: (inout Configuration) throws -> Void
) {
    var copy = configuration
    #expect(throws: expected, sourceLocation: sourceLocation) { try operation(&copy) }
    #expect(copy.takeChanges().isEmpty, "a refused operation records nothing", sourceLocation: sourceLocation)
    #expect(copy.restApis == configuration.restApis, sourceLocation: sourceLocation)
    #expect(copy.usagePlans == configuration.usagePlans && copy.apiKeys == configuration.apiKeys, sourceLocation: sourceLocation)
    #expect(copy.account == configuration.account, sourceLocation: sourceLocation)
}

func wire<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try WireJSON.encode(value), as: UTF8.self)
}

@Suite struct RestApiTests {
    let apiId = RestApiFixture.apiId

    @Test func createAnswersAwsDefaultsAndARootResource() throws {
        var configuration = Configuration()
        let api = try configuration.createRestApi(
            CreateRestApiInput(name: "shop", description: "pets"), id: "api1", rootResourceId: "root1", now: 42
        )
        #expect(api.apiKeySource == "HEADER" && api.disableExecuteApiEndpoint == false)
        #expect(api.endpointConfiguration == EndpointConfiguration(types: ["EDGE"], ipAddressType: "ipv4"))
        #expect(api.rootResourceId == "root1" && api.createdDate == 42 && api.description == "pets")
        #expect(try configuration.resources(apiId: "api1") == [Resource(id: "root1", path: "/")])
        #expect(try configuration.restApi("api1") == api)
        #expect(configuration.takeChanges().map(\.key) == ["restapi/api1"])
        let json = try wire(api)
        #expect(!json.contains("tags") && !json.contains("binaryMediaTypes") && json.contains("\"createdDate\":42"))
    }

    @Test func privateEndpointsDefaultToDualstack() throws {
        var configuration = Configuration()
        let api = try configuration.createRestApi(
            CreateRestApiInput(name: "x", endpointConfiguration: EndpointConfiguration(types: ["PRIVATE"])),
            id: "a", rootResourceId: "r", now: 0
        )
        #expect(api.endpointConfiguration.ipAddressType == "dualstack")
    }

    @Test(arguments: [
        (CreateRestApiInput(name: nil), GatewayError.mustNotBeNull(at: "createRestApiInput.name")),
        (CreateRestApiInput(name: "x", description: ""), .badRequest("Description cannot be an empty string")),
        (CreateRestApiInput(name: "x", minimumCompressionSize: -1), .badRequest("Invalid minimum compression size, must be between 0 and 10485760")),
        (CreateRestApiInput(name: "x", apiKeySource: "QUERY"), .init(.validation,
            "1 validation error detected: Value 'QUERY' at 'createRestApiInput.apiKeySource' failed to satisfy constraint: Member must satisfy enum value set: [HEADER, AUTHORIZER]")),
        (CreateRestApiInput(name: "x", endpointConfiguration: EndpointConfiguration(types: ["wrong"], ipAddressType: "wrong")), .init(.validation,
            "2 validation errors detected: Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]; Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]")),
        (CreateRestApiInput(name: "x", endpointConfiguration: EndpointConfiguration(types: [])),
            .badRequest("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.")),
        (CreateRestApiInput(name: "x", endpointConfiguration: EndpointConfiguration(types: ["EDGE", "REGIONAL"])),
            .badRequest("Cannot create an api with multiple Endpoint Types.")),
        (CreateRestApiInput(name: "x", endpointConfiguration: EndpointConfiguration(types: ["PRIVATE"], ipAddressType: "ipv4")),
            .badRequest("Only dualstack ipAddressType is supported for Private APIs.")),
    ])
    func createRefusals(input: CreateRestApiInput, error: GatewayError) {
        expectRefused(error, in: Configuration()) { _ = try $0.createRestApi(input, id: "a", rootResourceId: "r", now: 0) }
    }

    @Test func unknownApiIsAwsNotFound() throws {
        let configuration = try RestApiFixture.api()
        #expect(throws: GatewayError.notFound("Invalid API identifier specified 000000000000:nope")) { try configuration.restApi("nope") }
        expectRefused(.notFound("Invalid API identifier specified 000000000000:nope"), in: configuration) { try $0.removeRestApi("nope") }
        expectRefused(Configuration.unknownRestApi("nope"), in: configuration) { _ = try $0.updateRestApi("nope", operations: []) }
    }

    @Test func listIsOldestFirst() throws {
        var configuration = Configuration()
        _ = try configuration.createRestApi(CreateRestApiInput(name: "b"), id: "b", rootResourceId: "rb", now: 2)
        _ = try configuration.createRestApi(CreateRestApiInput(name: "a"), id: "a", rootResourceId: "ra", now: 1)
        #expect(configuration.restApiList().map(\.id) == ["a", "b"])
    }

    @Test func updatePatchesFields() throws {
        var configuration = try RestApiFixture.api()
        let api = try configuration.updateRestApi(apiId, operations: [
            PatchOperation(op: "replace", path: "/name", value: "store"),
            PatchOperation(op: "replace", path: "/description", value: "all pets"),
            PatchOperation(op: "replace", path: "/apiKeySource", value: "AUTHORIZER"),
            PatchOperation(op: "replace", path: "/disableExecuteApiEndpoint", value: "true"),
            PatchOperation(op: "replace", path: "/minimumCompressionSize", value: "1024"),
            PatchOperation(op: "add", path: "/binaryMediaTypes/image~1png"),
            PatchOperation(op: "add", path: "/binaryMediaTypes/image~1gif"),
            PatchOperation(op: "replace", path: "/binaryMediaTypes/image~1png", value: "image/jpeg"),
            PatchOperation(op: "replace", path: "/endpointConfiguration/types/EDGE", value: "REGIONAL"),
        ])
        #expect(api.name == "store" && api.description == "all pets" && api.apiKeySource == "AUTHORIZER")
        #expect(api.disableExecuteApiEndpoint && api.minimumCompressionSize == 1024)
        #expect(api.binaryMediaTypes == ["image/gif", "image/jpeg"])
        #expect(api.endpointConfiguration.types == ["REGIONAL"])
        #expect(api.tags == [:], "AWS answers UpdateRestApi with tags always present")
        #expect(try configuration.restApi(apiId).tags == nil)
        let cleared = try configuration.updateRestApi(apiId, operations: [
            PatchOperation(op: "remove", path: "/description"),
            PatchOperation(op: "replace", path: "/minimumCompressionSize", value: ""),
            PatchOperation(op: "remove", path: "/binaryMediaTypes/image~1gif"),
            PatchOperation(op: "remove", path: "/binaryMediaTypes/image~1jpeg"),
        ])
        #expect(cleared.description == nil && cleared.minimumCompressionSize == nil && cleared.binaryMediaTypes == nil)
    }

    @Test(arguments: [
        (PatchOperation(op: "replace", path: "/id", value: "x"), GatewayError.badRequest(
            "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/name, /description, /apiKeySource, /policy, /disableExecuteApiEndpoint, /minimumCompressionSize, /binaryMediaTypes/{mediaType}, /endpointConfiguration/types/{type}, /endpointConfiguration/ipAddressType]")),
        (PatchOperation(op: "add", path: "/binaryMediaTypes", value: "x"), .badRequest("Invalid patch path /binaryMediaTypes")),
        (PatchOperation(op: "add", path: "/minimumCompressionSize", value: "1"), .badRequest("Invalid patch operation specified. Must be one of: [replace]")),
        (PatchOperation(op: "replace", path: "/minimumCompressionSize", value: "big"), .badRequest("Invalid minimum compression size, must be between 0 and 10485760")),
        (PatchOperation(op: "replace", path: "/endpointConfiguration/types/EDGE", value: "wrong"), .badRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE")),
        (PatchOperation(op: "add", path: "/endpointConfiguration/types/EDGE", value: "REGIONAL"), .badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'")),
        (PatchOperation(op: "replace", path: "/endpointConfiguration/ipAddressType", value: "v6"), .badRequest("ipAddressType must be either ipv4 or dualstack.")),
        (PatchOperation(op: "replace", path: "/apiKeySource", value: "QUERY"), .badRequest("Invalid ApiKeySourceType specified. Valid options are HEADER,AUTHORIZER")),
        (PatchOperation(op: "wrong", path: "/name", value: "x"), .enumeration(
            value: "wrong", at: "updateRestApiInput.patchOperations.2.member.op", allowed: PatchOperation.allowedOps)),
    ])
    func updateRefusals(operation: PatchOperation, error: GatewayError) throws {
        let configuration = try RestApiFixture.api()
        expectRefused(error, in: configuration) {
            _ = try $0.updateRestApi(apiId, operations: [PatchOperation(op: "replace", path: "/name", value: "changed"), operation])
        }
    }

    @Test func privateApisKeepDualstack() throws {
        var configuration = try RestApiFixture.api()
        let api = try configuration.updateRestApi(apiId, operations: [
            PatchOperation(op: "replace", path: "/endpointConfiguration/types/EDGE", value: "PRIVATE"),
        ])
        #expect(api.endpointConfiguration.ipAddressType == "dualstack")
        _ = configuration.takeChanges()
        expectRefused(.badRequest("Only dualstack ipAddressType is supported for Private APIs."), in: configuration) {
            _ = try $0.updateRestApi(apiId, operations: [PatchOperation(op: "replace", path: "/endpointConfiguration/ipAddressType", value: "ipv4")])
        }
    }

    @Test func deleteRemovesTheApiFromPlansAndKeys() throws {
        var configuration = try RestApiFixture.deployed()
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "gold", apiStages: [ApiStage(apiId: apiId, stage: "prod")]), id: "plan01", now: 0)
        var input = CreateApiKeyInput(name: "k")
        input.stageKeys = [.init(restApiId: apiId, stageName: "prod")]
        _ = try configuration.createApiKey(input, id: "key001", now: 0)
        _ = configuration.takeChanges()
        try configuration.removeRestApi(apiId)
        #expect(configuration.restApis.isEmpty)
        #expect(try configuration.usagePlan("plan01").apiStages.isEmpty)
        #expect(try configuration.apiKey("key001").stageKeys.isEmpty)
        #expect(Set(configuration.takeChanges().map(\.key)) == ["restapi/\(apiId)", "usageplan/plan01", "apikey/key001"])
    }
}
