import Foundation
import Testing
import VigieConsent
import VigieConsentModel
import VigieKit
import VigieMedia
import VigieReport
import VigieVision

@testable import VigieChecks

/// A generated scene: random rectangles and discs of random greys and colours, crisp edges in every
/// direction (deterministic).
private func scene(width: Int, height: Int, seed: UInt64 = 7) -> [UInt8] {
    var state = seed
    func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(n))
    }
    var rgb = [UInt8](repeating: 120, count: width * height * 3)
    for _ in 0..<220 {
        let cx = next(width), cy = next(height), r = 8 + next(max(9, width / 12))
        let colour = [UInt8(next(256)), UInt8(next(256)), UInt8(next(256))]
        let disc = next(2) == 0
        for y in max(0, cy - r)..<min(height, cy + r) {
            for x in max(0, cx - r)..<min(width, cx + r) where !disc || (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r {
                let i = (y * width + x) * 3
                rgb[i] = colour[0]; rgb[i + 1] = colour[1]; rgb[i + 2] = colour[2]
            }
        }
    }
    return rgb
}

/// Mean over a square of side 2r+1 (defocus-like), or along a horizontal/diagonal line (motion).
private func blurred(_ rgb: [UInt8], width: Int, height: Int, offsets: [(Int, Int)]) -> [UInt8] {
    var out = rgb
    for y in 0..<height {
        for x in 0..<width {
            for c in 0..<3 {
                var sum = 0
                for (dx, dy) in offsets {
                    sum += Int(rgb[(min(height - 1, max(0, y + dy)) * width + min(width - 1, max(0, x + dx))) * 3 + c])
                }
                out[(y * width + x) * 3 + c] = UInt8(sum / offsets.count)
            }
        }
    }
    return out
}

private func asset(width: Int, height: Int, rgb: [UInt8], displayWidth: Int? = nil, displayHeight: Int? = nil, channel: Channel? = nil)
    -> Asset
{
    let image = DecodedImage(
        width: width, height: height, pixels: rgb, displayWidth: displayWidth ?? width, displayHeight: displayHeight ?? height)
    return Asset(path: "generated.png", format: .png, metadata: MediaMetadata(format: .png), image: image, channel: channel)
}

/// Runs the pipeline on one fixture.
private func entry(_ name: String, channel: Channel? = nil) throws -> Report.Entry {
    let path = fixtures.appendingPathComponent(name).path
    let format = try #require(try MediaLoader.sniff(path: path))
    var options = CheckOptions()
    options.limits.maxSecondsPerFile = 900  // what is read, not how fast: OCR under load passes 30 s
    options.channel = channel
    return Pipeline(options: options).check(Candidate(path: path, displayPath: name, kind: .image(format)))
}

@Suite("quality.blur")
struct BlurTests {
    let w = 800, h = 600

    @Test func sharpSceneIsNotBlurred() {
        #expect(BlurQualityCheck().findings(in: asset(width: w, height: h, rgb: scene(width: w, height: h))).isEmpty)
    }

    @Test func defocusIsCaught() {
        let offsets = (-4...4).flatMap { dy in (-4...4).map { dx in (dx, dy) } }
        let a = asset(width: w, height: h, rgb: blurred(scene(width: w, height: h), width: w, height: h, offsets: offsets))
        #expect(BlurQualityCheck().findings(in: a).map(\.rule) == ["quality.blur"])
    }

    @Test(arguments: [(1, 0), (0, 1), (1, 1)])
    func motionIsCaught(direction: (Int, Int)) {
        let offsets = (-8...8).map { (direction.0 * $0, direction.1 * $0) }
        let a = asset(width: w, height: h, rgb: blurred(scene(width: w, height: h), width: w, height: h, offsets: offsets))
        #expect(BlurQualityCheck().findings(in: a).map(\.rule) == ["quality.blur"])
    }

    /// A sharp centre on a defocused background is a sharp subject, not a blurred picture.
    @Test func sharpSubjectOnSoftBackgroundPasses() {
        let sharp = scene(width: w, height: h)
        let offsets = (-5...5).flatMap { dy in (-5...5).map { dx in (dx, dy) } }
        var rgb = blurred(sharp, width: w, height: h, offsets: offsets)
        for y in (h / 3)..<(2 * h / 3) {
            let start = (y * w + w / 3) * 3
            rgb.replaceSubrange(start..<(start + w / 3 * 3), with: sharp[start..<(start + w / 3 * 3)])
        }
        #expect(BlurQualityCheck().findings(in: asset(width: w, height: h, rgb: rgb)).isEmpty)
    }

