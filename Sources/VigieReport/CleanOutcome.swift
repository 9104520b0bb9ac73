import Foundation
import VigieChecks
import VigieMedia

/// What `vigie clean` did to one file, as the cleaner left it: carried by the file's entry in the one
/// report model (`FileReport.clean`) and rendered by the clean views (terminal, JSON, HTML).
public struct CleanOutcome: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// A verified copy without metadata was written.
        case cleaned
        /// Nothing to remove: in place the original was left as it is; otherwise copied unchanged.
        case unchanged
        /// Not cleaned; the original is untouched.
        case error
    }

    /// What was removed: a kind and its size in bytes (nil when not measured).
    public typealias Removed = RemovedPart

    /// What `vigie clean --redact` changed in a picture besides its metadata.
    public struct Redaction: Sendable, Codable, Equatable {
        /// One region of the picture, for a before/after view: redacted, or a face kept as it is.
        public struct Area: Sendable, Codable, Equatable {
            /// A redacted face.
            public static let face = "face"
            /// A face left as it is: a person whose consent covers this publication. Not redacted.
            public static let keptFace = "face-kept"

            /// `face`, `face-kept`, or the text rule whose finding was covered (`text.student-id`...).
            public let kind: String
            /// Pixels of the original as displayed (the coordinates of `vigie check`); redacted regions
            /// include their margin, kept faces are as detected.
            public let region: Region

            public init(kind: String, region: Region) {
                self.kind = kind
                self.region = region
            }
        }

        /// blur, pixelate or box.
        public let style: String
        public let facesRedacted: Int
        public let textRegionsCovered: Int
        /// Identifiable faces left as they are: people whose consent covers this publication.
        public let consentedFacesKept: Int
        /// Size of the copy, in pixels (the original's displayed size scaled to the channel's).
        public let width: Int
        public let height: Int
        public let areas: [Area]

        public init(
            style: String, facesRedacted: Int, textRegionsCovered: Int, consentedFacesKept: Int, width: Int, height: Int, areas: [Area]
        ) {
            self.style = style
            self.facesRedacted = facesRedacted
            self.textRegionsCovered = textRegionsCovered
            self.consentedFacesKept = consentedFacesKept
            self.width = width
            self.height = height
            self.areas = areas
        }
    }

    public let path: String
    public let status: Status
    public var format: String?
    public var outputFormat: String?
    public var method: String?
    public var removed: [Removed] = []
    public var kept: [String] = []
    public var bytesBefore: Int?
    public var bytesAfter: Int?
    public var output: String?
    public var error: Message?
    /// Set for `--redact` copies.
    public var redaction: Redaction?
    /// The HTML report's pictures (`--format html` only; never in JSON): the original as displayed
    /// with redacted faces blurred and text covered in its pixels, and the copy as written.
    public var before: Thumbnail?
    public var after: Thumbnail?

    public init(
        path: String, status: Status, format: String? = nil, outputFormat: String? = nil, method: String? = nil,
        removed: [Removed] = [],
        kept: [String] = [], bytesBefore: Int? = nil, bytesAfter: Int? = nil, output: String? = nil, error: Message? = nil
    ) {
        self.path = path
        self.status = status
        self.format = format
        self.outputFormat = outputFormat
        self.method = method
        self.removed = removed
        self.kept = kept
        self.bytesBefore = bytesBefore
        self.bytesAfter = bytesAfter
        self.output = output
        self.error = error
    }
}

/// The totals of a `vigie clean` run.
public struct CleanSummary: Sendable, Codable, Equatable {
    public let files: Int
    public let cleaned: Int
    public let unchanged: Int
    public let converted: Int
    public let errors: Int
    public let bytesRemoved: Int
    /// Copies written with redactions (absent when the run did not redact).
    public let redacted: Int?

    /// `redacting`: the run was `--redact` (the summary then counts redacted copies).
    init(_ outcomes: [CleanOutcome], redacting: Bool) {
        files = outcomes.count
        cleaned = outcomes.filter { $0.status == .cleaned }.count
        unchanged = outcomes.filter { $0.status == .unchanged }.count
        converted = outcomes.filter { $0.status == .cleaned && $0.method == "converted" }.count
        errors = outcomes.filter { $0.status == .error }.count
        bytesRemoved = outcomes.filter { $0.status == .cleaned }.reduce(0) { $0 + $1.removed.reduce(0) { $0 + ($1.bytes ?? 0) } }
        redacted = redacting ? outcomes.filter { $0.redaction != nil }.count : nil
    }
}

/// How a clean run's report is written in JSON: what each file became, in the reader's language, and
/// the totals. The pictures (`before`, `after`) are left out.
struct CleanJSON: Encodable {
    struct File: Encodable {
        let path: String
        let status: CleanOutcome.Status
        let output: String?
        let format: String?
        let outputFormat: String?
        /// lossless, reencoded (pixels identical) or converted (not lossless).
        let method: String?
        let removed: [CleanOutcome.Removed]
        let kept: [String]
        let bytesBefore: Int?
        let bytesAfter: Int?
        let error: String?
        let errorId: String?
        /// Present for `--redact` copies only.
        let redaction: CleanOutcome.Redaction?
    }

    let version: Int
    let language: Language
    let files: [File]
    let summary: CleanSummary

    init(_ report: Report, summary: CleanSummary) {
        let localizer = Localizer(report.language)
        version = report.version
        language = report.language
        files = report.files.compactMap { file in
            file.clean.map { c in
                File(
                    path: file.path, status: c.status, output: c.output, format: c.format, outputFormat: c.outputFormat, method: c.method,
                    removed: c.removed, kept: c.kept, bytesBefore: c.bytesBefore, bytesAfter: c.bytesAfter,
                    error: c.error.map(localizer.render), errorId: c.error?.key, redaction: c.redaction)
            }
        }
        self.summary = summary
    }
}
