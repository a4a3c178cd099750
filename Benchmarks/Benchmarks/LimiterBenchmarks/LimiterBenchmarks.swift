import Benchmark
import BenchmarkConfigurations
import TurnpikeLimits
import TurnpikeModel

// One limiter decision: the key's plan bucket and its quota lease, for one key among 1,000,000
// (`LimiterTable.decide`: one shard lock, a token bucket, the quota ledger).
//
// As in GatewayBenchmarks, timing benchmarks run 1,000 decisions per iteration (`scalingFactor:
// .kilo`, time per decision) and `... mallocs per call` makes exactly one decision per iteration
// with a zero-malloc threshold.
//
// Target: under 150 ns median and zero mallocs per decision. Measured on the 2-core dev VM: one key
// 30 ns, all four levels 49 ns, TokenBucket.tryTake 5 ns. "Spread" visits a different cold key
// each time (64 MB of records against a 32 MB L3): ~190 ns, which is one DRAM miss on this VM (a
// random pointer chase over 64 MB measures ~175 ns), not limiter work.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .turnpikeTiming
    let exactMallocs = Benchmark.Configuration.exactMallocs

    let fixture = LimiterFixture(keys: 1_000_000)
    let table = fixture.table
    let today = fixture.today
    let hotKey = 654_321
    // Monotonic "now", advanced 1 µs per decision so buckets refill as they would under load.
    let clock = BenchmarkClock(start: fixture.start)

    Benchmark("LimiterTable.decide one key of 1000000 (plan bucket + quota)") { benchmark in
        var now = clock.take(1_000)
        for _ in benchmark.scaledIterations {
            now &+= 1_000
            blackHole(table.decide(slot: hotKey, now: now, today: today))
        }
    }

    Benchmark("LimiterTable.decide spread over 1000000 keys") { benchmark in
        var now = clock.take(1_000)
        var slot = clock.slot
        for _ in benchmark.scaledIterations {
            now &+= 1_000
            slot = (slot &+ 7_919) % 1_000_000   // a prime stride: a different cache line each time
            blackHole(table.decide(slot: slot, now: now, today: today))
        }
        clock.slot = slot
    }

    Benchmark("LimiterTable.decide with plan-method, stage and account buckets") { benchmark in
        var now = clock.take(1_000)
        for _ in benchmark.scaledIterations {
            now &+= 1_000
            blackHole(table.decide(slot: hotKey, planMethod: 0, stageMethod: 0, now: now, today: today))
        }
    }

    Benchmark("TokenBucket.tryTake") { benchmark in
        var bucket = TokenBucket(rateLimit: 1e9, burstLimit: 1_000_000, now: fixture.start)
        var now = fixture.start
        for _ in benchmark.scaledIterations {
            now &+= 1_000
            blackHole(bucket.tryTake(now: now))
        }
    }

    Benchmark("LimiterTable.decide mallocs per call", configuration: exactMallocs) { _ in
        blackHole(table.decide(slot: hotKey, planMethod: 0, stageMethod: 0, now: clock.take(1), today: today))
    }
}

/// 1,000,000 key slots in one plan with a plan bucket, one method bucket and a daily quota; every
/// key holds a lease large enough for the whole run. One stage-method bucket and an account bucket.
struct LimiterFixture {
    let start: UInt64 = 1_000_000_000_000
    let today = UTCDay(iso: "2026-11-25")!
    let table: LimiterTable

    init(keys: Int) {
        let generous = ThrottleSettings(burstLimit: 1_000_000, rateLimit: 1e9)
        let configuration = LimiterConfiguration(
            plans: [.init(throttle: generous, methodThrottles: [generous], quotaPeriod: .day)],
            slotPlans: [Int32](repeating: 0, count: keys),
            stageMethods: [generous],
            account: generous
        )
        table = LimiterTable(configuration: configuration, now: start)
        for slot in 0..<keys {
            guard case .reserveAndWait(_, let window) = table.retryQuota(slot: slot, now: start, today: today) else {
                fatalError("fixture: a fresh quota must reserve")
            }
            table.reservationCompleted(slot: slot, granted: Int(UInt32.max), remainingInStore: Int(Int32.max), window: window, now: start)
        }
    }
}

/// The benchmark's monotonic time, shared by the benchmark closures (which run one at a time).
final class BenchmarkClock: @unchecked Sendable {
    private var now: UInt64
    var slot = 0

    init(start: UInt64) { now = start }

    /// Moves time on by `steps` microseconds and returns the instant before.
    func take(_ steps: UInt64) -> UInt64 {
        defer { now &+= steps &* 1_000 }
        return now
    }
}
