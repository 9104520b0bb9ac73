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

        public init(
            path: String, status: Status, format: String? = nil, outputFormat: String? = nil, method: String? = nil, removed: [Removed] = [],
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
    }

    public struct Summary: Sendable, Codable, Equatable {
        public let files: Int
        public let cleaned: Int
        public let unchanged: Int
        public let converted: Int
        public let errors: Int
        public let bytesRemoved: Int
    }

    public let version: Int
    public let language: Language
    public let files: [File]
    public let summary: Summary

    public init(entries: [Entry], language: Language) {
        let localizer = Localizer(language)
        self.version = 1
        self.language = language
        self.files = entries.sorted { $0.path < $1.path }.map { e in
            File(
                path: e.path, status: e.status, output: e.output, format: e.format, outputFormat: e.outputFormat, method: e.method, removed: e.removed,
                kept: e.kept, bytesBefore: e.bytesBefore, bytesAfter: e.bytesAfter, error: e.error.map(localizer.render), errorId: e.error?.key)
        }
        self.summary = Summary(
            files: entries.count, cleaned: entries.filter { $0.status == .cleaned }.count, unchanged: entries.filter { $0.status == .unchanged }.count,
            converted: entries.filter { $0.status == .cleaned && $0.method == "converted" }.count, errors: entries.filter { $0.status == .error }.count,
            bytesRemoved: entries.filter { $0.status == .cleaned }.reduce(0) { $0 + $1.removed.reduce(0) { $0 + ($1.bytes ?? 0) } })
    }

    /// Every file was cleaned or had nothing to remove.
    public var allDone: Bool { summary.errors == 0 }
}
