import NIOCore
import TurnpikeLimits
import NIOHTTP1
import Testing
import TurnpikeModel
@testable import TurnpikeGateway

/// The invoke connection's decisions, driven part by part without any I/O.
@Suite struct InvokeRequestStateTests {
    let identity: RequestIdentity = {
        var generator = SystemRandomNumberGenerator()
        return RequestIdentity(epochSeconds: 0, using: &generator)
    }()

    func snapshot() throws -> (GatewaySnapshot, key: String) {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        let key = try GatewayFixtures.createKey("k1", in: &configuration)
        try GatewayFixtures.createPlan("p1", stages: ["api1:prod"], keys: ["k1"], in: &configuration)
        let open = try GatewayFixtures.createResource("open", under: "root-api1", api: "api1", id: "open", in: &configuration)
        try GatewayFixtures.putMethod("POST", on: open, api: "api1", integration: PutIntegrationInput(
            type: "HTTP_PROXY", httpMethod: "POST", uri: "http://127.0.0.1:9/sink"), in: &configuration)
        try GatewayFixtures.deploy("api1", stage: "prod", id: "d2", in: &configuration)
        return (GatewaySnapshot(configuration: configuration), key)
    }

    func head(_ method: HTTPMethod, _ uri: String, _ headers: [(String, String)] = []) -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: HTTPHeaders([("host", "127.0.0.1")] + headers))
    }

    func buffer(_ text: String) -> ByteBuffer { ByteBufferAllocator().buffer(string: text) }

    @Test func keyedMockIsAnsweredAtTheEndOfTheRequest() throws {
        let (snapshot, key) = try snapshot()
        var state = InvokeRequestState()
        let action = state.requestHead(head(.GET, "/restapis/api1/prod/_user_request_/", [("x-api-key", key)]),
                                       identity: identity, snapshot: snapshot, hasAdmin: true, maximumBodySize: 100)
        guard case .none = action else { Issue.record("expected to wait for the end, got \(action)"); return }
        guard case .mock(let response, let request) = state.requestEnd() else { Issue.record("expected the mock's answer"); return }
        #expect(response.status == 200)
        #expect(request.keyId == "k1" && request.planId == "p1")
        state.responseFinished()
    }

    @Test(arguments: [
        ([("x-api-key", "nope-nope-nope-nope-nope")], 403, "Forbidden"),
        ([], 403, "Forbidden"),
    ])
    func refusedKeysAnswerForbidden(headers: [(String, String)], status: Int, message: String) throws {
        let (snapshot, _) = try snapshot()
        var state = InvokeRequestState()
        _ = state.requestHead(head(.GET, "/restapis/api1/prod/_user_request_/", headers),
                              identity: identity, snapshot: snapshot, hasAdmin: true, maximumBodySize: 100)
        _ = state.requestBody(buffer("ignored"), maximumBodySize: 100)
        guard case .respond(let response, _, _) = state.requestEnd() else { Issue.record("expected an answer"); return }
        #expect(response.status == status && response.bodyText.contains(message))
        #expect(response.header("x-amzn-ErrorType") == "ForbiddenException")
    }

    @Test func unknownStagesPathsAndMethodsAnswerMissingAuthenticationToken() throws {
        let (snapshot, key) = try snapshot()
        for uri in ["/restapis/api1/beta/_user_request_/", "/restapis/api1/prod/_user_request_/nothing",
                    "/restapis/zzz/prod/_user_request_/", "/restapis/api1/prod/_user_request_/open/%zz"] {
            var state = InvokeRequestState()
            _ = state.requestHead(head(.GET, uri, [("x-api-key", key)]), identity: identity, snapshot: snapshot,
                                  hasAdmin: true, maximumBodySize: 100)
            guard case .respond(let response, _, _) = state.requestEnd() else { Issue.record("expected an answer for \(uri)"); return }
            #expect(response.status == 403 && response.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException", "\(uri)")
        }
    }

    @Test func adminRequestsAreCollectedAndHandedOver() throws {
        let (snapshot, _) = try snapshot()
        var state = InvokeRequestState()
        _ = state.requestHead(head(.POST, "/apikeys"), identity: identity, snapshot: snapshot, hasAdmin: true, maximumBodySize: 100)
        _ = state.requestBody(buffer("{\"na"), maximumBodySize: 100)
        _ = state.requestBody(buffer("me\":1}"), maximumBodySize: 100)
        guard case .admin(let request, let body) = state.requestEnd() else { Issue.record("expected the admin hand-over"); return }
        #expect(request.uri == "/apikeys" && body.map { String(buffer: $0) } == "{\"name\":1}")

        var withoutAdmin = InvokeRequestState()
        _ = withoutAdmin.requestHead(head(.GET, "/apikeys"), identity: identity, snapshot: snapshot, hasAdmin: false, maximumBodySize: 100)
        guard case .respond(let response, _, _) = withoutAdmin.requestEnd() else { Issue.record("expected a refusal"); return }
        #expect(response.status == 403)
    }

    @Test func proxiedBodiesAreCollectedWhole() throws {
        let (snapshot, _) = try snapshot()
        var state = InvokeRequestState()
        _ = state.requestHead(head(.POST, "/restapis/api1/prod/_user_request_/open"), identity: identity, snapshot: snapshot,
                              hasAdmin: true, maximumBodySize: 100)
        for part in ["a", "bc", "def"] { _ = state.requestBody(buffer(part), maximumBodySize: 100) }
        guard case .proxy(_, let plan, let body) = state.requestEnd() else { Issue.record("expected a proxy action"); return }
        #expect(plan.port == 9 && body.map { String(buffer: $0) } == "abcdef")
    }

    @Test func declaredOversizedBodiesAreRefusedAtOnceAndTheRestIgnored() throws {
        let (snapshot, _) = try snapshot()
        var state = InvokeRequestState()
        let action = state.requestHead(head(.POST, "/restapis/api1/prod/_user_request_/open", [("content-length", "101")]),
                                       identity: identity, snapshot: snapshot, hasAdmin: true, maximumBodySize: 100)
        guard case .respond(let response, _, let close) = action else { Issue.record("expected an early answer"); return }
        #expect(response.status == 413 && close)
        state.responseFinished()
        guard case .none = state.requestBody(buffer("x"), maximumBodySize: 100), case .none = state.requestEnd() else {
            Issue.record("parts after an early refusal must be ignored"); return
        }
    }

    @Test func bodiesGrowingPastTheLimitAreRefused() throws {
        let (snapshot, _) = try snapshot()
        var state = InvokeRequestState()
        _ = state.requestHead(head(.POST, "/restapis/api1/prod/_user_request_/open"), identity: identity, snapshot: snapshot,
                              hasAdmin: true, maximumBodySize: 10)
        _ = state.requestBody(buffer("123456"), maximumBodySize: 10)
        guard case .respond(let response, _, true) = state.requestBody(buffer("789012"), maximumBodySize: 10) else {
            Issue.record("expected a 413 with close"); return
        }
        #expect(response.status == 413)
    }
}

