import Testing
@testable import TurnpikeModel

/// Issue 13 item 4: every throttle and quota number that a token bucket or a quota cannot enforce
/// is refused with a 400, on create and on every patch path.
@Suite struct AdminInputLimitTests {
    let now = 1_764_000_000

    /// Rates and bursts no bucket can enforce.
    static let badThrottles: [ThrottleSettings] = [
        ThrottleSettings(rateLimit: 1e-19), ThrottleSettings(rateLimit: 0.000_999), ThrottleSettings(rateLimit: -1),
        ThrottleSettings(rateLimit: 1e300), ThrottleSettings(rateLimit: .nan), ThrottleSettings(rateLimit: .infinity),
        ThrottleSettings(rateLimit: 1_000_000_001), ThrottleSettings(burstLimit: -1),
        ThrottleSettings(burstLimit: Int(Int32.max) + 1), ThrottleSettings(burstLimit: .max),
    ]

    @Test func theEdgesOfWhatIsAccepted() throws {
        for settings in [
            ThrottleSettings(burstLimit: 0, rateLimit: 0), ThrottleSettings(burstLimit: Int(Int32.max), rateLimit: 0.001),
            ThrottleSettings(rateLimit: 1_000_000_000),
        ] {
            try settings.validate(at: "throttle")
        }
        for settings in Self.badThrottles {
            #expect(throws: GatewayError.self) { try settings.validate(at: "throttle") }
        }
        try QuotaSettings(limit: Int(Int32.max), offset: Int(Int32.max), period: "DAY").validate(input: "x")
        for quota in [
            QuotaSettings(limit: Int(Int32.max) + 1, period: "DAY"), QuotaSettings(limit: -1, period: "DAY"),
            QuotaSettings(limit: 10, offset: 11, period: "WEEK"), QuotaSettings(limit: 10, offset: -1, period: "MONTH"),
        ] {
            #expect(throws: GatewayError.self) { try quota.validate(input: "x") }
        }
    }

    @Test func createUsagePlanRefusesEveryBadNumber() {
        for settings in Self.badThrottles {
            var configuration = configurationWithStages()
            #expect(throws: GatewayError.self) {
                _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "x", throttle: settings), id: "p1", now: now)
            }
            #expect(throws: GatewayError.self) {
                _ = try configuration.createUsagePlan(CreateUsagePlanInput(
                    name: "x", apiStages: [ApiStage(apiId: "api1", stage: "prod", throttle: ["/pets/GET": settings])]), id: "p1", now: now)
            }
            #expect(configuration.usagePlans.isEmpty)
        }
    }

    @Test func everyPatchPathRefusesBadNumbers() throws {
        var configuration = configurationWithStages()
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(
            name: "gold", apiStages: [ApiStage(apiId: "api1", stage: "prod")]), id: "p1", now: now)
        let planCases: [(String, String)] = [
            ("/throttle/rateLimit", "1e-19"), ("/throttle/rateLimit", "1e300"), ("/throttle/rateLimit", "NaN"),
            ("/throttle/burstLimit", "2147483648"), ("/throttle/burstLimit", "-1"),
            ("/quota/limit", "2147483648"), ("/quota/limit", "-5"), ("/quota/offset", "-1"),
            ("/apiStages/api1:prod/throttle//pets/GET/rateLimit", "1e-19"),
            ("/apiStages/api1:prod/throttle//pets/GET/burstLimit", "9999999999"),
        ]
        for (path, value) in planCases {
            #expect(throws: GatewayError.self, "\(path) \(value)") {
                var operations = [PatchOperation(op: "replace", path: path, value: value)]
                if path.hasPrefix("/quota") { operations.append(PatchOperation(op: "replace", path: "/quota/period", value: "DAY")) }
                _ = try configuration.updateUsagePlan("p1", operations: operations, now: now)
            }
        }
        // The offset must fit in the period's allowance.
        #expect(throws: GatewayError.self) {
            _ = try configuration.updateUsagePlan("p1", operations: [
                PatchOperation(op: "replace", path: "/quota/limit", value: "10"),
                PatchOperation(op: "replace", path: "/quota/offset", value: "11"),
                PatchOperation(op: "replace", path: "/quota/period", value: "DAY"),
            ], now: now)
        }
        for (path, value) in [("/throttle/rateLimit", "0.0001"), ("/throttle/burstLimit", "4294967296")] {
            #expect(throws: GatewayError.self) {
                _ = try configuration.updateAccount(operations: [PatchOperation(op: "replace", path: path, value: value)])
            }
        }
        for (path, value) in [("/*/*/throttling/rateLimit", "1e-19"), ("/~1pets/GET/throttling/burstLimit", "-3")] {
            #expect(throws: GatewayError.self) {
                _ = try configuration.updateStage(apiId: "api1", name: "prod",
                                                  operations: [PatchOperation(op: "replace", path: path, value: value)], now: now)
            }
        }
        #expect(configuration.usagePlans["p1"]?.throttle == nil && configuration.usagePlans["p1"]?.quota == nil)
    }
}
