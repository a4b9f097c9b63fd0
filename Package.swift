// swift-tools-version:6.2
import PackageDescription

// Layers, bottom to top (see README "Architecture"):
//   C shims (system libraries found through pkg-config, plus one C target for macros)
//   DocConcurrency  the one way work is spread over threads (IndexDealer)
//   DocPDF        reading PDFs: poppler-glib wrapper and a raw-byte structure scanner; knows nothing of visas
//   DocCrypto     digests, HMAC and CMS/X.509 over OpenSSL's libcrypto
//   DocVerifyCore verdicts, finding codes, configuration, policies and the worker pool: what
//                 a process needs that hands documents to workers, without any PDF library
//   DocVerify     the verification pipeline and its checks (runs in workers; links poppler)
//   DocVerifyDaemon  the watched-folder service (on DocVerifyCore only)
//   docverify     the executable: parses arguments and starts things (no PDF library loaded)
//   docverify-worker  the worker executable every document is judged in
let package = Package(
    name: "docverify",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "docverify", targets: ["docverify"]),
        .executable(name: "docverify-worker", targets: ["docverify-worker"]),
        .library(name: "DocVerify", targets: ["DocVerify"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPoppler",
            pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "CDocVerifyShims",
            dependencies: ["CLibCrypto", "CZlib"]
        ),
        .target(
            name: "DocConcurrency"
        ),
        .target(
            name: "DocPDF",
            dependencies: ["CPoppler", "CZlib", "CDocVerifyShims", "DocConcurrency"]
        ),
        .target(
            name: "DocCrypto",
            dependencies: ["CLibCrypto", "CDocVerifyShims"]
        ),
        .target(
            name: "DocVerifyCore",
            dependencies: [
                "DocConcurrency",
                "DocCrypto",
                "CDocVerifyShims",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DocVerify",
            dependencies: [
                "DocConcurrency",
                "DocVerifyCore",
                "DocPDF",
                "DocCrypto",
                "CDocVerifyShims",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DocVerifyDaemon",
            dependencies: [
                "DocConcurrency",
                "DocVerifyCore",
                "DocCrypto",
                "CDocVerifyShims",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "docverify",
            dependencies: [
                "DocVerifyCore",
                "DocVerifyDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "docverify-worker",
            dependencies: ["DocVerify"]
        ),
        // Test support only: runs a program under the shipped unit's system call filter and
        // task limit (Tests/UnitSandbox/unit-sandbox.c); the daemon tests start the daemon in it.
        .executableTarget(
            name: "unit-sandbox",
            path: "Tests/UnitSandbox"
        ),
        .target(
            name: "PDFTestSupport",
            path: "Tests/PDFTestSupport"
        ),
        .testTarget(
            name: "DocPDFTests",
            dependencies: ["DocPDF", "PDFTestSupport"]
        ),
        .testTarget(
            name: "DocVerifyTests",
            dependencies: [
                "DocVerify", "DocVerifyCore", "DocPDF", "DocCrypto", "DocConcurrency", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["docverify", "docverify-worker", "DocVerify", "DocVerifyCore", "PDFTestSupport"]
        ),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "docverify", "docverify-worker", "unit-sandbox", "DocVerify", "DocVerifyCore", "DocVerifyDaemon", "PDFTestSupport",
                "CDocVerifyShims",
            ]
        ),
    ]
)

// Strict settings for every Swift target, as swift-log and swift-nio do.
for target in package.targets where target.type != .system && !["CDocVerifyShims", "unit-sandbox"].contains(target.name) {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.treatAllWarnings(as: .error))
    target.swiftSettings = settings
}
