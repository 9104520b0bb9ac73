import Foundation
import VigieMedia

/// `metadata.identifying`: metadata that ties the photo to a device or a person.
///
/// Flags camera and lens serial numbers, owner, artist, author, creator, by-line and copyright names,
/// maker notes, unique image and document ids, editing history, and the computer name; in videos,
/// GoPro serial boxes and GPMF `CASN`, author and artist tags, Apple `content.identifier` and GoPro
/// media ids. Make, model and software are not flagged (for photos neither). Reports the kinds found
/// and where, never their values.
public struct IdentifyingMetadataCheck: Check {
    public static let rule = RuleDescription(
        id: "metadata.identifying", defaultSeverity: .warning,
        summary: [
            .en: "serial numbers of camera or lens, owner or artist names, maker notes, unique image ids, editing history",
            .fr:
                "numéros de série d'appareil ou d'objectif, noms de propriétaire ou d'artiste, notes du fabricant, identifiants uniques, historique de modification",
        ],
        source: [
            .en: "district: you are not anonymous",
            .fr: "district : vous n'êtes pas anonyme",
        ])

    public init() {}

    enum Kind: String, CaseIterable {
        case serial = "camera or lens serial number"
        case owner = "owner or author name"
        case makerNotes = "maker notes"
        case uniqueID = "unique image id"
        case history = "editing history"
        case computer = "computer name"
    }

    static let exifKinds: [UInt16: Kind] = [
        0xA431: .serial, 0xA435: .serial, 0xC62F: .serial,
        0xA430: .owner, 0x013B: .owner, 0x8298: .owner, 0x9C9D: .owner,
        0x927C: .makerNotes,
        0xA420: .uniqueID,
        0x013C: .computer,
    ]

    static func xmpKind(_ p: XMPProperty) -> Kind? {
        switch (p.namespace, p.name) {
        case (XMPNamespace.aux, "SerialNumber"), (XMPNamespace.aux, "LensSerialNumber"),
            (XMPNamespace.exifEX, "BodySerialNumber"), (XMPNamespace.exifEX, "LensSerialNumber"):
            return .serial
        case (XMPNamespace.aux, "OwnerName"), (XMPNamespace.exifEX, "CameraOwnerName"), (XMPNamespace.dc, "creator"),
            (XMPNamespace.dc, "rights"), (XMPNamespace.xmpRights, "Owner"), (XMPNamespace.tiff, "Artist"),
            (XMPNamespace.tiff, "Copyright"), (XMPNamespace.photoshop, "AuthorsPosition"),
            (XMPNamespace.photoshop, "CaptionWriter"), (XMPNamespace.photoshop, "Credit"):
            return .owner
        case (XMPNamespace.xmpMM, "DocumentID"), (XMPNamespace.xmpMM, "InstanceID"), (XMPNamespace.xmpMM, "OriginalDocumentID"),
            (XMPNamespace.exif, "ImageUniqueID"):
            return p.parents.contains("History") ? .history : .uniqueID
        case (XMPNamespace.photoshop, "History"), (XMPNamespace.photoshop, "DocumentAncestors"):
            return .history
        default:
            if p.parents.contains("CreatorContactInfo") { return .owner }
            if p.namespace == XMPNamespace.xmpMM
                && (p.parents.contains("History") || p.parents.contains("DerivedFrom") || p.parents.contains("Ingredients"))
            {
                return .history
            }
            return nil
        }
    }

    static let iptcOwnerDatasets: Set<Int> = [80, 85, 116, 118, 122]

    public func findings(in asset: Asset) -> [Finding] {
        var kinds = Set<Kind>()
        var places: [String] = []
        func note(_ k: Kind, _ where_: String) {
            kinds.insert(k)
            if !places.contains(where_) { places.append(where_) }
        }
        for block in asset.metadata.exif {
            for e in block.entries where e.directory != .gps {
                guard let k = Self.exifKinds[e.tag] else { continue }
                let present = e.type == 2 || (0x9C9B...0x9C9F).contains(e.tag) ? !e.text.isEmpty : !e.value.isEmpty
                if present { note(k, "EXIF") }
            }
        }
        for block in asset.metadata.xmp {
            for p in block.properties { if let k = Self.xmpKind(p) { note(k, "XMP") } }
        }
        for block in asset.metadata.iptc
        where block.datasets.contains(where: { $0.record == 2 && Self.iptcOwnerDatasets.contains($0.dataset) && !$0.text.isEmpty }) {
            note(.owner, "IPTC")
        }
        if let movie = asset.metadata.movie {
            let movieKinds: [(MovieMetadata.Kind, Kind)] = [(.serial, .serial), (.owner, .owner), (.uniqueID, .uniqueID)]
            for (movieKind, kind) in movieKinds {
                for place in movie.places(movieKind) { note(kind, place) }
            }
        }
        guard !kinds.isEmpty else { return [] }
        let ordered = Kind.allCases.filter(kinds.contains).map(\.rawValue)
        return [finding("metadata.identifying", [ordered.joined(separator: ", "), places.joined(separator: ", ")])]
    }
}
