import Foundation
import VigieMedia

/// `metadata.thumbnail`: embedded previews (EXIF and JFIF thumbnails, MPF secondary images, Photoshop
/// thumbnails, HEIF thumbnail items, TIFF reduced-resolution images; a video's cover art and
/// QuickTime thumbnails).
///
/// A preview that shows a different picture or framing from the main image (the uncropped original
/// kept in a cropped file) is an error; a plain downscaled copy is a warning, since the next crop or
/// retouch would leave it behind.
public struct ThumbnailMetadataCheck: Check {
    public static let rule = RuleDescription(
        id: "metadata.thumbnail", defaultSeverity: .error,
        summary: [
            .en:
                "embedded previews (EXIF thumbnail, MPF secondary images, Photoshop or HEIF thumbnails), worst when they show more than the main image",
            .fr:
                "aperçus intégrés (vignette EXIF, images secondaires MPF, vignettes Photoshop ou HEIF), surtout quand ils montrent plus que l'image principale",
        ],
        source: [
            .en: "privacy: a crop does not remove what the preview keeps",
            .fr: "vie privée : un recadrage n'efface pas ce que garde l'aperçu",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        let previews = asset.metadata.previews
        guard !previews.isEmpty else { return [] }
        let differing = previews.filter { $0.framing == .differs }
        if !differing.isEmpty {
            let kinds = Self.kinds(differing)
            return [finding("metadata.thumbnail.differs", [kinds])]
        }
        return [finding("metadata.thumbnail", [Self.kinds(previews)], severity: .warning)]
    }

    static func kinds(_ previews: [EmbeddedPreview]) -> String {
        var seen: [String] = []
        for p in previews where !seen.contains(p.kind.rawValue) { seen.append(p.kind.rawValue) }
        return seen.joined(separator: ", ")
    }
}
