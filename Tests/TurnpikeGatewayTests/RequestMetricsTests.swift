import MetricsTestKit
import Testing
import TurnpikeModel
@testable import TurnpikeGateway

@Suite("RequestMetrics")
struct RequestMetricsTests {
    private let pets = [("api_id", "api1"), ("stage", "prod"), ("resource", "/"), ("method", "GET")]

    private func configuration() throws -> Configuration {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        try GatewayFixtures.createKey("k1", in: &configuration)
        try GatewayFixtures.createPlan("p1", stages: ["api1:prod"], keys: ["k1"], in: &configuration)
        return configuration
    }

    private func requests(_ metrics: TestMetrics, status: String) -> Int64 {
        metrics.counterTotal(label: "turnpike_requests_total", dimensions: pets + [("status", status)])
    }

    @Test func answersAreCountedByRouteAndStatusAcrossSnapshots() throws {
        let factory = TestMetrics()
        let metrics = RequestMetrics(factory: factory)
        let configuration = try configuration()
        for _ in 0..<2 {
            // Each snapshot resolves its own instruments; the series (and their counts) are the factory's.
            let stage = try #require(GatewaySnapshot(configuration: configuration, metrics: metrics).stage(apiId: "api1", stage: "prod"))
            let match = try #require(stage.router.route(method: "GET", path: "/"))
            stage.metrics?.answered(method: match.method, AnswerSummary(status: 200), elapsedNanoseconds: 1_000)
            stage.metrics?.answered(method: match.method, AnswerSummary(status: 418), elapsedNanoseconds: 1_000)
            stage.metrics?.answered(method: nil, AnswerSummary(status: 403), elapsedNanoseconds: 1_000)
        }
        #expect(requests(factory, status: "200") == 2)
        #expect(requests(factory, status: "418") == 2, "a status without a cell of its own is counted too")
        #expect(factory.counterTotal(
            label: "turnpike_requests_total",
            dimensions: [("api_id", "api1"), ("stage", "prod"), ("resource", "-"), ("method", "-"), ("status", "403")]) == 2)
        let durations = factory.timers(label: "turnpike_request_duration_seconds", dimensions: [("api_id", "api1"), ("stage", "prod")])
        #expect(durations.flatMap(\.values).count == 6)
        #expect(factory.timers(label: "turnpike_integration_duration_seconds").flatMap(\.values).isEmpty)
    }

    @Test func refusalsAreCountedByResponseTypeAndBackendFailuresAreNot() throws {
        let factory = TestMetrics()
        let stage = try #require(
            GatewaySnapshot(configuration: try configuration(), metrics: RequestMetrics(factory: factory)).stage(apiId: "api1", stage: "prod"))
        let match = try #require(stage.router.route(method: "GET", path: "/"))
        stage.metrics?.answered(method: match.method, AnswerSummary(status: 429, refused: true, responseType: .throttled), elapsedNanoseconds: 5)
        stage.metrics?.answered(method: match.method, AnswerSummary(status: 429, refused: true, responseType: .quotaExceeded), elapsedNanoseconds: 5)
        stage.metrics?.answered(
            method: match.method, AnswerSummary(status: 502, responseType: .integrationFailure, integrationNanoseconds: 7),
            elapsedNanoseconds: 9)
        let refusals = factory.counters(label: "turnpike_refusals_total").map { counter in
            (counter.dimensions.first { $0.0 == "type" }?.1 ?? "", counter.totalValue)
        }
        #expect(refusals.sorted { $0.0 < $1.0 }.map(\.0) == ["QUOTA_EXCEEDED", "THROTTLED"])
        #expect(requests(factory, status: "429") == 2)
        #expect(factory.timers(label: "turnpike_integration_duration_seconds").flatMap(\.values) == [7])
    }

    @Test(arguments: [false, true])
    func admittedRequestsCountAgainstThePlanAndThePerKeySeriesIsOptIn(perKey: Bool) throws {
        let factory = TestMetrics()
        let snapshot = GatewaySnapshot(configuration: try configuration(), metrics: RequestMetrics(factory: factory, perKey: perKey))
        let admission = try #require(snapshot.keys.admission(
            apiKey: String(("k1" + String(repeating: "x", count: 40)).prefix(40)), apiId: "api1", stage: "prod"))
        admission.countRequest()
        admission.countRequest()
        #expect(factory.counterTotal(label: "turnpike_usage_plan_requests_total", dimensions: [("usage_plan_id", "p1")]) == 2)
        let perKeyTotal = factory.counterTotal(label: "turnpike_api_key_requests_total")
        #expect(perKeyTotal == (perKey ? 2 : 0))
    }

    @Test func aSnapshotWithoutMetricsCountsNothing() throws {
        let snapshot = GatewaySnapshot(configuration: try configuration())
        #expect(snapshot.stage(apiId: "api1", stage: "prod")?.metrics == nil)
    }
}
