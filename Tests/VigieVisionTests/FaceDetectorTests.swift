import Foundation
import Testing
import VigieTestSupport
import VigieVision

@testable import VigieMedia

/// Decodes a fixture the way the pipeline does.
private func decoded(_ name: String) throws -> DecodedImage {
    let loaded = MediaLoader.load(path: Fixtures.path(name))
    return try #require(loaded.image)
}

extension DecodedImage {
    /// A part of the picture (tests).
    fileprivate func cropped(x: Int, y: Int, width w: Int, height h: Int) -> DecodedImage {
        var px = [UInt8]()
        px.reserveCapacity(w * h * 3)
        for row in y..<(y + h) { px += pixels[((row * width + x) * 3)..<((row * width + x + w) * 3)] }
        return DecodedImage(width: w, height: h, pixels: px, displayWidth: w, displayHeight: h)
    }

    /// The picture enlarged or reduced by `factor`, bilinear (tests).
    fileprivate func scaled(by factor: Double) -> DecodedImage {
        let w = Int((Double(width) * factor).rounded()), h = Int((Double(height) * factor).rounded())
        var px = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            let sy = min(Double(height - 1), max(0, (Double(y) + 0.5) / factor - 0.5))
            let y0 = Int(sy), y1 = min(height - 1, y0 + 1), fy = sy - Double(y0)
            for x in 0..<w {
                let sx = min(Double(width - 1), max(0, (Double(x) + 0.5) / factor - 0.5))
                let x0 = Int(sx), x1 = min(width - 1, x0 + 1), fx = sx - Double(x0)
                for c in 0..<3 {
                    let a = Double(pixels[(y0 * width + x0) * 3 + c]), b = Double(pixels[(y0 * width + x1) * 3 + c])
                    let d = Double(pixels[(y1 * width + x0) * 3 + c]), e = Double(pixels[(y1 * width + x1) * 3 + c])
                    let v = (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy
                    px[(y * w + x) * 3 + c] = UInt8(max(0, min(255, v.rounded())))
                }
            }
        }
        return DecodedImage(width: w, height: h, pixels: px, displayWidth: w, displayHeight: h)
    }
}

/// Writes generated RGB pixels as a PNG and decodes it through the normal loader.
private func decodedPNG(width: Int, height: Int, rgb: [UInt8]) throws -> DecodedImage {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-face-\(UUID().uuidString).png")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(try PNGWriter.encode(width: width, height: height, rgb: rgb)).write(to: url)
    return try #require(MediaLoader.load(path: url.path).image)
}

@Suite("Face detector (CenterFace through OpenCV)")
struct FaceDetectorTests {
    let detector: FaceDetector
    init() throws { detector = try FaceDetector() }

    @Test func findsTheFaceOfAPortrait() throws {
        let faces = try detector.detect(try decoded("faces/one-face.jpg"), threshold: 0.45)
        #expect(faces.count == 1)
        let f = try #require(faces.first)
        // The face is in the upper middle of the 853x480 picture, about 150 px high.
        #expect(f.x > 330 && f.x < 440 && f.y < 80)
        #expect(f.height > 110 && f.height < 200)
        #expect(f.score > 0.8)
        #expect(f.landmarks.count == 5)
        // The eyes are inside the box, left eye left of the right eye.
        #expect(f.landmarks[0].x < f.landmarks[1].x)
        #expect(f.landmarks.allSatisfy { $0.x >= f.x && $0.x <= f.x + f.width && $0.y >= f.y && $0.y <= f.y + f.height })
    }

    /// A small close-up is enlarged twice for the network and its face spans every band: it comes out
    /// once and whole, not with a chin or a forehead of its own seen by one band.
    @Test func aCloseUpAcrossTheBandsIsOneFace() throws {
        let faces = try detector.detect(try decoded("faces/close-up-small.jpg"), threshold: 0.45)
        #expect(faces.count == 1, "\(faces.map { [$0.x, $0.y, $0.width, $0.height] })")
        let f = try #require(faces.first)
        // The face is about 150 px high in the 320x240 picture, from near its top.
        #expect(f.height > 120 && f.height < 190 && f.y < 60)
    }

    /// A small picture is enlarged at most twice for the network; a photo runs at the detector's size.
    @Test func aSmallPictureIsEnlargedAtMostTwice() {
        #expect(detector.networkSide(width: 100, height: 68) == 224)
        #expect(detector.networkSide(width: 20, height: 12) == 64)
        #expect(detector.networkSide(width: 320, height: 240) == 640)
        #expect(detector.networkSide(width: 500, height: 375) == 1024)
        #expect(detector.networkSide(width: 2048, height: 1536) == 1024)
    }

