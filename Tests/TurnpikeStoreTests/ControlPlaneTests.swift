import Synchronization
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

/// Two nodes (two control planes) on one store: commits are versioned, a write computed from a
/// stale configuration is run again on the fresh one, and a node follows the other's commits.
@Suite struct SharedControlPlaneTests {
    @Test(arguments: StoreKind.tested) func aStaleWriteIsRunAgainOnTheFreshConfiguration(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture, store in
            let nodeA = try await ControlPlane.load(from: store)
            let nodeB = try await ControlPlane.load(from: try await fixture.open())
            _ = try await nodeA.write { try $0.createUsagePlan(CreateUsagePlanInput(name: "plan"), id: "p1", now: 1) }
            _ = try await nodeA.write { try $0.createApiKey(CreateApiKeyInput(name: "key"), id: "k1", now: 1) }
            #expect(await nodeA.version == 2)
            // Node B has not seen the plan or the key: adding the key to the plan only works on the fresh configuration.
            let planKey = try await nodeB.write {
                try $0.createUsagePlanKey(planId: "p1", CreateUsagePlanKeyInput(keyId: "k1", keyType: "API_KEY"))
            }
            #expect(planKey.id == "k1")
            #expect(await nodeB.version == 3)
            #expect(await nodeB.read { $0.planKeys["p1"] } == ["k1"])
            // Node A follows.
            #expect(try await nodeA.refresh(to: 3))
            #expect(await nodeA.read { $0.planKeys["p1"] } == ["k1"])
            #expect(try await nodeA.refresh(to: 3) == false)
        }
    }

    @Test(arguments: StoreKind.tested) func aCommitOnAStaleVersionWritesNothing(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { _, store in
            let first = try await store.commit([.put(EntityRecord(kind: .usagePlan, id: "p1", body: Array("{}".utf8)))], basedOn: 0)
            #expect(first == 1)
            await #expect(throws: ConfigurationConflict(stored: 1)) {
                try await store.commit([.put(EntityRecord(kind: .usagePlan, id: "p2", body: Array("{}".utf8)))], basedOn: 0)
            }
            let stored = try await store.loadConfiguration()
            #expect(stored.version == 1 && stored.records.map(\.id) == ["p1"])
            #expect(try await store.configurationVersion() == 1)
        }
    }

    @Test(.enabled(if: StoreKind.tested.contains(.postgres), "TURNPIKE_SKIP_POSTGRES=1"))
    func postgresNotifiesOtherNodesOfEachCommit() async throws {
        try await StoreFixture.with(.postgres) { fixture, store in
            let other = try await fixture.open()
            let feed = try #require(other as? any ConfigurationFeed)
            let seen = Mutex<[Int64]>([])
            let listening = Task { try await feed.followChanges { version in seen.withLock { $0.append(version) } } }
            // The LISTEN starts at some point: commit (bounded) until two notifications have arrived.
            var committed: Int64 = 0
            for attempt in 1...100 where seen.withLock({ $0.count }) < 2 {
                committed = try await store.commit(
                    [.put(EntityRecord(kind: .usagePlan, id: "p\(attempt)", body: Array("{}".utf8)))], basedOn: nil)
                try await Task.sleep(for: .milliseconds(50))
            }
            listening.cancel()
            let versions = seen.withLock { $0 }
            #expect(versions.count >= 2, "notifications: \(versions) after \(committed) commits")
            #expect(versions == versions.sorted() && versions.allSatisfy { (1...committed).contains($0) })
        }
    }
}
