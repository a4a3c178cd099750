import TurnpikeLimits
import Testing
import TurnpikeModel
@testable import TurnpikeGateway

@Suite("GatewaySnapshot")
struct GatewaySnapshotTests {
    /// The MOCK body answering `method path` on a stage, or nil when nothing routes.
    private func body(_ snapshot: GatewaySnapshot, _ api: String, _ stage: String, _ method: String, _ path: String) -> String? {
        guard let match = snapshot.stage(apiId: api, stage: stage)?.router.route(method: method, path: path),
              case .mock(let mock) = match.method.integration else { return nil }
        return mock.rendered.bodyText
    }

    @Test func resourceChangesWaitForADeploymentWhileKeysApplyAtOnce() throws {
        var configuration = Configuration()
        try GatewayFixtures.createApi("api1", in: &configuration)
        let pets = try GatewayFixtures.createResource("pets", under: "root-api1", api: "api1", id: "pets", in: &configuration)
        try GatewayFixtures.putMethod("GET", on: pets, api: "api1", apiKeyRequired: true, body: "v1", in: &configuration)
        try GatewayFixtures.deploy("api1", stage: "prod", id: "dep1", in: &configuration)

        let first = GatewaySnapshot(configuration: configuration)
        #expect(body(first, "api1", "prod", "GET", "/pets") == "v1")
        #expect(first.stage(apiId: "api1", stage: "prod")?.deploymentId == "dep1")

        // Change the tree: a new resource, a new body for /pets. Then a key and a plan.
        let toys = try GatewayFixtures.createResource("toys", under: "root-api1", api: "api1", id: "toys", in: &configuration)
        try GatewayFixtures.putMethod("GET", on: toys, api: "api1", body: "toys", in: &configuration)
        _ = try configuration.putIntegrationResponse(
            apiId: "api1", resourceId: pets, httpMethod: "GET", statusCode: "200",
            PutIntegrationResponseInput(responseTemplates: ["application/json": "v2"])
        )
        let value = try GatewayFixtures.createKey("key1", in: &configuration)
        try GatewayFixtures.createPlan("plan1", stages: ["api1:prod"], keys: ["key1"], in: &configuration)

        let second = GatewaySnapshot(configuration: configuration)
        #expect(body(second, "api1", "prod", "GET", "/toys") == nil)
        #expect(body(second, "api1", "prod", "GET", "/pets") == "v1")
        #expect(second.keys.check(apiKey: value, apiId: "api1", stage: "prod") == .admitted(keyId: "key1", planId: "plan1"))
        #expect(second.throttles.slot(planId: "plan1", keyId: "key1") == 0)

        try GatewayFixtures.deploy("api1", stage: "prod", id: "dep2", in: &configuration)
        let third = GatewaySnapshot(configuration: configuration)
        #expect(body(third, "api1", "prod", "GET", "/toys") == "toys")
        #expect(body(third, "api1", "prod", "GET", "/pets") == "v2")

        // Disabling the key is seen by the next snapshot, without a deployment.
        _ = try configuration.updateApiKey(
            "key1", operations: [PatchOperation(op: "replace", path: "/enabled", value: "false")], now: GatewayFixtures.now
        )
        let fourth = GatewaySnapshot(configuration: configuration)
        #expect(fourth.keys.check(apiKey: value, apiId: "api1", stage: "prod") == .forbidden)
        // The earlier snapshot is immutable: it still admits the key.
        #expect(third.keys.check(apiKey: value, apiId: "api1", stage: "prod") == .admitted(keyId: "key1", planId: "plan1"))
    }

