import CFaceDetect
import Foundation
import VigieMedia

/// One face the detector found, in pixels of the image as displayed (after orientation).
public struct DetectedFace: Sendable, Equatable {
    public let x: Double
    public let y: Double
    public let width: Double
    public let height: Double
    /// Detector confidence, 0...1.
    public let score: Double
    /// Eyes, nose and mouth corners as (x, y) in displayed pixels.
    public let landmarks: [(x: Double, y: Double)]

    public init(x: Double, y: Double, width: Double, height: Double, score: Double, landmarks: [(x: Double, y: Double)] = []) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.score = score
        self.landmarks = landmarks
    }

    public static func == (a: DetectedFace, b: DetectedFace) -> Bool {
        a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height && a.score == b.score
            && a.landmarks.count == b.landmarks.count
            && zip(a.landmarks, b.landmarks).allSatisfy { $0.x == $1.x && $0.y == $1.y }
    }
}

/// Why the face detector cannot run. The description names the model location and the fix, never
/// anything about an image.
public struct FaceModelError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String {
        "the face model \(path) \(reason); run scripts/setup.sh or set VIGIE_MODEL_DIR to the folder holding centerface.onnx"
    }
}

/// Owner of one CenterFace detector (`vigie_face_detector*`). Not thread-safe: borrow one per worker
/// through `HandlePool`.
public final class FaceDetector {
    public typealias Handle = OpaquePointer

    private let handle: Handle
    /// Long side of the network input: faces are looked for at this size.
    public let networkLongSide: Int

    /// The model location: `ModelLocation.path(of: "centerface.onnx")`.
    public static func defaultModelPath(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        isReadable: (String) -> Bool = { FileManager.default.isReadableFile(atPath: $0) }
    ) -> String {
        ModelLocation.path(of: "centerface.onnx", environment: environment, isReadable: isReadable)
    }

    public init(modelPath: String = FaceDetector.defaultModelPath(), networkLongSide: Int = 1024) throws {
        guard FileManager.default.isReadableFile(atPath: modelPath) else {
            throw FaceModelError(path: modelPath, reason: "is missing or unreadable")
        }
        var out: OpaquePointer?
        let status = vigie_face_detector_create(modelPath, &out)
        guard status == Int32(VIGIE_FACE_OK), let out else {
            throw FaceModelError(path: modelPath, reason: "could not be loaded (status \(status))")
        }
        handle = out
        self.networkLongSide = networkLongSide
    }

    deinit { vigie_face_detector_destroy(handle) }

    /// Most a picture is enlarged for the network. A face must be 32 pixels high as displayed to be
    /// identifiable, and the network finds faces of 8 pixels in its input (a 32 px face of a 12 MP
    /// photo at 1024): twice the picture's own size is plenty. On the labelled set (pictures of
    /// 320 to 2204 px, most enlarged about twice) recall is unchanged; a 100x68 picture runs the
    /// network at 224 px instead of three passes at 1024 (docs/BENCHMARKS.md).
    public static let maxEnlargement = 2

    /// The network's long side for a picture of `width` x `height` (working pixels): the detector's,
    /// or less for a small picture (`maxEnlargement`), a multiple of 32 of at least 64.
    public func networkSide(width: Int, height: Int) -> Int {
        let enlarged = Swift.max(width, height) * Self.maxEnlargement
        let rounded = Swift.max(64, NetworkSide.roundedUp(enlarged))
        return Swift.min(networkLongSide, rounded)
    }

    /// Where the network's bands overlap in `image`: the middle row of each overlap, in displayed
    /// pixels, top to bottom; empty when the picture is read in one band.
    public func seams(in image: DecodedImage) -> [Double] {
        var rows = [Float](repeating: 0, count: 64)
        let side = networkSide(width: image.width, height: image.height)
        let n = rows.withUnsafeMutableBufferPointer {
            vigie_face_seams(Int32(image.width), Int32(image.height), Int32(side), $0.baseAddress, 64)
        }
        return rows.prefix(Int(n)).map { Double($0) * image.scale }
    }

    /// Faces with a score of at least `threshold` in a decoded picture, in displayed pixels.
    public func detect(_ image: DecodedImage, threshold: Double = 0.3, limit: Int = 1024) throws -> [DetectedFace] {
        var faces = [vigie_face](repeating: vigie_face(), count: limit)
        var count: Int32 = 0
        let side = networkSide(width: image.width, height: image.height)
        // OpenCV keeps a network's buffers for the last input it ran (about 70 MB for a band): handed
        // back after each picture, within the run's allowance (`NetworkAllowance`), so that they do
        // not sit beside the text network's and the other worker's pictures between runs. A failure
        // to (memory short for a 32x32 input) leaves them for the next run and changes no result.
        let status = NetworkAllowance.run {
            defer { _ = vigie_face_detector_release(handle) }
            return image.pixels.withUnsafeBufferPointer { pixels in
                faces.withUnsafeMutableBufferPointer { out in
                    vigie_face_detect(
                        handle, pixels.baseAddress, Int32(image.width), Int32(image.height), 0,
                        Int32(side), Float(threshold), out.baseAddress, Int32(limit), &count)
                }
            }
        }
        guard status == Int32(VIGIE_FACE_OK) else {
            throw MediaError(.corrupt, "face detection failed", underlying: "status \(status)")
        }
        let s = image.scale
        return faces.prefix(Int(count)).map { f in
            let l = withUnsafeBytes(of: f.landmarks) { Array($0.bindMemory(to: Float.self)) }
            return DetectedFace(
                x: Double(f.x) * s, y: Double(f.y) * s, width: Double(f.width) * s, height: Double(f.height) * s,
                score: Double(f.score),
                landmarks: (0..<5).map { (Double(l[2 * $0]) * s, Double(l[2 * $0 + 1]) * s) })
        }
    }
}
