// swift-tools-version: 6.1
import Foundation
import PackageDescription

// The root package is a path dependency, whose identity is its directory's name (whatever the clone is called).
let rootIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "backfill-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "BackfillBench",
            dependencies: [
                .product(name: "RedisKit", package: rootIdentity),
                .product(name: "PQKit", package: rootIdentity),
                .product(name: "ChunkPlanning", package: rootIdentity),
                .product(name: "MarketCalendar", package: rootIdentity),
                .product(name: "BackfillStore", package: rootIdentity),
                .product(name: "WorkQueue", package: rootIdentity),
                .product(name: "BarValidation", package: rootIdentity),
                .product(name: "GatewaySimulator", package: rootIdentity),
                .product(name: "DataExport", package: rootIdentity),
                .product(name: "Fleet", package: rootIdentity),
            ],
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        )
    ]
)
