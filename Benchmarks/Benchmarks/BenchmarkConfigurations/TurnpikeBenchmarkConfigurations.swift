public import Benchmark

extension Benchmark.Configuration {
    /// Timing benchmarks: an inner loop of 1,000 calls per iteration (`scalingFactor: .kilo`), so
    /// times are per call; their malloc column is divided by 1,000 too, so it cannot prove "zero".
    public static var turnpikeTiming: Benchmark.Configuration {
        .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal],
            timeUnits: .nanoseconds,
            warmupIterations: 10,
            scalingFactor: .kilo,
            maxDuration: .seconds(3),
            maxIterations: 10_000
        )
    }

    /// Allocation benchmarks: exactly one call per iteration, so `mallocCountTotal` is exact per
    /// call, with a zero-malloc threshold.
    public static var exactMallocs: Benchmark.Configuration {
        .init(
            metrics: [.mallocCountTotal],
            warmupIterations: 10,
            scalingFactor: .one,
            maxDuration: .seconds(1),
            maxIterations: 10_000,
            thresholds: [.mallocCountTotal: .init(absolute: [.p0: 0, .p50: 0, .p90: 0, .p99: 0, .p100: 0])]
        )
    }
}