    /// The portrait reduced to a web thumbnail (its face about 45 px high) is still found, in the
    /// thumbnail's pixels, with the network at twice the thumbnail's size.
    @Test func findsTheFaceOfAThumbnail() throws {
        let thumbnail = try decoded("faces/one-face.jpg").scaled(by: 0.3)
        #expect(detector.networkSide(width: thumbnail.width, height: thumbnail.height) == 512)
        let faces = try detector.detect(thumbnail, threshold: 0.45)
        #expect(faces.count == 1)
        let f = try #require(faces.first)
        #expect(f.x > 95 && f.x < 135 && f.height > 33 && f.height < 60)
        #expect(f.score > 0.6)
    }

    @Test func findsEachFaceOfAGroup() throws {
        let faces = try detector.detect(try decoded("faces/three-faces.jpg"), threshold: 0.45)
        #expect(faces.count == 3)
        #expect(faces.allSatisfy { $0.height > 60 })
    }

    @Test(arguments: ["faces/dogs-no-person.jpg", "faces/back-of-head.jpg"])
    func noFaceWhereNoneShows(file: String) throws {
        #expect(try detector.detect(try decoded(file), threshold: 0.45).isEmpty)
    }

    @Test func noFaceInFlatOrNoisyPictures() throws {
        let w = 640, h = 480
        #expect(try detector.detect(try decodedPNG(width: w, height: h, rgb: [UInt8](repeating: 128, count: w * h * 3))).isEmpty)
        var state: UInt64 = 42
        let noise = (0..<(w * h * 3)).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        #expect(try detector.detect(try decodedPNG(width: w, height: h, rgb: noise), threshold: 0.45).isEmpty)
    }

    /// A portrait pasted into a large generated picture: the box comes back in displayed pixels,
    /// through the working-size decode (3000 px shown, 2048 decoded).
    @Test func boxesAreInDisplayedPixels() throws {
        let face = try decoded("faces/one-face.jpg")
        let w = 3000, h = 2000, ox = 1700, oy = 900
        var rgb = [UInt8](repeating: 200, count: w * h * 3)
        for y in 0..<face.height {
            let src = y * face.width * 3
            let dst = ((oy + y) * w + ox) * 3
            rgb.replaceSubrange(dst..<(dst + face.width * 3), with: face.pixels[src..<(src + face.width * 3)])
        }
        let big = try decodedPNG(width: w, height: h, rgb: rgb)
        #expect(big.displayWidth == w && big.width < w)
        let small = try #require(try detector.detect(face, threshold: 0.45).first)
        let found = try #require(try detector.detect(big, threshold: 0.45).first)
        #expect(abs(found.x - (small.x + Double(ox))) < 20)
        #expect(abs(found.y - (small.y + Double(oy))) < 20)
        #expect(abs(found.height - small.height) < 25)
    }

    /// The network runs on overlapping bands of a large picture (three for 4:3) and once on the whole
    /// of it at a small size. A face on a seam is reported once and whole, whatever its size: a small
    /// one lies inside the overlap and both bands see it; a larger one is cut by both bands' edges and
    /// the coarse pass finds it.
    @Test(arguments: [(1.0, 4000, 3000), (2.5, 4000, 3000), (6.0, 4000, 3000), (2.5, 3000, 4000)])
    func aFaceOnTheSeamOfTheBandsIsFoundOnce(scale: Double, width: Int, height: Int) throws {
        let portrait = try decoded("faces/one-face.jpg")
        let crop = portrait.cropped(x: 250, y: 0, width: 400, height: 330)
        // A close-up that fills its picture spans three bands: still one face.
        let alone = try detector.detect(crop, threshold: 0.45)
        #expect(alone.count == 1, "\(alone.map { [$0.x, $0.y, $0.width, $0.height] })")
        let small = try #require(alone.first)
        let face = crop.scaled(by: scale)
        func picture(faceCentreAt centreY: Int) throws -> DecodedImage {
            let ox = width / 2 - Int((small.x + small.width / 2) * scale)
            let oy = centreY - Int((small.y + small.height / 2) * scale)
            var rgb = [UInt8](repeating: 200, count: width * height * 3)
            for y in 0..<face.height where oy + y >= 0 && oy + y < height {
                let src = y * face.width * 3
                let dst = ((oy + y) * width + ox) * 3
                rgb.replaceSubrange(dst..<(dst + face.width * 3), with: face.pixels[src..<(src + face.width * 3)])
            }
            return try decodedPNG(width: width, height: height, rgb: rgb)
        }
        // The face's centre on the first seam, where two bands overlap.
        let blank = try picture(faceCentreAt: -height)
        let seam = try #require(detector.seams(in: blank).first)
        let big = try picture(faceCentreAt: Int(seam))
        let found = try detector.detect(big, threshold: 0.45)
        #expect(found.count == 1, "\(found.map { [$0.x, $0.y, $0.width, $0.height] })")
        let f = try #require(found.first)
        let expected = small.height * scale
        #expect(abs(f.height - expected) < 0.2 * expected)
        #expect(abs((f.y + f.height / 2) - seam) < 0.15 * expected)
        #expect(abs((f.x + f.width / 2) - Double(width / 2)) < 0.15 * expected)
    }

