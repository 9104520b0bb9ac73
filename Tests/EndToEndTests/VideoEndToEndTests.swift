import Foundation
import Testing

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
    @Test func checkFailsOnAVideo() throws {
        let dir = try videoFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check", dir.path, "--format", "json", "--no-progress"])
        #expect(r.status == 1, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect(files.first?["status"] as? String == "error")
        #expect(files.first?["format"] as? String == "quicktime")
        let findings = files.first?["findings"] as? [[String: Any]] ?? []
        #expect(findings.first?["rule"] as? String == "file.unsupported")
        #expect(findings.first?["messageId"] as? String == "file.media.frames-unchecked")
        #expect(findings.contains { $0["messageId"] as? String == "metadata.location.gps" })
        #expect((json["summary"] as? [String: Any])?["skipped"] as? Int == 2)

        let terminal = try run(["check", dir.path, "--no-progress"], env: ["NO_COLOR": "1"])
        #expect(terminal.status == 1)
        #expect(terminal.stdout.contains("its frames (faces, text, blur) were not checked yet"))
        #expect(terminal.stdout.contains("GPS coordinates in QuickTime udta ©xyz"))
        #expect(!terminal.stdout.contains("+33.99"))  // the place is named, never the value
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

    @Test func auditDoesNotPassAVideo() throws {
        let dir = try videoFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledger = dir.appendingPathComponent("ledger/ledger.sqlite").path
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("ledger"), withIntermediateDirectories: true)
        let people = dir.appendingPathComponent("ledger/p.csv")
        try "id,name,role,group\nS1,Alice Martin,student,5A\n".write(to: people, atomically: true, encoding: .utf8)
        #expect(try run(["consent", "import", "people", people.path, "--ledger", ledger]).status == 0)
        let r = try run(["audit", dir.appendingPathComponent("IMG_0001.MOV").path, "--ledger", ledger, "--no-progress"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("IMG_0001.MOV") && r.stdout.contains("file.unsupported"))
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
