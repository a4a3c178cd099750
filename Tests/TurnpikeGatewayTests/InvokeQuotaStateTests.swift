import NIOCore
import NIOHTTP1
import Testing
import TurnpikeLimits
import TurnpikeModel
@testable import TurnpikeGateway

/// Quota decisions on the invoke connection, driven without I/O: a request parks while its lease
/// is reserved and is answered by the verdict, whatever part of it has been read by then.
@Suite struct InvokeQuotaStateTests {
    let identity: RequestIdentity = {
        var generator = SystemRandomNumberGenerator()
        return RequestIdentity(epochSeconds: 0, using: &generator)
    }()
    let today = UTCDay(iso: "2026-11-25")!
    let start: UInt64 = 1_000_000_000

    /// A keyed MOCK method in plan p1 with a DAY quota of `limit`.
    func snapshot(limit: Int = 3) throws -> (GatewaySnapshot, key: String) {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        let key = try GatewayFixtures.createKey("k1", in: &configuration)
        try GatewayFixtures.createPlan("p1", stages: ["api1:prod"], keys: ["k1"], in: &configuration)
        _ = try configuration.updateUsagePlan("p1", operations: [
            PatchOperation(op: "replace", path: "/quota/limit", value: String(limit)),
            PatchOperation(op: "replace", path: "/quota/period", value: "DAY"),
        ], now: 0)
        return (GatewaySnapshot(configuration: configuration), key)
    }

    func head(_ key: String) -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: .GET, uri: "/restapis/api1/prod/_user_request_/",
                        headers: HTTPHeaders([("host", "h"), ("x-api-key", key)]))
    }

    @Test func theFirstRequestParksUntilItsLeaseIsReservedThenIsServed() throws {
        let (snapshot, key) = try snapshot()
        let limiter = LimiterTable(configuration: snapshot.throttles.configuration, now: start)
        var state = InvokeRequestState()
        let action = state.requestHead(head(key), identity: identity, snapshot: snapshot, limiter: limiter, now: start,
                                       today: today, hasAdmin: false, maximumBodySize: 100)
        guard case .reserveQuota(let planKey, let count, let window, park: true) = action else {
            Issue.record("expected a parked reservation, got \(action)"); return
        }
        #expect(planKey == ThrottleLayout.PlanKey(planId: "p1", keyId: "k1") && count == 1 && window == today)
        // The whole request arrives before the verdict: nothing is answered yet.
        guard case .none = state.requestEnd() else { Issue.record("a parked request must not be answered"); return }
        limiter.reservationCompleted(slot: 0, granted: 1, remainingInStore: 2, window: today, now: start)
        #expect(limiter.retryQuota(slot: 0, now: start, today: today) == .admittedAndReserve(count: 1, window: today))
        guard case .mock(let response, _) = state.quotaDecided(.admitted) else { Issue.record("expected the mock"); return }
        #expect(response.status == 200)
    }

    @Test func aVerdictBeforeTheEndOfTheBodyLetsTheRequestGoOnAtItsEnd() throws {
        let (snapshot, key) = try snapshot()
        let limiter = LimiterTable(configuration: snapshot.throttles.configuration, now: start)
        var state = InvokeRequestState()
        _ = state.requestHead(head(key), identity: identity, snapshot: snapshot, limiter: limiter, now: start,
                              today: today, hasAdmin: false, maximumBodySize: 100)
        guard case .none = state.quotaDecided(.admitted) else { Issue.record("nothing to do before the end"); return }
        guard case .none = state.quotaDecided(.exhausted) else { Issue.record("a second verdict is ignored"); return }
        guard case .mock = state.requestEnd() else { Issue.record("expected the mock at the end"); return }
    }

    @Test(arguments: [(QuotaVerdict.exhausted, 429, "Limit Exceeded"), (.unavailable, 503, "Service Unavailable")])
    func refusalsAreAnsweredWhetherTheRequestWasReadOrNot(verdict: QuotaVerdict, status: Int, message: String) throws {
        let (snapshot, key) = try snapshot()
        for verdictFirst in [true, false] {
            let limiter = LimiterTable(configuration: snapshot.throttles.configuration, now: start)
            var state = InvokeRequestState()
            _ = state.requestHead(head(key), identity: identity, snapshot: snapshot, limiter: limiter, now: start,
                                  today: today, hasAdmin: false, maximumBodySize: 100)
            let answer: InvokeRequestState.Action
            if verdictFirst {
                _ = state.quotaDecided(verdict)
                answer = state.requestEnd()
            } else {
                _ = state.requestEnd()
                answer = state.quotaDecided(verdict)
            }
            guard case .respond(let response, _, closeAfter: false) = answer else { Issue.record("expected a refusal"); continue }
            #expect(response.status == status && response.bodyText.contains(message))
        }
    }

    @Test func aSecondRequestWaitsForTheReservationInFlight() throws {
        let (snapshot, key) = try snapshot()
        let limiter = LimiterTable(configuration: snapshot.throttles.configuration, now: start)
        var first = InvokeRequestState()
        var second = InvokeRequestState()
        _ = first.requestHead(head(key), identity: identity, snapshot: snapshot, limiter: limiter, now: start,
                              today: today, hasAdmin: false, maximumBodySize: 100)
        let action = second.requestHead(head(key), identity: identity, snapshot: snapshot, limiter: limiter, now: start,
                                        today: today, hasAdmin: false, maximumBodySize: 100)
        guard case .awaitQuota(let planKey) = action else { Issue.record("expected to wait, got \(action)"); return }
        #expect(planKey.keyId == "k1")
    }

    @Test func anExhaustedQuotaIsRefusedWithoutParking() throws {
        let (snapshot, key) = try snapshot()
        let limiter = LimiterTable(configuration: snapshot.throttles.configuration, now: start)
        _ = limiter.decide(slot: 0, now: start, today: today)
        limiter.reservationCompleted(slot: 0, granted: 0, remainingInStore: 0, window: today, now: start)
        var state = InvokeRequestState()
        guard case .none = state.requestHead(head(key), identity: identity, snapshot: snapshot, limiter: limiter, now: start,
                                             today: today, hasAdmin: false, maximumBodySize: 100) else {
            Issue.record("expected a refusal at the end"); return
        }
        guard case .respond(let response, _, _) = state.requestEnd() else { Issue.record("expected a refusal"); return }
        #expect(response.status == 429 && response.header("x-amzn-ErrorType") == "LimitExceededException")
    }
}
