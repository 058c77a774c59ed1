// swift-tools-version:6.1
import PackageDescription

// Dependencies, each chosen for one job (clean-build cost on this project's 2-core machine in the README):
// - swift-argument-parser: the command line (the executable only).
// - swift-system: file descriptors, errno and stat in the IO adapters.
// - ZIPFoundation: reading .xlsx packages in tests (never in the product).
let package = Package(
    name: "kpi-report",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kpi-report", targets: ["kpi-report"]),
        .library(name: "KPIReportCore", targets: ["KPIReportCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // System libraries from Debian; only KPIReportIO imports them.
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CCSV", providers: [.apt(["libcsv-dev"])]),
        // ICU's line breaking (Debian libicu-dev) behind a C wrapper whose header names no ICU type.
        .target(name: "CICU", linkerSettings: [.linkedLibrary("icuuc")]),
        // The allocator: mimalloc (Debian libmimalloc2.0) in place of glibc's malloc, linked by the name of
        // its run-time library (the development package adds only a symlink and the header).
        .target(name: "CAllocator", linkerSettings: [.linkedLibrary(":libmimalloc.so.2")]),
        // SHA-256 of every file in manifest.json: OpenSSL's libcrypto (Debian libssl-dev), which
        // libxlsxwriter loads anyway, behind a C wrapper whose header names no OpenSSL type.
        .target(name: "CSHA256", linkerSettings: [.linkedLibrary("crypto")]),
        // Pure Swift: model, validation, formulas, scoring rules, workbook layout as data. No C, no files.
        .target(name: "KPIReportCore"),
        // Adapters: bytes -> records (libcsv), workbook model -> .xlsx (libxlsxwriter), Thai line breaks
        // (ICU), files (staging, lock, publish), PDF (LibreOffice).
        .target(
            name: "KPIReportIO",
            dependencies: [
                "KPIReportCore", "CXlsxWriter", "CCSV", "CICU", "CAllocator", "CSHA256",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // The application: runs Core's stages over IO's adapters (read, validate, plan, build units in a
        // pool, department workbook, manifest, publish). Callable in-process by tests.
        .target(name: "KPIReportApp", dependencies: ["KPIReportCore", "KPIReportIO"]),
        // The command: options, messages, exit status.
        .executableTarget(
            name: "kpi-report",
            dependencies: [
                "KPIReportApp", "KPIReportCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test helpers: reading .xlsx parts, running programs, LibreOffice.
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "KPIReportCoreTests", dependencies: ["KPIReportCore", "TestSupport"]),
        // One run's publishing in a process of its own, for the crash simulation in PublisherTests.
        .executableTarget(
            name: "publish-crash-child",
            dependencies: ["KPIReportIO", .product(name: "SystemPackage", package: "swift-system")],
            path: "Tests/PublishCrashChild"
        ),
        .testTarget(
            name: "KPIReportIOTests",
            dependencies: ["KPIReportCore", "KPIReportIO", "TestSupport", "publish-crash-child"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["KPIReportCore", "KPIReportApp", "KPIReportIO", "TestSupport"],
            exclude: ["Golden"]
        ),
    ]
)
