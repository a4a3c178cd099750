import Testing
import TurnpikeLimits
import TurnpikeModel
@testable import TurnpikeGateway

@Suite("KeyTable")
struct KeyTableTests {
    @Test func admitsAKeyOnTheStagesOfItsPlan() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod", "beta"])
        let value = try GatewayFixtures.createKey("key1", in: &configuration)
        try GatewayFixtures.createPlan("plan1", stages: ["api1:prod"], keys: ["key1"], in: &configuration)
        let table = KeyTable(configuration: configuration)
        #expect(table.check(apiKey: value, apiId: "api1", stage: "prod") == .admitted(keyId: "key1", planId: "plan1"))
        #expect(table.count == 1)
    }

    @Test func refusals() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1", "api2"], stages: ["prod", "beta"])
        let good = try GatewayFixtures.createKey("good", in: &configuration)
        let disabled = try GatewayFixtures.createKey("disabled", enabled: false, in: &configuration)
        let planless = try GatewayFixtures.createKey("planless", in: &configuration)
        try GatewayFixtures.createPlan("plan1", stages: ["api1:prod"], keys: ["good", "disabled"], in: &configuration)
        let table = KeyTable(configuration: configuration)

        #expect(table.check(apiKey: nil, apiId: "api1", stage: "prod") == .forbidden)                 // missing
        #expect(table.check(apiKey: "", apiId: "api1", stage: "prod") == .forbidden)                  // empty
        #expect(table.check(apiKey: "no-such-key-value-000000", apiId: "api1", stage: "prod") == .forbidden)  // unknown
        #expect(table.check(apiKey: disabled, apiId: "api1", stage: "prod") == .forbidden)            // disabled
        #expect(table.check(apiKey: planless, apiId: "api1", stage: "prod") == .forbidden)            // in no plan
        #expect(table.check(apiKey: good, apiId: "api1", stage: "beta") == .forbidden)                // plan covers another stage
        #expect(table.check(apiKey: good, apiId: "api2", stage: "prod") == .forbidden)                // ... of another API
        #expect(table.check(apiKey: good.uppercased(), apiId: "api1", stage: "prod") == .forbidden)   // values are case-sensitive
        #expect(table.check(apiKey: good, apiId: "api1", stage: "prod") == .admitted(keyId: "good", planId: "plan1"))
    }

    @Test func oneKeyInSeveralPlansAndOnePlanOnSeveralStages() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1", "api2"], stages: ["prod", "beta"])
        let value = try GatewayFixtures.createKey("key1", in: &configuration)
        let other = try GatewayFixtures.createKey("key2", in: &configuration)
        try GatewayFixtures.createPlan("gold", stages: ["api1:prod", "api1:beta"], keys: ["key1", "key2"], in: &configuration)
        try GatewayFixtures.createPlan("silver", stages: ["api2:prod"], keys: ["key1"], in: &configuration)
        let table = KeyTable(configuration: configuration)
        // The plan's stages share the key (one bucket and quota per key per plan is the limiter's business).
        #expect(table.check(apiKey: value, apiId: "api1", stage: "prod") == .admitted(keyId: "key1", planId: "gold"))
        #expect(table.check(apiKey: value, apiId: "api1", stage: "beta") == .admitted(keyId: "key1", planId: "gold"))
        #expect(table.check(apiKey: value, apiId: "api2", stage: "prod") == .admitted(keyId: "key1", planId: "silver"))
        #expect(table.check(apiKey: value, apiId: "api2", stage: "beta") == .forbidden)
        #expect(table.check(apiKey: other, apiId: "api2", stage: "prod") == .forbidden)
        #expect(table.count == 2)
    }

    @Test func deletedKeysAndRemovedStagesAreRefused() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod", "beta"])
        let first = try GatewayFixtures.createKey("first", in: &configuration)
        let second = try GatewayFixtures.createKey("second", in: &configuration)
        try GatewayFixtures.createPlan("plan1", stages: ["api1:prod", "api1:beta"], keys: ["first", "second"], in: &configuration)
        try configuration.removeApiKey("first")
        _ = try configuration.updateUsagePlan(
            "plan1", operations: [PatchOperation(op: "remove", path: "/apiStages", value: "api1:beta")], now: GatewayFixtures.now
        )
        let table = KeyTable(configuration: configuration)
        #expect(table.check(apiKey: first, apiId: "api1", stage: "prod") == .forbidden)
        #expect(table.check(apiKey: second, apiId: "api1", stage: "prod") == .admitted(keyId: "second", planId: "plan1"))
        #expect(table.check(apiKey: second, apiId: "api1", stage: "beta") == .forbidden)
    }

    @Test func descriptionNeverShowsValues() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        let value = try GatewayFixtures.createKey("key1", in: &configuration)
        try GatewayFixtures.createPlan("plan1", stages: ["api1:prod"], keys: ["key1"], in: &configuration)
        let table = KeyTable(configuration: configuration)
        #expect(!String(describing: table).contains(value))
        #expect(!String(reflecting: table).contains(value))
        #expect(KeyTable().count == 0)
    }

    @Test func anAdmissionCarriesTheKeysThrottleSlotOnEveryStageOfItsPlan() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod", "beta"])
        let value = try GatewayFixtures.createKey("key1", in: &configuration)
        _ = try GatewayFixtures.createKey("key0", in: &configuration)
        try GatewayFixtures.createPlan("plan1", stages: ["api1:prod", "api1:beta"], keys: ["key0", "key1"], in: &configuration)
        let snapshot = GatewaySnapshot(configuration: configuration)
        let prod = try #require(snapshot.keys.admission(apiKey: value, apiId: "api1", stage: "prod"))
        let beta = try #require(snapshot.keys.admission(apiKey: value, apiId: "api1", stage: "beta"))
        #expect(prod === beta)
        #expect((prod.keyId, prod.planId) == ("key1", "plan1"))
        #expect(prod.slot != nil && prod.slot == snapshot.throttles.slot(planId: "plan1", keyId: "key1"))
        // The admission is the key's usage counter: a request counted through it counts key1 in plan1.
        let ledger = UsageLedger()
        let day = UTCDay(iso: "2026-12-05")!
        ledger.record(prod, day: day)
        ledger.record(beta, day: day)
        #expect(ledger.drain() == [UsageLedger.Entry(planId: "plan1", keyId: "key1", day: day): 2])
        #expect(snapshot.keys.admission(apiKey: value, apiId: "api1", stage: "dev") == nil)
    }

    /// A place is one cache line, its prefix where the lookup reads it; the hot path finds a key by
    /// the stage's ordinal, on its first stage (held in the place) and on the others (its grant list).
    @Test func aPlaceIsOneCacheLineAndStagesAreFoundByOrdinal() throws {
        #expect(MemoryLayout<KeyTable.Place>.stride == 64)
        #expect(MemoryLayout<KeyTable.Place>.offset(of: \KeyTable.Place.prefix) == KeyTable.prefixOffset)
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod", "beta", "dev"])
        let value = try GatewayFixtures.createKey("key1", in: &configuration)
        try GatewayFixtures.createPlan("plan1", stages: ["api1:prod", "api1:beta"], keys: ["key1"], in: &configuration)
        let snapshot = GatewaySnapshot(configuration: configuration)
        var bytes = Array(value.utf8)
        func admission(_ stage: String) throws -> KeyAdmission? {
            let ordinal = try #require(snapshot.stage(apiId: "api1", stage: stage)).keyStage
            return bytes.withUnsafeBytes { snapshot.keys.admission(apiKeyBytes: $0, stage: ordinal) }
        }
        let prod = try #require(try admission("prod"))
        #expect(try admission("beta") === prod)
        #expect(try admission("dev") == nil)   // no key may call it: UInt32.max
        #expect(snapshot.keys.stageOrdinal(apiId: "api1", stage: "dev") == .max)
        bytes[39] ^= 1                           // last byte of the inline prefix
        #expect(try admission("prod") == nil)
    }

    /// The comparison behind a lookup, tags aside: a place holds its own value only, whether the
    /// value differs in the inline prefix, in the tail past byte 40, or in length.
    @Test func aPlaceHoldsOnlyItsOwnValue() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        let values = [String(repeating: "s", count: 24), String(repeating: "l", count: 52)]
        for (index, value) in values.enumerated() {
            _ = try configuration.createApiKey(
                CreateApiKeyInput(name: "k\(index)", enabled: true, value: value), id: "k\(index)", now: GatewayFixtures.now)
        }
        try GatewayFixtures.createPlan("plan1", stages: ["api1:prod"], keys: ["k0", "k1"], in: &configuration)
        let table = KeyTable(configuration: configuration)
        for value in values {
            let bytes = Array(value.utf8)
            let place = try #require(bytes.withUnsafeBytes { table.find($0) })
            func holds(_ candidate: [UInt8]) -> Bool { candidate.withUnsafeBytes { table.holds(place, $0) } }
            #expect(holds(bytes))
            for position in [0, 23, 39, 40, 51] where position < bytes.count {
                var changed = bytes
                changed[position] ^= 0x01
                #expect(!holds(changed), "byte \(position) of \(bytes.count)")
            }
            #expect(!holds(bytes + [0x6C]))
            #expect(!holds(Array(bytes.dropLast())))
        }
    }

    @Test func manyKeysOfEveryLengthAreFoundExactly() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        var values: [String: String] = [:]  // key id -> value
        for index in 0..<600 {
            // Lengths 20...61 (not multiples of 8), and pairs where one value is a prefix of another.
            let base = "v\(index)-" + String(repeating: "k", count: 20 + index % 40)
            let value = index % 5 == 0 ? String(base.dropLast()) : base
            let id = "key\(index)"
            _ = try configuration.createApiKey(
                CreateApiKeyInput(name: id, enabled: true, value: value), id: id, now: GatewayFixtures.now)
            values[id] = value
        }
        try GatewayFixtures.createPlan("plan1", stages: ["api1:prod"], keys: Array(values.keys), in: &configuration)
        let table = KeyTable(configuration: configuration)
        #expect(table.count == 600)
        for (id, value) in values {
            #expect(table.check(apiKey: value, apiId: "api1", stage: "prod") == .admitted(keyId: id, planId: "plan1"))
            #expect(table.check(apiKey: value + "k", apiId: "api1", stage: "prod") == .forbidden || values.values.contains(value + "k"))
            #expect(table.check(apiKey: String(value.dropLast()), apiId: "api1", stage: "prod") == .forbidden
                || values.values.contains(String(value.dropLast())))
            var changed = Array(value.utf8)
            changed[changed.count / 2] ^= 0x01
            #expect(table.check(apiKey: String(decoding: changed, as: UTF8.self), apiId: "api1", stage: "prod") == .forbidden)
        }
        #expect(KeyTable().check(apiKey: values["key1"], apiId: "api1", stage: "prod") == .forbidden)
    }
}
