import Testing
import TurnpikeModel
import TurnpikeStore

@Suite struct ControlPlaneTests {
    @Test(arguments: StoreKind.tested) func writesAreStoredAndReloaded(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture, store in
            let controlPlane = try await ControlPlane.load(from: store)
            let key = try await controlPlane.write { try $0.createApiKey(CreateApiKeyInput(name: "a"), id: "k1", now: 1) }
            let reloaded = try await ControlPlane.load(from: try await fixture.open())
            #expect(await reloaded.read { $0.apiKeys["k1"] } == key)
        }
    }

    @Test(arguments: StoreKind.tested) func aRefusedWriteChangesNeitherMemoryNorStore(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            let controlPlane = try await ControlPlane.load(from: store)
            _ = try await controlPlane.write { try $0.createUsagePlan(CreateUsagePlanInput(name: "p"), id: "p1", now: 1) }
            await #expect(throws: GatewayError.self) {
                try await controlPlane.write { configuration in
                    _ = try configuration.createApiKey(CreateApiKeyInput(name: "half"), id: "k1", now: 1)
                    _ = try configuration.createUsagePlanKey(planId: "missing", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
                }
            }
            #expect(await controlPlane.read { $0.apiKeys.isEmpty })
            #expect(try await store.loadRecords().map(\.id) == ["p1"])
        }
    }

    @Test(arguments: StoreKind.tested) func concurrentWritesAllLand(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture, store in
            let controlPlane = try await ControlPlane.load(from: store)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        _ = try await controlPlane.write { try $0.createApiKey(CreateApiKeyInput(name: "k\(index)"), id: "id\(index)", now: 1) }
                    }
                }
                try await group.waitForAll()
            }
            #expect(await controlPlane.read { $0.apiKeys.count } == 40)
            let reloaded = try await ControlPlane.load(from: try await fixture.open())
            #expect(await reloaded.read { $0.apiKeys.count } == 40)
        }
    }
}
