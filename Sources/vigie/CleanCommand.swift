import ArgumentParser
import Foundation
import VigieChecks
import VigieKit
import VigieMedia
import VigieReport

extension RedactionStyle: ExpressibleByArgument {}

/// `vigie clean PATH... --output DIR | --in-place`
struct CleanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Write copies without metadata (lossless for JPEG, PNG, WebP and GIF), each proven before it is written.",
        discussion: """
            JPEG, PNG, WebP and GIF are cleaned by container surgery: the image data is copied byte for byte and \
            proven identical. TIFF is re-encoded losslessly (pixels proven identical). HEIC, HEIF and AVIF are \
            converted to JPEG (or PNG with transparency), not lossless, and said so. The colour profile and the \
            orientation are kept. Exit 0 when every file was cleaned or had nothing to remove, 1 when a file \
            could not be cleaned (its original is untouched), 2 on usage errors.

            With --redact, each copy is made publish-ready instead: identifiable faces without consent for the \
            channel, context and day (the people rules, the ledger) are blurred, pixelated or covered, text \
            findings are covered, the picture is resized to the channel's size and re-encoded with only its colour \
            profile. The copy is checked again before it is written; a copy that is not clear is not written. \
            --redact needs --output: originals are never changed by redaction.
            """
    )

    @Argument(help: "Files or folders to clean (folders are walked recursively).")
    var paths: [String]

    @Option(name: .long, help: "Write cleaned copies under this folder, mirroring each input's path below the folder it was found in.")
    var output: String?

    @Flag(name: .long, help: "Replace the originals (atomically, after verification).")
    var inPlace = false

    @Option(name: .long, help: "With --in-place, keep each original beside its cleaned copy as NAME+SUFFIX.")
    var backup: String?

    @Flag(name: .long, help: "Also decode original and copy and compare every pixel (slower; lossless formats).")
    var verifyPixels = false

    @Flag(
        name: .long,
        help:
            "Publish-ready copies: faces without consent and text findings redacted, resized to the channel, checked again before writing (needs --output)."
    )
    var redact = false

    @Option(name: .long, help: "With --redact: blur (default), pixelate or box.")
    var redactStyle: RedactionStyle?

    @Option(name: .long, help: "With --redact: how much each region grows on every side, as a fraction of its size (default 0.25).")
    var redactMargin: Double?

    @OptionGroup var publication: PublicationOptions

    /// terminal and json for every run; html (before and after pictures) only with --redact.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case terminal, json, html
    }

    @Option(name: .long, help: "Output format: terminal, json, or html with --redact (a page showing each photo before and after).")
    var format: Format = .terminal

    @Option(name: .customLong("report"), help: "Write the report to this file instead of standard output.")
    var reportPath: String?

    @OptionGroup var configuration: ConfigOptions

    @OptionGroup var files: RunOptions

    @OptionGroup var detections: CacheOptions

    @OptionGroup var language: LanguageOptions

    func validate() throws {
        if redact && output == nil {
            throw ValidationError("--redact writes new copies: say where with --output DIR (originals are never changed by redaction)")
        }
        if output == nil && !inPlace {
            throw ValidationError("say where cleaned copies go: --output DIR, or --in-place to replace the originals")
        }
        if output != nil && inPlace { throw ValidationError("--output and --in-place cannot be used together") }
        if backup != nil && !inPlace { throw ValidationError("--backup only applies with --in-place") }
        if let backup, backup.isEmpty || backup.contains("/") { throw ValidationError("--backup must be a suffix such as .orig") }
        if format == .html && !redact { throw ValidationError(Localizer(language.language).text("clean.html.needs-redact")) }
        if redact {
            if verifyPixels {
                throw ValidationError("--verify-pixels does not apply to --redact: redacted copies are checked again instead")
            }
            if let m = redactMargin, !(0...2).contains(m) { throw ValidationError("--redact-margin must be between 0 and 2") }
        } else {
            let p = publication
            if redactStyle != nil || redactMargin != nil || p.channel != nil || p.context != nil || p.on != nil || p.ledger != nil
                || p.policy != nil
            {
                throw ValidationError(
                    "--redact-style, --redact-margin, --channel, --context, --on, --policy and --ledger only apply with --redact")
            }
        }
    }

    func run() async throws {
        let cwd = FileManager.default.currentDirectoryPath
        var destination = CleanOptions.Destination.inPlace(backupSuffix: backup)
        let config = try configuration.load(for: paths, language: language.language)
        var discovery = files.discovery(config)
        if let output {
            let folder = Self.absolute(output, cwd: cwd)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
                throw ValidationError("--output must be a folder")
            }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw OperationalError(description: "cannot create the output folder")
            }
            let resolved = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            for path in paths {
                let root = URL(fileURLWithPath: Self.absolute(path, cwd: cwd)).resolvingSymlinksInPath().path
                if root == resolved { throw ValidationError("--output must not be one of the folders being cleaned (use --in-place)") }
            }
            discovery.excludedFolders = [resolved]
            destination = .folder(folder)
        }

        var found: DiscoveryResult
        do {
            found = try discovery.discover(paths)
        } catch let missing as MissingPathError {
            throw ValidationError(missing.description)
        }
        if let shard = files.parsedShard { found = shard.filter(found) }

        var options = CleanOptions(destination: destination)
        options.verifyPixels = verifyPixels
        options.limits = files.limits(config)
        if let jobs = files.jobs { options.jobs = jobs }
        if redact {
            var r = RedactionOptions()
            r.style = redactStyle ?? .blur
            r.margin = redactMargin ?? 0.25
            r.checks.limits = files.limits(config)
            r.checks.language = language.language
            r.thumbnails = format == .html
            try await publication.apply(to: &r.checks, config)
            try detections.apply(to: &r.checks)
            options.redaction = r
        }
        let cleaner = Cleaner(options: options, currentDirectory: cwd)
        do {
            try cleaner.prepare()
        } catch {
            throw OperationalError(description: Pipeline.preparationFailure(error))
        }

        TemporaryFiles.shared.installSignalHandlers()
        let lang = language.language
        let progress = files.progress("clean.progress", lang)

        let swept = cleaner.sweepInterruptedRuns(found.candidates)
        if swept > 0 {
            try? FileHandle.standardError.write(
                contentsOf: Data((Localizer(lang).render(Message("clean.swept", [String(swept)])) + "\n").utf8))
        }
        let entries = await cleaner.run(found.candidates, progress: progress)
        let report = Report(cleaned: entries, language: lang, redacting: redact)
        switch format {
        case .json:
            try emit(try JSONRenderer.render(report), to: reportPath)
        case .html:
            try emit(CleanHTMLRenderer.render(report, version: Vigie.configuration.version), to: reportPath)
        case .terminal:
            let colour = reportPath == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            try emit(CleanTerminalRenderer(colour: colour, language: lang).render(report), to: reportPath)
        }
        if !report.allClear { throw ExitStatus.findings }
    }

    static func absolute(_ path: String, cwd: String) -> String {
        path.hasPrefix("/") ? path : (cwd.hasSuffix("/") ? cwd : cwd + "/") + path
    }
}