    @Test func eachStageServesItsOwnDeployment() throws {
        var configuration = Configuration()
        try GatewayFixtures.createApi("api1", in: &configuration)
        try GatewayFixtures.putMethod("GET", on: "root-api1", api: "api1", body: "old", in: &configuration)
        try GatewayFixtures.deploy("api1", stage: "v1", id: "dep1", in: &configuration)
        _ = try configuration.putIntegrationResponse(
            apiId: "api1", resourceId: "root-api1", httpMethod: "GET", statusCode: "200",
            PutIntegrationResponseInput(responseTemplates: ["application/json": "new"])
        )
        try GatewayFixtures.deploy("api1", stage: "v2", id: "dep2", in: &configuration)
        _ = try configuration.createStage(
            apiId: "api1", CreateStageInput(stageName: "also-v1", deploymentId: "dep1"), now: GatewayFixtures.now
        )
        let snapshot = GatewaySnapshot(configuration: configuration)
        #expect(body(snapshot, "api1", "v1", "GET", "/") == "old")
        #expect(body(snapshot, "api1", "also-v1", "GET", "/") == "old")
        #expect(body(snapshot, "api1", "v2", "GET", "/") == "new")
        #expect(snapshot.stage(apiId: "api1", stage: "v3") == nil)
        #expect(snapshot.stage(apiId: "api2", stage: "v1") == nil)
        #expect(snapshot.stageCount == 3)
    }

    @Test func aStageWhoseDeploymentIsMissingIsSkipped() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        var document = try #require(configuration.restApis["api1"])
        document.stages["ghost"] = Stage(deploymentId: "no-such-deployment", stageName: "ghost", createdDate: 0)
        configuration.save(document)
        let snapshot = GatewaySnapshot(configuration: configuration)
        #expect(snapshot.stage(apiId: "api1", stage: "ghost") == nil)
        #expect(snapshot.stage(apiId: "api1", stage: "prod") != nil)
    }

    @Test func gatewayResponsesAndStageSettingsAreLive() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        let before = GatewaySnapshot(configuration: configuration)
        #expect(before.stage(apiId: "api1", stage: "prod")?.responses.render(.invalidApiKey).status == 403)
        _ = try configuration.putGatewayResponse(apiId: "api1", type: "INVALID_API_KEY", PutGatewayResponseInput(statusCode: "401"))
        _ = try configuration.updateStage(
            apiId: "api1", name: "prod",
            operations: [PatchOperation(op: "replace", path: "/variables/color", value: "blue")], now: GatewayFixtures.now
        )
        let after = GatewaySnapshot(configuration: configuration)
        let stage = try #require(after.stage(apiId: "api1", stage: "prod"))
        #expect(stage.responses.render(.invalidApiKey).status == 401)
        #expect(stage.variables == ["color": "blue"])
        #expect(stage.apiId == "api1" && stage.stageName == "prod")
    }

    @Test func stageVariablesFillIntegrationURIs() throws {
        var configuration = Configuration()
        try GatewayFixtures.createApi("api1", in: &configuration)
        try GatewayFixtures.putMethod(
            "GET", on: "root-api1", api: "api1",
            integration: PutIntegrationInput(type: "HTTP_PROXY", httpMethod: "GET", uri: "http://${stageVariables.host}:8080/base"),
            in: &configuration
        )
        try GatewayFixtures.deploy("api1", stage: "blue", id: "dep1", variables: ["host": "blue.internal"], in: &configuration)
        try GatewayFixtures.deploy("api1", stage: "green", id: "dep2", variables: ["host": "green.internal"], in: &configuration)
        let snapshot = GatewaySnapshot(configuration: configuration)
        for color in ["blue", "green"] {
            let match = try #require(snapshot.stage(apiId: "api1", stage: color)?.router.route(method: "GET", path: "/"))
            guard case .httpProxy(let plan) = match.method.integration else {
                Issue.record("expected an HTTP proxy plan")
                continue
            }
            #expect(plan.host == "\(color).internal")
            #expect(plan.hostHeader == "\(color).internal:8080")
        }
    }

    @Test func emptySnapshot() {
        #expect(GatewaySnapshot.empty.stage(apiId: "a", stage: "b") == nil)
        #expect(GatewaySnapshot.empty.keys.count == 0)
        #expect(GatewaySnapshot.empty.stageCount == 0)
    }
}
