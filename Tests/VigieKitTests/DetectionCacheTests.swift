import Foundation
import Testing
import VigieChecks
import VigieConsentModel
import VigieMedia
import VigieReport
import VigieTestSupport
import VigieVision

@testable import VigieKit

/// The detection cache: a cached check equals a full one without decoding, decisions are made
/// afresh, and what is on disk is private and never trusted when it is damaged.
@Suite("Detection cache")
struct DetectionCacheTests {
    static let identity = DetectorIdentity(build: "test-build", settings: "test-settings")

    /// Every check on, one job, a generous time limit (what is found, not how fast), a cache in `folder`.
    static func options(cache folder: URL, identity: DetectorIdentity = identity) throws -> CheckOptions {
        var options = CheckOptions()
        options.jobs = 1
        options.limits.maxSecondsPerFile = 900
        options.publicationDay = try #require(Day("2026-11-21"))
        options.cache = try DetectionCache(folder: folder.path, identity: identity)
        return options
    }

    /// A folder with `faces/one-face.jpg` as `photo.jpg` and `text/street-sign.jpg` as `sign.jpg`.
    static func photos() throws -> URL {
        let folder = try temporaryFolder().appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Fixtures.path("faces/one-face.jpg"), toPath: folder.appendingPathComponent("photo.jpg").path)
        try FileManager.default.copyItem(
            atPath: Fixtures.path("text/street-sign.jpg"), toPath: folder.appendingPathComponent("sign.jpg").path)
        return folder
    }

    static func entries(_ folder: URL) -> [String] {
        var paths: [String] = []
        DetectionCache.forEachEntry(in: folder.path) { path, _ in paths.append(path) }
        return paths
    }

    @Test func aCachedCheckEqualsAFullOneWithoutDecoding() async throws {
        let folder = try Self.photos()
        let cache = folder.deletingLastPathComponent().appendingPathComponent("cache")
        let candidates = try Discovery().discover([folder.path]).candidates
        let full = await Pipeline(options: try Self.options(cache: cache)).run(candidates)
        #expect(Self.entries(cache).count == 2)
        let again = Pipeline(options: try Self.options(cache: cache))
        // Nothing was decoded: the checks saw no pixels, yet found the same faces, text and quality.
        let photo = try #require(candidates.first { $0.path.hasSuffix("photo.jpg") })
        let cached = again.assess(path: photo.path, displayPath: photo.displayPath)
        #expect(cached.asset != nil && cached.asset?.image == nil)
        #expect(cached.asset?.faces?.identifiable.count == 1)
        let sign = try #require(candidates.first { $0.path.hasSuffix("sign.jpg") })
        #expect(again.assess(path: sign.path, displayPath: sign.displayPath).asset?.text?.words.isEmpty == false)
        // The same report in JSON, byte for byte.
        let render = { (entries: [Report.Entry]) in try JSONRenderer.render(Report(entries: entries, failOn: .error, language: .en)) }
        #expect(try render(full) == render(await again.run(candidates)))
    }

    @Test func decisionsAreMadeAfreshAndAnEditedFileIsCheckedAgain() async throws {
        let folder = try Self.photos()
        let cache = folder.deletingLastPathComponent().appendingPathComponent("cache")
        let photo = folder.appendingPathComponent("photo.jpg").path
        let candidate = Candidate(path: photo, displayPath: "photo.jpg", kind: .image(.jpeg))
        try "file,people,context,channel,caption,tags\nphoto.jpg,S1,classroom,website,Lab,\n".write(
            to: folder.appendingPathComponent("vigie.csv"), atomically: true, encoding: .utf8)
        let people = [Person(id: "S1", name: "Alice Martin", role: .student, group: "5A")]
        let signed = try #require(Day("2026-09-01"))
        let consent = Consent(
            person: "S1", kind: .consent, signedBy: "Parent", signedOn: signed, channels: Set(Channel.allCases),
            contexts: Set(PhotoContext.allCases), tagging: false)
        var options = try Self.options(cache: cache)
        options.ledger = LedgerSnapshot(people: people, consents: [consent])
        let before = Pipeline(options: options).check(candidate)
        #expect(!before.findings.contains { $0.rule.hasPrefix("people.") }, "\(before.findings)")
        // The consent withdrawn: the cached detections, the new ledger's decision.
        var withdrawn = consent
        withdrawn.revokedOn = Day("2026-11-01")
        options.ledger = LedgerSnapshot(people: people, consents: [withdrawn])
        let after = Pipeline(options: options)
        #expect(after.assess(path: photo, displayPath: "photo.jpg").asset?.image == nil)
        #expect(after.check(candidate).findings.contains { $0.rule == "people.consent-revoked" })
        // Another picture under the same name: its own detections, none of the old file's.
        try FileManager.default.removeItem(atPath: photo)
        try FileManager.default.copyItem(atPath: Fixtures.path("faces/three-faces.jpg"), toPath: photo)
        #expect(after.assess(path: photo, displayPath: "photo.jpg").asset?.image != nil)
        #expect(after.check(candidate).faces?.identifiable.count == 3)
        #expect(Self.entries(cache).count == 2)
    }

    @Test func theCacheIsPrivate() throws {
        let folder = try temporaryFolder().appendingPathComponent("a/cache")
        let cache = try DetectionCache(folder: folder.path, identity: Self.identity)
        cache.store(Self.record, for: "content")
        let entry = try #require(Self.entries(folder).first)
        let mode = { (path: String) in ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1 }
        #expect(mode(folder.path) == 0o700)
        #expect(mode((entry as NSString).deletingLastPathComponent) == 0o700)
        #expect(mode(entry) == 0o600)
        // A folder someone made readable by others is made private again.
        chmod(folder.path, 0o755)
        _ = try DetectionCache(folder: folder.path, identity: Self.identity)
        #expect(mode(folder.path) == 0o700)
        #expect(throws: CacheError.self) { try DetectionCache(folder: entry, identity: Self.identity) }
    }

    static let record = DetectionRecord(
        displaySize: DisplaySize(width: 640, height: 480), hasICCProfile: false, previewFraming: [],
        faces: [MeasuredFace(x: 10, y: 20, width: 60, height: 80, score: 0.93, sharpness: 0.7)],
        text: RecognizedText(words: [RecognizedWord(text: "word", confidence: 91, box: Region(x: 1, y: 2, width: 3, height: 4), line: 0)]),
        quality: QualityMeasures(sharpness: SharpnessMeasure(score: 0.8), exposure: nil))

    @Test func aDamagedOrForeignEntryIsNeverTrustedAndIsRewritten() async throws {
        let folder = try temporaryFolder().appendingPathComponent("cache")
        let cache = try DetectionCache(folder: folder.path, identity: Self.identity)
        cache.store(Self.record, for: "content")
        #expect(cache.record(for: "content") == Self.record)
        let path = cache.entryPath(for: "content")
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var flipped = good
        flipped[flipped.count - 10] ^= 0x01
        let otherFormat = Data(
            String(decoding: good, as: UTF8.self).replacingOccurrences(of: "VIGIE-DETECTIONS 1", with: "VIGIE-DETECTIONS 9").utf8)
        for damaged in [good.prefix(good.count / 2), Data(), flipped, otherFormat, Data("not an entry".utf8)] {
            try damaged.write(to: URL(fileURLWithPath: path))
            #expect(cache.record(for: "content") == nil)
        }
        // Another build's entry, or one filed under another content's name, is not used either.
        let other = try DetectionCache(folder: folder.path, identity: DetectorIdentity(build: "other", settings: "test-settings"))
        other.store(Self.record, for: "content")
        try FileManager.default.copyItem(atPath: other.entryPath(for: "content"), toPath: path + ".moved")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: path + ".moved", toPath: path)
        #expect(cache.record(for: "content") == nil)
        cache.store(Self.record, for: "elsewhere")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: cache.entryPath(for: "elsewhere"), toPath: path)
        #expect(cache.record(for: "content") == nil)

        // A run over a photo whose entry is damaged checks it in full and writes a good entry again.
        let photos = try Self.photos()
        let photo = photos.appendingPathComponent("photo.jpg").path
        let runCache = photos.deletingLastPathComponent().appendingPathComponent("cache")
        let pipeline = Pipeline(options: try Self.options(cache: runCache))
        let first = pipeline.assess(path: photo, displayPath: "photo.jpg")
        let entry = try #require(Self.entries(runCache).first)
        try Data("VIGIE-DETECTIONS 1\ngarbage".utf8).write(to: URL(fileURLWithPath: entry))
        let again = pipeline.assess(path: photo, displayPath: "photo.jpg")
        #expect(again.asset?.image != nil && again.findings == first.findings)
        #expect(pipeline.assess(path: photo, displayPath: "photo.jpg").asset?.image == nil)
    }

    @Test func concurrentWritersLeaveWholeEntries() throws {
        let folder = try temporaryFolder().appendingPathComponent("cache")
        // Separate openings, as separate processes would have, writing the same keys at once.
        let caches = try (0..<4).map { _ in try DetectionCache(folder: folder.path, identity: Self.identity) }
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            var record = Self.record
            record.displaySize.width = 640 + i % 8
            caches[i % 4].store(record, for: "content-\(i % 8)")
        }
        for k in 0..<8 {
            #expect(caches[0].record(for: "content-\(k)")?.displaySize.width == 640 + k)
        }
        let names = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
        #expect(!names.contains { TemporaryFiles.isTemporaryName(($0 as NSString).lastPathComponent) })
    }

    @Test func filesWithErrorsAndVideosAreNotCached() async throws {
        let folder = try temporaryFolder().appendingPathComponent("cache")
        var options = try Self.options(cache: folder)
        options.frameInterval = 600
        let paths = [Fixtures.path("malformed/broken.png"), Fixtures.path("video/no-gps.mp4")]
        let found = try Discovery().discover(paths).candidates
        _ = await Pipeline(options: options).run(found)
        // A time limit passed: reported, not cached.
        options.limits.maxSecondsPerFile = 0.001
        let slow = Pipeline(options: options).assess(path: Fixtures.path("text/phototest.tif"), displayPath: "phototest.tif")
        #expect(slow.findings.contains { $0.rule == FileRules.unreadable.id || $0.rule.hasPrefix("file.") })
        #expect(Self.entries(folder).isEmpty)
    }

    @Test func auditsAndChecksShareEntries() throws {
        let photos = try Self.photos()
        let cache = photos.deletingLastPathComponent().appendingPathComponent("cache")
        let photo = photos.appendingPathComponent("photo.jpg").path
        // An audit's options: faces only, no OCR, no quality rule.
        var audit = try Self.options(cache: cache)
        audit.readText = false
        for rule in CheckRegistry.rules where !Decision.auditRules.contains(rule.id) && !FileRules.isFileRule(rule.id) {
            try audit.rules.set(rule.id, .off)
        }
        _ = Pipeline(options: audit).assess(path: photo, displayPath: "photo.jpg")
        // A check needs the text and the quality measures the audit did not make: it decodes once...
        let check = Pipeline(options: try Self.options(cache: cache))
        #expect(check.assess(path: photo, displayPath: "photo.jpg").asset?.image != nil)
        // ...and then neither needs to decode.
        #expect(check.assess(path: photo, displayPath: "photo.jpg").asset?.image == nil)
        #expect(Pipeline(options: audit).assess(path: photo, displayPath: "photo.jpg").asset?.image == nil)
        #expect(Self.entries(cache).count == 1)
    }

    @Test func pruneAndClearTouchOnlyEntries() throws {
        let folder = try temporaryFolder().appendingPathComponent("cache")
        let cache = try DetectionCache(folder: folder.path, identity: Self.identity)
        let other = try DetectionCache(folder: folder.path, identity: DetectorIdentity(build: "other", settings: "s"))
        cache.store(Self.record, for: "a")
        cache.store(Self.record, for: "b")
        other.store(Self.record, for: "a")
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        var stats = DetectionCache.statistics(folder: folder.path, build: "test-build")
        #expect(stats.entries == 3 && stats.thisBuild == 2 && stats.unreadable == 0)
        // Not used for 40 days: `b`. Another build: `other`'s.
        let old = timespec(tv_sec: Int(Date().timeIntervalSince1970) - 40 * 86_400, tv_nsec: 0)
        _ = [old, old].withUnsafeBufferPointer { utimensat(AT_FDCWD, cache.entryPath(for: "b"), $0.baseAddress, 0) }
        #expect(DetectionCache.prune(folder: folder.path, unusedForDays: 30, otherThan: "test-build") == 2)
        #expect(cache.record(for: "a") == Self.record)
        stats = DetectionCache.statistics(folder: folder.path, build: "test-build")
        #expect(stats.entries == 1)
        #expect(DetectionCache.clear(folder: folder.path) == 1)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("notes.txt").path))
        #expect(DetectionCache.statistics(folder: folder.path, build: nil).entries == 0)
    }
}
