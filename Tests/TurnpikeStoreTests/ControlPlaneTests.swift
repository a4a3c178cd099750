import Foundation
import Testing
import TurnpikeModel
@testable import TurnpikeStore

@Suite struct ControlPlaneTests {
    let sealer = ValueSealer(dataKey: Array(repeating: 3, count: 32))

    @Test func writesAreStoredAndReloaded() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath, sealer: sealer)
        let controlPlane = try await ControlPlane.load(from: store)
        let key = try await controlPlane.write { try $0.createApiKey(CreateApiKeyInput(name: "a"), id: "k1", now: 1) }
        let reloaded = try await ControlPlane.load(from: SQLiteStore(path: directory.databasePath, sealer: sealer))
        #expect(await reloaded.read { $0.apiKeys["k1"] } == key)
    }

    @Test func aRefusedWriteChangesNeitherMemoryNorStore() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath, sealer: sealer)
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

    @Test func concurrentWritesAllLand() async throws {
        let directory = try TemporaryDirectory()
        let controlPlane = try await ControlPlane.load(from: SQLiteStore(path: directory.databasePath, sealer: sealer))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    _ = try await controlPlane.write { try $0.createApiKey(CreateApiKeyInput(name: "k\(index)"), id: "id\(index)", now: 1) }
                }
            }
            try await group.waitForAll()
        }
        #expect(await controlPlane.read { $0.apiKeys.count } == 40)
        let reloaded = try await ControlPlane.load(from: SQLiteStore(path: directory.databasePath, sealer: sealer))
        #expect(await reloaded.read { $0.apiKeys.count } == 40)
    }
}
