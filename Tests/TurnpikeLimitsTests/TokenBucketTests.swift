import Testing
@testable import TurnpikeLimits

@Suite struct TokenBucketTests {
    let second: UInt64 = 1_000_000_000
    let start: UInt64 = 5_000_000_000_000

    @Test func startsFullAndRefusesPastTheBurst() {
        var bucket = TokenBucket(rateLimit: 10, burstLimit: 5, now: start)
        for _ in 0..<5 { #expect(bucket.tryTake(now: start) == true) }
        #expect(bucket.tryTake(now: start) == false)
        #expect(bucket.tokens(now: start) == 0)
    }

    @Test func refillsAtTheRateUpToTheBurst() {
        var bucket = TokenBucket(rateLimit: 10, burstLimit: 5, now: start)
        for _ in 0..<5 { _ = bucket.tryTake(now: start) }
        #expect(bucket.tryTake(now: start + 99_999_999) == false)
        #expect(bucket.tryTake(now: start + 100_000_000) == true)
        #expect(bucket.tryTake(now: start + 100_000_000) == false)
        // A long pause fills the bucket to the burst, no further.
        #expect(bucket.tokens(now: start + 3_600 * second) == 5)
        var taken = 0
        while bucket.tryTake(now: start + 3_600 * second) { taken += 1 }
        #expect(taken == 5)
    }

    @Test func manySmallRefillsAddUpExactly() {
        var bucket = TokenBucket(rateLimit: 1, burstLimit: 1, now: start)
        #expect(bucket.tryTake(now: start) == true)
        var now = start
        for _ in 0..<999 {
            now += 1_000_000
            #expect(bucket.tryTake(now: now) == false)
        }
        #expect(bucket.tryTake(now: now + 1_000_000) == true)
    }

    @Test(arguments: [(0.1, UInt64(99_991)), (0.5, 1_000_003), (1_000.3, 3), (3.7, 12_345)])
    func slowBucketsPolledOftenStillRefillAtTheirRate(rate: Double, step: UInt64) {
        var bucket = TokenBucket(rateLimit: rate, burstLimit: 1, now: start)
        #expect(bucket.tryTake(now: start) == true)
        let ideal = UInt64((1e9 / Double(Float(rate))).rounded(.up))
        var now = start
        while !bucket.tryTake(now: now) { now += step }
        #expect(now - start >= ideal)
        #expect(now - start <= ideal + ideal / 500 + step)
    }

    @Test func fractionalRates() {
        var bucket = TokenBucket(rateLimit: 0.5, burstLimit: 1, now: start)
        #expect(bucket.tryTake(now: start) == true)
        #expect(bucket.tryTake(now: start + 2 * second - 1) == false)
        #expect(bucket.tryTake(now: start + 2 * second) == true)
        #expect(bucket.waitForNextToken(now: start + 2 * second) == 2 * second)
        #expect(bucket.waitForNextToken(now: start + 2 * second + second / 2) == 3 * second / 2)

        var slow = TokenBucket(rateLimit: 0.25, burstLimit: 2, now: start)
        #expect(slow.tryTake(now: start) == true)
        #expect(slow.tryTake(now: start) == true)
        #expect(slow.tokens(now: start + 6 * second) == 1.5)
        #expect(slow.tryTake(now: start + 6 * second) == true)
        #expect(slow.tryTake(now: start + 6 * second) == false)
        #expect(slow.waitForNextToken(now: start + 6 * second) == 2 * second)
    }

    @Test func waitIsZeroWhenATokenIsThere() {
        let bucket = TokenBucket(rateLimit: 1, burstLimit: 1, now: start)
        #expect(bucket.waitForNextToken(now: start) == 0)
    }

    @Test func rateZeroNeverRefills() {
        var bucket = TokenBucket(rateLimit: 0, burstLimit: 3, now: start)
        for _ in 0..<3 { #expect(bucket.tryTake(now: start) == true) }
        #expect(bucket.tryTake(now: start) == false)
        #expect(bucket.tryTake(now: .max) == false)
        #expect(bucket.waitForNextToken(now: .max) == .max)
    }

    @Test func burstZeroAlwaysRefuses() {
        var bucket = TokenBucket(rateLimit: 1_000, burstLimit: 0, now: start)
        #expect(bucket.tryTake(now: start) == false)
        #expect(bucket.tryTake(now: start + 3_600 * second) == false)
        #expect(bucket.waitForNextToken(now: start) == .max)
    }

    @Test func hugeElapsedTimesDoNotOverflow() {
        var bucket = TokenBucket(rateLimit: 1e9, burstLimit: Int(UInt32.max), now: 0)
        #expect(bucket.burstLimit == Int(UInt32.max))
        #expect(bucket.tryTake(now: 0) == true)
        #expect(bucket.tokens(now: .max) == Double(UInt32.max))
        #expect(bucket.tryTake(now: .max) == true)

        var huge = TokenBucket(rateLimit: 1e30, burstLimit: Int.max, now: 0)
        #expect(huge.tryTake(now: 1) == true)
        #expect(huge.tokens(now: 2) == Double(UInt32.max))
    }

    @Test func aClockGoingBackwardsCountsAsNoTimePassed() {
        var bucket = TokenBucket(rateLimit: 1, burstLimit: 1, now: start)
        #expect(bucket.tryTake(now: start + 10 * second) == true)
        #expect(bucket.tryTake(now: start + 5 * second) == false)
        #expect(bucket.tokens(now: start) == 0)
        // Refill resumes from the later instant, not the earlier one.
        #expect(bucket.tryTake(now: start + 10 * second + second - 1) == false)
        #expect(bucket.tryTake(now: start + 11 * second) == true)
    }

    @Test func reconfigureKeepsTheFillClippedToTheNewBurst() {
        var bucket = TokenBucket(rateLimit: 1, burstLimit: 10, now: start)
        for _ in 0..<4 { _ = bucket.tryTake(now: start) }
        bucket.reconfigure(rateLimit: 2, burstLimit: 20, now: start)
        #expect(bucket.tokens(now: start) == 6)
        #expect(bucket.tokens(now: start + second) == 8)
        bucket.reconfigure(rateLimit: 2, burstLimit: 3, now: start + second)
        #expect(bucket.tokens(now: start + second) == 3)
        #expect(bucket.rateLimit == 2 && bucket.burstLimit == 3)
    }

    @Test func reconfigureRefillsAtTheOldRateFirst() {
        var bucket = TokenBucket(rateLimit: 1, burstLimit: 10, now: start)
        for _ in 0..<10 { _ = bucket.tryTake(now: start) }
        bucket.reconfigure(rateLimit: 0, burstLimit: 10, now: start + 3 * second)
        #expect(bucket.tokens(now: start + 100 * second) == 3)
    }

    @Test func oddRatesAreSanitized() {
        #expect(TokenBucket(rateLimit: -5, burstLimit: -1, now: 0) == TokenBucket(rateLimit: 0, burstLimit: 0, now: 0))
        #expect(TokenBucket(rateLimit: .nan, burstLimit: 1, now: 0).rateLimit == 0)
        var infinite = TokenBucket(rateLimit: .infinity, burstLimit: 2, now: start)
        #expect(infinite.tryTake(now: start) == true)
        #expect(infinite.tryTake(now: start) == true)
        #expect(infinite.tryTake(now: start) == false)
        #expect(infinite.tryTake(now: start + 1) == true)
        #expect(TokenBucket(rateLimit: 0.1, burstLimit: 1, now: 0).rateLimit == Double(Float(0.1)))
    }

    @Test func isSmall() {
        #expect(MemoryLayout<TokenBucket>.size <= 24)
        #expect(MemoryLayout<TokenBucket>.stride <= 24)
    }
}
