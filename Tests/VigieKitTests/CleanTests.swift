import Foundation
import Testing
import VigieChecks
import VigieMedia
import VigieReport
import VigieTestSupport

@testable import VigieKit

let projectFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

func temporaryFolder() throws -> URL {
    try ScratchFolder.make("vigie-clean")
}

func candidates(_ paths: [String]) throws -> [Candidate] {
    try Discovery().discover(paths).candidates
}

func cleanAll(_ paths: [String], into folder: URL, verifyPixels: Bool = true) async throws -> [String: CleanOutcome] {
    var options = CleanOptions(destination: .folder(folder.path))
    options.verifyPixels = verifyPixels
    let entries = await Cleaner(options: options).run(try candidates(paths))
    return Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0) })
}

/// What exiftool (an independent reader) says of files: one dictionary per file, keys "Group1:Tag".
func exiftool(_ paths: [String], arguments: [String] = ["-G1", "-a"]) throws -> [String: [String: Any]] {
    let data = try ExternalTool.output("/usr/bin/exiftool", ["-j", "-q", "-q"] + arguments + paths)
    let list = (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
    return Dictionary(list.compactMap { d in (d["SourceFile"] as? String).map { ($0, d) } }, uniquingKeysWith: { a, _ in a })
}

/// exiftool groups a cleaned file may show: file structure, colour, layout. Anything else (GPS, XMP,
/// IPTC, maker notes, EXIF sub-directories, thumbnails, comments, vendor segments) is a failure.
let structuralGroups: Set<String> = [
    "ExifTool", "System", "File", "Composite", "JFIF", "PNG", "PNG-pHYs", "RIFF", "Adobe", "GIF", "IFD0", "ICC_Profile",
]
let allowedIFD0: Set<String> = [
    "Orientation", "ImageWidth", "ImageHeight", "BitsPerSample", "Compression", "PhotometricInterpretation", "StripOffsets",
    "SamplesPerPixel",
    "RowsPerStrip", "StripByteCounts", "XResolution", "YResolution", "PlanarConfiguration", "ResolutionUnit", "ExtraSamples",
    "SampleFormat",
    "TileWidth", "TileLength", "TileOffsets", "TileByteCounts", "Predictor", "FillOrder",
]

func leftovers(_ tags: [String: Any]) -> [String] {
    tags.keys.filter { key in
        guard let colon = key.firstIndex(of: ":") else { return false }
        let group = String(key[..<colon]), tag = String(key[key.index(after: colon)...])
        if group.hasPrefix("ICC") { return false }
        if !structuralGroups.contains(group) { return true }
        if group == "IFD0" { return !allowedIFD0.contains(tag) }
        if group == "Composite" { return tag.hasPrefix("GPS") || tag.contains("Thumbnail") || tag.contains("Preview") }
        return tag.contains("Thumbnail") || tag.contains("Preview") || tag == "Comment"
    }.sorted()
}

@Suite("vigie clean: lossless stripping")
struct CleanTests {
    @Test func jpegKeepsImageDataICCAndOrientationAndDropsTheRest() throws {
        for name in [
            "gps-exif.jpg", "gps-tags-no-coords.jpg", "gps-zero.jpg", "place-xmp.jpg", "thumbnail-uncropped.jpg", "stray-bytes-gps.jpg",
        ] {
            let bytes = try fixtureBytes("metadata/" + name)
            let metadata = try MetadataReader.read(ByteReader(bytes), format: .jpeg)
            let cleaned = try JPEGStripper.strip(ByteReader(bytes), orientation: MetadataStripper.displayOrientation(metadata) ?? 1)
            let out = try JPEGContainer(ByteReader(cleaned.bytes))
            #expect(out.structureError == nil)
            #expect(
                out.segments.allSatisfy {
                    ![.exif, .xmp, .xmpExtended, .photoshop, .comment, .mpf, .app, .jfxx].contains($0.kind) || $0.kind == .exif
                }, "\(name)")
            #expect(out.trailerLength == 0 && out.mpfImages.isEmpty)
            #expect(try JPEGStripper.imageData(ByteReader(bytes)) == JPEGStripper.imageData(ByteReader(cleaned.bytes)), "\(name)")
            let after = try MetadataReader.read(ByteReader(cleaned.bytes), format: .jpeg)
            #expect(MetadataStripper.displayOrientation(after) ?? 1 == MetadataStripper.displayOrientation(metadata) ?? 1, "\(name)")
            #expect(after.hasICCProfile == metadata.hasICCProfile, "\(name)")
            #expect(after.allExifEntries.allSatisfy { $0.tag == 0x0112 }, "\(name)")
            #expect(cleaned.bytes.count < bytes.count)
        }
    }

    @Test func minimalExifCarriesOnlyTheOrientation() throws {
        // A real photo given orientation 6: the copy keeps 6 and nothing else in EXIF.
        let bytes = try fixtureBytes("metadata/gps-exif.jpg")
        let cleaned = try JPEGStripper.strip(ByteReader(bytes), orientation: 6)
        let after = try MetadataReader.read(ByteReader(cleaned.bytes), format: .jpeg)
        #expect(after.orientation == 6)
        #expect(after.allExifEntries.count == 1)
        #expect(cleaned.kept.contains("orientation"))
        let png = try PNGStripper.strip(ByteReader(try fixtureBytes("metadata/gps.png")), orientation: 8)
        #expect(try MetadataReader.read(ByteReader(png.bytes), format: .png).orientation == 8)
        #expect(
            try PixelComparison.decode(png.bytes, maxPixels: 1 << 26)
                == PixelComparison.decode(try fixtureBytes("metadata/gps.png"), maxPixels: 1 << 26))
    }

    @Test func everyFormatIsCleanedAndProven() async throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let names = ["gps-exif.jpg", "gps.png", "gps.webp", "xmp.gif", "gps.tif", "gps-exif-at-eof.heic", "place-iptc.jpg", "trailer.jpg"]
        let results = try await cleanAll(names.map { projectFixtures.appendingPathComponent("metadata/" + $0).path }, into: out)
        let methods = Dictionary(uniqueKeysWithValues: results.values.map { (($0.path as NSString).lastPathComponent, $0.method ?? "") })
        for name in names { #expect(results.values.first { $0.path.hasSuffix("/" + name) }?.status == .cleaned, "\(name)") }
        #expect(methods["gps.webp"] == "lossless" && methods["xmp.gif"] == "lossless" && methods["gps.png"] == "lossless")
        #expect(methods["gps.tif"] == "reencoded")
        #expect(methods["gps-exif-at-eof.heic"] == "converted")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("gps-exif-at-eof.jpg").path))

        // Independent readers: Vigie's own checks find nothing, and neither does exiftool.
        let outputs = try FileManager.default.contentsOfDirectory(atPath: out.path).map { out.appendingPathComponent($0).path }
        let entries = await Pipeline(options: .metadataOnly).run(try candidates(outputs))
        for e in entries {
            #expect(e.findings.filter { $0.rule.hasPrefix("metadata.") || $0.rule.hasPrefix("file.") }.isEmpty, "\(e.path)")
        }
        for (file, tags) in try exiftool(outputs) { #expect(leftovers(tags).isEmpty, "\(file): \(leftovers(tags))") }
    }

    @Test func brokenAndUnsupportedFilesAreRefusedAndNothingIsWritten() async throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let names = ["malformed/truncated-with-gps.jpg", "malformed/broken.png", "metadata/image.bmp", "sample/not-really.jpg"]
        let results = try await cleanAll(names.map { projectFixtures.appendingPathComponent($0).path }, into: out)
        #expect(results.count == 4)
        #expect(results.values.allSatisfy { $0.status == .error && $0.output == nil })
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test func inPlaceReplacesAtomicallyKeepsModeAndBackup() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("photo.jpg")
        let original = try Data(contentsOf: projectFixtures.appendingPathComponent("metadata/gps-exif.jpg"))
        try original.write(to: file)
        chmod(file.path, 0o640)
        var options = CleanOptions(destination: .inPlace(backupSuffix: ".orig"))
        options.verifyPixels = true
        let first = await Cleaner(options: options).run(try candidates([file.path]))
        #expect(first.first?.status == .cleaned)
        #expect(try Data(contentsOf: dir.appendingPathComponent("photo.jpg.orig")) == original)
        let cleaned = try Data(contentsOf: file)
        #expect(cleaned != original)
        var st = stat()
        stat(file.path, &st)
        #expect(st.st_mode & 0o777 == 0o640)
        // Nothing left to remove: the file is not rewritten and no second backup is needed.
        let second = await Cleaner(options: options).run(try candidates([file.path]))
        #expect(second.first?.status == .unchanged)
        #expect(try Data(contentsOf: file) == cleaned)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["photo.jpg", "photo.jpg.orig"])
    }

    @Test func inPlaceThroughALinkCleansTheTargetAndKeepsTheLink() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("photo.jpg")
        try FileManager.default.copyItem(at: projectFixtures.appendingPathComponent("metadata/gps-exif.jpg"), to: target)
        let link = dir.appendingPathComponent("alias.jpg")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let entries = await Cleaner(options: CleanOptions(destination: .inPlace(backupSuffix: nil))).run(try candidates([link.path]))
        #expect(entries.first?.status == .cleaned)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) != nil)
        let after = try MetadataReader.read(ByteReader([UInt8](try Data(contentsOf: target))), format: .jpeg)
        #expect(after.exif.isEmpty)
    }

    @Test func mirrorsTheTreeAndNeverWalksItsOwnOutput() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("in/trip/day1"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: projectFixtures.appendingPathComponent("metadata/gps.png"), to: dir.appendingPathComponent("in/trip/day1/a.png"))
        try FileManager.default.copyItem(
            at: projectFixtures.appendingPathComponent("metadata/gps.webp"), to: dir.appendingPathComponent("in/b.webp"))
        let out = dir.appendingPathComponent("in/clean")
        var discovery = Discovery()
        discovery.excludedFolders = [out.resolvingSymlinksInPath().path]
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: projectFixtures.appendingPathComponent("metadata/gps.tif"), to: out.appendingPathComponent("old.tif"))
        let found = try discovery.discover([dir.appendingPathComponent("in").path]).candidates
        #expect(found.map(\.relativePath).sorted() == ["b.webp", "trip/day1/a.png"])
        let entries = await Cleaner(options: CleanOptions(destination: .folder(out.path))).run(found)
        #expect(entries.allSatisfy { $0.status == .cleaned })
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("trip/day1/a.png").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("b.webp").path))
    }
}

