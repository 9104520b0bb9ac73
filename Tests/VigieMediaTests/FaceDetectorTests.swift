import Foundation
import Testing

@testable import VigieMedia

/// Decodes a fixture the way the pipeline does.
private func decoded(_ name: String) throws -> DecodedImage {
    let loaded = MediaLoader.load(path: fixtures.appendingPathComponent(name).path)
    return try #require(loaded.image)
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

    /// OpenCV 4.6 returns wrong outputs when a Net sees a smaller input after a larger one: the
    /// detector keeps one Net per shape (at most two, the oldest dropped), so results do not depend
    /// on what ran before.
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
        #expect(FaceDetector.defaultModelPath(environment: ["HOME": "/h"]) == "/h/.local/share/vigie/models/centerface.onnx")
    }
}
