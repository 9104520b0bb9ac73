import Foundation
import VigieConsentModel
import VigieMedia

/// `quality.blur`: the picture is too blurred to make out what happens. Judged at a fixed working size
/// by `Sharpness` on the best tiles, so a sharp subject on a soft background passes while defocus and
/// motion blur are caught. Pictures with almost no edges (a plain wall, a flat colour) are not judged.
public struct BlurQualityCheck: Check {
    public static let rule = RuleDescription(
        id: "quality.blur", defaultSeverity: .error,
        summary: [
            .en: "too blurred to make out what happens; a sharp subject on a soft background is not blurred",
            .fr: "trop floue pour distinguer ce qui se passe ; un sujet net sur un fond flou n'est pas flou",
        ],
        source: [
            .en: "district: do not post images too blurry to tell what is happening",
            .fr: "district : ne pas publier d'images trop floues pour comprendre ce qui se passe",
        ])

    /// Below this sharpness a picture is blurred (chosen with `vigie-eval blur`, docs/ACCURACY.md).
    public static let threshold = 0.48
    /// Above this smear, too (`Sharpness.smear`): motion the sharpness misses. Since the smear is
    /// corrected for noise (stop 36), soft but publishable real pictures score up to 0.79 (the first
    /// frame of a phone video of a keyboard, `video/3gp5-xyz-zero-gps.mp4`; a scanned identity card
    /// 0.76), so 0.80; no sharp picture of the three blur sets scores above 0.74 (docs/ACCURACY.md).
    public static let smearThreshold = 0.80
    /// Above this spread, in pixels of the 1024 px working picture (`Sharpness.spread`): the short
    /// motion and camera shake both measures above miss. Chosen on one blur set (kernel set seed
    /// 36: its sharp pictures up to 4.4, sharp subjects on soft grounds), with margin; reported on the
    /// others (docs/ACCURACY.md, stop 41).
    public static let spreadThreshold = 5.0
    /// Above this depth (`Sharpness.depth`: a straight motion's trough in the tiles' cepstra) with a
    /// spread over `depthSpreadFloor`, too: straight motions of 5-20 px whose spread thin features
    /// shorten. The depth was chosen on one blur set (kernel seed 36: sharp pictures up to 0.36,
    /// moved ones missed 2.6 and more), with margin above the corpus's sharp photos (a sign at 1.55);
    /// sharp print, whose strokes of one width leave a trough too (a page at 4.55), spreads under
    /// 2.3, the moved pictures it recovers 2.75 and more: docs/ACCURACY.md, "Blur", stop 43.
    public static let depthThreshold = 2.0
    public static let depthSpreadFloor = 2.5

    /// Whether a picture with these measures is blurred.
    public static func isBlurred(
        _ measure: SharpnessMeasure, threshold: Double = threshold, smearThreshold: Double = smearThreshold,
        spreadThreshold: Double = spreadThreshold, depthThreshold: Double = depthThreshold
    ) -> Bool {
        let moved = (measure.depth.map { $0 > depthThreshold } ?? false) && (measure.spread.map { $0 > depthSpreadFloor } ?? false)
        return (measure.score.map { $0 < threshold } ?? false) || (measure.smear.map { $0 > smearThreshold } ?? false)
            || (measure.spread.map { $0 > spreadThreshold } ?? false) || moved
    }

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard let measure = asset.quality.sharpness, Self.isBlurred(measure) else { return [] }
        let figure = { (value: Double?) in value.map { String(format: "%.2f", $0) } ?? "-" }
        let tenths = { (value: Double?) in value.map { String(format: "%.1f", $0) } ?? "-" }
        return [finding("quality.blur", [figure(measure.score), figure(measure.smear), tenths(measure.spread), tenths(measure.depth)])]
    }
}
