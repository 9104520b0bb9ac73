import Foundation
import VigieChecks
import VigieMedia

/// Whether a file may be published.
public enum FileStatus: String, Sendable, Codable {
    /// Checked, and nothing at or above the failing severity.
    case clear
    /// Checked, with at least one finding at or above the failing severity.
    case blocked
    /// Could not be checked (unreadable, unsupported, too large): never clear.
    case error
}

/// One finding as reported: the rule, its severity, the message in the report's language.
public struct ReportedFinding: Sendable, Codable, Equatable {
    public let rule: String
    public let severity: Severity
    public let message: String
    /// Catalogue key of the message, stable across languages.
    public let messageId: String
    public let region: Region?
    /// Seconds into a video of the frame the finding was seen in; absent for photos.
    public var time: Double? = nil
    /// Present when the finding was accepted (baseline) or suppressed (manifest): it blocks nothing.
    public var suppression: Suppression? = nil

    /// The time as the terminal, JUnit and HTML views show it: `t=0:12.4` (minutes, seconds, tenths).
    public static func timeLabel(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        let minutes = tenths / 600
        let rest = Double(tenths % 600) / 10
        return "t=\(minutes):" + String(format: "%04.1f", rest)
    }
}

/// What was checked in a video beside its metadata.
public struct VideoSummary: Sendable, Codable, Equatable {
    /// Seconds, when the container says.
    public let duration: Double?
    /// Frames decoded and checked (faces, text, quality).
    public let framesChecked: Int
    /// The video has a soundtrack: the reviewer is asked whether its music may be published.
    public let soundtrack: Bool

    public init(duration: Double?, framesChecked: Int, soundtrack: Bool) {
        self.duration = duration
        self.framesChecked = framesChecked
        self.soundtrack = soundtrack
    }
}

/// One file's outcome.
public struct FileReport: Sendable, Codable, Equatable {
    public let path: String
    public let status: FileStatus
    public let format: String?
    public let findings: [ReportedFinding]
    /// Faces found in the picture; absent when face detection did not run.
    public var faces: FacesResult? = nil
    /// A small picture for the HTML report; absent in every other format and when nothing was decoded.
    public var thumbnail: Thumbnail? = nil
    /// For a video: the sampled frames that carry findings, as small pictures for the HTML report.
    public var frames: [Thumbnail]? = nil
    /// For a video: its length, the frames checked and whether it has a soundtrack.
    public var video: VideoSummary? = nil
    /// What `vigie clean` did to the file; absent for `check` and `audit`. A clean run's JSON lays it
    /// out as its own view (`CleanJSON`).
    public var clean: CleanOutcome? = nil

    enum CodingKeys: String, CodingKey { case path, status, format, video, findings, faces, thumbnail }
}

/// A small JPEG of a file for the HTML report, its findings' regions already covered in its pixels,
/// with its identifiable faces marked by whether a consent is on record.
public struct Thumbnail: Sendable, Codable, Equatable {
    public let jpeg: Data
    /// Pixel size of the JPEG.
    public let width: Int
    public let height: Int
    /// Size of the picture as displayed: the space of every region.
    public let displayWidth: Int
    public let displayHeight: Int
    public let faces: [FaceMark]
    /// For a frame of a video: its time in seconds.
    public var time: Double? = nil

    public init(jpeg: Data, width: Int, height: Int, displayWidth: Int, displayHeight: Int, faces: [FaceMark], time: Double? = nil) {
        self.time = time
        self.jpeg = jpeg
        self.width = width
        self.height = height
        self.displayWidth = displayWidth
        self.displayHeight = displayHeight
        self.faces = faces
    }
}

/// An identifiable face and whether a consent covering this publication is on record for it.
public struct FaceMark: Sendable, Codable, Equatable {
    public let region: Region
    public let consented: Bool

    public init(region: Region, consented: Bool) {
        self.region = region
        self.consented = consented
    }
}

public struct ReportSummary: Sendable, Codable, Equatable {

    public let files: Int
    public let clear: Int
    public let blocked: Int
    public let errors: Int
    /// Files met while walking folders that are not images.
    public let skipped: Int
    /// Findings accepted by the baseline or suppressed by a manifest; absent when there are none.
    public var suppressed: Int? = nil
}

/// The one report model every renderer reads, for `check`, `audit` and `clean`: each file with its
/// status and findings and, for a clean run, what was written (`FileReport.clean`).
public struct Report: Sendable, Codable, Equatable {
    public let version: Int
    public let language: Language
    public let failOn: Severity
    public let files: [FileReport]
    public let summary: ReportSummary
    /// Rules the configuration turned off (not run); absent when none is.
    public var disabledRules: [String]? = nil
    /// The files counted in `summary.skipped` (neither images nor videos or audio), sorted; absent when none is.
    public var skippedFiles: [String]? = nil
    /// The totals of a clean run; absent for `check` and `audit`. When present the report is written
    /// in JSON as a clean run's (`CleanJSON`).
    public var cleanSummary: CleanSummary? = nil
    /// The Vigie version, settings digest and shard of a `--shard` run, for `vigie merge`; absent otherwise.
    public var run: RunInfo? = nil

