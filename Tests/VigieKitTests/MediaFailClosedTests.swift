import Foundation
import Testing
import VigieChecks
import VigieMedia
import VigieReport

@testable import VigieKit

/// Videos and audio are never passed unchecked: found by content, reported as not checked, not cleaned.
@Suite("Videos fail closed")
struct MediaFailClosedTests {
    func discover(_ folder: TemporaryFolder) throws -> DiscoveryResult {
        var d = Discovery()
        d.currentDirectory = folder.path
        return try d.discover([folder.path])
    }

    @Test func videosAreCandidatesByContent() throws {
        let t = try TemporaryFolder()
        try t.copy("video/gps-artist.mov", to: "clip.mov")
        try t.copy("video/gps-artist.mov", to: "renamed.dat")  // a video whatever its name
        try t.copy("video/camera-serials.avi", to: "a/camera.avi")
        try t.copy("video/camera-make.mts", to: "a/00001.MTS")
        try t.copy("metadata/gps-exif-at-eof.heic", to: "still.heic")  // ftyp, but an image
        try t.write("not a video", to: "fake.mp4")
        try t.write("notes", to: "notes.txt")
        try t.write("%PDF-1.7\n", to: "letter.pdf")
        let r = try discover(t)
        let kinds = Dictionary(uniqueKeysWithValues: r.candidates.map { ($0.displayPath, $0.kind) })
        #expect(kinds["clip.mov"] == .media(.quicktime))
        #expect(kinds["renamed.dat"] == .media(.quicktime))
        #expect(kinds["a/camera.avi"] == .media(.avi))
        #expect(kinds["a/00001.MTS"] == .media(.mpegTS))
        #expect(kinds["still.heic"] == .image(.heif))
        #expect(kinds["fake.mp4"] == .unsupported)
        #expect(r.candidates.count == 6)
        #expect(r.skipped == 2)
    }

    @Test func aVideoWhoseNameIsNotUTF8IsReported() throws {
        let t = try TemporaryFolder()
        let video = try Data(contentsOf: fixtures.appendingPathComponent("video/camera-make.mts"))
        let path = Array(t.path.utf8) + [UInt8(ascii: "/"), UInt8(ascii: "v"), 0xFF, 0]
        path.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { c in
                guard let base = c.baseAddress else { return }
                let fd = open(base, O_WRONLY | O_CREAT, 0o600)
                _ = video.withUnsafeBytes { write(fd, $0.baseAddress, video.count) }
                close(fd)
            }
        }
        let r = try discover(t)
        #expect(r.candidates.map(\.displayPath) == ["v\\xFF"])
        #expect(r.skipped == 0)
    }

    @Test func checkReadsTheMetadataAndStillReportsTheFramesNotChecked() throws {
        let pipeline = Pipeline(options: CheckOptions())
        let path = fixtures.appendingPathComponent("video/gps-artist.mov").path
        let entry = pipeline.check(Candidate(path: path, displayPath: "clip.mov", kind: .media(.quicktime)))
        #expect(entry.format == "quicktime")
        #expect(entry.findings.map(\.rule) == ["file.unsupported", "metadata.identifying", "metadata.location"])
        #expect(entry.findings.first?.message.key == "file.media.frames-unchecked")
        let gps = entry.findings.first { $0.rule == "metadata.location" }
        #expect(gps?.message == Message("metadata.location.gps", ["QuickTime udta ©xyz"]))
        let report = Report(entries: Decision().decide([entry]), failOn: .error, language: .en)
        #expect(report.files.first?.status == .error)
        #expect(!report.allClear)
        let message = report.files.first?.message ?? ""
        #expect(message.contains("video (QuickTime)") && message.contains("faces") && message.contains("were not checked yet"))
        let french = Report(entries: Decision().decide([entry]), failOn: .error, language: .fr).files.first?.message ?? ""
        #expect(french.contains("vidéo (QuickTime)"))

        // A video without metadata is still not clear: its frames were not checked.
        let clean = pipeline.check(
            Candidate(path: fixtures.appendingPathComponent("video/no-gps.mp4").path, displayPath: "n.mp4", kind: .media(.mp4)))
        #expect(clean.findings.map(\.rule) == ["file.unsupported"])

        let audio = pipeline.check(Candidate(path: path, displayPath: "a.wav", kind: .media(.wav)))
        #expect(audio.findings.first?.message.key == "file.media.audio")
        let avi = pipeline.check(Candidate(path: path, displayPath: "a.avi", kind: .media(.avi)))
        #expect(avi.findings.map(\.message.key) == ["file.media.video"])
        let fake = pipeline.check(Candidate(path: "/x/fake.jpg", displayPath: "fake.jpg", kind: .unsupported))
        #expect(fake.findings.first?.message.key == "file.unsupported")
        let fakeVideo = pipeline.check(Candidate(path: "/x/fake.mp4", displayPath: "fake.mp4", kind: .unsupported))
        #expect(fakeVideo.findings.map(\.rule) == ["file.unsupported"])
        #expect(fakeVideo.findings.first?.message.key == "file.unsupported.media")
    }

    @Test func metadataRulesNameTheBoxes() throws {
        let pipeline = Pipeline(options: CheckOptions())
        func findings(_ name: String) -> [Finding] {
            let path = fixtures.appendingPathComponent(name).path
            return pipeline.check(Candidate(path: path, displayPath: name, kind: .media(.quicktime))).findings
        }
        let names = findings("video/names-keys-xmp.mov")
        let identifying = names.first { $0.rule == "metadata.identifying" }?.message.arguments ?? []
        #expect(identifying.first == "owner or author name")
        #expect(identifying.last?.contains("QuickTime udta ©ART") == true && identifying.last?.contains("XMP") == true)
        #expect(names.first { $0.rule == "metadata.thumbnail" }?.message.arguments == ["cover art (covr)"])
        #expect(!names.contains { $0.rule == "metadata.location" })
        let ids = findings("video/xmp-history.mov").first { $0.rule == "metadata.identifying" }?.message.arguments ?? []
        #expect(ids == ["unique image id", "XMP"])
        let iphone = findings("video/iphone-keys-gps.mov")
        #expect(iphone.filter { $0.rule.hasPrefix("metadata.") }.map(\.rule) == ["metadata.location"])
    }

    @Test func cleanRefusesVideosAndWritesNothing() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        let original = try Data(contentsOf: fixtures.appendingPathComponent("video/gps-artist.mov"))
        try original.write(to: source.appendingPathComponent("clip.mov"))
        let out = folder.appendingPathComponent("out")
        let copies = await Cleaner(options: CleanOptions(destination: .folder(out.path))).run(try candidates([source.path]))
        #expect(copies.count == 1)
        #expect(copies.first?.status == .error)
        #expect(copies.first?.error?.key == "clean.media")
        #expect(copies.first?.format == "quicktime")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("clip.mov").path))

        let inPlace = await Cleaner(options: CleanOptions(destination: .inPlace(backupSuffix: nil))).run(try candidates([source.path]))
        #expect(inPlace.first?.status == .error)
        #expect(try Data(contentsOf: source.appendingPathComponent("clip.mov")) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: source.path) == ["clip.mov"])
        #expect(!Report(cleaned: inPlace, language: .en).allClear)
    }
}

extension FileReport {
    /// The first finding's message.
    var message: String? { findings.first?.message }
}
