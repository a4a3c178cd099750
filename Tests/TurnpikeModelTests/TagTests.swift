import Testing
@testable import TurnpikeModel

@Suite struct TagTests {
    let apiId = RestApiFixture.apiId

    func tagged() throws -> Configuration {
        var configuration = try RestApiFixture.deployed()
        _ = try configuration.createApiKey(CreateApiKeyInput(name: "k"), id: "key001", now: 0)
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "gold"), id: "plan01", now: 0)
        _ = configuration.takeChanges()
        return configuration
    }

    @Test(arguments: ["/apikeys/key001", "/usageplans/plan01", "/restapis/api0000001", "/restapis/api0000001/stages/prod"])
    func tagAndUntagEveryKind(path: String) throws {
        var configuration = try tagged()
        let arn = "arn:aws:apigateway:us-east-1::\(path)"
        #expect(try configuration.tags(arn: arn) == [:])
        try configuration.tag(arn: arn, tags: ["a": "1", "b": "2"])
        #expect(try configuration.tags(arn: arn) == ["a": "1", "b": "2"])
        #expect(configuration.takeChanges().count == 1)
        try configuration.untag(arn: arn, keys: ["a", "missing"])
        #expect(try configuration.tags(arn: arn) == ["b": "2"])
        try configuration.untag(arn: arn, keys: ["b"])
        #expect(try configuration.tags(arn: arn) == [:])
    }

    @Test func tagsLandOnTheEntities() throws {
        var configuration = try tagged()
        for path in ["/apikeys/key001", "/usageplans/plan01", "/restapis/\(apiId)", "/restapis/\(apiId)/stages/prod"] {
            try configuration.tag(arn: "arn:aws:apigateway:eu-west-1::\(path)", tags: ["team": "pets"])
        }
        #expect(try configuration.apiKey("key001").tags == ["team": "pets"])
        #expect(try configuration.usagePlan("plan01").tags == ["team": "pets"])
        #expect(try configuration.restApi(apiId).tags == ["team": "pets"])
        #expect(try configuration.stage(apiId: apiId, name: "prod").tags == ["team": "pets"])
    }

    @Test func malformedArnsAreBadRequests() throws {
        let configuration = try tagged()
        for arn in ["nope", "arn:aws:apigateway:us-east-1::/domainnames/x", "arn:aws:lambda:us-east-1::/apikeys/key001",
                    "arn:aws:apigateway:us-east-1:123456789012:/apikeys/key001", "arn:aws:apigateway:us-east-1::apikeys/key001",
                    "arn:aws:apigateway:us-east-1::/restapis/a/stages/", "arn:aws:apigateway:::/apikeys/key001"] {
            expectRefused(TaggedResource.invalid(arn), in: configuration) { try $0.tag(arn: arn, tags: ["a": "1"]) }
        }
        #expect(TaggedResource.invalid("x").message.hasPrefix("Invalid resource ARN specified: x. Turnpike tags arn:aws:apigateway:{region}::/apikeys/{id}"))
    }

    @Test func unknownResourcesAreTheirOwnNotFound() throws {
        let configuration = try tagged()
        let cases: [(String, GatewayError)] = [
            ("/apikeys/nope", .notFound("Invalid API Key identifier specified")),
            ("/usageplans/nope", .notFound("Invalid Usage Plan ID specified")),
            ("/restapis/nope", Configuration.unknownRestApi("nope")),
            ("/restapis/nope/stages/prod", Configuration.unknownRestApi("nope")),
            ("/restapis/\(apiId)/stages/nope", .notFound("Invalid Stage identifier specified")),
        ]
        for (path, error) in cases {
            let arn = "arn:aws:apigateway:us-east-1::\(path)"
            expectRefused(error, in: configuration) { try $0.tag(arn: arn, tags: ["a": "1"]) }
            expectRefused(error, in: configuration) { try $0.untag(arn: arn, keys: ["a"]) }
            #expect(throws: error) { try configuration.tags(arn: arn) }
        }
    }

    @Test func tagLimits() throws {
        let configuration = try tagged()
        let arn = "arn:aws:apigateway:us-east-1::/restapis/\(apiId)"
        let many = Dictionary(uniqueKeysWithValues: (0..<51).map { ("k\($0)", "v") })
        let cases: [([String: String], GatewayError)] = [
            (many, .badRequest("Too many tags: a resource can have at most 50 tags")),
            (["aws:owner": "x"], .badRequest("Invalid tag key 'aws:owner': the prefix aws: is reserved")),
            (["": "x"], .badRequest("Invalid tag key '': a key must have 1 to 128 characters")),
            (["k": String(repeating: "v", count: 257)], .badRequest("Invalid tag value for key 'k': a value may have at most 256 characters")),
        ]
        for (tags, error) in cases {
            expectRefused(error, in: configuration) { try $0.tag(arn: arn, tags: tags) }
        }
    }
}
