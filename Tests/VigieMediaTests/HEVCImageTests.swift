import Foundation
import Testing

@testable import VigieMedia

private let hevcRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let hevcFixtures = hevcRoot.appendingPathComponent("Fixtures")
private let hevcCorpus = hevcRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
private let hevcCorpusPresent = FileManager.default.fileExists(atPath: hevcCorpus.appendingPathComponent("metadata").path)

/// Largest differences allowed between the direct planes and libheif's (full range, chroma
/// interleaved): mean and largest absolute difference, luma then chroma. libheif 1.15 turns every
/// HEVC picture into RGB 4:4:4 and back to 4:2:0 (clipping out-of-gamut colours, rounding twice,
/// studio range expanded in floating point): the direct planes are the decoded samples themselves.
/// Measured (December 2026, FFmpeg 5.1 against libheif 1.15 with libde265): iPhone grids (full range)
/// mean 0.0001-0.06, max 6-39 (IMG_1034: saturated reds clipped by libheif's RGB); x265 single images
/// (studio range) mean 0.18-0.53, max 5-21. The limits are those figures with a small margin.
private struct Tolerance {
    let lumaMean: Double, lumaMax: Int, chromaMean: Double, chromaMax: Int
}

private let tolerances: [String: Tolerance] = [
    // file name: measured luma mean/max, chroma mean/max
    "gps-exif-at-eof.heic": Tolerance(lumaMean: 0.01, lumaMax: 8, chromaMean: 0.01, chromaMax: 10),  // 0.0048/6 0.0059/8
    "exif-at-eof.heic": Tolerance(lumaMean: 0.01, lumaMax: 8, chromaMean: 0.01, chromaMax: 10),  // 0.0048/6 0.0059/8
    "IMG_2927.HEIC": Tolerance(lumaMean: 0.01, lumaMax: 8, chromaMean: 0.01, chromaMax: 10),  // 0.0048/6 0.0059/8
    "IMG_5195.HEIC": Tolerance(lumaMean: 0.01, lumaMax: 8, chromaMean: 0.02, chromaMax: 11),  // 0.0056/6 0.0107/9
    "Issue_487.heic": Tolerance(lumaMean: 0.001, lumaMax: 8, chromaMean: 0.001, chromaMax: 11),  // 0.0001/6 0.0002/9
    "IMG_1034.heic": Tolerance(lumaMean: 0.03, lumaMax: 42, chromaMean: 0.03, chromaMax: 37),  // 0.023/39 0.020/34
    "iphone_13_pro_max.HEIC": Tolerance(lumaMean: 0.07, lumaMax: 19, chromaMean: 0.13, chromaMax: 20),  // 0.057/16 0.111/17
    "cheers_1440x960.heic": Tolerance(lumaMean: 0.4, lumaMax: 24, chromaMean: 0.3, chromaMax: 18),  // 0.334/21 0.237/15
    "single-item.heic": Tolerance(lumaMean: 0.4, lumaMax: 24, chromaMean: 0.3, chromaMax: 18),  // 0.334/21 0.237/15
    "example.heic": Tolerance(lumaMean: 0.6, lumaMax: 20, chromaMean: 0.25, chromaMax: 23),  // 0.526/17 0.185/20
    "samplefilehub.heif": Tolerance(lumaMean: 0.35, lumaMax: 16, chromaMean: 0.2, chromaMax: 21),  // 0.302/13 0.157/18
    "colors-no-alpha-thumbnail.heic": Tolerance(lumaMean: 0.2, lumaMax: 8, chromaMean: 0.2, chromaMax: 10),  // 0.176/5 0.160/7
    "small.heic": Tolerance(lumaMean: 0.2, lumaMax: 8, chromaMean: 0.2, chromaMax: 10),  // 0.176/5 0.160/7
]

typealias Planes = (luma: [UInt8], chroma: [UInt8], width: Int, height: Int)

/// Mean and largest absolute difference of two equal-length byte arrays.
private func difference(_ a: [UInt8], _ b: [UInt8]) -> (mean: Double, max: Int) {
    precondition(a.count == b.count)
    var sum = 0, largest = 0
    for i in a.indices {
        let d = abs(Int(a[i]) - Int(b[i]))
        sum += d
        largest = max(largest, d)
    }
    return (Double(sum) / Double(max(1, a.count)), largest)
}

