import Foundation
import VigieMedia

/// `metadata.location`: GPS coordinates or place names in EXIF, XMP or IPTC, in any container.
///
/// Flags: an EXIF GPS latitude or longitude with a value (0,0 included: a phone wrote it), XMP
/// `exif:GPSLatitude`-like properties in any namespace, XMP place names (photoshop:City,
/// Iptc4xmpCore:Location, Iptc4xmpExt City and Sublocation), IPTC City (2:90) and Sub-location (2:92).
/// In videos (MP4, QuickTime, 3GP): `udta` `©xyz`/`@xyz` and 3GPP `loci`, Apple `location.*` keys,
/// `ilst` `©xyz`, GoPro GPMF telemetry with a fix, and timed metadata tracks that may hold a location;
/// a video's coordinates of 0,0 are "no fix" and not flagged.
/// Does not flag: a GPS directory that holds only a version, altitude or time but no coordinates;
/// country or state names alone.
public struct LocationMetadataCheck: Check {
    public static let rule = RuleDescription(
        id: "metadata.location", defaultSeverity: .error,
        summary: [
            .en:
                "GPS coordinates or place names in EXIF, XMP or IPTC, in any container; in a video's boxes (udta, Apple keys, 3GPP loci) and telemetry or timed metadata tracks",
            .fr:
                "coordonnées GPS ou noms de lieux dans EXIF, XMP ou IPTC, quel que soit le conteneur ; dans les boîtes d'une vidéo (udta, clés Apple, loci 3GPP) et ses pistes de télémétrie ou de métadonnées minutées",
        ],
        source: [
            .en: "board guide 3 (address, confidential details); district (student privacy)",
            .fr: "commission, guide 3 (adresse, renseignements confidentiels) ; district (vie privée des élèves)",
        ])

    public init() {}

    static let gpsCoordinateTags: Set<UInt16> = [0x0002, 0x0004, 0x0014, 0x0016]
    static let xmpCoordinateNames: Set<String> = [
        "gpslatitude", "gpslongitude", "gpsdestlatitude", "gpsdestlongitude", "latitude", "longitude", "gpslat", "gpslong", "gpslon",
    ]

    public func findings(in asset: Asset) -> [Finding] {
        var gps: [String] = []
        var places: [String] = []
        func add(_ list: inout [String], _ s: String) { if !list.contains(s) { list.append(s) } }

        for block in asset.metadata.exif {
            let where_ = "EXIF (\(block.container.rawValue))"
            if Self.hasCoordinates(block.entries) { add(&gps, where_) }
            if block.entries.contains(where: {
                $0.directory == .gps && $0.tag == 0x001C && !$0.text.isEmpty && $0.text.lowercased() != "ascii"
            }) {
                add(&places, where_)
            }
        }
        for block in asset.metadata.xmp {
            let where_ = "XMP (\(block.container.rawValue))"
            for p in block.properties {
                if Self.isCoordinate(p) { add(&gps, where_) }
                if Self.isPlaceName(p) { add(&places, where_) }
            }
        }
        for block in asset.metadata.iptc
        where block.datasets.contains(where: { $0.record == 2 && ($0.dataset == 90 || $0.dataset == 92) && !$0.text.isEmpty }) {
            add(&places, "IPTC (\(block.container.rawValue))")
        }
        if let movie = asset.metadata.movie {
            for place in movie.places(.location) { add(&gps, place) }
            for place in movie.places(.place) { add(&places, place) }
        }
        var out: [Finding] = []
        if !gps.isEmpty { out.append(finding("metadata.location.gps", [gps.joined(separator: ", ")])) }
        if !places.isEmpty { out.append(finding("metadata.location.place", [places.joined(separator: ", ")])) }
        return out
    }

    /// A GPS latitude or longitude entry holding at least one rational with a non-zero denominator.
    static func hasCoordinates(_ entries: [ExifEntry]) -> Bool {
        entries.contains { e in
            guard e.directory == .gps, gpsCoordinateTags.contains(e.tag), e.count >= 1 else { return false }
            for i in 0..<Swift.min(e.count, 3) {
                if let (_, d) = e.rational(i), d != 0 { return true }
            }
            return false
        }
    }

    static func isCoordinate(_ p: XMPProperty) -> Bool {
        xmpCoordinateNames.contains(p.name.lowercased()) && p.value.contains(where: \.isNumber)
    }

    static func isPlaceName(_ p: XMPProperty) -> Bool {
        switch (p.namespace, p.name) {
        case (XMPNamespace.photoshop, "City"), (XMPNamespace.iptcCore, "Location"),
            (XMPNamespace.iptcExt, "City"), (XMPNamespace.iptcExt, "Sublocation"), (XMPNamespace.iptcExt, "LocationName"),
            (XMPNamespace.exif, "GPSAreaInformation"):
            return true
        default:
            return false
        }
    }
}