    @Test func flatPictureIsNotJudged() {
        #expect(BlurQualityCheck().findings(in: asset(width: 300, height: 200, rgb: [UInt8](repeating: 90, count: 300 * 200 * 3))).isEmpty)
    }

    @Test(arguments: ["faces/three-faces.jpg", "faces/back-of-head.jpg", "faces/one-face.jpg"])
    func realSharpPhotosPass(file: String) throws {
        #expect(try entry(file).findings.filter { $0.rule == "quality.blur" }.isEmpty)
    }

    /// The same real photo, defocused: caught.
    @Test func realPhotoDefocusedIsCaught() throws {
        let image = try #require(MediaLoader.load(path: fixtures.appendingPathComponent("faces/three-faces.jpg").path).image)
        let offsets = (-3...3).flatMap { dy in (-3...3).map { dx in (dx, dy) } }
        let a = asset(
            width: image.width, height: image.height, rgb: blurred(image.pixels, width: image.width, height: image.height, offsets: offsets)
        )
        #expect(BlurQualityCheck().findings(in: a).map(\.rule) == ["quality.blur"])
    }

    /// The same real photo moved 13 pixels at 30 degrees (no multiple of 45: the sharpness's own
    /// directions): smeared along it, and caught; the photo itself is not smeared.
    @Test func realPhotoMovedAtAnAngleIsSmeared() throws {
        let image = try #require(MediaLoader.load(path: fixtures.appendingPathComponent("faces/three-faces.jpg").path).image)
        let offsets = (-6...6).map { k in (Int((Double(k) * cos(Double.pi / 6)).rounded()), Int((Double(k) * sin(Double.pi / 6)).rounded()))
        }
        let moved = asset(
            width: image.width, height: image.height, rgb: blurred(image.pixels, width: image.width, height: image.height, offsets: offsets)
        )
        let sharp = asset(width: image.width, height: image.height, rgb: image.pixels)
        let smearOfMoved = try #require(moved.quality.sharpness?.smear)
        let smearOfSharp = try #require(sharp.quality.sharpness?.smear)
        #expect(smearOfSharp < BlurQualityCheck.smearThreshold)
        #expect(smearOfMoved > BlurQualityCheck.smearThreshold)
        #expect(BlurQualityCheck().findings(in: moved).map(\.rule) == ["quality.blur"])
    }

    /// Sensor noise on top of the same motion: neighbouring steps of noise are anticorrelated, which
    /// hid the smear (0.25 before it was corrected for noise, 0.90 after). Moved and noisy, it is caught; the
    /// photo with the same noise alone is not.
    @Test func noisyPhotoMovedAtAnAngleIsStillSmeared() throws {
        // Noise of +-4 grey levels (at +-6 too few tiles stand out of it along the motion, and the
        // smear does not judge the picture: the spread does, below).
        let (moved, sharp) = try noisyPhotoMoved(length: 13, noise: 4, seed: 36)
        let smearOfMoved = try #require(moved.quality.sharpness?.smear)
        let smearOfSharp = try #require(sharp.quality.sharpness?.smear)
        #expect(smearOfMoved > BlurQualityCheck.smearThreshold, "moved: \(smearOfMoved)")
        #expect(smearOfSharp < 0.5, "sharp: \(smearOfSharp)")
        #expect(BlurQualityCheck().findings(in: moved).map(\.rule) == ["quality.blur"])
        #expect(BlurQualityCheck().findings(in: sharp).isEmpty)
    }

