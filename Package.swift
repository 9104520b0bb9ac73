// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Vigie",
    platforms: [.macOS(.v15)],
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
        // The local web server of `vigie review`, and the HTTP types it speaks (already in its graph).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        // System libraries, found with pkg-config. Shims live in each module's shim.h.
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .systemLibrary(name: "CExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // What the two OpenCV DNN detectors share (C++ only). Debian's OpenCV has no pkg-config file
        // for the dnn module alone, hence the explicit include path and libraries.
        .target(
            name: "COpenCVSupport",
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4", "-std=c++17"])],
            linkerSettings: [.linkedLibrary("opencv_dnn"), .linkedLibrary("opencv_core")]
        ),

        // The CenterFace detector: C++ over OpenCV DNN behind a plain C header.
        .target(
            name: "CFaceDetect",
            dependencies: ["COpenCVSupport"],
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4", "-std=c++17"])],
            linkerSettings: [.linkedLibrary("opencv_dnn"), .linkedLibrary("opencv_imgproc"), .linkedLibrary("opencv_core")]
        ),

        // The PP-OCRv4 text-line detector, likewise.
        .target(
            name: "CTextDetect",
            dependencies: ["COpenCVSupport"],
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4", "-std=c++17"])],
            linkerSettings: [.linkedLibrary("opencv_dnn"), .linkedLibrary("opencv_imgproc"), .linkedLibrary("opencv_core")]
        ),

        // Power cepstra of tiles for the blur measure (`Sharpness.depth`), over OpenCV's Fourier
        // transform, behind a plain C header.
        .target(
            name: "CSpectrum",
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4", "-std=c++17"])],
            linkerSettings: [.linkedLibrary("opencv_core")]
        ),
        .systemLibrary(name: "CHunspell", pkgConfig: "hunspell", providers: [.apt(["libhunspell-dev"])]),
        .systemLibrary(name: "CTesseract", pkgConfig: "tesseract", providers: [.apt(["libtesseract-dev"])]),

        // Sampled video frames over FFmpeg's libavformat, libavcodec and libswscale (Debian's -dev
        // packages), behind a plain C header. Opened on first use, not linked (FFmpegLibraries.h).
        .target(name: "CMovieFrames"),

        // Decoding and containers: the Swift owners of the image libraries' handles, the metadata
        // readers and the lossless container writers. No rules, no OCR, no networks.
        .target(name: "VigieMedia", dependencies: ["CVips", "CExif", "CZlib", "CMovieFrames"]),
        // What pixels show: text reading (Tesseract), faces (CenterFace on OpenCV DNN) and spelling
        // (Hunspell), and the cepstra of the blur measure (OpenCV's Fourier transform). The only
        // module that imports those C libraries.
        .target(name: "VigieVision", dependencies: ["VigieMedia", "CTesseract", "CFaceDetect", "CTextDetect", "CHunspell", "CSpectrum"]),
        // People, consents and what they cover: plain values, no database.
        .target(name: "VigieConsentModel"),
        // Findings, rules, the check registry and every check.
        .target(name: "VigieChecks", dependencies: ["VigieMedia", "VigieVision", "VigieConsentModel"]),
        // The consent ledger's stores: SQLite (GRDB) and PostgreSQL (postgres-nio), CSV import.
        .target(
            name: "VigieConsent",
            dependencies: [
                "VigieConsentModel",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // One report model and its renderers.
        .target(name: "VigieReport", dependencies: ["VigieChecks", "VigieMedia"]),
        // Discovery, the pipeline and the decision, the cleaner.
        .target(
            name: "VigieKit",
            dependencies: [
                "VigieMedia", "VigieVision", "VigieChecks", "VigieReport", "VigieConsentModel", "VigieConsent", "Yams",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `vigie review`: the local web application over the pipeline, the decision and the cleaner.
        .target(
            name: "VigieReview",
            dependencies: [
                "VigieKit", "VigieChecks", "VigieReport", "VigieMedia", "VigieConsentModel", "VigieConsent",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The command line.
        .executableTarget(
            name: "vigie",
            dependencies: [
                "VigieKit", "VigieReview", "VigieChecks", "VigieReport", "VigieMedia", "VigieVision", "VigieConsentModel", "VigieConsent",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Pictures made for the evaluation and the tests (text painted on photos); never in `vigie`.
        .target(name: "VigieTestSupport", dependencies: ["VigieMedia", "CVips"]),
        // The evaluation command: labelled sets, recall and precision per detector (docs/ACCURACY.md).
        .executableTarget(
            name: "vigie-eval",
            dependencies: [
                "VigieKit", "VigieChecks", "VigieMedia", "VigieVision", "VigieTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "VigieMediaTests", dependencies: ["VigieMedia", "CVips", "VigieTestSupport"], path: "Tests/VigieMediaTests"),
        .testTarget(
            name: "VigieVisionTests", dependencies: ["VigieVision", "VigieMedia", "VigieTestSupport"], path: "Tests/VigieVisionTests"),
        .testTarget(
            name: "VigieChecksTests",
            dependencies: [
                "VigieChecks", "VigieKit", "VigieMedia", "VigieVision", "VigieReport", "VigieConsentModel", "VigieConsent",
                "VigieTestSupport",
            ],
            path: "Tests/VigieChecksTests"),
        .testTarget(
            name: "VigieKitTests",
            dependencies: [
                "VigieKit", "VigieChecks", "VigieMedia", "VigieVision", "VigieReport", "VigieConsentModel", "VigieConsent",
                "VigieTestSupport", "Yams",
            ],
            path: "Tests/VigieKitTests"),
        .testTarget(
            name: "VigieReviewTests",
            dependencies: [
                "VigieReview", "VigieKit", "VigieChecks", "VigieMedia", "VigieConsentModel", "VigieTestSupport",
            ],
            path: "Tests/VigieReviewTests", exclude: ["Browser"]),
        .testTarget(name: "VigieConsentTests", dependencies: ["VigieConsent", "VigieConsentModel"], path: "Tests/VigieConsentTests"),
        .testTarget(
            name: "EndToEndTests", dependencies: ["VigieKit", "VigieMedia", "VigieVision", "VigieTestSupport"], path: "Tests/EndToEndTests",
            exclude: ["Goldens", "Schemas"]),
    ]
)

// The fuzz targets (scripts/fuzz.sh, docs/FUZZING.md): a libFuzzer binary, built only with
// VIGIE_FUZZ=1 and -sanitize=fuzzer, since it has no main of its own.
if Context.environment["VIGIE_FUZZ"] != nil {
    package.targets += [
        .target(name: "CFuzzMain", path: "Sources/CFuzzMain"),
        .executableTarget(
            name: "vigie-fuzz", dependencies: ["CFuzzMain", "VigieKit", "VigieConsent", "VigieConsentModel", "VigieMedia"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
}