/// The direct path's planes and libheif's of one file, compared.
private func expectSamePixels(_ path: String, as name: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let name = name ?? (path as NSString).lastPathComponent
    let tolerance = try #require(tolerances[name], "no tolerance measured for \(name)", sourceLocation: sourceLocation)
    let direct = try #require(try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000, decoder: .libavcodec))
    let libheif = try #require(try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000, decoder: .libheif))
    #expect(direct.width == libheif.width && direct.height == libheif.height, sourceLocation: sourceLocation)
    guard direct.width == libheif.width, direct.height == libheif.height else { return }
    let luma = difference(direct.luma, libheif.luma), chroma = difference(direct.chroma, libheif.chroma)
    #expect(luma.mean <= tolerance.lumaMean && luma.max <= tolerance.lumaMax, "luma \(luma) in \(name)", sourceLocation: sourceLocation)
    #expect(
        chroma.mean <= tolerance.chromaMean && chroma.max <= tolerance.chromaMax, "chroma \(chroma) in \(name)",
        sourceLocation: sourceLocation)
}

/// "direct", or why the file is left to libheif.
private func route(_ path: String) throws -> String {
    let bytes = try MediaLoader.readBytes(path: path, limit: 1 << 30)
    switch try HEVCImagePlan.make(ByteReader(bytes)) {
    case .plan: return "direct"
    case .notHandled(let reason): return reason
    }
}