    /// The spread follows the blur's length: a scene moved along a line of 9 px spreads about 7 px
    /// along it (6.9 and 7.4: the half-height width of a real ramp's correlation falls short of its
    /// length); the scene itself under 3.5.
    @Test(arguments: [(1, 0), (0, 1)])
    func spreadMeasuresTheLengthOfAMotion(direction: (Int, Int)) throws {
        let sharp = asset(width: w, height: h, rgb: scene(width: w, height: h))
        let offsets = (-4...4).map { (direction.0 * $0, direction.1 * $0) }
        let moved = asset(width: w, height: h, rgb: blurred(scene(width: w, height: h), width: w, height: h, offsets: offsets))
        let spreadOfSharp = try #require(sharp.quality.sharpness?.spread)
        let spreadOfMoved = try #require(moved.quality.sharpness?.spread)
        #expect(spreadOfSharp < 3.5, "sharp: \(spreadOfSharp)")
        #expect((6...11).contains(spreadOfMoved), "moved: \(spreadOfMoved)")
    }

    /// A short motion with noise, the kind both earlier measures missed (docs/ACCURACY.md, stop 41):
    /// the real photo moved 9 px at 30 degrees with noise of +-6 grey levels is caught by its spread
    /// alone (the depth of stop 43 catches it too, and is left out here); the photo with the same
    /// noise is not.
    @Test func shortNoisyMotionIsCaughtByItsSpread() throws {
        let (moved, sharp) = try noisyPhotoMoved(length: 9, noise: 6, seed: 41)
        let measureOfMoved = try #require(moved.quality.sharpness)
        let measureOfSharp = try #require(sharp.quality.sharpness)
        #expect(
            !BlurQualityCheck.isBlurred(measureOfMoved, spreadThreshold: .infinity, depthThreshold: .infinity), "moved: \(measureOfMoved)")
        #expect(BlurQualityCheck.isBlurred(measureOfMoved), "moved: \(measureOfMoved)")
        #expect(!BlurQualityCheck.isBlurred(measureOfSharp), "sharp: \(measureOfSharp)")
    }

    /// A straight motion leaves a trough in the tiles' cepstra at its length along it, whatever the
    /// scene: the real photo moved 11 px at 30 degrees is deep (over the threshold); the photo
    /// itself is not (its tiles' troughs fall at no common lag).
    @Test func depthFindsTheTroughOfAStraightMotion() throws {
        let (moved, sharp) = try noisyPhotoMoved(length: 11, noise: 0, seed: 43)
        let depthOfMoved = try #require(moved.quality.sharpness?.depth)
        let depthOfSharp = try #require(sharp.quality.sharpness?.depth)
        #expect(depthOfMoved > BlurQualityCheck.depthThreshold, "moved: \(depthOfMoved)")
        #expect(depthOfSharp < 1, "sharp: \(depthOfSharp)")
    }

    /// Print whose strokes have one width leaves a trough too (a sharp paragraph at 4.5), but its
    /// edges are crisp: its spread stays under the floor the depth needs, and it is not blurred.
    @Test func sharpPrintHasATroughButIsNotBlurred() throws {
        let image = try #require(MediaLoader.load(path: fixtures.appendingPathComponent("text/contact-paragraph.png").path).image)
        let measure = try #require(asset(width: image.width, height: image.height, rgb: image.pixels).quality.sharpness)
        let depth = try #require(measure.depth), spread = try #require(measure.spread)
        #expect(depth > BlurQualityCheck.depthThreshold, "depth: \(depth)")
        #expect(spread < BlurQualityCheck.depthSpreadFloor, "spread: \(spread)")
        #expect(!BlurQualityCheck.isBlurred(measure))
    }
}

/// `faces/three-faces.jpg` moved `length` pixels (odd) at 30 degrees (no multiple of 45: the
/// sharpness's own directions), then uniform noise of +-`noise` grey levels per channel
/// (deterministic from `seed`); and the photo with the same noise alone.
private func noisyPhotoMoved(length: Int, noise: Int, seed: UInt64) throws -> (moved: Asset, sharp: Asset) {
    let image = try #require(MediaLoader.load(path: fixtures.appendingPathComponent("faces/three-faces.jpg").path).image)
    let offsets = (-(length / 2)...(length / 2)).map { k in
        (Int((Double(k) * cos(Double.pi / 6)).rounded()), Int((Double(k) * sin(Double.pi / 6)).rounded()))
    }
    func noisy(_ rgb: [UInt8]) -> [UInt8] {
        guard noise > 0 else { return rgb }
        var state = seed
        return rgb.map { v in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(min(255, max(0, Int(v) + Int((state >> 33) % UInt64(2 * noise + 1)) - noise)))
        }
    }
    let w = image.width, h = image.height
    return (
        asset(width: w, height: h, rgb: noisy(blurred(image.pixels, width: w, height: h, offsets: offsets))),
        asset(width: w, height: h, rgb: noisy(image.pixels))
    )
}

