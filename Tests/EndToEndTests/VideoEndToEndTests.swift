import Foundation
import Testing
import VigieTestSupport

/// A temporary folder holding a real video (with GPS), a text file and a PDF.
func videoFolder() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-video-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try Data(contentsOf: fixtures.appendingPathComponent("video/gps-artist.mov")).write(to: dir.appendingPathComponent("IMG_0001.MOV"))
    try "notes".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    try "%PDF-1.7\n".write(to: dir.appendingPathComponent("letter.pdf"), atomically: true, encoding: .utf8)
    return dir
}

@Suite("Videos, end to end")
struct VideoEndToEndTests {
    @Test func checkBlocksAVideoWithGPSAndChecksItsFrames() throws {
        let dir = try videoFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check", dir.path, "--format", "json", "--no-progress"])
        #expect(r.status == 1, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect(files.first?["status"] as? String == "blocked")
        #expect(files.first?["format"] as? String == "quicktime")
        let video = files.first?["video"] as? [String: Any]
        #expect(
            video?["framesChecked"] as? Int == 1 && video?["soundtrack"] as? Bool == true
                && (video?["duration"] as? NSNumber)?.doubleValue == 1)
        let findings = files.first?["findings"] as? [[String: Any]] ?? []
        #expect(!findings.contains { ($0["rule"] as? String)?.hasPrefix("file.") == true })
        #expect(findings.contains { $0["messageId"] as? String == "metadata.location.gps" })
        #expect((json["summary"] as? [String: Any])?["skipped"] as? Int == 2)

