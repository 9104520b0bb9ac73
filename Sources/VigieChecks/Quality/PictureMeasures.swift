import Foundation
import Synchronization
import VigieMedia

/// The size of a picture as displayed (after EXIF orientation), in pixels.
public struct DisplaySize: Sendable, Codable, Equatable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// The grey levels `quality.exposure` judges: mean luma and the 0.5th, 2nd, 98th and 99.5th percentiles.
public struct ExposureLevels: Sendable, Codable, Equatable {
    public var mean: Double
    public var darkest: Int
    public var low: Int
    public var high: Int
    public var brightest: Int

    public init(mean: Double, darkest: Int, low: Int, high: Int, brightest: Int) {
        self.mean = mean
        self.darkest = darkest
        self.low = low
        self.high = high
        self.brightest = brightest
    }
}

/// `Sharpness.score`, `Sharpness.smear`, `Sharpness.spread` and `Sharpness.depth` of a whole
/// picture at the quality working size; each is nil when the picture has too few edges for it.
public struct SharpnessMeasure: Sendable, Codable, Equatable {
    public var score: Double?
    public var smear: Double?
    public var spread: Double?
    public var depth: Double?

    public init(score: Double?, smear: Double? = nil, spread: Double? = nil, depth: Double? = nil) {
        self.score = score
        self.smear = smear
        self.spread = spread
        self.depth = depth
    }

    /// The four measures of `grey`, a picture at the quality working size (`QualityImage.grey`).
    public init(of grey: GreyImage) {
        self.init(score: Sharpness.score(grey), smear: Sharpness.smear(grey), spread: Sharpness.spread(grey), depth: Sharpness.depth(grey))
    }
}

/// What the quality rules measure on a picture's pixels. A part is nil when it was not measured
/// (its rule was off); the detection cache keeps the parts that were, so that a cached run judges
/// the picture without decoding it.
public struct QualityMeasures: Sendable, Codable, Equatable {
    public var sharpness: SharpnessMeasure?
    public var exposure: ExposureLevels?

    public init(sharpness: SharpnessMeasure? = nil, exposure: ExposureLevels? = nil) {
        self.sharpness = sharpness
        self.exposure = exposure
    }
}

/// The quality measures of one asset: each made from its pixels on first use, or given without
/// pixels (from the detection cache). Shared by the copies of the asset that holds it.
final class QualityMemo: Sendable {
    private let image: DecodedImage?
    private let stored: Mutex<QualityMeasures>
    /// The picture at the quality working size (`QualityImage.grey`), made once for every measure.
    private let workingGrey = Mutex<GreyImage?>(nil)

    init(image: DecodedImage?, given: QualityMeasures = QualityMeasures()) {
        self.image = image
        self.stored = Mutex(given)
    }

    /// What was measured or given so far.
    var current: QualityMeasures { stored.withLock { $0 } }

    /// The working-size grey of the picture, nil without pixels.
    private var grey: GreyImage? {
        guard let image else { return nil }
        return workingGrey.withLock { known in
            if let known { return known }
            let made = QualityImage.grey(image)
            known = made
            return made
        }
    }

    var sharpness: SharpnessMeasure? {
        if let known = current.sharpness { return known }
        guard let grey else { return nil }
        let made = SharpnessMeasure(of: grey)
        stored.withLock { $0.sharpness = made }
        return made
    }

    var exposure: ExposureLevels? {
        if let known = current.exposure { return known }
        guard let grey else { return nil }
        let made = ExposureQualityCheck.levels(grey)
        stored.withLock { $0.exposure = made }
        return made
    }
}
