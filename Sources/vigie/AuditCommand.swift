import ArgumentParser
import Foundation
import VigieChecks
import VigieConsent
import VigieKit
import VigieReport

/// `vigie audit PATH...`: media already published, re-checked against today's ledger.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Re-check media already published against today's consent ledger; list what must come down.",
        discussion: """
            A file must come down when a person it shows or names withdrew their consent, or when an identifiable \
            face is no longer covered by a consent in force (expired, revoked, or never given for that channel and \
            context). Exit 0 when nothing must come down, 1 otherwise, 2 on usage errors or without a ledger.
            """
    )

    @Argument(help: "Published files or folders (a website's media folder, an export of a feed).")
    var paths: [String]

    @OptionGroup var publication: PublicationOptions

    @Option(name: .long, help: "Output format: terminal or json.")
    var format: PlainFormat = .terminal

    @OptionGroup var configuration: ConfigOptions

    @OptionGroup var files: RunOptions

    @OptionGroup var detections: CacheOptions

    @OptionGroup var language: LanguageOptions

    func run() async throws {
        let config = try configuration.load(for: paths, language: language.language)
        var found: DiscoveryResult
        do {
            found = try files.discovery(config).discover(paths)
        } catch let missing as MissingPathError {
            throw ValidationError(missing.description)
        }
        if let shard = files.parsedShard { found = shard.filter(found) }
        var options = CheckOptions()
        options.language = language.language
        options.limits = files.limits(config)
        if let jobs = files.jobs { options.jobs = jobs }
        try await publication.apply(to: &options, config)
        guard options.ledger != nil else {
            throw OperationalError(description: "an audit needs the consent ledger: give --ledger or VIGIE_LEDGER")
        }
        // Only the consent rules decide an audit (`Decision.auditRules`): the others are not run, and
        // they need faces and the people a file names, not the text in it: no OCR.
        options.readText = false
        for rule in CheckRegistry.rules where !Decision.auditRules.contains(rule.id) && !FileRules.isFileRule(rule.id) {
            try? options.rules.set(rule.id, .off)
        }
        try detections.apply(to: &options)
        let pipeline = try preparedPipeline(options)
        // Only the consent rules decide what comes down; a file that cannot be checked is listed too.
        let entries = await pipeline.run(found.candidates, progress: files.progress("audit.progress", options.language))
        let decided = Decision(scope: .audit, failOn: .error).decide(entries)
        var report = Report(
            entries: decided, failOn: .error, language: options.language, skippedFiles: found.skippedFiles)
        if let shard = files.parsedShard {
            report.run = RunInfo(
                vigie: Vigie.configuration.version, settings: options.fingerprint(failOn: .error, scope: "audit"), shard: shard)
        }
        switch format {
        case .json:
            try emit(try JSONRenderer.render(report), to: nil)
        case .terminal:
            try emit(AuditTerminalRenderer(language: options.language).render(report, day: options.publicationDay.text), to: nil)
        }
        if !report.allClear { throw ExitStatus.findings }
    }
}
