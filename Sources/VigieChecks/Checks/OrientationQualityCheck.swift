import Foundation
import VigieConsentModel
import VigieMedia

/// `quality.orientation` (info): a portrait picture for a channel where landscape shows best
/// (`--channel social` or `personal`). Square-ish pictures (up to 5% taller than wide) pass.
public struct OrientationQualityCheck: Check {
    public static let rule = RuleDescription(
        id: "quality.orientation", defaultSeverity: .info,
        summary: [
            .en: "portrait picture for a channel where landscape shows best",
            .fr: "image en portrait pour un canal où le paysage s'affiche mieux",
        ],
        source: [
            .en: "district: horizontal photos look best on Facebook and Twitter",
            .fr: "district : les photos horizontales s'affichent mieux sur Facebook et Twitter",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard let size = asset.displaySize, let channel = asset.channel, channel.prefersLandscape else { return [] }
        guard Double(size.height) > Double(size.width) * 1.05 else { return [] }
        return [finding("quality.orientation", [channel.rawValue])]
    }
}
