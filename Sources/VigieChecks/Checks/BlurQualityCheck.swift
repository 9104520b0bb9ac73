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

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard let score = asset.quality.sharpness?.score else { return [] }
        guard score < Self.threshold else { return [] }
        return [finding("quality.blur", [String(format: "%.2f", score)])]
    }
}
