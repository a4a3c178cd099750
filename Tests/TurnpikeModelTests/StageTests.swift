import Testing
@testable import TurnpikeModel

@Suite struct StageTests {
    let apiId = RestApiFixture.apiId
    let now = RestApiFixture.now

    func update(_ configuration: inout Configuration, _ operations: [(String, String, String?)]) throws -> Stage {
        try configuration.updateStage(apiId: apiId, name: "prod", operations: operations.map {
            PatchOperation(op: $0.0, path: $0.1, value: $0.2)
        }, now: now + 1)
    }

    @Test func createAnswersAwsDefaults() throws {
        var configuration = try RestApiFixture.deployed()
        let stage = try configuration.createStage(apiId: apiId, CreateStageInput(
            stageName: "v2", deploymentId: "dep001", description: "two", variables: ["a": "1"], tags: ["team": "pets"]
        ), now: now)
        #expect(stage.deploymentId == "dep001" && stage.description == "two" && stage.variables == ["a": "1"] && stage.tags == ["team": "pets"])
        let json = try wire(try configuration.createStage(apiId: apiId, CreateStageInput(stageName: "v3", deploymentId: "dep001"), now: now))
        #expect(json == #"{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":1764000000,"deploymentId":"dep001","lastUpdatedDate":1764000000,"methodSettings":{},"stageName":"v3","tracingEnabled":false}"#)
        #expect(try configuration.stages(apiId: apiId).map(\.stageName) == ["prod", "v2", "v3"])
        _ = try configuration.createDeployment(apiId: apiId, CreateDeploymentInput(stageName: "v3"), id: "dep002", now: now)
        #expect(try configuration.stages(apiId: apiId, deploymentId: "dep002").map(\.stageName) == ["v3"])
    }

    @Test func createRefusals() throws {
        let configuration = try RestApiFixture.deployed()
        let cases: [(CreateStageInput, GatewayError)] = [
            (CreateStageInput(stageName: nil, deploymentId: "dep001"), .mustNotBeNull(at: "createStageInput.stageName")),
            (CreateStageInput(stageName: "v2", deploymentId: nil), .mustNotBeNull(at: "createStageInput.deploymentId")),
            (CreateStageInput(stageName: "v2", deploymentId: "nope"), .notFound("Invalid Deployment identifier specified")),
            (CreateStageInput(stageName: "prod", deploymentId: "dep001"), .conflict("Stage already exists")),
            (CreateStageInput(stageName: "v 2", deploymentId: "dep001"), .badRequest("Stage name only allows a-zA-Z0-9_-")),
            (CreateStageInput(stageName: "v2", deploymentId: "dep001", variables: ["x": ""]),
                .badRequest("Stage variable values must match the regular expression [A-Za-z0-9-._~:/?#&=,]+")),
        ]
        for (input, error) in cases {
            expectRefused(error, in: configuration) { _ = try $0.createStage(apiId: apiId, input, now: now) }
        }
        #expect(throws: GatewayError.notFound("Invalid Stage identifier specified")) { try configuration.stage(apiId: apiId, name: "nope") }
    }

    @Test func updateStageFields() throws {
        var configuration = try RestApiFixture.deployed()
        _ = try configuration.createDeployment(apiId: apiId, CreateDeploymentInput(), id: "dep002", now: now)
        let stage = try update(&configuration, [
            ("replace", "/description", "live"), ("replace", "/deploymentId", "dep002"), ("replace", "/tracingEnabled", "true"),
            ("replace", "/cacheClusterEnabled", "true"), ("replace", "/cacheClusterSize", "1.6"),
            ("replace", "/variables/backend", "b.example"), ("replace", "/variables/other", "x"), ("remove", "/variables/other", nil),
            ("replace", "/accessLogSettings/format", "$context.requestId"), ("replace", "/clientCertificateId", "cert1"),
        ])
        #expect(stage.description == "live" && stage.deploymentId == "dep002" && stage.tracingEnabled)
        #expect(stage.cacheClusterEnabled && stage.cacheClusterSize == "1.6" && stage.cacheClusterStatus == "AVAILABLE")
        #expect(stage.variables == ["backend": "b.example"] && stage.accessLogSettings?.format == "$context.requestId")
        #expect(stage.clientCertificateId == "cert1" && stage.lastUpdatedDate == now + 1)
        let cleared = try update(&configuration, [("remove", "/accessLogSettings", nil), ("remove", "/variables/backend", nil)])
        #expect(cleared.accessLogSettings == nil && cleared.variables == nil)
    }

