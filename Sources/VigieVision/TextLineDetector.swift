import CTextDetect
import Foundation
import VigieMedia

/// A line of text the detector found: a turned rectangle in displayed pixels. `width` runs along the
/// line; `angle` is its direction in degrees, clockwise, in (-90, 90]; `score` the detector's mean
/// probability inside it (0-1).
public struct TextLine: Sendable, Equatable {
    public var centreX: Double
    public var centreY: Double
    public var width: Double
    public var height: Double
    public var angle: Double
    public var score: Double

    /// The line in pixels `factor` times larger.
    public func scaled(by factor: Double) -> TextLine {
        TextLine(
            centreX: centreX * factor, centreY: centreY * factor, width: width * factor, height: height * factor, angle: angle,
            score: score)
    }

    /// How many degrees `other`'s direction turns from this line's (0 to 90: a line has no sense).
    func turn(from other: TextLine) -> Double {
        let d = abs(angle - other.angle).truncatingRemainder(dividingBy: 180)
        return Swift.min(d, 180 - d)
    }

    /// Where `other`'s centre lies from this line's: along this line's direction and across it.
    func offset(of other: TextLine) -> (along: Double, across: Double) {
        let t = angle * .pi / 180, c = cos(t), s = sin(t)
        let dx = other.centreX - centreX, dy = other.centreY - centreY
        return (dx * c + dy * s, -dx * s + dy * c)
    }

    /// The line that this one and `other` are pieces of (`TextReader.joinedAlongRows`), or nil.
    public func joined(with other: TextLine) -> TextLine? {
        let low = Swift.min(height, other.height), high = Swift.max(height, other.height)
        guard turn(from: other) <= OCRTuning.rowAngle, high <= OCRTuning.rowHeightRatio * low else { return nil }
        // Along the line (u) and across it (v), from this line's centre.
        let (u, v) = offset(of: other)
        let gap = abs(u) - (width + other.width) / 2
        guard abs(v) <= high / 3, gap <= OCRTuning.rowGap * high else { return nil }
        // The span of both along the line, across it this line's place.
        let t = angle * .pi / 180, c = cos(t), s = sin(t)
        let start = Swift.min(-width / 2, u - other.width / 2), end = Swift.max(width / 2, u + other.width / 2)
        let middle = (start + end) / 2
        return TextLine(
            centreX: centreX + middle * c, centreY: centreY + middle * s, width: end - start, height: high,
            angle: (angle * width + other.angle * other.width) / (width + other.width), score: Swift.max(score, other.score))
    }

    /// The upright box around the line.
    public var box: Region {
        let t = angle * .pi / 180, c = abs(cos(t)), s = abs(sin(t))
        let w = width * c + height * s, h = width * s + height * c
        let x = Int((centreX - w / 2).rounded(.down)), y = Int((centreY - h / 2).rounded(.down))
        return Region(x: x, y: y, width: Int((centreX + w / 2).rounded(.up)) - x, height: Int((centreY + h / 2).rounded(.up)) - y)
    }
}

/// Why the text detector cannot run. The description names the model location and the fix, never
/// anything about an image.
public struct TextModelError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String {
        "the text model \(path) \(reason); run scripts/setup.sh or set VIGIE_MODEL_DIR to the folder holding \(TextLineDetector.modelName)"
    }
}

/// Owner of one PP-OCRv4 text detector (`vigie_text_detector*`). Not thread-safe: borrow one per
/// worker through `HandlePool`.
public final class TextLineDetector {
    /// The model file: PaddleOCR's PP-OCRv4 detector from the rapidocr_onnxruntime 1.4.4 wheel, its
    /// Clip nodes rewritten for OpenCV 4.6 and its constant scales and shifts after convolutions folded
    /// into them (scripts/patch-text-model.py).
    public static let modelName = "ppocrv4-det.onnx"

    private let handle: OpaquePointer

