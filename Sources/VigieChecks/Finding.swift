import Foundation
import Synchronization
import VigieConsentModel
import VigieMedia
import VigieVision

/// How serious a finding is. Ordered: info < warning < error.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A message to show, as a catalogue key and its arguments: rendered in the reader's language by
/// `Localizer`. Arguments never carry personal data (no metadata values, no OCR text, no names).
public struct Message: Sendable, Codable, Equatable, Hashable {
    public let key: String
    public let arguments: [String]

    public init(_ key: String, _ arguments: [String] = []) {
        self.key = key
        self.arguments = arguments
    }
}

/// Why a finding does not block its file although it was found: accepted in a baseline, or
/// suppressed with a reason in the folder's manifest. The finding is still reported, marked as such.
public struct Suppression: Sendable, Codable, Equatable, Hashable {
    public enum Kind: String, Sendable, Codable {
        /// Recorded in the baseline given with `--baseline` (same file content, same rule).
        case baseline
        /// Suppressed for this file in the folder's `vigie.csv` (`suppress` column), with a reason.
        case manifest
    }
    public let kind: Kind
    /// The reason written in the manifest; for a baseline, a fixed text.
    public let reason: String

    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }
}

/// One thing wrong with one file.
public struct Finding: Sendable, Codable, Equatable, Hashable {
    public let rule: String
    public var severity: Severity
    public let message: Message
    public let region: Region?
    /// Seconds into a video of the frame the finding was seen in (its region is in that frame); nil
    /// for a photo and for what concerns the whole video.
    public var time: Double? = nil
    /// Set when the finding was accepted (baseline) or suppressed (manifest): it then blocks nothing.
    /// Findings of the file rules are never suppressed (what could not be checked is never cleared).
    public var suppression: Suppression? = nil

    public init(rule: String, severity: Severity, message: Message, region: Region? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.region = region
    }
}

/// What a check looks at: one file, loaded once.
public struct Asset: Sendable {
    /// The path as shown to the user.
    public let path: String
    /// The image format; nil for a video (its container is `metadata.movie`).
    public let format: ImageFormat?
    public let metadata: MediaMetadata
    /// The working-size decode; nil when it failed (the pipeline then reports `file.unreadable`), or
    /// when the file's detections came from the detection cache (`displaySize` and the quality
    /// measures then stand in for it).
    public let image: DecodedImage?
    /// The picture's size as displayed: `image`'s, or the cached one; nil when it was not decoded.
    public let displaySize: DisplaySize?
    /// The quality rules' measures, made from `image` on first use or given by the cache.
    let quality: QualityMemo
    /// Faces found in `image`, nil when face detection did not run.
    public var faces: FacesResult? { didSet { accountingMemo = AccountingMemo() } }
    /// Where the picture is meant to be published, nil when not said.
    public var channel: Channel?
    /// Who is named in the photo, where it goes, the ledger; nil when the people rules do not run.
    public var people: PeopleContext? { didSet { accountingMemo = AccountingMemo() } }
    /// Which face is whose and who consented, worked out once (it asks the ledger) for the rules, the
    /// redaction plan and the reports that all need it; renewed when faces or people change.
    private var accountingMemo = AccountingMemo()
    /// Words of the caption that neither the English nor the French dictionary knows; nil when there
    /// is no caption.
    public var captionUnknownWords: Int? = nil
    /// The text read in the picture; nil when OCR did not run (no decode, or OCR turned off).
    public var text: RecognizedText? = nil
    /// District patterns, roster and masking for the text rules.
    public var textSettings = TextCheckSettings()

    public init(
        path: String, format: ImageFormat?, metadata: MediaMetadata, image: DecodedImage?, faces: FacesResult? = nil,
        channel: Channel? = nil,
        people: PeopleContext? = nil
    ) {
        self.path = path
        self.format = format
        self.metadata = metadata
        self.image = image
        self.displaySize = image.map { DisplaySize(width: $0.displayWidth, height: $0.displayHeight) }
        self.quality = QualityMemo(image: image)
        self.faces = faces
        self.channel = channel
        self.people = people
    }

    /// An asset whose pixels were not decoded: what the detection cache kept of them (the size as
    /// displayed, the quality measures) stands in for them.
    public init(
        path: String, format: ImageFormat?, metadata: MediaMetadata, displaySize: DisplaySize, quality: QualityMeasures,
        channel: Channel? = nil
    ) {
        self.path = path
        self.format = format
        self.metadata = metadata
        self.image = nil
        self.displaySize = displaySize
        self.quality = QualityMemo(image: nil, given: quality)
        self.channel = channel
    }

    /// The quality measures made (or given) so far, for the detection cache.
    public var qualityMeasures: QualityMeasures { quality.current }

    /// The face accounting of this asset with its `people`, computed on first use; nil without people.
    var accounting: FaceAccounting? {
        guard let people else { return nil }
        return accountingMemo.value { FaceAccounting(self, people) }
    }
}

/// A value computed at most once, shared by the copies of the asset that holds it.
final class AccountingMemo: Sendable {
    private let stored = Mutex<FaceAccounting?>(nil)

    func value(_ make: () -> FaceAccounting) -> FaceAccounting {
        stored.withLock { stored in
            if let stored { return stored }
            let made = make()
            stored = made
            return made
        }
    }
}
