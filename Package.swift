// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "rakorbot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rakorbot", targets: ["rakorbot"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "RakorCore", targets: ["RakorCore"]),
        // For the fuzz targets in Fuzz/, a separate package that can only use products.
        .library(name: "RakorCommands", targets: ["RakorCommands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already built for Hummingbird; named so RakorBot can read the HTTP server's bound port.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // librdkafka from Debian's librdkafka-dev; never vendored.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "RakorCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "RakorStore",
            dependencies: [
                "RakorCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // One file per command family: grammar, aliases, permission and help beside the handler.
        .target(
            name: "RakorCommands",
            dependencies: ["RakorCore", "RakorStore"],
            path: "commands"
        ),
        .target(
            name: "RakorBot",
            dependencies: [
                "Kafka", "RakorCore", "RakorStore", "RakorCommands",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Resources/calendars"), .copy("Resources/directory")]
        ),
        .executableTarget(
            name: "rakorbot",
            dependencies: [
                "RakorBot", "Kafka", "RakorCore", "RakorStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "rakorbench",
            dependencies: [
                "RakorBot", "Kafka", "RakorCore", "RakorStore",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/rakorbench"
        ),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "RakorCoreTests", dependencies: ["RakorCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RakorStoreTests", dependencies: ["RakorStore"]),
        .testTarget(name: "RakorCommandsTests", dependencies: ["RakorCommands"]),
        .testTarget(
            name: "RakorBotTests",
            dependencies: [
                "RakorBot", "Kafka", "RakorCore", "RakorStore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Hostile")]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["RakorBot", "Kafka", "RakorCore"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
