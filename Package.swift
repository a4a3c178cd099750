// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "turnpike",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "turnpike", targets: ["turnpike"]),
        .library(name: "TurnpikeModel", targets: ["TurnpikeModel"]),
        .library(name: "TurnpikeLimits", targets: ["TurnpikeLimits"]),
        .library(name: "TurnpikeSigV4", targets: ["TurnpikeSigV4"]),
        .library(name: "TurnpikeStore", targets: ["TurnpikeStore"]),
        .library(name: "TurnpikePostgres", targets: ["TurnpikePostgres"]),
        .library(name: "TurnpikeAdmin", targets: ["TurnpikeAdmin"]),
        .library(name: "TurnpikeGateway", targets: ["TurnpikeGateway"]),
        .library(name: "TurnpikeServer", targets: ["TurnpikeServer"]),
        .library(name: "TurnpikeTesting", targets: ["TurnpikeTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        .target(
            name: "TurnpikeModel",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(
            name: "TurnpikeLimits",
            dependencies: ["TurnpikeModel"],
            swiftSettings: strict
        ),
        .target(
            name: "TurnpikeSigV4",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "TurnpikeStore",
            dependencies: [
                "TurnpikeModel",
                "TurnpikeLimits",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TurnpikePostgres",
            dependencies: [
                "TurnpikeStore",
                "TurnpikeModel",
                "TurnpikeLimits",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TurnpikeAdmin",
            dependencies: [
                "TurnpikeModel",
                "TurnpikeStore",
                "TurnpikeSigV4",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            // The web console's files, built into the binary (served at /_turnpike/console/).
            resources: [.embedInCode("Console")],
            swiftSettings: strict
        ),
        .target(
            name: "TurnpikeGateway",
            dependencies: [
                "TurnpikeModel",
                "TurnpikeLimits",
                "TurnpikeSigV4",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Atomics", package: "swift-atomics"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TurnpikeServer",
            dependencies: [
                "TurnpikeModel",
                "TurnpikeStore",
                "TurnpikePostgres",
                "TurnpikeAdmin",
                "TurnpikeGateway",
                "TurnpikeLimits",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "turnpike",
            dependencies: [
                "TurnpikeServer",
                "TurnpikeGateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TurnpikeTesting",
            dependencies: [
                "TurnpikeServer",
                "TurnpikeLimits",
                "TurnpikeGateway",
                "TurnpikeAdmin",
                "TurnpikeModel",
                "TurnpikeStore",
                "TurnpikeSigV4",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TurnpikeModelTests",
            dependencies: ["TurnpikeModel"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TurnpikeLimitsTests",
            dependencies: ["TurnpikeLimits"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TurnpikeSigV4Tests",
            dependencies: ["TurnpikeSigV4"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TurnpikeGatewayTests",
            dependencies: [
                "TurnpikeGateway", "TurnpikeModel", "TurnpikeLimits", "TurnpikeSigV4",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TurnpikeServerTests",
            dependencies: [
                "TurnpikeServer", "TurnpikeTesting", "TurnpikeSigV4", "TurnpikeModel", "TurnpikeLimits", "TurnpikePostgres", "TurnpikeGateway",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TurnpikeStoreTests",
            dependencies: [
                "TurnpikeStore", "TurnpikePostgres", "TurnpikeModel", "TurnpikeLimits",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TurnpikeAdminTests",
            dependencies: [
                "TurnpikeAdmin", "TurnpikeTesting", "TurnpikeModel", "TurnpikeStore", "TurnpikeLimits",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