    /// A 4:3 picture is read in three bands, a panorama in one.
    @Test func aPictureIsReadInBandsUnlessItIsLow() throws {
        let picture = try decodedPNG(width: 4000, height: 3000, rgb: [UInt8](repeating: 90, count: 4000 * 3000 * 3))
        let seams = detector.seams(in: picture)
        #expect(seams.count == 2)
        #expect(seams == seams.sorted())
        #expect(seams.allSatisfy { $0 > 0 && $0 < 3000 })
        let panorama = try decodedPNG(width: 4000, height: 1000, rgb: [UInt8](repeating: 90, count: 4000 * 1000 * 3))
        #expect(detector.seams(in: panorama).isEmpty)
    }

    /// OpenCV 4.6 returns wrong outputs when a Net with layers fused sees an input of another shape
    /// after one it ran: the detector's Net runs unfused and hands its buffers back after each
    /// picture, so results do not depend on what ran before.
    @Test func resultsDoNotDependOnThePreviousPicture() throws {
        let fresh = try FaceDetector()
        let portrait = try decoded("faces/back-of-head.jpg")  // portrait: another network shape
        let square = try decodedPNG(width: 600, height: 600, rgb: [UInt8](repeating: 90, count: 600 * 600 * 3))
        let group = try decoded("faces/three-faces.jpg")
        let before = try fresh.detect(group)
        _ = try fresh.detect(portrait)
        #expect(try fresh.detect(square).isEmpty)
        let after = try fresh.detect(group)
        #expect(before == after)
        #expect(before.count >= 3)
    }

    @Test func missingModelIsAClearError() throws {
        #expect(throws: FaceModelError.self) { try FaceDetector(modelPath: "/nonexistent/centerface.onnx") }
        do {
            _ = try FaceDetector(modelPath: "/nonexistent/centerface.onnx")
        } catch {
            #expect("\(error)".contains("scripts/setup.sh"))
            #expect("\(error)".contains("VIGIE_MODEL_DIR"))
        }
    }

    @Test func brokenModelIsAnErrorNotACrash() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-broken-\(UUID().uuidString).onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("not a model".utf8).write(to: url)
        #expect(throws: FaceModelError.self) { try FaceDetector(modelPath: url.path) }
    }

    @Test func modelPathFollowsTheEnvironment() {
        #expect(FaceDetector.defaultModelPath(environment: ["VIGIE_MODEL_DIR": "/opt/m", "HOME": "/h"]) == "/opt/m/centerface.onnx")
        let none: (String) -> Bool = { _ in false }
        let own = "/h/.local/share/vigie/models/centerface.onnx"
        #expect(FaceDetector.defaultModelPath(environment: ["HOME": "/h"], isReadable: none) == own)
    }

    @Test func modelPathFallsBackToTheSystemDataFolders() {
        let packaged = "/usr/share/vigie/models/centerface.onnx"
        let own = "/h/.local/share/vigie/models/centerface.onnx"
        // Installed by the Debian package only: found with XDG_DATA_DIRS unset, as under sudo or cron.
        #expect(FaceDetector.defaultModelPath(environment: ["HOME": "/h"], isReadable: { $0 == packaged }) == packaged)
        // The user's own copy wins over the packaged one.
        #expect(FaceDetector.defaultModelPath(environment: ["HOME": "/h"], isReadable: { $0 == own || $0 == packaged }) == own)
        // XDG_DATA_DIRS, in order; relative entries are ignored, as the specification says.
        let env = ["HOME": "/h", "XDG_DATA_DIRS": "rel:/opt/a:/opt/b"]
        let inB: (String) -> Bool = { $0.hasPrefix("/opt/b/") || $0.hasPrefix("rel/") }
        #expect(FaceDetector.defaultModelPath(environment: env, isReadable: inB) == "/opt/b/vigie/models/centerface.onnx")
        // An explicit VIGIE_MODEL_DIR is the only place looked, even when it holds nothing.
        #expect(
            FaceDetector.defaultModelPath(environment: ["VIGIE_MODEL_DIR": "/m", "HOME": "/h"], isReadable: { $0 == packaged })
                == "/m/centerface.onnx")
    }
}
