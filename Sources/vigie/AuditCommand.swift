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

    static let rules: Set<String> = ["people.consent-revoked", "people.no-consent"]

    @Argument(help: "Published files or folders (a website's media folder, an export of a feed).")
    var paths: [String]

    @Option(name: .long, help: "Where the media is published: website, social, yearbook, newsletter, press or personal (default: the folder's vigie.csv, else website).")
    var channel: Channel?

    @Option(name: .long, help: "What the pictures show (default: the folder's vigie.csv, else classroom).")
    var context: PhotoContext?

    @Option(name: .long, help: "Day to audit for, YYYY-MM-DD (default: today).")
    var on: String?

    @Option(name: .long, help: "Reading of the policies: strict (default) or district.")
    var policy: ConsentPolicy = .strict

    @Option(name: .long, help: "Consent ledger: a file or a postgres:// URL (default: VIGIE_LEDGER, then ~/.local/share/vigie/ledger.sqlite).")
    var ledger: String?

    @Option(name: .long, help: "Output format: terminal or json.")
    var format: PlainFormat = .terminal

    @OptionGroup var files: RunOptions

    @OptionGroup var language: LanguageOptions

    func validate() throws {
        if let on, Day(on) == nil { throw ValidationError("--on must be a date written YYYY-MM-DD") }
    }

    func run() async throws {
        let found: DiscoveryResult
        do {
            found = try files.discovery().discover(paths)
        } catch let missing as MissingPathError {
            throw ValidationError(missing.description)
        }
        var options = CheckOptions()
        options.language = language.language
        options.channel = channel
        options.context = context
        options.policy = policy
        if let on, let day = Day(on) { options.publicationDay = day }
        if let jobs = files.jobs { options.jobs = jobs }
        guard let snapshot = try await CheckCommand.ledgerSnapshot(ledger) else {
            throw OperationalError(description: "an audit needs the consent ledger: give --ledger or VIGIE_LEDGER")
        }
        options.ledger = snapshot
        let pipeline = Pipeline(options: options)
        do {
            try pipeline.prepare()
        } catch {
            throw OperationalError(description: "cannot detect faces: \(error)")
        }
        // Only the people rules decide what comes down; a file that cannot be checked is listed too.
        let entries = await pipeline.run(found.candidates).map { e in
            Report.Entry(path: e.path, format: e.format, findings: e.findings.filter { Self.rules.contains($0.rule) || FileRules.isFileRule($0.rule) })
        }
        let report = Report(entries: entries, skipped: found.skipped, failOn: .error, language: options.language)
        switch format {
        case .json:
            try emit(try JSONRenderer.render(report), to: nil)
        case .terminal:
            let l = Localizer(options.language)
            var out = ""
            for file in report.files where file.status != .clear {
                out += "\(file.path)\n"
                for f in file.findings { out += "  \(f.rule)  \(f.message)\n" }
            }
            let down = report.files.filter { $0.status == .blocked }.count
            out += l.render(Message("audit.summary", [String(report.files.count), String(down), String(report.summary.errors), options.publicationDay.text])) + "\n"
            try emit(out, to: nil)
        }
        if !report.allClear { throw ExitStatus.findings }
    }
}
