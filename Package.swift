// swift-tools-version:6.1
import Foundation
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "plain-import",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "plain-import", targets: ["plain-import"]),
        .library(name: "PlainImport", targets: ["PlainImport"]),
        .library(name: "PlainFake", targets: ["PlainFake"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL.git", from: "4.3.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "PlainImport",
            dependencies: [
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PlainFake",
            dependencies: [
                "PlainImport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "plain-import",
            dependencies: [
                "PlainImport",
                "PlainFake",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Samples")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PlainImportTests",
            dependencies: [
                "PlainImport",
                "CZlib",
                "PlainFake",
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PlainFakeTests",
            dependencies: ["PlainFake", "PlainImport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "plain-importTests",
            dependencies: ["plain-import", "PlainFake", "PlainImport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
    ]
)

// Benchmarks build only when asked, so that `swift test` never builds them:
//   PLAIN_IMPORT_BENCHMARKS=1 swift run -c release plain-import-benchmarks
if ProcessInfo.processInfo.environment["PLAIN_IMPORT_BENCHMARKS"] != nil {
    package.targets.append(
        .executableTarget(
            name: "plain-import-benchmarks",
            dependencies: [
                "PlainImport", "PlainFake",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "benchmarks/PlainImportBenchmarks",
            swiftSettings: strictSettings
        )
    )
}
