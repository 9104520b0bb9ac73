import Foundation
import Testing
import VigieChecks
import VigieMedia
import VigieReport
import VigieTestSupport

@testable import VigieKit

@Suite("Video frames")
struct VideoFramesTests {
    static var options: CheckOptions {
        var options = CheckOptions()
        options.limits.maxSecondsPerFile = 900  // what is found, not how fast: OCR under load passes 30 s
        options.jobs = 1
        return options
    }

    func check(_ path: String, _ options: CheckOptions = VideoFramesTests.options) throws -> Report.Entry {
        let found = try Discovery().discover([path])
        let candidate = try #require(found.candidates.first)
        return Pipeline(options: options).check(candidate)
    }

    @Test func aFaceShownForTwoSecondsIsFoundWithItsTime() throws {
        let video = try GeneratedVideo.make("face.mp4", overlay: fixtures.appendingPathComponent("faces/one-face.jpg").path, audio: true)
        var options = Self.options
        options.readText = false
        let entry = try check(video, options)
        let finding = try #require(entry.findings.first { $0.rule == "people.no-consent" }, "\(entry.findings.map(\.rule))")
        let time = try #require(finding.time)
        #expect((2.0...4.0).contains(time))
        #expect(!entry.findings.contains { RuleFamily(ruleID: $0.rule) == .file }, "\(entry.findings)")
        #expect(entry.faces?.identifiable.count == 1)
        #expect(entry.video?.soundtrack == true)
        // 0, 2 and 4 s by time; the face's entrance is a new scene at 2 s already sampled, its exit one at 4.
        #expect((3...5).contains(entry.video?.framesChecked ?? 0), "\(String(describing: entry.video))")
    }

    @Test func aStudentCardShownForTwoSecondsIsFoundWithItsTime() throws {
        let card = try GeneratedVideo.studentCard()
        defer { try? FileManager.default.removeItem(atPath: card) }
        let video = try GeneratedVideo.make(
            "card.mp4", background: fixtures.appendingPathComponent("metadata/no-metadata.jpg").path, overlay: card)
        var options = Self.options
        options.faces.enabled = false
        options.thumbnails = true
        let entry = try check(video, options)
        let finding = try #require(entry.findings.first { $0.rule == "text.student-id" }, "\(entry.findings.map(\.rule))")
        #expect((2.0...4.0).contains(try #require(finding.time)))
        #expect(finding.region != nil)
        // One finding for the card, however many frames show it.
        #expect(entry.findings.filter { $0.rule == "text.student-id" }.count == 1)
        // The HTML report's frames: the one the card was read in, at its time.
        #expect(entry.frames.map(\.time) == [finding.time])
        #expect(entry.video?.soundtrack == false)
    }

    @Test func theSameVideoWithoutThemGetsNeither() throws {
        let video = try GeneratedVideo.make("plain.mp4", background: fixtures.appendingPathComponent("metadata/no-metadata.jpg").path)
        let entry = try check(video)
        #expect(!entry.findings.contains { $0.rule.hasPrefix("text.") || $0.rule.hasPrefix("people.") }, "\(entry.findings.map(\.rule))")
        #expect(!entry.findings.contains { RuleFamily(ruleID: $0.rule) == .file }, "\(entry.findings)")
        #expect(entry.video?.framesChecked == 3)  // 0, 2 and 4 s: a still picture has no new scene
    }

    @Test func framesAreSampledByTimeAndKeyframesDecodedAloneWhenDenseEnough() throws {
        let sparse = try GeneratedVideo.make("sparse.mp4", width: 320, height: 240)
        let dense = try GeneratedVideo.make("dense.mp4", gop: 25, width: 320, height: 240)
        var limits = DecodeLimits()
        limits.workingSize = 2048
        let a = try MovieFrames(path: sparse, limits: limits, maxSeconds: 60, secondsLeft: 60)
        var times: [Double] = []
        while let f = try a.next() { times.append(f.time) }
        #expect(!a.info.keyframesOnly)
        #expect(times == [0, 2, 4])
        #expect(a.decodedFrames == 150)
        let b = try MovieFrames(path: dense, limits: limits, maxSeconds: 60, secondsLeft: 60)
        times = []
        while let f = try b.next() { times.append(f.time) }
        #expect(b.info.keyframesOnly)
        #expect(times == [0, 2, 4])
        #expect(b.decodedFrames == 6)  // one keyframe a second, nothing else decoded
    }

    /// An iPhone 6 recording held upright: stored 568 x 320, shown 320 x 568 (its display matrix).
    @Test func theTracksRotationIsApplied() throws {
        let video = fixtures.appendingPathComponent("video/iphone-keys-gps.mov").path
        let frames = try MovieFrames(path: video, limits: DecodeLimits(), maxSeconds: 60, secondsLeft: 60)
        #expect(frames.info.rotation == 90)
        #expect(frames.info.displayWidth == 320 && frames.info.displayHeight == 568)
        let first = try #require(try frames.next())
        #expect(first.image.width == 320 && first.image.height == 568)
        #expect(first.grey.width == 320 && first.grey.height == 568)
        #expect(first.image.displayWidth == 320 && first.image.displayHeight == 568)
    }

    @Test func limitsAreErrorsNotPasses() throws {
        let video = try GeneratedVideo.make("limits.mp4", width: 320, height: 240)
        #expect(throws: MediaError.self) { try MovieFrames(path: video, limits: DecodeLimits(), maxSeconds: 5, secondsLeft: 60) }
        var small = DecodeLimits()
        small.maxPixels = 320 * 200
        #expect(throws: MediaError.self) { try MovieFrames(path: video, limits: small, maxSeconds: 60, secondsLeft: 60) }
        var options = Self.options
        options.limits.maxVideoSeconds = 5
        let entry = try check(video, options)
        #expect(entry.findings.contains { $0.rule == "file.too-large" && $0.message.key == "file.media.frames-unchecked" })
        // Past the time limit (for each started minute of video) the frames are an error too.
        options = Self.options
        options.limits.maxSecondsPerFile = 0.001
        let late = try check(video, options)
        #expect(
            late.findings.contains { $0.rule == "file.too-large" && $0.message.key == "file.media.frames-unchecked" }, "\(late.findings)")
    }
}
