import Foundation
import Testing
import VigieChecks
import VigieMedia

@testable import VigieKit

/// Sweeps over the shared corpus (`../shared/corpus`), when it is there beside the project.
let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/corpus")
let corpusPresent = FileManager.default.fileExists(atPath: corpus.appendingPathComponent("manifest.csv").path)

func manifestRows() throws -> [[String: String]] {
    let text = try String(contentsOf: corpus.appendingPathComponent("manifest.csv"), encoding: .utf8)
    var rows: [[String]] = []
    var field = "", row: [String] = [], quoted = false
    for ch in text {
        if quoted {
            if ch == "\"" { quoted = false } else { field.append(ch) }
        } else if ch == "\"" {
            quoted = true
        } else if ch == "," {
            row.append(field); field = ""
        } else if ch == "\n" || ch == "\r\n" {
            row.append(field); rows.append(row); row = []; field = ""
        } else {
            field.append(ch)
        }
    }
    let header = rows.removeFirst()
    return rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}

extension CheckOptions {
    /// For tests about metadata and reading files: no OCR and no face detection, which those rules
    /// do not need (the file rules still run: a file that cannot be decoded is still an error).
    static var metadataOnly: CheckOptions {
        var options = CheckOptions()
        options.readText = false
        options.faces.enabled = false
        return options
    }
}

/// The metadata findings of every file in the corpus folder `folder`.
func checkMetadata(_ folder: String) async throws -> [String: [Finding]] {
    var d = Discovery()
    d.currentDirectory = corpus.path
    let found = try d.discover([corpus.appendingPathComponent(folder).path])
    let entries = await Pipeline(options: .metadataOnly).run(found.candidates)
    return Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0.findings) })
}

@Suite("Corpus sweeps", .enabled(if: corpusPresent, "../shared/corpus is not beside the project"))
struct CorpusSweepTests {
    @Test func everyManifestGPSFileIsFlaggedAndNoOther() async throws {
        let rows = try manifestRows().filter { $0["category"] == "metadata" }
        let results = try await checkMetadata("metadata")
        let flagged = Set(results.filter { $0.value.contains { $0.message.key == "metadata.location.gps" } }.keys)
        let expected = Set(rows.filter { $0["gps"] == "yes" }.compactMap { $0["file"] })
        #expect(expected.subtracting(flagged).isEmpty, "missed: \(expected.subtracting(flagged).sorted())")
        // Two files the manifest misses really do hold coordinates (verified with exiftool -v3):
        // Nikon_D5000.jpg has 48 deg 53.32' in EXIF (seconds written 0/0) and in XMP; Issue_473_Java.webp has a full EXIF GPS block.
        let verified: Set = ["metadata/mei/Nikon_D5000.jpg", "metadata/mei/Issue_473_Java.webp"]
        #expect(flagged.subtracting(expected) == verified)
    }

    @Test func malformedFilesAreAllReportedWithoutHanging() async throws {
        var d = Discovery()
        d.currentDirectory = corpus.path
        let found = try d.discover([corpus.appendingPathComponent("malformed").path])
        #expect(found.candidates.count > 200)
        // Hostile containers and metadata, decoded and run through face detection and every check;
        // not read by OCR, which sees only decoded pixels (bounded by the decode limits) and costs
        // most of this sweep's time (343 files, one at a time).
        var options = CheckOptions()
        options.readText = false
        let pipeline = Pipeline(options: options)
        for candidate in found.candidates {
            let start = Date()
            let entry = pipeline.check(candidate)
            // A hang guard, not a benchmark: a hostile file must not stall a run. The pipeline stops
            // each file at its own limit (30 s of wall-clock time); the guard sits well above it, so a
            // loaded machine (a debug build reads a small photo's text in about 8 s) does not trip it.
            #expect(Date().timeIntervalSince(start) < 120, "\(candidate.displayPath)")
            #expect(entry.path == candidate.displayPath)
        }
    }
}
