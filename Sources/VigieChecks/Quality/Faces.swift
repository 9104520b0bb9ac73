import Foundation
import VigieConsentModel
import VigieMedia
import VigieVision

/// Thresholds that make a detected face identifiable. Defaults come from the evaluation
/// (docs/ACCURACY.md); configuration files may override them.
public struct FaceConfiguration: Sendable, Codable, Equatable {
    /// Run face detection at all.
    public var enabled: Bool = true
    /// Long side of the network input, a multiple of 32. 1024 keeps a 12 MP photo near 210 ms of one
    /// core; 1280 finds smaller faces in large photos for about 1.5 times the cost (docs/BENCHMARKS.md).
    public var networkLongSide: Int = 1024
    /// Detections below this score are ignored (not faces).
    public var detectionThreshold: Double = 0.45
    /// Score at or above which a face is clear enough to recognise (a face turned away or half hidden
    /// scores lower).
    public var identifiableScore: Double = 0.6
    /// Smallest face height, in pixels of the picture as published, that a viewer can recognise.
    public var minimumHeight: Double = 32
    /// Smallest sharpness (`Sharpness` ratio, 0.25 fully smeared to 1 crisp) of the face region. Low on
    /// purpose: a soft but recognisable face must stay identifiable (consent depends on it); only faces
    /// smeared past recognition drop out. At 0.32 a soft, low-contrast but recognisable face of the
    /// corpus was already lost.
    public var minimumSharpness: Double = 0.3

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = FaceConfiguration()
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? d.enabled
        networkLongSide = try c.decodeIfPresent(Int.self, forKey: .networkLongSide) ?? d.networkLongSide
        detectionThreshold = try c.decodeIfPresent(Double.self, forKey: .detectionThreshold) ?? d.detectionThreshold
        identifiableScore = try c.decodeIfPresent(Double.self, forKey: .identifiableScore) ?? d.identifiableScore
        minimumHeight = try c.decodeIfPresent(Double.self, forKey: .minimumHeight) ?? d.minimumHeight
        minimumSharpness = try c.decodeIfPresent(Double.self, forKey: .minimumSharpness) ?? d.minimumSharpness
    }
}

/// One identifiable face as reported.
public struct IdentifiableFace: Sendable, Codable, Equatable {
    public let region: Region
    /// Detector score, rounded to three decimals.
    public let score: Double
}

/// The faces in one picture: those a viewer could recognise, with regions, and how many others there
/// are, by reason.
public struct FacesResult: Sendable, Codable, Equatable {
    public var identifiable: [IdentifiableFace] = []
    /// Faces that are not identifiable: `tooSmall + blurred + uncertain + dismissed`.
    public var notIdentifiable: Int { tooSmall + blurred + uncertain + dismissed }
    /// Smaller than the minimum height as published.
    public var tooSmall = 0
    /// Face region not sharp enough.
    public var blurred = 0
    /// Low detector score: turned away, hidden, or barely a face.
    public var uncertain = 0
    /// Taken as not identifiable by the school (a `faces` entry `ignore` of the manifest).
    public var dismissed = 0

    public init() {}

    /// These faces less those a `ignore` choice claims, counted as dismissed (in a picture `width` ×
    /// `height` as displayed).
    public func dismissing(_ choices: [FaceChoice], width: Int, height: Int) -> FacesResult {
        let ignored = choices.filter { $0.action == .ignore }
        guard !ignored.isEmpty else { return self }
        var result = self
        result.identifiable = identifiable.filter { face in !ignored.contains { $0.matches(face.region, width: width, height: height) } }
        result.dismissed += identifiable.count - result.identifiable.count
        return result
    }

    enum CodingKeys: String, CodingKey { case identifiable, notIdentifiable, tooSmall, blurred, uncertain, dismissed }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(identifiable, forKey: .identifiable)
        try c.encode(notIdentifiable, forKey: .notIdentifiable)
        try c.encode(tooSmall, forKey: .tooSmall)
        try c.encode(blurred, forKey: .blurred)
        try c.encode(uncertain, forKey: .uncertain)
        // Only when the school dismissed a face: reports of folders without choices stay as they were.
        if dismissed > 0 { try c.encode(dismissed, forKey: .dismissed) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        identifiable = try c.decode([IdentifiableFace].self, forKey: .identifiable)
        tooSmall = try c.decode(Int.self, forKey: .tooSmall)
        blurred = try c.decode(Int.self, forKey: .blurred)
        uncertain = try c.decode(Int.self, forKey: .uncertain)
        dismissed = try c.decodeIfPresent(Int.self, forKey: .dismissed) ?? 0
    }
}

