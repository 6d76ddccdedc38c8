// swift-tools-version: 6.1
import PackageDescription

/// Applied to every target: Swift 6 language mode plus the upcoming features the SSWG packages use.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "backfill",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "backfill", targets: ["BackfillCLI"]),
        // The worker alone (`backfill-worker`, the same as `backfill worker`), without Foundation: a quarter less
        // resident memory per worker process.
        .executable(name: "backfill-worker", targets: ["BackfillWorker"]),
        // Libraries for the benchmark package in Benchmarks/ (and for anyone embedding the clients).
        .library(name: "RedisKit", targets: ["RedisKit"]),
        .library(name: "PQKit", targets: ["PQKit"]),
        .library(name: "ChunkPlanning", targets: ["ChunkPlanning"]),
        .library(name: "MarketCalendar", targets: ["MarketCalendar"]),
        .library(name: "BackfillStore", targets: ["BackfillStore"]),
        .library(name: "WorkQueue", targets: ["WorkQueue"]),
        .library(name: "BarValidation", targets: ["BarValidation"]),
        .library(name: "GatewaySimulator", targets: ["GatewaySimulator"]),
        .library(name: "DataExport", targets: ["DataExport"]),
        .library(name: "Fleet", targets: ["Fleet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // C libraries from Debian (hiredis 0.14.1, libpq 15), installed by Deploy/install-deps.sh.
        .systemLibrary(
            name: "BackfillCHiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .systemLibrary(
            name: "BackfillCLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "BackfillCZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // A serial executor on a thread of its own, so blocking C calls never run on the cooperative pool.
        .target(
            name: "BlockingIO",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RedisKit",
            dependencies: [
                "BackfillCHiredis", "BlockingIO",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PQKit",
            dependencies: [
                "BackfillCLibPQ", "BlockingIO",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The TWS wire protocol as pure codecs (no I/O): frames, fields, the handshake greeting.
        .target(
            name: "TWSProtocol",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // The TWS client: connection, handshake and correlated async requests over NIO.
        .target(
            name: "TWSClient",
            dependencies: [
                "BlockingIO", "TWSProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Exchange calendars and sessions (NYSE, CME, FX, crypto), shared by the simulator and the planner.
        .target(name: "MarketCalendar", swiftSettings: swiftSettings),
        // The gateway simulator behind `backfill sim`: the server side of the TWS protocol with generated data,
        // IB's pacing rules, fault injection and an audit log.
        .target(
            name: "GatewaySimulator",
            dependencies: [
                "TWSProtocol", "MarketCalendar",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Redis work queue: priorities, leases, retries with backoff, dead letters; one Lua script per change.
        .target(
            name: "WorkQueue",
            dependencies: ["RedisKit", "BlockingIO", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The fleet-wide pacer: every IB rule at once in one Redis script, keyed per gateway.
        .target(
            name: "GlobalPacer",
            dependencies: ["RedisKit", "BlockingIO", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // Prometheus exposition (`/metrics`) and the health endpoint (`/healthz`) over a small NIO HTTP server.
        .target(
            name: "Monitoring",
            dependencies: [
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The worker: client-id leases, the gateway session, and the claim → pace → fetch → validate → store loop.
        .target(
            name: "Fleet",
            dependencies: [
                "BackfillStore", "BarValidation", "BlockingIO", "ChunkPlanning", "GlobalPacer", "MarketCalendar",
                "Monitoring", "RedisKit", "PQKit", "TWSClient",
                "TWSProtocol", "WorkQueue", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The planner: symbol × date-range requests split into chunks by IB's limits, sessions and holidays, with
        // incremental coverage; and the parsing of what users type for symbols and dates.
        .target(
            name: "ChunkPlanning",
            dependencies: ["MarketCalendar", "TWSProtocol"],
            swiftSettings: swiftSettings
        ),
        // Checks a reply's bars against the chunk's window and bar size before they are stored.
        .target(
            name: "BarValidation",
            dependencies: ["MarketCalendar", "TWSProtocol"],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL: the schema and its migrations, backfills and chunks (their states and coverage), and bars
        // stored exactly once.
        .target(
            name: "BackfillStore",
            dependencies: [
                "BarValidation", "ChunkPlanning", "PQKit", "TWSProtocol",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Exports: rows streamed out of PostgreSQL with COPY TO STDOUT into CSV or JSON-lines files, gzip on the way.
        .target(
            name: "DataExport",
            dependencies: ["BackfillCZlib", "ChunkPlanning", "PQKit"],
            swiftSettings: swiftSettings
        ),
        // What every command shares (settings, connection flags, logging, failures) and the worker command itself.
        // Like everything a worker links, it does without Foundation (FoundationEssentials only), so that
        // `backfill-worker` loads neither Foundation nor ICU.
        .target(
            name: "CommandCore",
            dependencies: [
                "BackfillStore", "BlockingIO", "Fleet", "GlobalPacer", "MarketCalendar", "Monitoring", "PQKit",
                "RedisKit", "WorkQueue",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "BackfillWorker",
            dependencies: ["CommandCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "BackfillCLI",
            dependencies: [
                "BackfillStore", "BarValidation", "ChunkPlanning", "BlockingIO", "CommandCore", "DataExport",
                "RedisKit", "PQKit", "TWSProtocol",
                "TWSClient", "GatewaySimulator", "MarketCalendar",
                "WorkQueue", "Fleet", "GlobalPacer", "Monitoring",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BackfillTestSupport",
            dependencies: ["RedisKit", "PQKit", "BackfillStore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MonitoringTests",
            dependencies: [
                "Monitoring",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BlockingIOTests",
            dependencies: ["BlockingIO", "BackfillTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "RedisKitTests", dependencies: ["RedisKit"], swiftSettings: swiftSettings),
        .testTarget(name: "PQKitTests", dependencies: ["PQKit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TWSProtocolTests",
            dependencies: [
                "TWSProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "MarketCalendarTests", dependencies: ["MarketCalendar"], swiftSettings: swiftSettings),
        .testTarget(
            name: "GatewaySimulatorTests",
            dependencies: ["GatewaySimulator", "MarketCalendar", "TWSProtocol"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GlobalPacerTests",
            dependencies: ["GlobalPacer", "RedisKit", "BlockingIO", "BackfillTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FleetTests",
            dependencies: [
                "Fleet", "BackfillStore", "BarValidation", "ChunkPlanning", "BackfillTestSupport", "GatewaySimulator",
                "GlobalPacer", "Monitoring",
                "PQKit",
                "RedisKit", "TWSClient", "TWSProtocol", "WorkQueue",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WorkQueueTests",
            dependencies: ["WorkQueue", "RedisKit", "BackfillTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TWSClientTests",
            dependencies: ["TWSClient", "TWSProtocol"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: ["GatewaySimulator", "TWSClient", "TWSProtocol", "BackfillTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChunkPlanningTests",
            dependencies: ["ChunkPlanning", "MarketCalendar", "TWSProtocol"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarValidationTests",
            dependencies: ["BarValidation", "BackfillStore", "GatewaySimulator", "MarketCalendar", "TWSProtocol"],
            swiftSettings: swiftSettings
        ),
        // The command line's own parts (settings, the status screen), tested through `@testable import`.
        .testTarget(
            name: "BackfillCLITests",
            dependencies: ["BackfillCLI", "BackfillStore", "CommandCore", "PQKit", "RedisKit"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "RedisKit", "PQKit", "BackfillStore", "BarValidation", "ChunkPlanning", "BackfillTestSupport",
                "BlockingIO", "WorkQueue",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
