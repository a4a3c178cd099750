import Testing
@testable import TurnpikeModel

/// Canary settings on stages and deployments: recorded with AWS's checks and defaults, patched
/// field by field, and keeping their deployment from deletion.
@Suite struct CanarySettingsTests {
    let apiId = RestApiFixture.apiId
    let now = RestApiFixture.now

    func update(_ configuration: inout Configuration, _ operations: [(String, String, String?)]) throws -> Stage {
        try configuration.updateStage(apiId: apiId, name: "prod", operations: operations.map {
            PatchOperation(op: $0.0, path: $0.1, value: $0.2)
        }, now: now + 1)
    }

    @Test func aDeploymentWithACanaryLeavesTheStageOnItsDeployment() throws {
        var configuration = try RestApiFixture.deployed()
        var input = CreateDeploymentInput(stageName: "prod")
        input.canarySettings = DeploymentCanarySettings(percentTraffic: 10, stageVariableOverrides: ["color": "blue"], useStageCache: nil)
        _ = try configuration.createDeployment(apiId: apiId, input, id: "dep002", now: now)
        _ = configuration.takeChanges()
        let stage = try configuration.stage(apiId: apiId, name: "prod")
        #expect(stage.deploymentId == "dep001")
        #expect(stage.canarySettings == CanarySettings(percentTraffic: 10, deploymentId: "dep002",
                                                       stageVariableOverrides: ["color": "blue"], useStageCache: false))
        expectRefused(.badRequest("Active stages pointing to this deployment must be moved or deleted"), in: configuration) {
            try $0.removeDeployment(apiId: apiId, id: "dep002")
        }

        var wrong = CreateDeploymentInput(stageName: "nostage")
        wrong.canarySettings = DeploymentCanarySettings(percentTraffic: 10)
        expectRefused(.badRequest("Invalid stage identifier specified: a canary needs an existing stage"), in: configuration) {
            _ = try $0.createDeployment(apiId: apiId, wrong, id: "dep003", now: now)
        }
        wrong.stageName = "prod"
        wrong.canarySettings = DeploymentCanarySettings(percentTraffic: 150)
        expectRefused(.badRequest("Canary traffic percentage must be between 0.0 and 100.0"), in: configuration) {
            _ = try $0.createDeployment(apiId: apiId, wrong, id: "dep003", now: now)
        }
    }

    @Test func stagesPatchTheirCanary() throws {
        var configuration = try RestApiFixture.deployed()
        var input = CreateStageInput(stageName: "beta", deploymentId: "dep001")
        input.canarySettings = CanarySettings(percentTraffic: 5, deploymentId: "nope")
        expectRefused(.badRequest("Deployment id does not exist"), in: configuration) { _ = try $0.createStage(apiId: apiId, input, now: now) }

        var stage = try update(&configuration, [("replace", "/canarySettings/percentTraffic", "25.5"),
                                                ("replace", "/canarySettings/stageVariableOverrides/color", "green"),
                                                ("replace", "/canarySettings/useStageCache", "true"),
                                                ("replace", "/canarySettings/deploymentId", "dep001")])
        #expect(stage.canarySettings == CanarySettings(percentTraffic: 25.5, deploymentId: "dep001",
                                                       stageVariableOverrides: ["color": "green"], useStageCache: true))
        stage = try update(&configuration, [("remove", "/canarySettings/stageVariableOverrides/color", nil)])
        #expect(stage.canarySettings?.stageVariableOverrides == nil)
        for (path, value) in [("/canarySettings/percentTraffic", "101"), ("/canarySettings/deploymentId", "nope"),
                              ("/canarySettings/useStageCache", "maybe")] {
            #expect(throws: GatewayError.self) { _ = try update(&configuration, [("replace", path, value)]) }
        }
        #expect(throws: GatewayError.self) { _ = try update(&configuration, [("replace", "/canarySettings/other", "1")]) }
        stage = try update(&configuration, [("remove", "/canarySettings", nil)])
        #expect(stage.canarySettings == nil)
    }
}
