import ArgumentParser
import Foundation
import VigieChecks
import VigieConsent
import VigieKit
import VigieMedia

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
        FileHandle.standardOutput.write(Data(text.utf8))
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

    @Option(name: .long, help: "Largest image, in pixels of one frame, decoded (judged from the header).")
    var maxPixels: Int = 100_000_000

    @Option(name: .long, help: "Most frames or pages in one file.")
    var maxFrames: Int = 2_000

    @Option(name: .long, help: "Longest time one file may take to check, in seconds; a file that takes longer is an error.")
    var maxSeconds: Double = 30

    @Flag(name: .long, help: "Also include hidden files and folders.")
    var includeHidden = false

    @Flag(name: .long, help: "Never show the progress line.")
    var noProgress = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxPixels < 1 { throw ValidationError("--max-pixels must be at least 1") }
        if maxFrames < 1 { throw ValidationError("--max-frames must be at least 1") }
        if !(maxSeconds > 0) || maxSeconds > 86_400 { throw ValidationError("--max-seconds must be more than 0 and at most 86400") }
    }

    var limits: DecodeLimits {
        var l = DecodeLimits()
        l.maxPixels = maxPixels
        l.maxFrames = maxFrames
        l.maxSecondsPerFile = maxSeconds
        return l
    }

    /// Progress goes to stderr only when it is a terminal, and never under CI.
    var showsProgress: Bool { !noProgress && isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil }

    func discovery() -> Discovery {
        var d = Discovery()
        d.includeHidden = includeHidden
        return d
    }
}

/// Formats of the commands whose report is not a check report: terminal or JSON.
enum PlainFormat: String, ExpressibleByArgument, CaseIterable {
    case terminal, json
}

/// Where and when the pictures are published, and the ledger that says who may appear: the options of
/// `check` and `audit`.
struct PublicationOptions: ParsableArguments {
    @Option(name: .long, help: "Where the pictures will be published: website, social, yearbook, newsletter, press or personal (sets the resolution needed, the size faces are judged at, and the consents that apply; a folder's vigie.csv may say per file).")
    var channel: Channel?

    @Option(name: .long, help: "What the pictures show: classroom, event, sports, performance, outdoor or other (default: the folder's vigie.csv, else classroom).")
    var context: PhotoContext?

    @Option(name: .long, help: "Day of publication the consents must cover, YYYY-MM-DD (default: today).")
    var on: String?

    @Option(name: .long, help: "Reading of the policies: strict (everyone pictured needs consent; default) or district (only classroom photos need consent; opt-outs always count).")
    var policy: ConsentPolicy = .strict

    @Option(name: .long, help: "Consent ledger: a file or a postgres:// URL (default: VIGIE_LEDGER, then ~/.local/share/vigie/ledger.sqlite when it exists).")
    var ledger: String?

    func validate() throws {
        if let on, Day(on) == nil { throw ValidationError("--on must be a date written YYYY-MM-DD") }
    }

    /// Sets channel, context, policy and day, and reads the ledger once.
    func apply(to options: inout CheckOptions) async throws {
        options.channel = channel
        options.context = context
        options.policy = policy
        if let on, let day = Day(on) { options.publicationDay = day }
        options.ledger = try await ledgerSnapshot()
    }

    /// The ledger named by --ledger or VIGIE_LEDGER, or the default file when it exists; nil otherwise
    /// (the people rules that need it stay silent, and person tags are flagged for want of it).
    func ledgerSnapshot() async throws -> LedgerSnapshot? {
        let env = ProcessInfo.processInfo.environment["VIGIE_LEDGER"].flatMap { $0.isEmpty ? nil : $0 }
        let location = ledger ?? env ?? Ledger.defaultLocation()
        if ledger == nil && env == nil && !FileManager.default.fileExists(atPath: location) { return nil }
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
        throw OperationalError(description: "cannot detect faces: \(error)")
    }
    return pipeline
}
