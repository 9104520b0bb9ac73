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

    @Flag(name: .long, help: "Also include hidden files and folders.")
    var includeHidden = false

    @Flag(name: .long, help: "Never show the progress line.")
    var noProgress = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxPixels < 1 { throw ValidationError("--max-pixels must be at least 1") }
        if maxFrames < 1 { throw ValidationError("--max-frames must be at least 1") }
    }

    var limits: DecodeLimits {
        var l = DecodeLimits()
        l.maxPixels = maxPixels
        l.maxFrames = maxFrames
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