    public static func defaultModelPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        ModelLocation.path(of: modelName, environment: environment)
    }

    public init(modelPath: String = TextLineDetector.defaultModelPath()) throws {
        guard FileManager.default.isReadableFile(atPath: modelPath) else {
            throw TextModelError(path: modelPath, reason: "is missing or unreadable")
        }
        var out: OpaquePointer?
        let status = vigie_text_detector_create(modelPath, &out)
        guard status == Int32(VIGIE_TEXT_OK), let out else {
            throw TextModelError(path: modelPath, reason: "could not be loaded (status \(status))")
        }
        handle = out
    }

    deinit { vigie_text_detector_destroy(handle) }

    /// Whether `keepingBuffers` is running now: runs inside it leave the buffers to it.
    private var keeps = false

    /// Runs `body`, which may run the network several times, and hands the network's buffers back at
    /// the end. OpenCV keeps a network's buffers for the last input it ran (about 85 MB for a band of
    /// 768x576): a reading hands them back before it reads its lines, so that they do not sit beside
    /// the face network's and the other worker's pictures between runs. A run outside
    /// `keepingBuffers` hands them back at once.
    /// The session counts as one of the process's network runs (`NetworkAllowance`) from start to end.
    public func keepingBuffers<T>(_ body: () throws -> T) rethrows -> T {
        if keeps { return try body() }
        return try NetworkAllowance.run {
            keeps = true
            defer {
                keeps = false
                // A failure to (memory short for a 32x32 input) leaves them for the next run and
                // changes no result.
                _ = vigie_text_detector_release(handle)
            }
            return try body()
        }
    }

    /// The lines of text in `grey` with a score of at least `threshold`, the network run at a long side
    /// of `longSide` (a multiple of 32), in `grey`'s pixels; at most `limit`, the most probable first.
    /// An input of more than `maxPixels` pixels (0: no limit) is run in bands sharing at least
    /// `overlap` network pixels (32 to 512): of rows, or of `columns` for a part of a picture whose
    /// lines may run down it.
    public func lines(
        in grey: GreyImage, longSide: Int, threshold: Double = 0.6, limit: Int = 256, maxPixels: Int = OCRTuning.maxNetworkPixels,
        overlap: Int = OCRTuning.bandOverlap, columns: Bool = false
    ) throws -> [TextLine] {
        try lines(
            in: grey, longSide: longSide, threshold: threshold, limit: limit, maxPixels: maxPixels, overlap: overlap, columns: columns,
            probes: []
        )
        .lines
    }

    /// `lines(in:...)`, and for each of `probes` (parts of `grey`) the highest probability of text
    /// the network gave a pixel inside it (0-1; the pixels of a line are above 0.3).
    public func lines(
        in grey: GreyImage, longSide: Int, threshold: Double = 0.6, limit: Int = 256, maxPixels: Int = OCRTuning.maxNetworkPixels,
        overlap: Int = OCRTuning.bandOverlap, columns: Bool = false, probes: [Region]
    ) throws -> (lines: [TextLine], peaks: [Double]) {
        var boxes = [vigie_text_box](repeating: vigie_text_box(), count: limit)
        let parts = probes.map {
            vigie_text_probe(
                x: Int32(clamping: $0.x), y: Int32(clamping: $0.y), width: Int32(clamping: $0.width), height: Int32(clamping: $0.height))
        }
        var peaks = [Float](repeating: 0, count: probes.count)
        var count: Int32 = 0, found: Int32 = 0
        let status = keepingBuffers {
            grey.pixels.withUnsafeBufferPointer { pixels in
                boxes.withUnsafeMutableBufferPointer { out in
                    parts.withUnsafeBufferPointer { parts in
                        peaks.withUnsafeMutableBufferPointer { peaks in
                            vigie_text_detect(
                                handle, pixels.baseAddress, Int32(grey.width), Int32(grey.height), 1, Int32(longSide),
                                Int32(clamping: maxPixels), Int32(clamping: overlap), columns ? 1 : 0, Float(threshold),
                                out.baseAddress, Int32(limit), &count, &found, parts.baseAddress, Int32(parts.count), peaks.baseAddress)
                        }
                    }
                }
            }
        }
        guard status == Int32(VIGIE_TEXT_OK) else {
            throw MediaError(.corrupt, "text detection failed", underlying: "status \(status)")
        }
        let lines = boxes.prefix(Int(count)).map {
            TextLine(
                centreX: Double($0.cx), centreY: Double($0.cy), width: Double($0.width), height: Double($0.height),
                angle: Double($0.angle), score: Double($0.score))
        }
        return (lines, peaks.map(Double.init))
    }
}

extension GreyImage {
    /// The pixels around (`x`, `y`) turned back by `angle` degrees and scaled by `scale`, on an image
    /// of `width` x `height` with that point in its middle (beyond the picture, its nearest edge).
    /// Nil when OpenCV fails or the size is absurd.
    public func cut(centre x: Double, _ y: Double, angle: Double, scale: Double, width w: Int, height h: Int) -> GreyImage? {
        guard w >= 1, h >= 1, w <= 16384, h <= 16384 else { return nil }
        var out = [UInt8](repeating: 255, count: w * h)
        let status = pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                vigie_text_cut(
                    src.baseAddress, Int32(width), Int32(height), Float(x), Float(y), Float(angle), Float(scale), dst.baseAddress,
                    Int32(w), Int32(h))
            }
        }
        guard status == Int32(VIGIE_TEXT_OK) else { return nil }
        return GreyImage(width: w, height: h, pixels: out)
    }
}