@Suite("vigie clean on the corpus", .enabled(if: corpusPresent, "../shared/corpus is not beside the project"))
struct CleanCorpusTests {
    /// Every readable file of the metadata corpus: no metadata left for Vigie or for exiftool, pixels
    /// identical for JPEG, PNG, WebP and GIF, orientation and colour profile as exiftool read them before.
    @Test func metadataCorpusIsCleanedWithoutLoss() async throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let source = corpus.appendingPathComponent("metadata").path
        let results = try await cleanAll([source], into: out, verifyPixels: true)
        let cleaned = results.values.filter { $0.status != .error }
        #expect(cleaned.count > 250)

        // Refused files are exactly those `vigie check` cannot read either (fail closed, both ways).
        let refused = Set(results.values.filter { $0.status == .error }.map(\.path))
        let checked = await Pipeline(options: .metadataOnly).run(try candidates(Array(refused)))
        for e in checked where !e.findings.contains(where: { FileRules.isFileRule($0.rule) }) {
            // Nikon.nef: a TIFF-based raw whose strips libtiff cannot re-encode; the checker reads its preview.
            #expect(e.path.hasSuffix("Nikon.nef"), "refused but readable: \(e.path)")
        }

        let outputs = cleaned.compactMap(\.output).map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
        let after = try exiftool(outputs)
        #expect(after.count == outputs.count)
        for (file, tags) in after { #expect(leftovers(tags).isEmpty, "\(file): \(leftovers(tags))") }

        // Orientation and ICC profile description, read by exiftool before and after.
        let lossless = cleaned.filter { $0.method != "converted" }
        let before = try exiftool(lossless.map(\.path), arguments: ["-n", "-IFD0:Orientation", "-ICC_Profile:ProfileDescription"])
        let afterTags = try exiftool(
            lossless.compactMap(\.output).map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 },
            arguments: ["-n", "-IFD0:Orientation", "-ICC_Profile:ProfileDescription"])
        for e in lossless {
            guard let output = e.output, let b = before[e.path] else { continue }
            let a = afterTags[output.hasPrefix("/") ? output : FileManager.default.currentDirectoryPath + "/" + output] ?? [:]
            let ob = (b["Orientation"] as? Int) ?? 1, oa = (a["Orientation"] as? Int) ?? 1
            // TIFF orientation is kept by libvips; other formats by Vigie's minimal EXIF. One exception:
            // an orientation only in an ImageMagick raw-profile text chunk of a PNG, which browsers ignore
            // (they read eXIf only); writing it as eXIf would turn the picture where it did not turn.
            let rawProfileOnly = e.path.hasSuffix("exif_imagemagick_orientation.png")
            #expect(oa == ob || !(1...8).contains(ob) || (rawProfileOnly && oa == 1), "orientation of \(e.path)")
            #expect((a["ProfileDescription"] as? String) == (b["ProfileDescription"] as? String), "ICC of \(e.path)")
        }
    }

    /// Hostile files never crash the cleaner, and whatever it writes is clean.
    @Test func malformedFilesNeverYieldAFalseClean() async throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let results = try await cleanAll([corpus.appendingPathComponent("malformed").path], into: out, verifyPixels: false)
        #expect(results.count > 200)
        let outputs = results.values.compactMap(\.output).map {
            $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0
        }
        let entries = await Pipeline(options: .metadataOnly).run(try candidates(outputs))
        for e in entries { #expect(e.findings.filter { $0.rule.hasPrefix("metadata.") }.isEmpty, "\(e.path)") }
        for (file, tags) in try exiftool(outputs) { #expect(leftovers(tags).isEmpty, "\(file): \(leftovers(tags))") }
    }
}

func fixtureBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: projectFixtures.appendingPathComponent(name)))
}

@Suite("Temporary files of interrupted runs")
struct StaleTemporaryTests {
    @Test func onlyFilesOfFinishedProcessesOrOldOnesAreRemoved() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A process that has finished: its number names no process any more.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier
        let names = [
            "dead": ".a.jpg.vigie-tmp-\(dead)-k3x9", "mine": ".b.jpg.vigie-tmp-\(getpid())-zz1",
            "alive": ".c.jpg.vigie-tmp-1-abc", "aliveOld": ".d.jpg.vigie-tmp-1-def",
            "photo": "e.jpg", "lookalike": ".f.jpg.vigie-tmp-notapid-abc", "upper": ".g.jpg.vigie-tmp-\(dead)-ABC",
        ]
        for name in names.values { try Data("x".utf8).write(to: dir.appendingPathComponent(name)) }
        let folderName = ".h.vigie-tmp-\(dead)-q1"
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(folderName), withIntermediateDirectories: false)
        let old = Date(timeIntervalSinceNow: -3 * 86_400)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: dir.appendingPathComponent(names["aliveOld"]!).path)

        #expect(TemporaryFiles.sweepStale(in: dir.path) == 2)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(left == Set([names["mine"]!, names["alive"]!, names["photo"]!, names["lookalike"]!, names["upper"]!, folderName]))
        #expect(TemporaryFiles.isTemporaryName(names["mine"]!) && !TemporaryFiles.isTemporaryName(names["lookalike"]!))
    }

    @Test func longNamesStillFit() throws {
        let long = String(repeating: "é", count: 200) + ".jpg"
        let short = TemporaryFiles.shortened(long)
        #expect(short.utf8.count <= 200 && long.hasPrefix(short))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-long-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (fd, path) = try TemporaryFiles.shared.create(in: dir.path, name: long)
        close(fd)
        #expect(TemporaryFiles.isTemporaryName((path as NSString).lastPathComponent))
        TemporaryFiles.shared.discard(path)
    }
}
