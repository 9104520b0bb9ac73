import Foundation
import Testing
import VigieChecks
import VigieMedia
import VigieReport
import VigieTestSupport

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

    @Test func checkReadsTheMetadataAndTheFrames() throws {
        var options = CheckOptions()
        options.limits.maxSecondsPerFile = 900  // what is found, not how fast
        let pipeline = Pipeline(options: options)
        let path = fixtures.appendingPathComponent("video/gps-artist.mov").path
        let entry = pipeline.check(Candidate(path: path, displayPath: "clip.mov", kind: .media(.quicktime)))
        #expect(entry.format == "quicktime")
        #expect(entry.findings.map(\.rule) == ["metadata.identifying", "metadata.location"])
        #expect(entry.video?.framesChecked == 1)
        let gps = entry.findings.first { $0.rule == "metadata.location" }
        #expect(gps?.message == Message("metadata.location.gps", ["QuickTime udta ©xyz"]))
        let report = Report(entries: Decision().decide([entry]), failOn: .error, language: .en)
        #expect(report.files.first?.status == .blocked)
    }

    /// A video whose boxes are whole but whose media data stops before the first frame: its metadata
    /// is checked, and it is an error, never clear (nothing of what it shows was seen).
    @Test func aVideoWhoseFramesDoNotDecodeIsAnError() throws {
        let made = try GeneratedVideo.make("whole.mp4", width: 320, height: 240)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: made))
        let mdat = try #require(bytes.range(of: Data("mdat".utf8)))
        let moov = try #require(bytes.range(of: Data("moov".utf8)))
        // ffmpeg writes ftyp, free, mdat, moov: keep all but mdat, so every chunk offset points past the end.
        #expect(mdat.lowerBound < moov.lowerBound)
        bytes = Data(bytes[..<(mdat.lowerBound - 4)]) + Data(bytes[(moov.lowerBound - 4)...])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-nomedia-\(getpid()).mp4").path
        try bytes.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pipeline = Pipeline(options: CheckOptions())
        let entry = pipeline.check(Candidate(path: path, displayPath: "n.mp4", kind: .media(.mp4)))
        let error = try #require(entry.findings.first { $0.message.key == "file.media.frames-unchecked" }, "\(entry.findings)")
        #expect(RuleFamily(ruleID: error.rule) == .file)
        let report = Report(entries: Decision().decide([entry]), failOn: .error, language: .en)
        #expect(report.files.first?.status == .error)
        let message = report.files.first?.findings.first?.message ?? ""
        #expect(message.contains("video (MP4)") && message.contains("could not be"), "\(message)")
        let french = Report(entries: Decision().decide([entry]), failOn: .error, language: .fr).files.first?.findings.first?.message ?? ""
        #expect(french.contains("vidéo (MP4)"))
    }

    @Test func audioIsNotClear() throws {
        let pipeline = Pipeline(options: .metadataOnly)
        let path = fixtures.appendingPathComponent("video/gps-artist.mov").path
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
        let pipeline = Pipeline(options: .metadataOnly)
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

    @Test func cleanStripsAVideoAndProvesIt() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        let original = try Data(contentsOf: fixtures.appendingPathComponent("video/gps-artist.mov"))
        try original.write(to: source.appendingPathComponent("clip.mov"))
        let out = folder.appendingPathComponent("out")
        let copies = await Cleaner(options: CleanOptions(destination: .folder(out.path))).run(try candidates([source.path]))
        #expect(copies.first?.status == .cleaned, "\(String(describing: copies.first?.error))")
        #expect(copies.first?.method == "movie")
        #expect(copies.first?.removed.contains { $0.kind == "moov/udta" } == true)
        let copy = [UInt8](try Data(contentsOf: out.appendingPathComponent("clip.mov")))
        try CleanVerifier.verifyNoMovieMetadata(copy, container: .quicktime)
        let entry = Pipeline(options: .metadataOnly).check(
            Candidate(path: out.appendingPathComponent("clip.mov").path, displayPath: "c.mov", kind: .media(.quicktime)))
        #expect(entry.findings.map(\.rule) == [])

        let inPlace = await Cleaner(options: CleanOptions(destination: .inPlace(backupSuffix: ".orig"))).run(try candidates([source.path]))
        #expect(inPlace.first?.status == .cleaned)
        #expect(try Data(contentsOf: source.appendingPathComponent("clip.mov")) == Data(copy))
        #expect(try Data(contentsOf: source.appendingPathComponent("clip.mov.orig")) == original)
    }

    @Test func cleanRefusesWhatItCannotRewriteAndWritesNothing() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        let avi = try Data(contentsOf: fixtures.appendingPathComponent("video/camera-serials.avi"))
        try avi.write(to: source.appendingPathComponent("camera.avi"))
        // The stub's sample tables point outside its media data: not rewritten with certainty.
        let stub = try Data(contentsOf: fixtures.appendingPathComponent("video/names-keys-xmp.mov"))
        try stub.write(to: source.appendingPathComponent("stub.mov"))
        let out = folder.appendingPathComponent("out")
        let copies = await Cleaner(options: CleanOptions(destination: .folder(out.path))).run(try candidates([source.path]))
        let byPath = Dictionary(uniqueKeysWithValues: copies.map { ($0.path, $0) })
        #expect(byPath.count == 2)
        #expect(byPath.values.allSatisfy { $0.status == .error })
        #expect(byPath.values.first { $0.format == "avi" }?.error?.key == "clean.media")
        #expect(byPath.values.first { $0.format == "quicktime" }?.error?.key == "clean.error")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(written.isEmpty)

        let inPlace = await Cleaner(options: CleanOptions(destination: .inPlace(backupSuffix: nil))).run(try candidates([source.path]))
        #expect(inPlace.allSatisfy { $0.status == .error })
        #expect(try Data(contentsOf: source.appendingPathComponent("camera.avi")) == avi)
        #expect(try Data(contentsOf: source.appendingPathComponent("stub.mov")) == stub)
        #expect(try FileManager.default.contentsOfDirectory(atPath: source.path).sorted() == ["camera.avi", "stub.mov"])
        #expect(!Report(cleaned: inPlace, language: .en).allClear)

        var redact = CleanOptions(destination: .folder(out.path))
        redact.redaction = RedactionOptions()
        let refused = await Cleaner(options: redact).run(try candidates([source.appendingPathComponent("stub.mov").path]))
        #expect(refused.first?.error?.key == "clean.redact.video")
    }
}

extension FileReport {
    /// The first finding's message.
    var message: String? { findings.first?.message }
}
