import Foundation
import VigieMedia

/// `metadata.trailer`: data after the end of the image (after JPEG EOI beyond any MPF images, after
/// PNG IEND, GIF trailer or the WebP RIFF payload). Padding (zeros, 0xFF fill) is not reported.
public struct TrailerMetadataCheck: Check {
    public static let rule = RuleDescription(
        id: "metadata.trailer", defaultSeverity: .warning,
        summary: [
            .en: "data after the end of the image (motion-photo video, vendor trailers)",
            .fr: "données après la fin de l'image (vidéo de photo animée, données de fabricant)",
        ],
        source: [.en: "privacy", .fr: "vie privée"])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard asset.metadata.trailerLength > 0 else { return [] }
        return [finding("metadata.trailer", [String(asset.metadata.trailerLength)])]
    }
}
