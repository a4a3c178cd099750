import Testing
@testable import TurnpikeModel

@Suite struct AccountTests {
    @Test func defaultsAreAwsAccountWideLimits() throws {
        let account = Configuration().account
        #expect(account.throttleSettings == ThrottleSettings(burstLimit: 5000, rateLimit: 10000))
        #expect(try wire(account) == #"{"apiKeyVersion":"4","features":["UsagePlans"],"throttleSettings":{"burstLimit":5000,"rateLimit":10000}}"#)
    }

    @Test func updateSetsTheThrottleAndRole() throws {
        var configuration = Configuration()
        let role = "arn:aws:iam::123456789012:role/apigw-logs"
        let account = try configuration.updateAccount(operations: [
            PatchOperation(op: "replace", path: "/throttle/rateLimit", value: "2000"),
            PatchOperation(op: "replace", path: "/throttle/burstLimit", value: "1000"),
            PatchOperation(op: "replace", path: "/cloudwatchRoleArn", value: role),
            PatchOperation(op: "add", path: "/features", value: "UsagePlans"),
        ])
        #expect(account.throttleSettings == ThrottleSettings(burstLimit: 1000, rateLimit: 2000))
        #expect(account.cloudwatchRoleArn == role && account.features == ["UsagePlans"])
        #expect(configuration.account == account && configuration.takeChanges().map(\.key) == ["account/account"])
        let cleared = try configuration.updateAccount(operations: [PatchOperation(op: "remove", path: "/cloudwatchRoleArn")])
        #expect(cleared.cloudwatchRoleArn == nil)
    }

    @Test func refusals() {
        let cases: [(PatchOperation, GatewayError)] = [
            (PatchOperation(op: "replace", path: "/apiKeyVersion", value: "5"), .badRequest(
                "Invalid patch path  '/apiKeyVersion' specified for op 'replace'. Must be one of: [/cloudwatchRoleArn, /features, /throttle/rateLimit, /throttle/burstLimit]")),
            (PatchOperation(op: "add", path: "/throttle/rateLimit", value: "5"), .badRequest(
                "Invalid patch path  '/throttle/rateLimit' specified for op 'add'. Must be one of: [/cloudwatchRoleArn, /features, /throttle/rateLimit, /throttle/burstLimit]")),
            (PatchOperation(op: "replace", path: "/throttle/burstLimit", value: "-5"), .badRequest(
                "Invalid throttle burst limit -5 at /throttle/burstLimit: must be between 0 and 2147483647")),
            (PatchOperation(op: "replace", path: "/throttle/burstLimit", value: "2147483648"), .badRequest(
                "Invalid throttle burst limit 2147483648 at /throttle/burstLimit: must be between 0 and 2147483647")),
            (PatchOperation(op: "replace", path: "/throttle/rateLimit", value: "1e-19"), .badRequest(
                "Invalid throttle rate limit 1e-19 at /throttle/rateLimit: must be 0 or between 0.001 and 1000000000")),
            (PatchOperation(op: "replace", path: "/throttle/rateLimit", value: "1e300"), .badRequest(
                "Invalid throttle rate limit 1e+300 at /throttle/rateLimit: must be 0 or between 0.001 and 1000000000")),
            (PatchOperation(op: "replace", path: "/throttle/rateLimit", value: "inf"), .badRequest(
                "Invalid value 'inf' for double field on path '/throttle/rateLimit'")),
            (PatchOperation(op: "replace", path: "/throttle/rateLimit", value: "fast"), .badRequest(
                "Invalid value 'fast' for double field on path '/throttle/rateLimit'")),
        ]
        for (operation, error) in cases {
            expectRefused(error, in: Configuration()) {
                _ = try $0.updateAccount(operations: [PatchOperation(op: "replace", path: "/throttle/rateLimit", value: "1"), operation])
            }
        }
    }
}
