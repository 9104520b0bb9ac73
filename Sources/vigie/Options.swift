import ArgumentParser
import Foundation
import VigieChecks
import VigieConsent
import VigieConsentModel
import VigieKit
import VigieMedia
import VigieReport

extension Severity: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}
extension PhotoContext: ExpressibleByArgument {}
extension ConsentPolicy: ExpressibleByArgument {}

/// Options every subcommand that prints shares.
struct LanguageOptions: ParsableArguments {
    @Option(name: .long, help: "Language of messages: en or fr (default: from LC_ALL, LC_MESSAGES or LANG).")
    var lang: Language?

    var language: Language { lang ?? Language.fromEnvironment() }
}

/// Writes `text` to `path`, or to standard output when nil: atomically, so no partial report is left.
func emit(_ text: String, to path: String?) throws {
    guard let path else {
        // A full disk or a file size limit under a redirection is an operational error, not a crash.
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            let reason = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).map { String(cString: strerror(Int32($0.code))) }
            throw OperationalError(description: "cannot write the report to standard output" + (reason.map { " (\($0))" } ?? ""))
        }
        return
    }
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw OperationalError(description: "cannot write the report to the output path")
    }
}

/// Options every command that walks files shares: how many at once, the decode limits, hidden files,
/// the progress line.
struct RunOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Files handled at once (default: number of cores).")
    var jobs: Int?

    @Option(
        name: .long,
        help:
            "Check only the K-th of N parts of the input (K/N, stable by a hash of each path as shown); `vigie merge` combines the shards' JSON reports."
    )
    var shard: String?

    /// The `--shard` given, parsed (validated in `validate`).
    var parsedShard: Shard? { shard.flatMap(Shard.init(parsing:)) }

    @Option(
        name: .long,
        help:
            "Largest image, in pixels of one frame, decoded (judged from the header; default: limits.max-pixels of .vigie.yml, else 100000000)."
    )
    var maxPixels: Int?

    @Option(name: .long, help: "Most frames or pages in one file (default: limits.max-frames of .vigie.yml, else 2000).")
    var maxFrames: Int?

    @Option(
        name: .long,
        help:
            "Longest time one file may take to check, in seconds; a file that takes longer is an error (default: limits.max-seconds of .vigie.yml, else 30)."
    )
    var maxSeconds: Double?

    @Option(
        name: .long,
        help:
            "Longest video whose frames are checked, in seconds; a longer one is an error (default: 10800). A video's time limit is --max-seconds for each started minute of it."
    )
    var maxVideoSeconds: Double?

    @Flag(name: .long, help: "Also include hidden files and folders.")
    var includeHidden = false

    @Flag(name: .long, help: "Never show the progress line.")
    var noProgress = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard must be K/N with 1 <= K <= N <= 10000, such as 2/8")
        }
        if let maxPixels, maxPixels < 1 { throw ValidationError("--max-pixels must be at least 1") }
        if let maxFrames, maxFrames < 1 { throw ValidationError("--max-frames must be at least 1") }
        if let maxSeconds, !(maxSeconds > 0) || maxSeconds > 86_400 {
            throw ValidationError("--max-seconds must be more than 0 and at most 86400")
        }
        if let maxVideoSeconds, !(maxVideoSeconds > 0) { throw ValidationError("--max-video-seconds must be more than 0") }
    }

    /// The decode limits: options over the configuration file over the defaults.
    func limits(_ configuration: Configuration) -> DecodeLimits {
        var l = configuration.limits()
        if let maxPixels { l.maxPixels = maxPixels }
        if let maxFrames { l.maxFrames = maxFrames }
        if let maxSeconds { l.maxSecondsPerFile = maxSeconds }
        if let maxVideoSeconds { l.maxVideoSeconds = maxVideoSeconds }
        return l
    }

    /// Progress goes to stderr only when it is a terminal, and never under CI.
    var showsProgress: Bool { !noProgress && isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil }

    /// The file walk, with the configuration's ignore patterns.
    func discovery(_ configuration: Configuration) -> Discovery {
        var d = Discovery()
        d.includeHidden = includeHidden
        d.configuredIgnores = configuration.ignoreRules
        return d
    }

    /// The progress bar for `label` (a catalogue key), or nil when progress is not shown.
    func progress(_ label: String, _ language: Language) -> (@Sendable (Int, Int) -> Void)? {
        guard showsProgress else { return nil }
        let start = Date()
        let text = Localizer(language).text(label)
        return { done, total in
            if done >= total {
                try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[2K".utf8))
                return
            }
            let line = ProgressBar.line(
                label: text, done: done, total: total, elapsed: Date().timeIntervalSince(start), width: terminalWidth(STDERR_FILENO),
                language: language)
            try? FileHandle.standardError.write(contentsOf: Data(("\r\u{1B}[2K" + line).utf8))
        }
    }
}

/// Columns of the terminal on `fd`; 80 when it does not say.
func terminalWidth(_ fd: Int32) -> Int {
    var size = winsize()
    guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
}

