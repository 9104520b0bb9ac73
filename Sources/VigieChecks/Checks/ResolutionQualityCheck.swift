import Foundation
import VigieConsentModel
import VigieMedia

/// `quality.resolution`: the long side of the displayed picture is below what the channel needs
/// (`Channel.minimumLongSide`; website when no channel is given).
public struct ResolutionQualityCheck: Check {
    public static let rule = RuleDescription(
        id: "quality.resolution", defaultSeverity: .warning,
        summary: [.en: "too small for the channel it is meant for", .fr: "trop petite pour le canal prévu"],
        source: [
            .en: "district: choose the best photo for the platform",
            .fr: "district : choisir la meilleure photo pour la plateforme",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard let size = asset.displaySize else { return [] }
        let channel = asset.channel ?? .website
        let long = max(size.width, size.height)
        guard long < channel.minimumLongSide else { return [] }
        return [finding("quality.resolution", [String(long), channel.rawValue, String(channel.minimumLongSide)])]
    }
}
