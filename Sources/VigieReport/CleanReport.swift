import Foundation
import VigieChecks
import VigieMedia

/// What `vigie clean` did, file by file: one model for the terminal and JSON renderers.
public struct CleanReport: Sendable, Codable, Equatable {
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

    /// One file as the cleaner left it (before rendering).
    public struct Entry: Sendable {
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

    public struct File: Sendable, Codable, Equatable {
        public let path: String
        public let status: Status
        public let output: String?
        public let format: String?
        public let outputFormat: String?
        /// lossless, reencoded (pixels identical) or converted (not lossless).
        public let method: String?
        public let removed: [Removed]
        public let kept: [String]
        public let bytesBefore: Int?
        public let bytesAfter: Int?
        public let error: String?
        public let errorId: String?
        /// Present for `--redact` copies only.
        public let redaction: Redaction?
    }

    public struct Summary: Sendable, Codable, Equatable {
        public let files: Int
        public let cleaned: Int
        public let unchanged: Int
        public let converted: Int
        public let errors: Int
        public let bytesRemoved: Int
        /// Copies written with redactions (absent when the run did not redact).
        public let redacted: Int?
    }

    public let version: Int
    public let language: Language
    public let files: [File]
    public let summary: Summary

    /// `redacting`: the run was `--redact` (the summary then counts redacted copies).
    public init(entries: [Entry], language: Language, redacting: Bool = false) {
        let localizer = Localizer(language)
        self.version = 1
        self.language = language
        self.files = entries.sorted { $0.path < $1.path }.map { e in
            File(
                path: e.path, status: e.status, output: e.output, format: e.format, outputFormat: e.outputFormat, method: e.method,
                removed: e.removed,
                kept: e.kept, bytesBefore: e.bytesBefore, bytesAfter: e.bytesAfter, error: e.error.map(localizer.render),
                errorId: e.error?.key,
                redaction: e.redaction)
        }
        self.summary = Summary(
            files: entries.count, cleaned: entries.filter { $0.status == .cleaned }.count,
            unchanged: entries.filter { $0.status == .unchanged }.count,
            converted: entries.filter { $0.status == .cleaned && $0.method == "converted" }.count,
            errors: entries.filter { $0.status == .error }.count,
            bytesRemoved: entries.filter { $0.status == .cleaned }.reduce(0) { $0 + $1.removed.reduce(0) { $0 + ($1.bytes ?? 0) } },
            redacted: redacting ? entries.filter { $0.redaction != nil }.count : nil)
    }

    /// Every file was cleaned or had nothing to remove.
    public var allDone: Bool { summary.errors == 0 }
}
