import Foundation
import VigieConsentModel
import VigieMedia

/// `quality.exposure`: far too dark (no highlights at all, most of the picture near black) or far too
/// bright (washed out: even the darkest parts are light). A white page with black text is not
/// overexposed, even with sparse text: its darkest half percent stays dark; likewise a night scene
/// with a few lights is not black.
public struct ExposureQualityCheck: Check {
    public static let rule = RuleDescription(
        id: "quality.exposure", defaultSeverity: .warning,
        summary: [.en: "far too dark or too bright", .fr: "beaucoup trop sombre ou trop claire"],
        source: [.en: "district: images hard to look at", .fr: "district : images difficiles à regarder"])

    public init() {}

    /// Mean luma and the 0.5th, 2nd, 98th and 99.5th percentiles of a picture.
    public static func levels(_ grey: GreyImage) -> ExposureLevels {
        let h = GreyHistogram(grey.pixels)
        return ExposureLevels(
            mean: h.mean, darkest: h.percentile(0.005), low: h.percentile(0.02), high: h.percentile(0.98), brightest: h.percentile(0.995))
    }

    public func findings(in asset: Asset) -> [Finding] {
        guard let l = asset.quality.exposure else { return [] }
        if l.mean < 45 && l.high < 110 && l.brightest < 160 { return [finding("quality.exposure.dark", [String(Int(l.mean.rounded()))])] }
        if l.mean > 210 && l.low > 140 && l.darkest > 100 { return [finding("quality.exposure.bright", [String(Int(l.mean.rounded()))])] }
        return []
    }
}