/// A copy of `source` in a temporary file, changed by `patch`.
private func patched(_ source: String, name: String, _ patch: (inout [UInt8], HEIFItemGraph) throws -> Void) throws -> String {
    var bytes = try MediaLoader.readBytes(path: source, limit: 1 << 30)
    let graph = try HEIFItemGraph(ByteReader(bytes))
    try patch(&bytes, graph)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-hevc-\(getpid())-\(name).heic").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

private func property(_ type: String, of item: Int, in graph: HEIFItemGraph) throws -> ISOBMFFContainer.Box {
    try #require(graph.properties(of: item)?.first { $0.box.type == type }?.box)
}

private let iphone = hevcFixtures.appendingPathComponent("metadata/gps-exif-at-eof.heic").path

@Suite("HEIC pictures through libavcodec")
struct HEVCImageTests {
    init() throws { try Vips.start() }

    /// HEVC pictures of 8 bits, 4:2:0, without alpha go direct; the rest is libheif's.
    @Test(arguments: [
        ("metadata/gps-exif-at-eof.heic", "direct"), ("heif/single-item.heic", "direct"), ("heif/small.heic", "direct"),
        ("heif/alpha.heic", "alpha"), ("heif/small.avif", "item type av01"),
    ])
    func routes(file: String, expected: String) throws {
        let path = hevcFixtures.appendingPathComponent(file).path
        #expect(try route(path) == expected)
        let direct = try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000, decoder: .libavcodec)
        #expect((direct != nil) == (expected == "direct"))
        // Whatever the route, the automatic decoder gives planes (libheif's for alpha: nil, left to libvips).
        let automatic = try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000)
        #expect((automatic != nil) == (expected != "alpha"))
    }

    @Test(arguments: ["metadata/gps-exif-at-eof.heic", "heif/single-item.heic", "heif/small.heic"])
    func samePixelsAsLibheif(file: String) throws {
        try expectSamePixels(hevcFixtures.appendingPathComponent(file).path)
    }

    /// irot and imir as libheif applies them (checked against libheif's own output, not the spec's
    /// wording): the iPhone fixture's irot set to each angle, turned into imir of each axis, and both
    /// (its pixi turned into an irot that follows the imir in the item's property order).
    @Test(arguments: ["irot1", "irot2", "irot3", "imir0", "imir1", "imir0+irot1", "imir1+irot3"])
    func transformsAsLibheif(variant: String) throws {
        let path = try patched(iphone, name: variant) { bytes, graph in
            let primary = try #require(graph.primary)
            let irot = try property("irot", of: primary, in: graph)
            let pixi = try property("pixi", of: primary, in: graph)
            func set(_ box: ISOBMFFContainer.Box, type: String, value: UInt8) {
                bytes.replaceSubrange((box.offset + 4)..<(box.offset + 8), with: Array(type.utf8))
                bytes[box.dataOffset] = value
            }
            let parts = variant.split(separator: "+").map(String.init)
            if parts[0].hasPrefix("irot") {
                set(irot, type: "irot", value: UInt8(parts[0].dropFirst(4))!)
            } else {
                set(irot, type: "imir", value: UInt8(parts[0].dropFirst(4))!)
            }
            if parts.count > 1 { set(pixi, type: "irot", value: UInt8(parts[1].dropFirst(4))!) }
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try route(path) == "direct")
        // The transforms add nothing to the difference: the same pixels, moved the same way.
        try expectSamePixels(path, as: "gps-exif-at-eof.heic")
    }

    /// Hostile files: the direct path throws or hands over, never crashes, and the automatic decoder
    /// fails closed (libheif's error) or gives libheif's planes.
    @Test func truncatedFileThrows() throws {
        let bytes = try MediaLoader.readBytes(path: iphone, limit: 1 << 30)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-hevc-\(getpid())-truncated.heic").path
        try Data(bytes.prefix(bytes.count * 6 / 10)).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: MediaError.self) { try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000, decoder: .libavcodec) }
        #expect(throws: MediaError.self) { try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000) }
    }

    @Test func truncatedTileThrows() throws {
        // The first tile's first NAL unit says it is longer than the tile.
        let path = try patched(iphone, name: "tile") { bytes, graph in
            let tile = try #require(graph.references["dimg"]?[graph.primary ?? 0]?.first)
            let range = try #require(graph.ranges(of: tile, fileSize: bytes.count)?.first)
            bytes.replaceSubrange(range.offset..<(range.offset + 4), with: [0, 0x7F, 0xFF, 0xFF])
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: MediaError.self) { try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000, decoder: .libavcodec) }
        _ = try? MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000)
    }

    /// A decode past the file's time limit fails as too slow, and is not handed to libheif.
    @Test func deadlineIsKept() throws {
        #expect(throws: MediaError(.tooSlow, "the time limit passed")) {
            try MediaLoader.heifPlanes(path: iphone, maxPixels: 100_000_000, secondsLeft: 1e-9)
        }
    }

    @Test func gridWithMoreTilesThanPresentIsHandedOver() throws {
        let path = try patched(iphone, name: "grid") { bytes, graph in
            let idat = try #require(graph.idat)
            bytes[idat.dataOffset + 2] += 1  // rows - 1
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try route(path) == "tile count mismatch")
        #expect(try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000, decoder: .libavcodec) == nil)
        _ = try? MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000)
    }

    @Test func hugeSizeIsRefused() throws {
        let small = hevcFixtures.appendingPathComponent("heif/single-item.heic").path
        let path = try patched(small, name: "ispe") { bytes, graph in
            let ispe = try property("ispe", of: try #require(graph.primary), in: graph)
            bytes.replaceSubrange((ispe.dataOffset + 4)..<(ispe.dataOffset + 12), with: [0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60])
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: MediaError.self) { try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000, decoder: .libavcodec) }
        #expect(throws: MediaError.self) { try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000) }
    }

    @Test func badHVCCThrows() throws {
        let small = hevcFixtures.appendingPathComponent("heif/single-item.heic").path
        // A parameter set longer than the record.
        let long = try patched(small, name: "hvcc-long") { bytes, graph in
            let hvcc = try property("hvcC", of: try #require(graph.primary), in: graph)
            bytes[hvcc.dataOffset + 23 + 3] = 0xFF
        }
        defer { try? FileManager.default.removeItem(atPath: long) }
        #expect(throws: MediaError.self) { try route(long) }
        #expect(throws: MediaError.self) { try MediaLoader.heifPlanes(path: long, maxPixels: 100_000_000, decoder: .libavcodec) }
        // Parameter sets of noise: the decoder refuses them.
        let noise = try patched(small, name: "hvcc-noise") { bytes, graph in
            let hvcc = try property("hvcC", of: try #require(graph.primary), in: graph)
            for i in (hvcc.dataOffset + 30)..<(hvcc.offset + hvcc.size) { bytes[i] = UInt8(truncatingIfNeeded: i &* 37) }
        }
        defer { try? FileManager.default.removeItem(atPath: noise) }
        _ = try? route(noise)
        #expect(throws: MediaError.self) { try MediaLoader.heifPlanes(path: noise, maxPixels: 100_000_000, decoder: .libavcodec) }
    }

    /// Every byte of a small file's meta box set to 0xFF and to 0x00 in turn: no crash, and planes only
    /// of the declared size.
    @Test func damagedMetaNeverCrashes() throws {
        let bytes = try MediaLoader.readBytes(path: hevcFixtures.appendingPathComponent("heif/small.heic").path, limit: 1 << 20)
        let container = try ISOBMFFContainer(ByteReader(bytes))
        let meta = try #require(container.topLevel.first { $0.type == "meta" })
        var decoded = 0
        for i in meta.offset..<(meta.offset + meta.size) {
            for value: UInt8 in [0xFF, 0x00] {
                var copy = bytes
                copy[i] = value
                let r = ByteReader(copy)
                guard case .plan(let plan)? = try? HEVCImagePlan.make(r) else { continue }
                if let result = try? plan.decode(r, maxPixels: 1_000_000) {
                    #expect(result.planes.y.count == result.planes.width * result.planes.height)
                    decoded += 1
                }
            }
        }
        #expect(decoded > 0)
    }
}

@Suite("HEIC pictures through libavcodec, corpus", .enabled(if: hevcCorpusPresent, "../shared/corpus is not beside the project"))
struct HEVCImageCorpusTests {
    init() throws { try Vips.start() }

    /// Which of the corpus's HEIF files go direct, and why the others do not.
    static let routes: [String: String] = [
        "metadata/mei/cheers_1440x960.heic": "direct", "metadata/mei/Issue_487.heic": "direct",
        "metadata/mei/IMG_2927.HEIC": "direct", "metadata/mei/IMG_1034.heic": "direct",
        "metadata/mei/exif-at-eof.heic": "direct", "metadata/exiftool/QuickTime.heic": "direct",
        "metadata/libheif/colors-no-alpha-thumbnail.heic": "direct", "metadata/libheif/example.heic": "direct",
        "metadata/libheif/colors-with-alpha-thumbnail.heic": "alpha", "metadata/ianare/iphone_13_pro_max.HEIC": "direct",
        "metadata/ianare/samplefilehub.heif": "direct", "metadata/ianare/IMG_5195.HEIC": "direct",
        "metadata/mat2/dirty.heic": "not 8 bits", "metadata/pillow/xmp_tags_orientation.avif": "item type av01",
        "metadata/pillow/exif.avif": "item type av01", "metadata/libheif/example.avif": "item type av01",
        "metadata/mat2/dirty.avif": "item type av01",
    ]

    @Test(arguments: routes.keys.sorted())
    func routeAndPixels(file: String) throws {
        let path = hevcCorpus.appendingPathComponent(file).path
        #expect(try route(path) == Self.routes[file])
        if file.hasSuffix("QuickTime.heic") {
            // ExifTool's sample holds 26 bytes of picture: planned, refused by libavcodec, left to libheif.
            #expect(throws: MediaError.self) { try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000, decoder: .libavcodec) }
        } else if Self.routes[file] == "direct" {
            try expectSamePixels(path)
        }
    }

    /// The corpus's broken HEIF files: the direct path throws or hands over, never crashes.
    @Test func malformedNeverCrash() throws {
        let folder = hevcCorpus.appendingPathComponent("malformed")
        let files = (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? [])
            .filter { ["heic", "heif", "avif"].contains(($0 as NSString).pathExtension.lowercased()) }
        #expect(!files.isEmpty)
        for file in files {
            _ = try? MediaLoader.heifPlanes(path: folder.appendingPathComponent(file).path, maxPixels: 100_000_000, decoder: .libavcodec)
        }
    }
}