@Suite("quality.exposure")
struct ExposureTests {
    let w = 400, h = 300

    @Test func darkPictureIsFlagged() {
        let rgb = scene(width: w, height: h).map { $0 / 8 }
        #expect(ExposureQualityCheck().findings(in: asset(width: w, height: h, rgb: rgb)).map(\.message.key) == ["quality.exposure.dark"])
    }

    @Test func washedOutPictureIsFlagged() {
        let rgb = scene(width: w, height: h).map { 200 + $0 / 5 }
        #expect(ExposureQualityCheck().findings(in: asset(width: w, height: h, rgb: rgb)).map(\.message.key) == ["quality.exposure.bright"])
    }

    @Test func normalPictureAndWhitePageWithTextPass() {
        #expect(ExposureQualityCheck().findings(in: asset(width: w, height: h, rgb: scene(width: w, height: h))).isEmpty)
        // A white page with 6% black text strokes keeps its dark tones: not overexposed.
        var page = [UInt8](repeating: 250, count: w * h * 3)
        for y in stride(from: 20, to: h - 20, by: 16) {
            for x in 20..<(w - 20) where (x / 3) % 2 == 0 {
                for c in 0..<3 { page[(y * w + x) * 3 + c] = 10; page[((y + 1) * w + x) * 3 + c] = 10 }
            }
        }
        #expect(ExposureQualityCheck().findings(in: asset(width: w, height: h, rgb: page)).isEmpty)
        // Sparse text (about 1% of the page) too.
        var sparse = [UInt8](repeating: 250, count: w * h * 3)
        for y in stride(from: 20, to: h - 20, by: 60) {
            for x in 20..<(w - 20) where (x / 3) % 2 == 0 {
                for c in 0..<3 { sparse[(y * w + x) * 3 + c] = 10; sparse[((y + 1) * w + x) * 3 + c] = 10 }
            }
        }
        #expect(ExposureQualityCheck().findings(in: asset(width: w, height: h, rgb: sparse)).isEmpty)
        // A blank white picture is washed out.
        #expect(ExposureQualityCheck().findings(in: asset(width: w, height: h, rgb: [UInt8](repeating: 252, count: w * h * 3))).count == 1)
    }
}

@Suite("quality.resolution and quality.orientation")
struct ResolutionTests {
    private func small(_ w: Int, _ h: Int, displayWidth: Int, displayHeight: Int, channel: Channel?) -> Asset {
        asset(
            width: w, height: h, rgb: [UInt8](repeating: 100, count: w * h * 3), displayWidth: displayWidth, displayHeight: displayHeight,
            channel: channel)
    }

    @Test func resolutionDependsOnTheChannel() {
        let check = ResolutionQualityCheck()
        #expect(
            check.findings(in: small(50, 40, displayWidth: 800, displayHeight: 600, channel: nil)).map(\.rule) == ["quality.resolution"])
        #expect(check.findings(in: small(50, 40, displayWidth: 1500, displayHeight: 1000, channel: .website)).isEmpty)
        #expect(check.findings(in: small(50, 40, displayWidth: 2000, displayHeight: 1500, channel: .yearbook)).count == 1)
        #expect(check.findings(in: small(50, 40, displayWidth: 3000, displayHeight: 2000, channel: .yearbook)).isEmpty)
        #expect(check.findings(in: small(50, 40, displayWidth: 1100, displayHeight: 800, channel: .social)).isEmpty)
        let f = check.findings(in: small(50, 40, displayWidth: 2500, displayHeight: 1600, channel: .press))
        #expect(f.first?.message.arguments == ["2500", "press", "3000"])
        #expect(Localizer(.fr).render(f[0].message).contains("presse"))
    }

    @Test func portraitForSocialIsInfo() {
        let check = OrientationQualityCheck()
        let f = check.findings(in: small(30, 40, displayWidth: 1200, displayHeight: 1800, channel: .social))
        #expect(f.map(\.severity) == [.info])
        #expect(check.findings(in: small(30, 40, displayWidth: 1200, displayHeight: 1800, channel: .website)).isEmpty)
        #expect(check.findings(in: small(30, 40, displayWidth: 1200, displayHeight: 1800, channel: nil)).isEmpty)
        #expect(check.findings(in: small(40, 30, displayWidth: 1800, displayHeight: 1200, channel: .social)).isEmpty)
    }

    @Test func realPortraitPhotoForSocial() throws {
        let e = try entry("faces/back-of-head.jpg", channel: .social)
        #expect(e.findings.map(\.rule).contains("quality.orientation"))
    }
}