        let terminal = try run(["check", dir.path, "--no-progress"], env: ["NO_COLOR": "1"])
        #expect(terminal.status == 1)
        #expect(terminal.stdout.contains("GPS coordinates in QuickTime udta ©xyz"))
        #expect(!terminal.stdout.contains("+33.99"))  // the place is named, never the value
    }

    /// FFmpeg's libraries (and the 60 they load) are opened when a video or a HEIC picture needs
    /// them, not at start-up (Sources/CMovieFrames/FFmpegLibraries.h). Under LD_DEBUG=files glibc's
    /// loader names every library it loads, in a file of LD_DEBUG_OUTPUT's name and the process id.
    @Test func ffmpegIsLoadedOnlyForVideosAndHEIC() throws {
        let loaded = { (file: String) throws -> (run: Run, log: String) in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-ld-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let r = try run(
                ["check", "--no-ocr", "--no-progress", "--format", "json", "Fixtures/" + file],
                env: ["LD_DEBUG": "files", "LD_DEBUG_OUTPUT": dir.appendingPathComponent("ld").path])
            let log = try FileManager.default.contentsOfDirectory(atPath: dir.path)
                .map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }.joined()
            #expect(log.contains("file=libvips.so"), "the loader's log is missing")
            return (r, log)
        }
        let ffmpeg = ["libavutil", "libavcodec", "libavformat", "libswscale"].map { "file=\($0).so" }
        let photo = try loaded("metadata/gps-tags-no-coords.jpg")
        #expect(!photo.log.contains("file=libav") && !photo.log.contains("file=libswscale"))
        #expect(photo.run.status == 0 && photo.run.stdout.contains("\"status\" : \"clear\""))
        let video = try loaded("video/gps-artist.mov")
        #expect(ffmpeg.allSatisfy { video.log.contains($0) })
        #expect(video.run.status == 1 && video.run.stdout.contains("\"framesChecked\" : 1"), "\(video.run.stdout)")
        let heic = try loaded("heif/small.heic")
        #expect(ffmpeg.allSatisfy { heic.log.contains($0) })
        #expect(heic.run.stdout.contains("\"format\" : \"heif\""), "\(heic.run.stdout)")
    }

    @Test(arguments: ["video/camera-serials.avi", "video/camera-make.mts"])
    func everyFixtureVideoIsReported(file: String) throws {
        let r = try run(["check", "Fixtures/" + file, "--no-progress"], env: ["NO_COLOR": "1"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("file.unsupported") && r.stdout.contains("Vigie does not check videos yet"))
    }

    @Test func cleanWritesAProvenCopyAndRefusesToRedact() throws {
        let dir = try videoFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let video = dir.appendingPathComponent("IMG_0001.MOV")
        let original = try Data(contentsOf: video)
        let out = dir.appendingPathComponent("out")
        var r = try run(["clean", video.path, "--output", out.path, "--format", "json", "--no-progress"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let file = (json?["files"] as? [[String: Any]])?.first
        #expect(file?["status"] as? String == "cleaned" && file?["method"] as? String == "movie")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("IMG_0001.MOV").path))
        #expect(try Data(contentsOf: video) == original)

        r = try run(
            ["clean", video.path, "--redact", "--output", out.appendingPathComponent("r").path, "--no-progress"], env: ["NO_COLOR": "1"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("Vigie does not redact videos yet"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("r/IMG_0001.MOV").path))
    }

    @Test func auditChecksTheFacesOfAVideo() throws {
        let dir = try videoFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledger = dir.appendingPathComponent("ledger/ledger.sqlite").path
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("ledger"), withIntermediateDirectories: true)
        let people = dir.appendingPathComponent("ledger/p.csv")
        try "id,name,role,group\nS1,Alice Martin,student,5A\n".write(to: people, atomically: true, encoding: .utf8)
        #expect(try run(["consent", "import", "people", people.path, "--ledger", ledger]).status == 0)
        // A box under a desk: no face, nothing for the audit (its GPS is check's business, not audit's).
        var r = try run(["audit", dir.appendingPathComponent("IMG_0001.MOV").path, "--ledger", ledger, "--no-progress"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        // A face no consent covers, from 2 s to 4 s.
        let face = try GeneratedVideo.make("audit-face.mp4", overlay: Fixtures.path("faces/one-face.jpg"))
        r = try run(["audit", face, "--ledger", ledger, "--no-progress"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("people.no-consent") && r.stdout.contains("t=0:0"), "\(r.stdout)")
    }

    @Test func skippedFilesAreListedInJSON() throws {
        let dir = try videoFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check", "--format", "json", "--no-progress", "."], cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["skippedFiles"] as? [String] == ["letter.pdf", "notes.txt"])
        #expect((json["summary"] as? [String: Any])?["skipped"] as? Int == 2)
    }
}

@Suite("Video frames, end to end")
struct VideoFramesEndToEndTests {
    /// A face shown from 2 s to 4 s: the terminal, SARIF and HTML reports give the time it was seen.
    @Test func theTimeOfAFindingIsInEveryReport() throws {
        let video = try GeneratedVideo.make("e2e-face.mp4", overlay: Fixtures.path("faces/one-face.jpg"), audio: true)
        let terminal = try run(["check", video, "--no-progress", "--no-ocr"], env: ["NO_COLOR": "1"])
        #expect(terminal.status == 1, "\(terminal.stderr)")
        let line = terminal.stdout.split(separator: "\n").first { $0.contains("people.no-consent") } ?? ""
        #expect(line.contains("t=0:02.0") || line.contains("t=0:04.0"), "\(terminal.stdout)")

        let sarif = try run(["check", video, "--no-progress", "--no-ocr", "--format", "sarif"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let results = ((doc["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let people = try #require(results.first { $0["ruleId"] as? String == "people.no-consent" })
        let time = try #require((people["properties"] as? [String: Any])?["time"] as? Double)
        #expect((2.0...4.0).contains(time))

        let html = try run(["check", video, "--no-progress", "--no-ocr", "--format", "html"])
        #expect(html.stdout.contains("Does the soundtrack use music you have the rights to?"))
        #expect(html.stdout.contains("<div class=\"frame\"><svg"))
        #expect(html.stdout.contains("class=\"unconsented\""))
    }
}
