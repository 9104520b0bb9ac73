import ArgumentParser
import Foundation
import VigieChecks
import VigieConsent
import VigieKit
import VigieReport

/// `vigie check PATH...`
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check images and folders; exit 0 when every file is clear, 1 when any is blocked or could not be checked."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case terminal, json, sarif, junit, html
    }

    @Argument(help: "Files or folders to check (folders are walked recursively).")
    var paths: [String]

    @Option(
        name: .long,
        help: "Output format: terminal, json, sarif (code-scanning annotations), junit or html (a page with thumbnails, for people).")
    var format: Format = .terminal

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Lowest severity that blocks a file: error, warning or info.")
    var failOn: Severity = .error

    @OptionGroup var publication: PublicationOptions

    @Option(
        name: .long,
        help: "Only files changed in the git work tree since this revision (committed, staged, unstaged or new), e.g. origin/main.")
    var changedSince: String?

    @Flag(name: .long, help: "Show the text read in pictures in full in findings (masked by default: it may be personal data).")
    var showText = false

    @Flag(name: .long, help: "Do not read the text in pictures (the text.* rules are then not checked).")
    var noOcr = false

    @Option(
        name: .long,
        help: "Seconds between the sampled frames of a video (default 2; the first frame and each new scene are always checked).")
    var frameInterval: Double = 2

    @Option(
        name: .long,
        help: "Accept the findings recorded in this baseline (by file content and rule): they are reported as accepted and block nothing.")
    var baseline: String?

    @Option(name: .long, help: "Record the current findings in this baseline file (then reported as accepted).")
    var writeBaseline: String?

    @OptionGroup var configuration: ConfigOptions

    @OptionGroup var files: RunOptions

    @OptionGroup var detections: CacheOptions

    @OptionGroup var language: LanguageOptions

    func validate() throws {
        if baseline != nil && writeBaseline != nil { throw ValidationError("--baseline and --write-baseline cannot be used together") }
        if !(frameInterval >= 0.5 && frameInterval <= 600) { throw ValidationError("--frame-interval must be from 0.5 to 600 seconds") }
    }

    func run() async throws {
        let config = try configuration.load(for: paths, language: language.language)
        let discovery = files.discovery(config)
        var found: DiscoveryResult
        do {
            found = try discovery.discover(paths)
        } catch let missing as MissingPathError {
            throw ValidationError(missing.description)
        }
        if let changedSince {
            let changed: Set<String>
            do {
                changed = try ChangedFiles.since(changedSince, in: FileManager.default.currentDirectoryPath)
            } catch let error as ChangedFiles.GitError {
                throw OperationalError(description: "--changed-since: \(error.description)")
            }
            found.candidates = found.candidates.filter { changed.contains(URL(fileURLWithPath: $0.path).resolvingSymlinksInPath().path) }
        }

        var options = CheckOptions()
        options.failOn = failOn
        options.language = language.language
        options.limits = files.limits(config)
        if let jobs = files.jobs { options.jobs = jobs }
        options.text.revealText = showText
        options.text.studentIDPatterns = config.studentIDPatterns
        options.rules = config.rules
        options.readText = !noOcr
        options.frameInterval = frameInterval
        options.thumbnails = format == .html
        try await publication.apply(to: &options, config)
        try detections.apply(to: &options)
        // Read before checking: an unusable baseline stops the run before any work (exit 2).
        let accepted = try baseline.map { path in
            do {
                return try Baseline.load(path)
            } catch let failure as Baseline.Failure {
                throw OperationalError(description: "--baseline: \(failure.description)")
            }
        }
        let pipeline = try preparedPipeline(options)
        if let shard = files.parsedShard { found = shard.filter(found) }

        let entries = await pipeline.run(found.candidates, progress: files.progress("progress", options.language))
        var decision = Decision(scope: .publication, failOn: failOn, baseline: accepted)
        if let writeBaseline {
            let recorded = decision.recordingBaseline(entries, from: found.candidates)
            do {
                try Data(try recorded.rendered().utf8).write(to: URL(fileURLWithPath: writeBaseline), options: .atomic)
            } catch {
                throw OperationalError(description: "cannot write the baseline file")
            }
            decision.baseline = recorded
        }
        var report = Report(
            entries: decision.decide(entries, from: found.candidates), failOn: failOn, language: options.language,
            disabledRules: config.rules.disabledRules, skippedFiles: found.skippedFiles)
        if let shard = files.parsedShard {
            let settings = options.fingerprint(failOn: failOn, scope: "check" + (baseline.map { "+baseline:\($0)" } ?? ""))
            report.run = RunInfo(vigie: Vigie.configuration.version, settings: settings, shard: shard)
        }

        try Self.write(report, as: format, to: output)
    }

    /// Renders a check report (or a merge of shard reports) and ends with its exit code: 1 unless
    /// every file is clear.
    static func write(_ report: Report, as format: Format, to output: String?) throws {
        switch format {
        case .json:
            try emit(try JSONRenderer.render(report), to: output)
        case .sarif:
            try emit(try SARIFRenderer.render(report, rules: CheckRegistry.rules, version: Vigie.configuration.version), to: output)
        case .junit:
            try emit(JUnitRenderer.render(report), to: output)
        case .html:
            try emit(HTMLRenderer.render(report, rules: CheckRegistry.rules, version: Vigie.configuration.version), to: output)
        case .terminal:
            let colour = output == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            try emit(TerminalRenderer(colour: colour, language: report.language).render(report), to: output)
        }
        if !report.allClear { throw ExitStatus.findings }
    }
}