    enum CodingKeys: String, CodingKey { case version, language, failOn, files, summary, disabledRules, skippedFiles, run }

    /// A file's findings as the pipeline produced them, before rendering.
    public struct Entry: Sendable {
        public let path: String
        public let format: String?
        public var findings: [Finding]
        public var faces: FacesResult?
        /// Made only for the HTML report.
        public var thumbnail: Thumbnail?
        /// For a video, made only for the HTML report: the sampled frames that carry findings.
        public var frames: [Thumbnail] = []
        /// For a video: what was checked beside its metadata.
        public var video: VideoSummary?
        /// What the file's manifest asks to suppress: rule id to the reason given. Marked on the
        /// findings by the decision stage, not here.
        public var suppressions: [String: String] = [:]
        /// Set by the decision stage; a file never decided is reported as an error (fail closed).
        public var status: FileStatus?
        public init(path: String, format: String?, findings: [Finding], faces: FacesResult? = nil, thumbnail: Thumbnail? = nil) {
            self.path = path
            self.format = format
            self.findings = findings
            self.faces = faces
            self.thumbnail = thumbnail
        }
    }

    /// Renders messages in `language` for entries the decision stage decided. Files are sorted by path.
    public init(
        entries: [Entry], failOn: Severity, language: Language, disabledRules: [String] = [], skippedFiles: [String] = []
    ) {
        let localizer = Localizer(language)
        var files: [FileReport] = []
        for e in entries.sorted(by: { $0.path < $1.path }) {
            let status = e.status ?? .error
            let findings = e.findings
                // Findings that block first, then those accepted or suppressed; worst first within each.
                .sorted { ($0.suppression == nil ? 1 : 0, $0.severity, $1.rule) > ($1.suppression == nil ? 1 : 0, $1.severity, $0.rule) }
                .map {
                    ReportedFinding(
                        rule: $0.rule, severity: $0.severity, message: localizer.render($0.message), messageId: $0.message.key,
                        region: $0.region, time: $0.time,
                        suppression: $0.suppression)
                }
            var file = FileReport(
                path: e.path, status: status, format: e.format, findings: findings, faces: e.faces, thumbnail: e.thumbnail)
            file.frames = e.frames.isEmpty ? nil : e.frames
            file.video = e.video
            files.append(file)
        }
        self.version = 1
        self.language = language
        self.failOn = failOn
        self.files = files
        self.summary = ReportSummary(counting: files, skipped: skippedFiles.count)
        self.disabledRules = disabledRules.isEmpty ? nil : disabledRules.sorted()
        self.skippedFiles = skippedFiles.isEmpty ? nil : skippedFiles.sorted()
    }

    /// What `vigie clean` did, file by file: a file it cleaned or left unchanged is clear, one it could
    /// not clean is an error. Files are sorted by path. `redacting`: the run was `--redact` (the
    /// summary then counts redacted copies).
    public init(cleaned outcomes: [CleanOutcome], language: Language, redacting: Bool = false) {
        self.version = 1
        self.language = language
        self.failOn = .error
        self.files = outcomes.sorted { $0.path < $1.path }.map { c in
            FileReport(
                path: c.path, status: c.status == .error ? .error : .clear, format: c.format, findings: [], clean: c)
        }
        let errors = files.filter { $0.status == .error }.count
        self.summary = ReportSummary(files: files.count, clear: files.count - errors, blocked: 0, errors: errors, skipped: 0)
        self.cleanSummary = CleanSummary(outcomes, redacting: redacting)
    }

    public func encode(to encoder: any Encoder) throws {
        if let cleanSummary {
            try CleanJSON(self, summary: cleanSummary).encode(to: encoder)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(language, forKey: .language)
        try c.encode(failOn, forKey: .failOn)
        try c.encode(files, forKey: .files)
        try c.encode(summary, forKey: .summary)
        try c.encodeIfPresent(disabledRules, forKey: .disabledRules)
        try c.encodeIfPresent(skippedFiles, forKey: .skippedFiles)
        try c.encodeIfPresent(run, forKey: .run)
    }

    /// True when every file is clear.
    public var allClear: Bool { summary.blocked == 0 && summary.errors == 0 }
}

extension ReportSummary {
    /// The counts of decided files.
    init(counting files: [FileReport], skipped: Int) {
        self.init(
            files: files.count, clear: files.filter { $0.status == .clear }.count, blocked: files.filter { $0.status == .blocked }.count,
            errors: files.filter { $0.status == .error }.count, skipped: skipped)
        let suppressed = files.reduce(0) { $0 + $1.findings.filter { $0.suppression != nil }.count }
        if suppressed > 0 { self.suppressed = suppressed }
    }
}
