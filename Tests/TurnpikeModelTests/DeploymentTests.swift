import Testing
@testable import TurnpikeModel

@Suite struct DeploymentTests {
    let apiId = RestApiFixture.apiId
    let now = RestApiFixture.now

    @Test func createSnapshotsTheTreeAndCreatesTheStage() throws {
        var configuration = try RestApiFixture.method()
        let deployment = try configuration.createDeployment(apiId: apiId, CreateDeploymentInput(
            stageName: "prod", stageDescription: "production", description: "first", variables: ["backend": "b.example"]
        ), id: "dep001", now: now)
        #expect(deployment == Deployment(id: "dep001", description: "first", createdDate: now))
        let document = try configuration.restApiDocument(apiId)
        #expect(document.deploymentSnapshots["dep001"] == document.resources)
        let stage = try configuration.stage(apiId: apiId, name: "prod")
        #expect(stage.deploymentId == "dep001" && stage.description == "production" && stage.variables == ["backend": "b.example"])
        #expect(stage.createdDate == now && stage.cacheClusterStatus == "NOT_AVAILABLE" && stage.methodSettings.isEmpty)
        #expect(configuration.takeChanges().map(\.key) == ["restapi/\(apiId)"])
        #expect(try wire(deployment) == #"{"createdDate":1764000000,"description":"first","id":"dep001"}"#)
    }

    @Test func laterChangesDoNotReachTheSnapshot() throws {
        var configuration = try RestApiFixture.deployed()
        _ = try configuration.updateMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET", operations: [
            PatchOperation(op: "replace", path: "/apiKeyRequired", value: "true"),
        ])
        let snapshot = try configuration.restApiDocument(apiId).deploymentSnapshots["dep001"]
        #expect(snapshot?["pets01"]?.resourceMethods?["GET"]?.apiKeyRequired == false)
    }

    @Test func redeployingMovesAnExistingStage() throws {
        var configuration = try RestApiFixture.deployed()
        _ = try configuration.updateStage(apiId: apiId, name: "prod", operations: [
            PatchOperation(op: "replace", path: "/description", value: "kept"),
        ], now: now)
        _ = try configuration.createDeployment(apiId: apiId, CreateDeploymentInput(
            stageName: "prod", stageDescription: "ignored for an existing stage", variables: ["v": "2"]
        ), id: "dep002", now: now + 10)
        let stage = try configuration.stage(apiId: apiId, name: "prod")
        #expect(stage.deploymentId == "dep002" && stage.description == "kept" && stage.variables == ["v": "2"])
        #expect(stage.createdDate == now && stage.lastUpdatedDate == now + 10)
        #expect(try configuration.deployments(apiId: apiId).map(\.id) == ["dep001", "dep002"])
    }

    @Test func createRefusals() throws {
        let empty = try RestApiFixture.api()
        expectRefused(.badRequest("The REST API doesn't contain any methods"), in: empty) {
            _ = try $0.createDeployment(apiId: apiId, CreateDeploymentInput(stageName: "dev"), id: "d", now: now)
        }
        var noIntegration = try RestApiFixture.pets()
        _ = try noIntegration.putMethod(apiId: apiId, resourceId: "pets01", httpMethod: "GET", PutMethodInput(authorizationType: "NONE"))
        _ = noIntegration.takeChanges()
        expectRefused(.badRequest("No integration defined for method"), in: noIntegration) {
            _ = try $0.createDeployment(apiId: apiId, CreateDeploymentInput(), id: "d", now: now)
        }
        let ready = try RestApiFixture.method()
        expectRefused(.badRequest("Stage name only allows a-zA-Z0-9_-"), in: ready) {
            _ = try $0.createDeployment(apiId: apiId, CreateDeploymentInput(stageName: "my stage"), id: "d", now: now)
        }
        expectRefused(.badRequest("Stage variable names may only contain alphanumeric characters and underscores"), in: ready) {
            _ = try $0.createDeployment(apiId: apiId, CreateDeploymentInput(stageName: "dev", variables: ["a-b": "x"]), id: "d", now: now)
        }
        expectRefused(.badRequest("Stage variable values must match the regular expression [A-Za-z0-9-._~:/?#&=,]+"), in: ready) {
            _ = try $0.createDeployment(apiId: apiId, CreateDeploymentInput(stageName: "dev", variables: ["ab": "x y"]), id: "d", now: now)
        }
        expectRefused(Configuration.unknownRestApi("nope"), in: ready) {
            _ = try $0.createDeployment(apiId: "nope", CreateDeploymentInput(), id: "d", now: now)
        }
    }

    @Test func getEmbedsTheApiSummaryOnRequest() throws {
        let configuration = try RestApiFixture.deployed()
        #expect(try configuration.deployment(apiId: apiId, id: "dep001").apiSummary == nil)
        let summary = try configuration.deployment(apiId: apiId, id: "dep001", embedSummary: true).apiSummary
        #expect(summary == ["/pets": ["GET": MethodSnapshot(authorizationType: "NONE", apiKeyRequired: false)]])
        #expect(throws: GatewayError.notFound("Invalid Deployment identifier specified")) { try configuration.deployment(apiId: apiId, id: "nope") }
    }

    @Test func updateTheDescription() throws {
        var configuration = try RestApiFixture.deployed()
        let updated = try configuration.updateDeployment(apiId: apiId, id: "dep001", operations: [
            PatchOperation(op: "replace", path: "/description", value: "renamed"),
        ])
        #expect(try updated.description == "renamed" && configuration.deployment(apiId: apiId, id: "dep001") == updated)
        _ = configuration.takeChanges()
        expectRefused(.badRequest("Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/description]"), in: configuration) {
            _ = try $0.updateDeployment(apiId: apiId, id: "dep001", operations: [PatchOperation(op: "replace", path: "/id", value: "x")])
        }
        expectRefused(.notFound("Invalid Deployment identifier specified"), in: configuration) {
            _ = try $0.updateDeployment(apiId: apiId, id: "nope", operations: [])
        }
    }

    @Test func deleteIsRefusedWhileAStageUsesIt() throws {
        var configuration = try RestApiFixture.deployed()
        expectRefused(.badRequest("Active stages pointing to this deployment must be moved or deleted"), in: configuration) {
            try $0.removeDeployment(apiId: apiId, id: "dep001")
        }
        expectRefused(.notFound("Invalid Deployment identifier specified"), in: configuration) { try $0.removeDeployment(apiId: apiId, id: "nope") }
        try configuration.removeStage(apiId: apiId, name: "prod")
        try configuration.removeDeployment(apiId: apiId, id: "dep001")
        let document = try configuration.restApiDocument(apiId)
        #expect(document.deployments.isEmpty && document.deploymentSnapshots.isEmpty)
    }
}
