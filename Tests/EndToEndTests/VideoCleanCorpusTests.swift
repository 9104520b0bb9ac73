import Foundation
import Testing
import VigieTestSupport

let videoCorpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus/video")
let videoOracles = ["/usr/bin/exiftool", "/usr/bin/ffmpeg", "/usr/bin/ffprobe"].allSatisfy {
    FileManager.default.isExecutableFile(atPath: $0)
}
let videoCorpusPresent = FileManager.default.fileExists(atPath: videoCorpus.appendingPathComponent("MANIFEST.csv").path)

/// Runs a tool and returns its standard output (standard error is dropped).
func output(of tool: String, _ arguments: [String]) throws -> String {
    String(decoding: try ExternalTool.output(tool, arguments), as: UTF8.self)
}

/// Tags exiftool finds (`-ee`: timed metadata too) that tell where, who or which device.
func privateTags(_ path: String) throws -> [String] {
    let json = try output(of: "/usr/bin/exiftool", ["-j", "-ee", "-G1", "-a", "-n", path])
    let objects = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]) ?? []
    let pattern = try NSRegularExpression(
        pattern: "GPS|Location|Serial|Author|Artist|Creator|Owner|ContentIdentifier|MediaUID|CameraID|XMP-", options: [.caseInsensitive])
    return (objects.first ?? [:]).keys.filter { key in
        pattern.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) != nil
    }.sorted()
}

/// The video and audio packets' hashes, as ffmpeg demuxes them (an independent reader of the samples).
func streamHash(_ path: String) throws -> String {
    try output(of: "/usr/bin/ffmpeg", ["-v", "error", "-i", path, "-map", "0:v", "-map", "0:a?", "-c", "copy", "-f", "streamhash", "-"])
}

/// Duration and each video stream's rotation, as ffprobe reads them.
func durationAndRotation(_ path: String) throws -> String {
    let duration = try output(of: "/usr/bin/ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path])
    let rotation = try output(
        of: "/usr/bin/ffprobe",
        ["-v", "error", "-select_streams", "v", "-show_entries", "stream_side_data=rotation", "-of", "csv=p=0", path])
    return duration.trimmingCharacters(in: .whitespacesAndNewlines) + " / " + rotation.trimmingCharacters(in: .whitespacesAndNewlines)
}

@Suite(
    "Video clean, whole corpus", .enabled(if: videoCorpusPresent, "../shared/corpus/video is not beside the project"),
    .enabled(if: videoOracles, "exiftool and ffmpeg are needed (scripts/setup.sh)"))
struct VideoCleanCorpusTests {
    @Test func everyMovieIsCleanedLosslesslyForIndependentReaders() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-video-clean-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try run(["clean", videoCorpus.path, "--output", out.path, "--format", "json", "--no-progress"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
        let files = (json["files"] as? [[String: Any]]) ?? []
        let movies = try FileManager.default.contentsOfDirectory(atPath: videoCorpus.path).filter {
            $0.hasSuffix(".mp4") || $0.hasSuffix(".mov")
        }
        #expect(movies.count == 19)
        // Refused, originals untouched: ExifTool's stub has broken sample tables, and the Android file's
        // chunk offsets point past the end of the file (its media data was cut off): neither can be
        // rewritten with certainty.
        let refused = ["exiftool-quicktime-artist-xmp.mov", "android-7.1.2-xyz-gps-keys.mp4"]
        for name in movies.sorted() {
            let entry = files.first { ($0["path"] as? String)?.hasSuffix("/" + name) == true }
            if refused.contains(name) {
                #expect(entry?["status"] as? String == "error", "\(name)")
                #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path))
                continue
            }
            #expect(entry?["status"] as? String == "cleaned", "\(name): \(entry?["error"] ?? "")")
            guard entry?["status"] as? String == "cleaned" else { continue }
            let original = videoCorpus.appendingPathComponent(name).path
            let copy = out.appendingPathComponent(name).path
            #expect(try privateTags(copy) == [], "\(name)")
            // ffmpeg reads the truncated Android file's header but none of its samples: equal all the same.
            #expect(try streamHash(copy) == streamHash(original), "\(name)")
            #expect(try durationAndRotation(copy) == durationAndRotation(original), "\(name)")
        }
    }
}