/// A detected face with what its assessment reads of the pixels (the sharpness of its region):
/// the detection cache keeps these, so that a cached run sorts faces without decoding the picture.
public struct MeasuredFace: Sendable, Codable, Equatable {
    /// The face box in displayed pixels, and the detector's score.
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public var score: Double
    /// `Sharpness` of the face region; nil when the region is too small to measure.
    public var sharpness: Double?

    public init(x: Double, y: Double, width: Double, height: Double, score: Double, sharpness: Double?) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.score = score
        self.sharpness = sharpness
    }
}

/// Decides which detected faces are identifiable.
public enum FaceAssessment {
    /// Sorts `faces` (in displayed pixels of `image`) into identifiable and not, for a picture meant
    /// for `channel` (nil: judged at full displayed size, the strictest reading).
    public static func assess(_ faces: [DetectedFace], in image: DecodedImage, channel: Channel?, configuration c: FaceConfiguration)
        -> FacesResult
    {
        assess(
            measure(faces, in: image, configuration: c), displaySize: DisplaySize(width: image.displayWidth, height: image.displayHeight),
            channel: channel, configuration: c)
    }

    /// The faces at or above the detection threshold, each with the sharpness of its region in `image`.
    public static func measure(_ faces: [DetectedFace], in image: DecodedImage, configuration c: FaceConfiguration) -> [MeasuredFace] {
        var grey: GreyImage?
        return faces.filter { $0.score >= c.detectionThreshold }.map { face in
            if grey == nil { grey = image.luma() }
            let s = grey.flatMap { sharpness(of: face, in: $0, scale: image.scale) }
            return MeasuredFace(x: face.x, y: face.y, width: face.width, height: face.height, score: face.score, sharpness: s)
        }
    }

    /// Sorts measured faces (in displayed pixels of a picture of `displaySize`) into identifiable
    /// and not, for a picture meant for `channel` (nil: judged at full displayed size, the strictest
    /// reading).
    public static func assess(_ faces: [MeasuredFace], displaySize: DisplaySize, channel: Channel?, configuration c: FaceConfiguration)
        -> FacesResult
    {
        var result = FacesResult()
        let displayLong = Double(max(displaySize.width, displaySize.height))
        let published = channel?.publishedLongSide.map { min(1, Double($0) / max(displayLong, 1)) } ?? 1
        for face in faces where face.score >= c.detectionThreshold {
            if face.score < c.identifiableScore {
                result.uncertain += 1
            } else if face.height * published < c.minimumHeight {
                result.tooSmall += 1
            } else if let s = face.sharpness, s < c.minimumSharpness {
                result.blurred += 1
            } else {
                let region = Region(
                    x: Int(face.x.rounded()), y: Int(face.y.rounded()),
                    width: Int(face.width.rounded()), height: Int(face.height.rounded()))
                result.identifiable.append(IdentifiableFace(region: region, score: (face.score * 1000).rounded() / 1000))
            }
        }
        return result
    }

    /// Sharpness of the face box (working pixels of the shared decode), the face resized so that it is
    /// at most 128 pixels high: a fixed size, as for the whole picture.
    static func sharpness(of face: DetectedFace, in grey: GreyImage, scale: Double) -> Double? {
        let x0 = max(0, Int(face.x / scale)), y0 = max(0, Int(face.y / scale))
        let x1 = min(grey.width, Int((face.x + face.width) / scale)), y1 = min(grey.height, Int((face.y + face.height) / scale))
        guard x1 - x0 >= 8, y1 - y0 >= 8 else { return nil }
        var crop: [UInt8] = []
        crop.reserveCapacity((x1 - x0) * (y1 - y0))
        for y in y0..<y1 { crop += grey.pixels[(y * grey.width + x0)..<(y * grey.width + x1)] }
        var g = GreyImage(width: x1 - x0, height: y1 - y0, pixels: crop)
        if g.height > 128 {
            let w = max(1, g.width * 128 / g.height)
            g = GreyImage(width: w, height: 128, pixels: g.resampled(w, 128).map { UInt8(min(255, max(0, $0.rounded()))) })
        }
        return Sharpness.score(g, x: 0, y: 0, width: g.width, height: g.height)
    }
}
