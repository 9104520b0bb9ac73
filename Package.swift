// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Vigie",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vigie", targets: ["vigie"]),
        .library(name: "VigieKit", targets: ["VigieKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // Already in the graph through postgres-nio; VigieKit uses its SHA-256 for baselines.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
    ],
    targets: [
        // System libraries, found with pkg-config. Shims live in each module's shim.h.
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .systemLibrary(name: "CExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The CenterFace detector: C++ over OpenCV DNN behind a plain C header. Debian's OpenCV has no
        // pkg-config file for the dnn module alone, hence the explicit include path and libraries.
        .target(
            name: "CFaceDetect",
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4", "-std=c++17"])],
            linkerSettings: [.linkedLibrary("opencv_dnn"), .linkedLibrary("opencv_imgproc"), .linkedLibrary("opencv_core")]
        ),

        .systemLibrary(name: "CHunspell", pkgConfig: "hunspell", providers: [.apt(["libhunspell-dev"])]),
        .systemLibrary(name: "CTesseract", pkgConfig: "tesseract", providers: [.apt(["libtesseract-dev"])]),

        // Swift owners of C handles and the container readers. The only module that imports C.
        .target(name: "VigieMedia", dependencies: ["CVips", "CExif", "CZlib", "CFaceDetect", "CTesseract", "CHunspell"]),
        // Findings, rules, the check registry and every check.
        .target(name: "VigieChecks", dependencies: ["VigieMedia", "VigieConsent"]),
        // The consent ledger: model, the store protocol, SQLite (GRDB) and PostgreSQL (postgres-nio) stores, CSV import.
        .target(
            name: "VigieConsent",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // One report model and its renderers.
        .target(name: "VigieReport", dependencies: ["VigieChecks", "VigieMedia"]),
        // Discovery, the pipeline and the decision.
        .target(
            name: "VigieKit",
            dependencies: [
                "VigieMedia", "VigieChecks", "VigieReport", "VigieConsent", "Yams", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The command line.
        .executableTarget(
            name: "vigie",
            dependencies: ["VigieKit", "VigieConsent", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The evaluation command: labelled sets, recall and precision per detector (docs/ACCURACY.md).
        .executableTarget(
            name: "vigie-eval",
            dependencies: ["VigieKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .testTarget(name: "VigieMediaTests", dependencies: ["VigieMedia"], path: "Tests/VigieMediaTests"),
        .testTarget(name: "VigieChecksTests", dependencies: ["VigieChecks", "VigieKit", "VigieConsent"], path: "Tests/VigieChecksTests"),
        .testTarget(name: "VigieKitTests", dependencies: ["VigieKit"], path: "Tests/VigieKitTests"),
        .testTarget(name: "VigieConsentTests", dependencies: ["VigieConsent"], path: "Tests/VigieConsentTests"),
        .testTarget(name: "EndToEndTests", dependencies: ["VigieKit"], path: "Tests/EndToEndTests", exclude: ["Goldens", "Schemas"]),
    ]
)

// The fuzz targets (scripts/fuzz.sh, docs/FUZZING.md): a libFuzzer binary, built only with
// VIGIE_FUZZ=1 and -sanitize=fuzzer, since it has no main of its own.
if Context.environment["VIGIE_FUZZ"] != nil {
    package.targets += [
        .target(name: "CFuzzMain", path: "Sources/CFuzzMain"),
        .executableTarget(
            name: "vigie-fuzz", dependencies: ["CFuzzMain", "VigieKit", "VigieConsent", "VigieMedia"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
}