@Suite struct GatewayResponseDefaultsAgreeTests {
    /// What GetGatewayResponse reports for an untouched type is what the data plane answers.
    @Test(arguments: GatewayResponseType.allCases)
    func defaultStatusesMatchTheAdminAPI(type: GatewayResponseType) {
        let rendered = GatewayResponseRenderer.defaults.render(type)
        if let reported = GatewayResponse.defaultStatusCodes[type.rawValue] {
            #expect(String(rendered.status) == reported)
        } else {
            #expect(rendered.status == (type == .default4xx ? 400 : 500))
        }
    }
}

@Suite struct RequestIdentityTests {
    @Test func identifiersHaveAWSShapes() {
        var generator = SystemRandomNumberGenerator()
        let identity = RequestIdentity(epochSeconds: 1_795_608_000, using: &generator)
        let uuid = identity.requestId.split(separator: "-").map(\.count)
        #expect(uuid == [8, 4, 4, 4, 12])
        #expect(identity.requestId.dropFirst(14).first == "4")
        #expect(identity.traceId.hasPrefix("Root=1-6b06cdc0-") && identity.traceId.count == "Root=1-".count + 8 + 1 + 24)
        #expect(RequestIdentity(epochSeconds: 1, using: &generator).requestId != identity.requestId)
    }

