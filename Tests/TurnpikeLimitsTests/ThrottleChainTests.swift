import Testing
@testable import TurnpikeLimits

@Suite struct ThrottleChainTests {
    let now: UInt64 = 1_000_000_000_000

    func bucket(burst: Int, rate: Double = 1) -> TokenBucket? { TokenBucket(rateLimit: rate, burstLimit: burst, now: now) }

    @Test func noBucketsAdmit() {
        var a: TokenBucket? = nil, b: TokenBucket? = nil, c: TokenBucket? = nil, d: TokenBucket? = nil
        #expect(ThrottleChain.decide(planMethod: &a, plan: &b, stageMethod: &c, account: &d, now: now) == .admitted)
    }

    @Test func admittedTakesOneTokenAtEveryLevel() {
        var a = bucket(burst: 5), b = bucket(burst: 5), c: TokenBucket? = nil, d = bucket(burst: 5)
        #expect(ThrottleChain.decide(planMethod: &a, plan: &b, stageMethod: &c, account: &d, now: now) == .admitted)
        #expect(a?.tokens(now: now) == 4 && b?.tokens(now: now) == 4 && d?.tokens(now: now) == 4)
    }

    @Test(arguments: ThrottleLevel.allCases)
    func theFirstRefusalWinsAndLaterLevelsKeepTheirTokens(refusing: ThrottleLevel) {
        let initial = ThrottleLevel.allCases.map { bucket(burst: $0 == refusing ? 0 : 3, rate: 0.5) }
        var (a, b, c, d) = (initial[0], initial[1], initial[2], initial[3])
        let decision = ThrottleChain.decide(planMethod: &a, plan: &b, stageMethod: &c, account: &d, now: now)
        let buckets = [a, b, c, d]
        #expect(decision == .throttled(level: refusing, retryAfterNanoseconds: .max))
        for level in ThrottleLevel.allCases where level != refusing {
            // Earlier levels gave a token and keep it taken (as AWS does); later ones were not asked.
            let expected: Double = level.rawValue < refusing.rawValue ? 2 : 3
            #expect(buckets[Int(level.rawValue)]?.tokens(now: now) == expected)
        }
    }

    @Test func retryAfterComesFromTheRefusingBucket() {
        var a: TokenBucket? = nil, b = bucket(burst: 1, rate: 4), c = bucket(burst: 1, rate: 0.5), d: TokenBucket? = nil
        #expect(ThrottleChain.decide(planMethod: &a, plan: &b, stageMethod: &c, account: &d, now: now) == .admitted)
        #expect(ThrottleChain.decide(planMethod: &a, plan: &b, stageMethod: &c, account: &d, now: now)
            == .throttled(level: .plan, retryAfterNanoseconds: 250_000_000))
        // 250 ms later the plan bucket has a token; the stage bucket is still 1.75 s away.
        #expect(ThrottleChain.decide(planMethod: &a, plan: &b, stageMethod: &c, account: &d, now: now + 250_000_000)
            == .throttled(level: .stageMethod, retryAfterNanoseconds: 1_750_000_000))
        #expect(b?.tokens(now: now + 250_000_000) == 0)
    }

    @Test func checkOneLevel() {
        var none: TokenBucket? = nil
        #expect(ThrottleChain.check(&none, level: .account, now: now) == .admitted)
        var one = TokenBucket(rateLimit: 1, burstLimit: 1, now: now)
        #expect(ThrottleChain.check(&one, level: .stageMethod, now: now) == .admitted)
        #expect(ThrottleChain.check(&one, level: .stageMethod, now: now) == .throttled(level: .stageMethod, retryAfterNanoseconds: 1_000_000_000))
    }
}
