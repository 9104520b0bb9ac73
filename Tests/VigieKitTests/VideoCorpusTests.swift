import Foundation
import Testing
import VigieChecks
import VigieMedia

@testable import VigieKit

let videoCorpus = corpus.appendingPathComponent("video")
let videoCorpusPresent = FileManager.default.fileExists(atPath: videoCorpus.appendingPathComponent("MANIFEST.csv").path)

/// The rows of the video corpus's MANIFEST.csv, by column name.
func videoManifest() throws -> [[String: String]] {
    let text = try String(contentsOf: videoCorpus.appendingPathComponent("MANIFEST.csv"), encoding: .utf8)
    var rows: [[String]] = []
    var field = ""
    var row: [String] = []
    var quoted = false
    var previous: Character = " "
    for ch in text {
        if quoted {
            if ch == "\"" { quoted = false } else { field.append(ch) }
        } else if ch == "\"" {
            if previous == "\"" { field.append("\"") }
            quoted = true
        } else if ch == "," {
            row.append(field)
            field = ""
        } else if ch == "\n" || ch == "\r\n" {
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        } else {
            field.append(ch)
        }
        previous = ch
    }
    let header = rows.removeFirst()
    return rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}

@Suite("Video corpus", .enabled(if: videoCorpusPresent, "../shared/corpus/video is not beside the project"))
struct VideoCorpusTests {
    func checked() async throws -> [String: [Finding]] {
        var d = Discovery()
        d.currentDirectory = videoCorpus.path
        let found = try d.discover([videoCorpus.path])
        var options = CheckOptions.metadataOnly  // frames decoded and their quality checked; no faces, no OCR
        options.limits.maxSecondsPerFile = 900
        let entries = await Pipeline(options: options).run(found.candidates)
        return Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0.findings) })
    }

    @Test func everyManifestGPSFileIsFlaggedAndNoOther() async throws {
        let rows = try videoManifest()
        #expect(rows.count == 25)
        let results = try await checked()
        #expect(results.count == 25)
        // Errors: the containers Vigie does not read yet, and the two MP4/MOV files of which no frame
        // decodes (a truncated recording, exiftool's 3.8 KB stub).
        let errors = Set(results.filter { $0.value.contains { RuleFamily(ruleID: $0.rule) == .file } }.keys)
        let unread = Set(rows.compactMap { $0["file"] }.filter { name in [".avi", ".mts", ".webm"].contains { name.hasSuffix($0) } })
        #expect(errors == unread.union(["android-7.1.2-xyz-gps-keys.mp4", "exiftool-quicktime-artist-xmp.mov"]), "\(errors.sorted())")
        let flagged = Set(results.filter { $0.value.contains { $0.rule == "metadata.location" } }.keys)
        // 0,0 is "no fix": the 3gp5 file's ©xyz is not a location.
        let expected = Set(rows.filter { $0["gps"] == "yes" }.compactMap { $0["file"] })
        #expect(flagged == expected, "missed: \(expected.subtracting(flagged).sorted()); extra: \(flagged.subtracting(expected).sorted())")
        #expect(!flagged.contains("3gp5-xyz-zero-gps.mp4"))
        // The HERO5 on a drone has its location only in the GPMF telemetry track.
        let karma = results["gopro-hero5-karma-gpmf-gps-serials.mp4"] ?? []
        #expect(karma.first { $0.rule == "metadata.location" }?.message.arguments.first?.contains("GPMF") == true)
    }

    @Test func goProSerialsAreIdentifying() async throws {
        let results = try await checked()
        for name in results.keys where name.hasPrefix("gopro-") {
            let identifying = results[name]?.first { $0.rule == "metadata.identifying" }
            #expect(identifying?.message.arguments.first?.contains("camera or lens serial number") == true, "\(name)")
        }
    }

    @Test func malformedMoviesAreReportedWithoutHanging() async throws {
        let folder = corpus.appendingPathComponent("malformed/exiv2")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mp4") || $0.hasSuffix(".mov") }
        #expect(names.count == 11)
        let pipeline = Pipeline(options: CheckOptions())
        let output = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let cleaner = Cleaner(options: CleanOptions(destination: .folder(output.path)))
        for name in names {
            let path = folder.appendingPathComponent(name).path
            let start = Date()
            var d = Discovery()
            d.currentDirectory = folder.path
            for candidate in try d.discover([path]).candidates {
                let entry = pipeline.check(candidate)
                #expect(entry.findings.contains { FileRules.isFileRule($0.rule) }, "\(name)")
                let cleaned = cleaner.clean(candidate)
                if cleaned.status == .cleaned, let out = cleaned.output {
                    // Whatever was written is proven clean.
                    try CleanVerifier.verifyNoMovieMetadata([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))), container: .mp4)
                }
            }
            #expect(Date().timeIntervalSince(start) < 10, "\(name)")
        }
    }
}