@Suite("Identifiable faces")
struct FaceAssessmentTests {
    @Test func portraitFaceIsIdentifiable() throws {
        let faces = try #require(try entry("faces/one-face.jpg").faces)
        #expect(faces.identifiable.count == 1)
        #expect(faces.notIdentifiable == 0)
        let r = try #require(faces.identifiable.first?.region)
        #expect(r.height > 100 && r.x > 300)
    }

    @Test func groupFacesAreIdentifiable() throws {
        #expect(try entry("faces/three-faces.jpg").faces?.identifiable.count == 3)
    }

    /// deface blurred every face of this street scene: none is identifiable.
    @Test func blurredOutFacesAreNotIdentifiable() throws {
        let faces = try #require(try entry("faces/faces-blurred-out.jpg").faces)
        #expect(faces.identifiable.isEmpty)
    }

    @Test(arguments: ["faces/dogs-no-person.jpg", "faces/back-of-head.jpg"])
    func noPersonNoFace(file: String) throws {
        let faces = try #require(try entry(file).faces)
        #expect(faces.identifiable.isEmpty)
    }

    /// The same face is identifiable at full size (print) and too small once a website shrinks the
    /// picture to 2048 px.
    @Test func sizeIsJudgedAsPublished() {
        let w = 400, h = 300
        let image = DecodedImage(width: w, height: h, pixels: scene(width: w, height: h), displayWidth: 4000, displayHeight: 3000)
        let face = DetectedFace(x: 1000, y: 1000, width: 40, height: 50, score: 0.9)
        let config = FaceConfiguration()
        #expect(FaceAssessment.assess([face], in: image, channel: .yearbook, configuration: config).identifiable.count == 1)
        let web = FaceAssessment.assess([face], in: image, channel: .website, configuration: config)
        #expect(web.identifiable.isEmpty && web.tooSmall == 1)
        let unsure = FaceAssessment.assess(
            [DetectedFace(x: 0, y: 0, width: 400, height: 500, score: 0.5)], in: image, channel: nil, configuration: config)
        #expect(unsure.uncertain == 1 && unsure.notIdentifiable == 1)
        let ignored = FaceAssessment.assess(
            [DetectedFace(x: 0, y: 0, width: 400, height: 500, score: 0.2)], in: image, channel: nil, configuration: config)
        #expect(ignored == FacesResult())
    }

    /// A face region smeared past recognition is not identifiable; the same region crisp is.
    @Test func blurredFaceRegionIsNotIdentifiable() {
        let w = 400, h = 300
        let crisp = scene(width: w, height: h)
        let offsets = (-10...10).flatMap { dy in (-10...10).map { dx in (dx, dy) } }
        let soft = blurred(crisp, width: w, height: h, offsets: offsets)
        let face = DetectedFace(x: 100, y: 80, width: 120, height: 150, score: 0.9)
        let config = FaceConfiguration()
        let a = FaceAssessment.assess(
            [face], in: DecodedImage(width: w, height: h, pixels: crisp, displayWidth: w, displayHeight: h), channel: nil,
            configuration: config)
        let b = FaceAssessment.assess(
            [face], in: DecodedImage(width: w, height: h, pixels: soft, displayWidth: w, displayHeight: h), channel: nil,
            configuration: config)
        #expect(a.identifiable.count == 1)
        #expect(b.blurred == 1 && b.identifiable.isEmpty)
    }

    @Test func configurationDecodesWithDefaults() throws {
        let c = try JSONDecoder().decode(FaceConfiguration.self, from: Data(#"{"minimumHeight": 48}"#.utf8))
        #expect(c.minimumHeight == 48)
        #expect(c.identifiableScore == FaceConfiguration().identifiableScore)
        #expect(c.networkLongSide == 1024)
    }
}