/// `--config FILE`, else the nearest `.vigie.yml` above the checked paths. Warnings go to stderr;
/// an unusable file stops the run (exit 2) with its key path.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: the nearest .vigie.yml in the checked folder or its parents).")
    var config: String?

    func load(for paths: [String], language: Language) throws -> Configuration {
        let cwd = FileManager.default.currentDirectoryPath
        let configuration: Configuration
        do throws(ConfigurationIssue) {
            if let config {
                configuration = try Configuration.load(config, cwd: cwd)
            } else if let found = try Configuration.locate(for: paths, cwd: cwd) {
                configuration = try Configuration.load(found, cwd: cwd)
            } else {
                return Configuration()
            }
        } catch {
            throw OperationalError(description: error.error(language))
        }
        for warning in configuration.warnings {
            try? FileHandle.standardError.write(contentsOf: Data((warning.warning(language) + "\n").utf8))
        }
        return configuration
    }
}

/// Formats of the commands whose report is not a check report: terminal or JSON.
enum PlainFormat: String, ExpressibleByArgument, CaseIterable {
    case terminal, json
}

/// Where and when the pictures are published, and the ledger that says who may appear: the options of
/// `check` and `audit`.
struct PublicationOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "Where the pictures will be published: website, social, yearbook, newsletter, press or personal (sets the resolution needed, the size faces are judged at, and the consents that apply; a folder's vigie.csv may say per file)."
    )
    var channel: Channel?

    @Option(
        name: .long,
        help:
            "What the pictures show: classroom, event, sports, performance, outdoor or other (default: the folder's vigie.csv, else classroom)."
    )
    var context: PhotoContext?

    @Option(name: .long, help: "Day of publication the consents must cover, YYYY-MM-DD (default: today).")
    var on: String?

    @Option(
        name: .long,
        help:
            "Reading of the policies: strict (everyone pictured needs consent; default) or district (only classroom photos need consent; opt-outs always count)."
    )
    var policy: ConsentPolicy?

    @Option(
        name: .long,
        help: "Consent ledger: a file or a postgres:// URL (default: VIGIE_LEDGER, then ~/.local/share/vigie/ledger.sqlite when it exists)."
    )
    var ledger: String?

    func validate() throws {
        if let on, Day(on) == nil { throw ValidationError("--on must be a date written YYYY-MM-DD") }
    }

    /// Sets channel, context, policy, face thresholds and day (options over the configuration file),
    /// and reads the ledger once.
    func apply(to options: inout CheckOptions, _ configuration: Configuration) async throws {
        options.channel = channel ?? configuration.channel
        options.context = context ?? configuration.context
        options.policy = policy ?? configuration.policy ?? .strict
        options.faces = configuration.faces(options.faces)
        if let on, let day = Day(on) { options.publicationDay = day }
        options.ledger = try await ledgerSnapshot(configured: configuration.ledger)
    }

    /// The ledger named by --ledger, VIGIE_LEDGER or the configuration file, or the default file when
    /// it exists; nil otherwise (the people rules that need it stay silent, and person tags are flagged
    /// for want of it).
    func ledgerSnapshot(configured: String? = nil) async throws -> LedgerSnapshot? {
        let env = ProcessInfo.processInfo.environment["VIGIE_LEDGER"].flatMap { $0.isEmpty ? nil : $0 }
        let given = ledger ?? env ?? configured
        let location = given ?? Ledger.defaultLocation()
        if given == nil && !FileManager.default.fileExists(atPath: location) { return nil }
        do {
            let l = try await Ledger.open(location, create: false)
            let snapshot: LedgerSnapshot
            do {
                snapshot = try await l.snapshot()
            } catch {
                try? await l.close()
                throw error
            }
            try? await l.close()
            return snapshot
        } catch let error as LedgerError {
            throw OperationalError(description: error.description)
        }
    }
}

/// A pipeline whose face detector has been created: a missing model stops the run up front (exit 2).
func preparedPipeline(_ options: CheckOptions) throws -> Pipeline {
    let pipeline = Pipeline(options: options)
    do {
        try pipeline.prepare()
    } catch {
        throw OperationalError(description: Pipeline.preparationFailure(error))
    }
    return pipeline
}

/// `--cache DIR` and `--no-cache`: the detection cache of `check`, `audit`, `clean --redact` and `review`.
struct CacheOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "Folder of the detection cache, what the detectors found by file content (default: $XDG_CACHE_HOME/vigie, else ~/.cache/vigie). It holds words read in pictures and is private to you."
    )
    var cache: String?

    @Flag(name: .long, help: "Neither read nor write the detection cache: every detector runs on every file.")
    var noCache = false

    func validate() throws {
        if cache != nil && noCache { throw ValidationError("--cache and --no-cache cannot be used together") }
    }

    /// The cache folder, absolute.
    var folder: String { Self.folder(cache) }

    /// `given` made absolute, else the default folder.
    static func folder(_ given: String?) -> String {
        guard let given else { return DetectionCache.defaultFolder() }
        return given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
    }

    /// Puts the cache in `options`; call once every detector setting is set (they are part of the
    /// cache's key). A folder named with `--cache` that cannot be used stops the run (exit 2); the
    /// default one is left out with a warning.
    func apply(to options: inout CheckOptions) throws {
        guard !noCache else { return }
        guard let identity = DetectorIdentity.current(version: Vigie.configuration.version, options: options) else {
            warnWithoutCache("the model or OCR files cannot be read")
            return
        }
        do {
            options.cache = try DetectionCache(folder: folder, identity: identity)
        } catch {
            if cache != nil { throw OperationalError(description: "--cache: \(error)") }
            warnWithoutCache(String(describing: error))
        }
    }

    private func warnWithoutCache(_ reason: String) {
        try? FileHandle.standardError.write(contentsOf: Data("vigie: warning: the detection cache is not used: \(reason)\n".utf8))
    }
}
