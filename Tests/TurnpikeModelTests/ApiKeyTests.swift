import Testing
@testable import TurnpikeModel

@Suite struct ApiKeyTests {
    let now = 1_764_000_000

    @Test func createGeneratesADisabledKeyWithA40CharacterValue() throws {
        var configuration = Configuration()
        let key = try configuration.createApiKey(CreateApiKeyInput(name: "alice"), id: "k1", now: now)
        #expect(key.enabled == false)
        #expect(key.value?.count == 40)
        #expect(key.name == "alice")
        #expect(key.createdDate == now && key.lastUpdatedDate == now)
        #expect(key.stageKeys.isEmpty)
        #expect(configuration.keyIdsByValue[key.value!] == "k1")
        #expect(configuration.takeChanges().count == 1)
    }

    @Test func emptyNameMeansNoName() throws {
        var configuration = Configuration()
        let key = try configuration.createApiKey(CreateApiKeyInput(name: ""), id: "k1", now: now)
        #expect(key.name == nil)
        let json = String(decoding: try WireJSON.encode(key), as: UTF8.self)
        #expect(!json.contains("\"name\""))
    }

    @Test(arguments: [
        (String(repeating: "a", count: 19), "API Key value should be at least 20 characters"),
        (String(repeating: "a", count: 129), "API Key value exceeds maximum size of 128 characters"),
    ])
    func valueLengthIsChecked(value: String, message: String) {
        var configuration = Configuration()
        #expect(throws: GatewayError.badRequest(message)) {
            try configuration.createApiKey(CreateApiKeyInput(value: value), id: "k1", now: now)
        }
        #expect(configuration.takeChanges().isEmpty)
        #expect(configuration.apiKeys.isEmpty)
    }

    @Test func duplicateValueConflicts() throws {
        var configuration = Configuration()
        let value = String(repeating: "v", count: 30)
        _ = try configuration.createApiKey(CreateApiKeyInput(value: value), id: "k1", now: now)
        _ = configuration.takeChanges()
        #expect(throws: GatewayError.conflict("API Key already exists")) {
            try configuration.createApiKey(CreateApiKeyInput(value: value), id: "k2", now: now)
        }
        #expect(configuration.takeChanges().isEmpty)
    }

    @Test func longNameAndDescriptionAreRefused() {
        var configuration = Configuration()
        let long = String(repeating: "n", count: 1025)
        #expect(throws: GatewayError.badRequest("Invalid API Key name, can be at most 1024 characters.")) {
            try configuration.createApiKey(CreateApiKeyInput(name: long), id: "k1", now: now)
        }
        #expect(throws: GatewayError.badRequest("Invalid API Key description specified.")) {
            try configuration.createApiKey(CreateApiKeyInput(description: long), id: "k1", now: now)
        }
    }

    @Test func updateReplacesTheFourPaths() throws {
        var configuration = Configuration()
        _ = try configuration.createApiKey(CreateApiKeyInput(name: "a"), id: "k1", now: now)
        let key = try configuration.updateApiKey("k1", operations: [
            PatchOperation(op: "replace", path: "/name", value: "b"),
            PatchOperation(op: "replace", path: "/description", value: "d"),
            PatchOperation(op: "replace", path: "/enabled", value: "true"),
            PatchOperation(op: "replace", path: "/customerId", value: "c-1"),
        ], now: now + 5)
        #expect(key.name == "b" && key.description == "d" && key.enabled && key.customerId == "c-1")
        #expect(key.lastUpdatedDate == now + 5 && key.createdDate == now)
    }

    @Test func updateRefusesOtherPathsWithAWSMessage() throws {
        var configuration = Configuration()
        _ = try configuration.createApiKey(CreateApiKeyInput(name: "a"), id: "k1", now: now)
        _ = configuration.takeChanges()
        #expect(throws: GatewayError.badRequest(
            "Invalid patch path  '/value' specified for op 'replace'. Must be one of: [/description, /enabled, /name, /customerId]"
        )) {
            try configuration.updateApiKey("k1", operations: [PatchOperation(op: "replace", path: "/value", value: "x")], now: now)
        }
        #expect(configuration.takeChanges().isEmpty)
    }

    @Test func unknownPatchOpIsAValidationError() throws {
        var configuration = Configuration()
        _ = try configuration.createApiKey(CreateApiKeyInput(), id: "k1", now: now)
        #expect(throws: GatewayError.enumeration(
            value: "frob", at: "updateApiKeyInput.patchOperations.2.member.op", allowed: PatchOperation.allowedOps
        )) {
            try configuration.updateApiKey("k1", operations: [
                PatchOperation(op: "replace", path: "/name", value: "x"), PatchOperation(op: "frob", path: "/name"),
            ], now: now)
        }
        #expect(configuration.apiKeys["k1"]?.name == nil)
    }

    @Test func badBooleanIsRefused() throws {
        var configuration = Configuration()
        _ = try configuration.createApiKey(CreateApiKeyInput(), id: "k1", now: now)
        #expect(throws: GatewayError.self) {
            try configuration.updateApiKey("k1", operations: [PatchOperation(op: "replace", path: "/enabled", value: "maybe")], now: now)
        }
    }

    @Test func unknownKeyIsNotFound() {
        var configuration = Configuration()
        #expect(throws: GatewayError.notFound("Invalid API Key identifier specified")) { try configuration.apiKey("nope") }
        #expect(throws: GatewayError.notFound("Invalid API Key identifier specified")) { try configuration.removeApiKey("nope") }
    }

    @Test func listingFiltersByCaseSensitiveNamePrefixAndCustomer() throws {
        var configuration = Configuration()
        _ = try configuration.createApiKey(CreateApiKeyInput(name: "Alpha", customerId: "c1"), id: "k1", now: now)
        _ = try configuration.createApiKey(CreateApiKeyInput(name: "alpha", customerId: "c2"), id: "k2", now: now)
        _ = try configuration.createApiKey(CreateApiKeyInput(name: "beta", customerId: "c1"), id: "k3", now: now)
        #expect(configuration.apiKeys(namePrefix: "al", customerId: nil).map(\.id) == ["k2"])
        #expect(configuration.apiKeys(namePrefix: "A", customerId: nil).map(\.id) == ["k1"])
        #expect(configuration.apiKeys(namePrefix: nil, customerId: "c1").map(\.id) == ["k1", "k3"])
    }

    @Test func deletingAKeyRemovesItFromPlans() throws {
        var configuration = Configuration()
        _ = try configuration.createApiKey(CreateApiKeyInput(), id: "k1", now: now)
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "p"), id: "p1", now: now)
        _ = try configuration.createUsagePlanKey(planId: "p1", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
        _ = configuration.takeChanges()
        try configuration.removeApiKey("k1")
        #expect(configuration.planKeys["p1"] == nil)
        let changes = configuration.takeChanges()
        #expect(changes.contains(.delete(.apiKey, id: "k1")))
        #expect(changes.contains(.delete(.usagePlanKey, id: "p1/k1")))
    }

    @Test func valueNeverAppearsInDescriptions() throws {
        var configuration = Configuration()
        let key = try configuration.createApiKey(CreateApiKeyInput(name: "n"), id: "k1", now: now)
        let value = try #require(key.value)
        #expect(!String(describing: key).contains(value))
        #expect(!String(reflecting: key).contains(value))
        #expect(!"\(key)".contains(value))
    }

    @Test func recordsRoundTripWithoutTheValueInTheBody() throws {
        var configuration = Configuration()
        let key = try configuration.createApiKey(CreateApiKeyInput(name: "n", tags: ["a": "b"]), id: "k1", now: now)
        let changes = configuration.takeChanges()
        guard case .put(let record) = try #require(changes.first) else { Issue.record("expected a put"); return }
        #expect(!String(decoding: record.body, as: UTF8.self).contains(key.value!))
        #expect(record.secret == key.value)
        let reloaded = try Configuration(records: [record])
        #expect(reloaded.apiKeys["k1"] == key)
        #expect(reloaded.keyIdsByValue[key.value!] == "k1")
    }
}