    /// The header lines written straight into a buffer carry exactly the `String` forms.
    @Test func writtenFieldsMatchTheStrings() {
        var fixed = FixedWords(words: [0, 0, .max, .max, 35, 36, 1 << 63, 0x0123_4567_89ab_cdef])
        var random = SystemRandomNumberGenerator()
        var identities = (0..<4).map { _ in RequestIdentity(epochSeconds: 1_795_608_000, using: &fixed) }
        identities += (0..<100).map { RequestIdentity(epochSeconds: $0 * 86_399, using: &random) }
        for identity in identities {
            var buffer = ByteBuffer()
            identity.writeCorrelationFields(into: &buffer)
            #expect(buffer.readString(length: buffer.readableBytes) == """
                x-amzn-RequestId: \(identity.requestId)\r\nx-amz-apigw-id: \(identity.gatewayId)\r\n\
                X-Amzn-Trace-Id: \(identity.traceId)\r\n
                """)
            var upstream = ByteBuffer()
            identity.writeUpstreamFields(into: &upstream)
            #expect(String(buffer: upstream) == "x-amzn-RequestId: \(identity.requestId)\r\nX-Amzn-Trace-Id: \(identity.traceId)\r\n")
        }
        #expect(identities[0].gatewayId == "0" && identities[1].gatewayId == String(UInt64.max, radix: 36))
        #expect(identities[2].gatewayId == "z" && identities[3].gatewayId == String(UInt64(1) << 63, radix: 36))
    }

    /// The identifiers' digits are the words' (version and variant digits aside), as Swift's own
    /// hex formatting writes them.
    @Test func identifiersSpellTheirWordsInHex() {
        let words: [(UInt64, UInt64)] = [
            (0, 0), (.max, .max), (0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210), (0xa0b1_c2d3_e4f5_0617, 0x9),
        ]
        for (high, low) in words {
            var fixed = FixedWords(words: [high, low])
            let identity = RequestIdentity(epochSeconds: 0x6b06_cdc0, using: &fixed)
            let hex = { (value: UInt64, digits: Int) in
                let text = String(value, radix: 16)
                return String(repeating: "0", count: digits - text.count) + text
            }
            let versioned = high & ~0xF000 | 0x4000
            let varied = low & ~(0xC << 60) | (0x8 << 60)
            let uuid = hex(versioned, 16) + hex(varied, 16)
            let expected = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
                String(uuid.dropFirst(range.lowerBound).prefix(range.count))
            }.joined(separator: "-")
            #expect(identity.requestId == expected)
            #expect(identity.traceId == "Root=1-6b06cdc0-" + hex(low, 16) + hex(high & 0xFFFF_FFFF, 8))
        }
    }

    /// Hands out the given words in order.
    private struct FixedWords: RandomNumberGenerator {
        var words: [UInt64]
        mutating func next() -> UInt64 { words.removeFirst() }
    }
}

@Suite struct FastRandomTests {
    @Test func generatorsAreIndependentlySeededAndDoNotRepeatSoon() {
        var first = FastRandom()
        var second = FastRandom()
        let a = (0..<1000).map { _ in first.next() }
        let b = (0..<1000).map { _ in second.next() }
        #expect(Set(a).count == 1000)
        #expect(Set(a).isDisjoint(with: b))
    }
}

/// Throttles decided in the connection's state machine, with time moved by hand.
@Suite struct InvokeThrottleTests {
    let identity: RequestIdentity = {
        var generator = SystemRandomNumberGenerator()
        return RequestIdentity(epochSeconds: 0, using: &generator)
    }()

    /// The status a keyed `GET` on `stage` of `api1` is answered with (0: not answered).
    func status(key: String, stage: String = "prod", snapshot: GatewaySnapshot, limiter: LimiterTable, now: UInt64) -> Int {
        var state = InvokeRequestState()
        _ = state.requestHead(
            HTTPRequestHead(version: .http1_1, method: .GET, uri: "/restapis/api1/\(stage)/_user_request_/",
                            headers: HTTPHeaders([("host", "h"), ("x-api-key", key)])),
            identity: identity, snapshot: snapshot, limiter: limiter, now: now, hasAdmin: false, maximumBodySize: 100)
        switch state.requestEnd() {
        case .mock(let response, _), .respond(let response, _, _): return response.status
        default: return 0
        }
    }

    /// Sets `plan`'s throttle.
    static func throttle(_ plan: String, rate: Int, burst: Int, in configuration: inout Configuration) throws {
        _ = try configuration.updateUsagePlan(plan, operations: [
            PatchOperation(op: "replace", path: "/throttle/rateLimit", value: "\(rate)"),
            PatchOperation(op: "replace", path: "/throttle/burstLimit", value: "\(burst)"),
        ], now: 0)
    }

    @Test func aPlanBucketRefusesPastItsBurstAndRefillsAtItsRate() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod"])
        let key = try GatewayFixtures.createKey("k1", in: &configuration)
        try GatewayFixtures.createPlan("p1", stages: ["api1:prod"], keys: ["k1"], in: &configuration)
        try Self.throttle("p1", rate: 2, burst: 1, in: &configuration)
        let snapshot = GatewaySnapshot(configuration: configuration)
        let start: UInt64 = 1_000_000_000
        let limiter = LimiterTable(configuration: snapshot.throttles.configuration, now: start)
        func status(at now: UInt64) -> Int { self.status(key: key, snapshot: snapshot, limiter: limiter, now: now) }
        #expect(status(at: start) == 200)
        #expect(status(at: start + 100_000_000) == 429)   // 0.1 s: 0.2 of a token
        #expect(status(at: start + 500_000_000) == 200)   // 0.5 s: a whole token at 2/s
        #expect(status(at: start + 500_000_001) == 429)
    }

    /// A key of a plan without limits of its own never reads its slot (no demand is counted for it);
    /// one of a plan with a throttle does.
    @Test func onlyAKeyOfALimitedPlanReadsItsSlot() throws {
        var configuration = try GatewayFixtures.keyedApis(["api1"], stages: ["prod", "beta"])
        let free = try GatewayFixtures.createKey("free", in: &configuration)
        let paid = try GatewayFixtures.createKey("paid", in: &configuration)
        try GatewayFixtures.createPlan("open", stages: ["api1:prod"], keys: ["free"], in: &configuration)
        try GatewayFixtures.createPlan("metered", stages: ["api1:beta"], keys: ["paid"], in: &configuration)
        try Self.throttle("metered", rate: 100, burst: 100, in: &configuration)
        let snapshot = GatewaySnapshot(configuration: configuration)
        let limiter = LimiterTable(configuration: snapshot.throttles.configuration, now: 1)
        #expect(snapshot.keys.admission(apiKey: free, apiId: "api1", stage: "prod")?.limited == false)
        #expect(snapshot.keys.admission(apiKey: paid, apiId: "api1", stage: "beta")?.limited == true)
        for (key, stage) in [(free, "prod"), (paid, "beta"), (paid, "beta")] {
            #expect(status(key: key, stage: stage, snapshot: snapshot, limiter: limiter, now: 2) == 200)
        }
        let paidSlot = try #require(snapshot.throttles.slot(planId: "metered", keyId: "paid"))
        let demand = limiter.takeDemand().compactMap { bucket, count -> (Int, UInt32)? in
            if case .slot(let slot) = bucket { return (slot, count) }
            return nil
        }
        #expect(demand.map(\.0) == [paidSlot] && demand.map(\.1) == [2])
    }
}
