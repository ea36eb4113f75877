// swift-tools-version: 6.0
// libFuzzer targets for rakorbot, kept out of the root package so `swift build`
// and `make test` never compile them. Built and run by `scripts/fuzz.sh`
// (`make fuzz`) with `-sanitize=fuzzer,address -parse-as-library`.
import PackageDescription

let package = Package(
    name: "rakorbot-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "rakorbot", path: ".."),
    ],
    targets: [
        // libFuzzer's driver behind the entry point SwiftPM gives executables.
        .target(name: "FuzzDriver"),
        // CommandEnvelope decoding, and the outbound encoding round trip.
        .executableTarget(name: "FuzzEnvelope", dependencies: ["FuzzDriver", .product(name: "RakorCore", package: "rakorbot")]),
        // CloudEvents in structured and binary mode.
        .executableTarget(name: "FuzzCloudEvent", dependencies: ["FuzzDriver", .product(name: "RakorCore", package: "rakorbot")]),
        // The tokenizer, the registry and the argument readers of commands/Framework.
        .executableTarget(
            name: "FuzzCommand",
            dependencies: [
                "FuzzDriver",
                .product(name: "RakorCore", package: "rakorbot"),
                .product(name: "RakorCommands", package: "rakorbot"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
