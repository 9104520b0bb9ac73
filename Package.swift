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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // System libraries, found with pkg-config. Shims live in each module's shim.h.
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .systemLibrary(name: "CExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CTesseract", pkgConfig: "tesseract", providers: [.apt(["libtesseract-dev"])]),

        // Swift owners of C handles and the container readers. The only module that imports C.
        .target(name: "VigieMedia", dependencies: ["CVips", "CExif", "CZlib", "CTesseract"]),
        // Findings, rules, the check registry and every check.
        .target(name: "VigieChecks", dependencies: ["VigieMedia"]),
        // One report model and its renderers.
        .target(name: "VigieReport", dependencies: ["VigieChecks"]),
        // Discovery, the pipeline and the decision.
        .target(name: "VigieKit", dependencies: ["VigieMedia", "VigieChecks", "VigieReport"]),
        // The command line.
        .executableTarget(
            name: "vigie",
            dependencies: ["VigieKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The evaluation command: labelled sets, recall and precision per detector (docs/ACCURACY.md).
        .executableTarget(
            name: "vigie-eval",
            dependencies: ["VigieKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .testTarget(name: "VigieMediaTests", dependencies: ["VigieMedia"], path: "Tests/VigieMediaTests"),
        .testTarget(name: "VigieChecksTests", dependencies: ["VigieChecks", "VigieKit"], path: "Tests/VigieChecksTests"),
        .testTarget(name: "VigieKitTests", dependencies: ["VigieKit"], path: "Tests/VigieKitTests"),
        .testTarget(name: "EndToEndTests", dependencies: ["VigieKit"], path: "Tests/EndToEndTests"),
    ]
)