    @Test func minusOneTurnsAMethodThrottleOff() throws {
        // What Terraform's aws_api_gateway_method_settings sends for a limit it does not set.
        var configuration = try RestApiFixture.deployed()
        let settings = try update(&configuration, [
            ("replace", "/*/*/throttling/burstLimit", "-1"), ("replace", "/*/*/throttling/rateLimit", "-1"),
        ]).methodSettings
        #expect(settings["*/*"]?.throttlingBurstLimit == -1 && settings["*/*"]?.throttlingRateLimit == -1)
        #expect(settings["*/*"]?.throttle == ThrottleSettings(
            burstLimit: ThrottleSettings.maximumBurstLimit, rateLimit: ThrottleSettings.maximumRateLimit))
        var limited = MethodSetting()
        limited.throttlingBurstLimit = 7
        #expect(limited.throttle == ThrottleSettings(burstLimit: 7, rateLimit: 10_000))
        _ = configuration.takeChanges()
        expectRefused(.badRequest("Invalid throttle burst limit -2 at /*/*/throttling/burstLimit: must be between 0 and 2147483647"),
                      in: configuration) { configuration in
            _ = try update(&configuration, [("replace", "/*/*/throttling/burstLimit", "-2")])
        }
    }

    @Test func methodSettingsCopyTheWildcardWhenCreated() throws {
        var configuration = try RestApiFixture.deployed()
        var settings = try update(&configuration, [("replace", "/*/*/throttling/rateLimit", "100")]).methodSettings
        var star = MethodSetting()
        star.throttlingRateLimit = 100
        #expect(settings == ["*/*": star])
        settings = try update(&configuration, [("replace", "/~1pets/GET/throttling/burstLimit", "7")]).methodSettings
        #expect(settings["pets/GET"]?.throttlingBurstLimit == 7 && settings["pets/GET"]?.throttlingRateLimit == 100)
        settings = try update(&configuration, [
            ("replace", "/*/*/throttling/rateLimit", "50"), ("replace", "/*/*/throttling/burstLimit", "60"),
            ("replace", "/*/*/metrics/enabled", "true"), ("replace", "/*/*/logging/loglevel", "INFO"),
            ("replace", "/*/*/logging/dataTrace", "true"), ("replace", "/*/*/caching/enabled", "true"),
            ("replace", "/*/*/caching/ttlInSeconds", "60"),
            ("replace", "/pets/{id}/DELETE/caching/unauthorizedCacheControlHeaderStrategy", "FAIL_WITH_403"),
        ]).methodSettings
        #expect(settings["*/*"]?.throttlingRateLimit == 50 && settings["*/*"]?.throttlingBurstLimit == 60)
        #expect(settings["*/*"]?.metricsEnabled == true && settings["*/*"]?.loggingLevel == "INFO" && settings["*/*"]?.cacheTtlInSeconds == 60)
        #expect(settings["pets/GET"]?.throttlingRateLimit == 100 && settings["pets/GET"]?.throttlingBurstLimit == 7)
        #expect(settings["pets/{id}/DELETE"]?.unauthorizedCacheControlHeaderStrategy == "FAIL_WITH_403")
        #expect(settings["pets/{id}/DELETE"]?.throttlingRateLimit == 50, "the Terraform form, copied from */* as it is now")
        settings = try update(&configuration, [("remove", "/~1pets/GET", nil), ("remove", "/*/*", nil)]).methodSettings
        #expect(settings.keys.sorted() == ["pets/{id}/DELETE"])
        #expect(try configuration.stage(apiId: apiId, name: "prod").methodSettings == settings)
    }

    @Test func updateRefusals() throws {
        var configuration = try RestApiFixture.deployed()
        _ = try update(&configuration, [("replace", "/*/*/metrics/enabled", "true")])
        _ = configuration.takeChanges()
        let invalid = { (path: String) in
            GatewayError.badRequest("Invalid method setting path: \(path). Must be one of: \(StagePatch.validPaths)")
        }
        let cases: [(String, String, String?, GatewayError)] = [
            ("remove", "/~1pets/GET", nil, .badRequest("Cannot remove method setting pets/GET because there is no method setting for this method ")),
            ("replace", "/*/*/throttling/nonsense", "1", invalid("/*/*/throttling/nonsense")),
            ("replace", "/stageName", "x", invalid("/stageName")),
            ("replace", "/~1pets/ANY/caching/enabled", "true", invalid("/~1pets/ANY/caching/enabled")),
            ("replace", "/*/GET/metrics/enabled", "true", invalid("/*/GET/metrics/enabled")),
            ("remove", "/*/*/metrics/enabled", nil, invalid("/*/*/metrics/enabled")),
            ("replace", "/*/*/metrics/enabled", "maybe", .badRequest("Invalid value 'maybe' for boolean field on path '/*/*/metrics/enabled'")),
            ("replace", "/*/*/throttling/rateLimit", "-2", .badRequest("Invalid throttle rate limit -2.0 at /*/*/throttling/rateLimit: must be 0 or between 0.001 and 1000000000")),
            ("replace", "/~1pets/GET/throttling/rateLimit", "0.0005", .badRequest("Invalid throttle rate limit 0.0005 at /~1pets/GET/throttling/rateLimit: must be 0 or between 0.001 and 1000000000")),
            ("replace", "/*/*/throttling/burstLimit", "9223372036854775807", .badRequest("Invalid throttle burst limit 9223372036854775807 at /*/*/throttling/burstLimit: must be between 0 and 2147483647")),
            ("replace", "/*/*/logging/loglevel", "DEBUG", .badRequest("Invalid logging level 'DEBUG' at /*/*/logging/loglevel. Valid options are OFF,ERROR,INFO")),
            ("replace", "/deploymentId", "nope", .badRequest("Deployment id does not exist")),
            ("replace", "/variables/a-b", "1", .badRequest("Stage variable names may only contain alphanumeric characters and underscores")),
            ("replace", "/cacheClusterSize", "2", .init(.validation,
                "1 validation error detected: Value '2' at 'updateStageInput.cacheClusterSize' failed to satisfy constraint: Member must satisfy enum value set: [0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237]")),
            ("move", "/description", "x", .badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'")),
        ]
        for (op, path, value, error) in cases {
            expectRefused(error, in: configuration) {
                _ = try $0.updateStage(apiId: apiId, name: "prod", operations: [
                    PatchOperation(op: "replace", path: "/description", value: "changed"), PatchOperation(op: op, path: path, value: value),
                ], now: now)
            }
        }
        expectRefused(.notFound("Invalid Stage identifier specified"), in: configuration) {
            _ = try $0.updateStage(apiId: apiId, name: "nope", operations: [], now: now)
        }
        let empty = try RestApiFixture.deployed()
        expectRefused(.badRequest("Cannot remove method setting */* because there is no method setting for this method "), in: empty) {
            _ = try $0.updateStage(apiId: apiId, name: "prod", operations: [PatchOperation(op: "remove", path: "/*/*")], now: now)
        }
    }

    @Test func deleteLeavesUsagePlansAndKeys() throws {
        var configuration = try RestApiFixture.deployed()
        _ = try configuration.createStage(apiId: apiId, CreateStageInput(stageName: "beta", deploymentId: "dep001"), now: now)
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "gold", apiStages: [
            ApiStage(apiId: apiId, stage: "prod"), ApiStage(apiId: apiId, stage: "beta"),
        ]), id: "plan01", now: now)
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "free"), id: "plan02", now: now)
        var input = CreateApiKeyInput(name: "k")
        input.stageKeys = [.init(restApiId: apiId, stageName: "prod")]
        _ = try configuration.createApiKey(input, id: "key001", now: now)
        _ = configuration.takeChanges()
        expectRefused(.notFound("Invalid Stage identifier specified"), in: configuration) { try $0.removeStage(apiId: apiId, name: "nope") }
        expectRefused(Configuration.unknownRestApi("nope"), in: configuration) { try $0.removeStage(apiId: "nope", name: "prod") }
        try configuration.removeStage(apiId: apiId, name: "prod")
        #expect(try configuration.usagePlan("plan01").apiStages == [ApiStage(apiId: apiId, stage: "beta")])
        #expect(try configuration.apiKey("key001").stageKeys.isEmpty)
        #expect(Set(configuration.takeChanges().map(\.key)) == ["usageplan/plan01", "apikey/key001", "restapi/\(apiId)"])
        #expect(throws: GatewayError.notFound("Invalid Stage identifier specified")) { try configuration.stage(apiId: apiId, name: "prod") }
    }
}
