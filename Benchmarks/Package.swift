// swift-tools-version:6.1
import PackageDescription

// Benchmarks for Turnpike's hot path, kept out of the main package so that building or testing
// Turnpike never fetches the benchmark dependencies. Run from this folder:
//   swift package --disable-sandbox benchmark
//   swift package --disable-sandbox benchmark thresholds check   (compares with Thresholds/)
//   swift build -c release --product NIORelay                     (the floor for scripts/loadtest --relay)
let package = Package(
    name: "TurnpikeBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "turnpike", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "BenchmarkConfigurations",
            dependencies: [.product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/BenchmarkConfigurations"
        ),
        .executableTarget(
            name: "GatewayBenchmarks",
            dependencies: [
                "BenchmarkConfigurations",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TurnpikeGateway", package: "turnpike"),
                .product(name: "TurnpikeModel", package: "turnpike"),
            ],
            path: "Benchmarks/GatewayBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "LimiterBenchmarks",
            dependencies: [
                "BenchmarkConfigurations",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TurnpikeLimits", package: "turnpike"),
                .product(name: "TurnpikeModel", package: "turnpike"),
            ],
            path: "Benchmarks/LimiterBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "NIORelay",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/NIORelay"
        ),
    ]
)
