import Foundation

/// What an MP4, QuickTime or 3GP file says about itself, each piece with the box it was found in
/// (never its value).
public struct MovieMetadata: Sendable {
    /// What a piece of movie metadata is, for the rules.
    public enum Kind: String, Sendable, Codable {
        /// Coordinates with a fix (0,0 is no fix), or a timed metadata track that may hold them.
        case location
        /// A place name (3GPP `loci` name, Apple `location.name`).
        case place
        case serial
        /// An author, artist, performer or copyright holder.
        case owner
        /// An id that links the file to another (Apple `content.identifier`, GoPro media ids).
        case uniqueID
        /// Make, model, software, firmware: removed by `vigie clean`, not flagged (as for photos).
        case device
        /// Any other tag (title, description, dates, encoder): removed by `vigie clean`, not flagged.
        case text
    }

    public struct Entry: Sendable, Equatable {
        public let kind: Kind
        /// Where it is, as messages name it: "QuickTime udta ©xyz", "moov/meta keys (….location.ISO6709)".
        public let place: String
    }

    public let container: MediaContainer
    public var entries: [Entry] = []
    /// Tracks by handler and format, for the report ("vide avc1, soun mp4a, meta gpmd").
    public var tracks: [(handler: String, format: String)] = []
    public var fragmented = false
    /// The last box runs past the end of the file.
    public var truncated = false

    public init(container: MediaContainer) { self.container = container }

    mutating func add(_ kind: Kind, _ place: String) {
        let entry = Entry(kind: kind, place: place)
        if !entries.contains(entry) { entries.append(entry) }
    }

    /// The places of the entries of `kind`, in the order found.
    public func places(_ kind: Kind) -> [String] { entries.filter { $0.kind == kind }.map(\.place) }
}
