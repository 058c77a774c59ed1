// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kpi-report",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kpi-report", targets: ["kpi-report"]),
        .library(name: "KPIReportCore", targets: ["KPIReportCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries from Debian; only KPIReportIO imports them.
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .systemLibrary(
            name: "CCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        // Pure Swift: model, scoring, workbook layout. No C, no file system.
        .target(name: "KPIReportCore"),
        // Adapters: CSV bytes -> tables (libcsv), workbook layout -> .xlsx (libxlsxwriter), files.
        .target(
            name: "KPIReportIO",
            dependencies: ["KPIReportCore", "CXlsxWriter", "CCSV"]
        ),
        .executableTarget(
            name: "kpi-report",
            dependencies: [
                "KPIReportCore",
                "KPIReportIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmark of the CSV adapter (see scripts/bench-csv); not part of the product.
        .executableTarget(name: "kpi-bench", dependencies: ["KPIReportIO"], path: "Benchmarks/kpi-bench"),
        // Test helpers: reading .xlsx parts, running programs, LibreOffice recalculation.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "KPIReportCoreTests",
            dependencies: ["KPIReportCore", "TestSupport"]
        ),
        .testTarget(
            name: "KPIReportIOTests",
            dependencies: ["KPIReportCore", "KPIReportIO", "TestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["KPIReportCore", "TestSupport"]
        ),
    ]
)
