import Foundation
import VigieConsentModel
import VigieMedia

/// What the school says about a photo besides its pixels: who is in it, where it was taken, where it
/// goes, its caption and tags. Gathered from the file's own metadata, an XMP sidecar
/// (`photo.xmp` or `photo.jpg.xmp`) and the folder's manifest (`vigie.csv`), then the command line.
public struct PhotoDescription: Sendable, Equatable {
    /// People the manifest names (ids or names, as written).
    public var people: [String] = []
    /// Tags the manifest gives.
    public var tags: [String] = []
    public var caption: String?
    public var context: PhotoContext?
    public var channel: Channel?
    /// Names and face regions from the embedded metadata and the sidecar.
    public var metadata = PeopleInMetadata()
    /// Rules the manifest suppresses for this file, with their reasons (`suppress` column).
    public var suppressions: [String: String] = [:]
    /// Entries of the `suppress` column that cannot be honoured (no reason, unknown or file rule):
    /// an error for the file, never a silent pass.
    public var invalidSuppressions: [String] = []
    /// What the school decided for particular faces (the manifest's `faces` column): blur one in
    /// every publish-ready copy, or take one as not identifiable.
    public var faceChoices: [FaceChoice] = []

    public init() {}
}

/// A decision about one face, by where it is: a face whose region overlaps `area` (intersection over
/// union at least 0.3, as for named face regions) is the one meant.
public struct FaceChoice: Sendable, Equatable, Hashable {
    public enum Action: String, Sendable, CaseIterable {
        /// Redacted in every publish-ready copy, whoever it is.
        case blur
        /// Not identifiable (a back, a blur the detector missed): the people rules do not count it.
        case ignore
    }
    public let action: Action
    /// Where the face is, in fractions of the picture as displayed.
    public let area: UnitRect

    public init(_ action: Action, area: UnitRect) {
        self.action = action
        self.area = area
    }

    /// Whether this choice is about the face at `region` of a picture `width` × `height` (displayed).
    public func matches(_ region: Region, width: Int, height: Int) -> Bool {
        area.overlap(UnitRect(region, width: width, height: height)) >= 0.3
    }
}

extension UnitRect {
    /// `region` in fractions of a picture `width` × `height`.
    public init(_ region: Region, width: Int, height: Int) {
        let w = Double(max(width, 1)), h = Double(max(height, 1))
        self.init(
            x: Double(region.x) / w, y: Double(region.y) / h, width: Double(region.width) / w, height: Double(region.height) / h)
    }
}

/// How to read the policies on consent, per context.
public enum ConsentPolicy: String, Sendable, Codable, CaseIterable {
    /// The board's reading, and the default: everyone pictured in the establishment needs a written
    /// authorisation, whatever the context.
    case strict
    /// The district's reading: classroom photos need written consent; at events, sports,
    /// performances and outdoors only an opt-out blocks.
    case district

    /// True when a person pictured in `context` needs a consent on record (false: only an opt-out blocks).
    public func requiresConsent(in context: PhotoContext) -> Bool {
        switch self {
        case .strict: true
        case .district: context == .classroom || context == .other
        }
    }
}

/// What the people rules read besides the picture: the description, the ledger, the day and the policy.
public struct PeopleContext: Sendable {
    public let description: PhotoDescription
    /// Nil when no ledger is configured: the rules that need one stay silent.
    public let ledger: LedgerSnapshot?
    /// The day of publication the consents must cover (today, or `--on`).
    public let day: Day
    public let policy: ConsentPolicy
    /// Context and channel after the defaults: the description's, then the command line's, then
    /// `classroom` and `website`.
    public let context: PhotoContext
    public let channel: Channel
    /// True when the channel came from the manifest or the command line, not the default.
    public let channelWasGiven: Bool
    /// The ledger people the photo names, with where each name came from (see `resolve`).
    public let namedPeople: [(person: Person, source: String, area: UnitRect?)]

    public init(
        description: PhotoDescription, ledger: LedgerSnapshot?, day: Day, policy: ConsentPolicy, context: PhotoContext, channel: Channel,
        channelWasGiven: Bool
    ) {
        self.channelWasGiven = channelWasGiven
        self.description = description
        self.ledger = ledger
        self.day = day
        self.policy = policy
        self.context = context
        self.channel = channel
        self.namedPeople = Self.resolve(description, in: ledger)
    }

    /// The ledger people the photo names (manifest people by id or name; metadata tags by name),
    /// each with where the name came from. Keywords that match nobody are ignored. Resolved once,
    /// here: several rules read it.
    static func resolve(_ description: PhotoDescription, in ledger: LedgerSnapshot?) -> [(person: Person, source: String, area: UnitRect?)]
    {
        guard let ledger else { return [] }
        var out: [(Person, String, UnitRect?)] = []
        var seen = Set<String>()
        for name in description.people {
            if let p = ledger.person(named: name), seen.insert(p.id + "|manifest").inserted { out.append((p, "manifest", nil)) }
        }
        for name in description.tags {
            if let p = ledger.person(named: name), seen.insert(p.id + "|tag").inserted { out.append((p, "tag", nil)) }
        }
        for tag in description.metadata.tags {
            if let p = ledger.person(named: tag.name), seen.insert(p.id + "|" + tag.source.rawValue).inserted {
                out.append((p, tag.source.rawValue, tag.area))
            }
        }
        return out
    }
}
