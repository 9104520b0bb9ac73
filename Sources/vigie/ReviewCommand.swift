import ArgumentParser
import Foundation
import VigieChecks
import VigieKit
import VigieMedia
import VigieReview

/// `vigie review FOLDER`: a local web application where a teacher fixes a folder in the browser.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review a folder in the browser, on this machine only: name faces, blur them, describe photos, publish copies."
    )

    @Argument(help: "The folder to review.")
    var folder: String

    @Option(name: .long, help: "Where Publish writes the copies (default: FOLDER-publish beside the folder; never inside it).")
    var output: String?

    @OptionGroup var publication: PublicationOptions

    @Option(name: .long, help: "Port on 127.0.0.1 (default: one the system chooses).")
    var port: Int = 0

    @Flag(name: .long, help: "Do not open the browser (the address is printed either way).")
    var noOpen = false

    @Flag(name: .long, help: "Show the text read in pictures in full (covered by default: it may be personal data).")
    var showText = false

    @Flag(name: .long, help: "Do not read the text in pictures (the text.* rules are then not checked).")
    var noOcr = false

    @Option(name: .long, help: "Language of the page: en or fr (default: the browser's).")
    var lang: Language?

    @OptionGroup var configuration: ConfigOptions

    @OptionGroup var files: RunOptions

    @OptionGroup var detections: CacheOptions

    func validate() throws {
        if port < 0 || port > 65_535 { throw ValidationError("--port must be between 0 and 65535") }
        // A review is of the whole folder: a shard of it would hide files from the page and from Publish.
        if files.shard != nil { throw ValidationError("--shard does not apply to vigie review") }
    }

    func run() async throws {
        let config = try configuration.load(for: [folder], language: lang ?? Language.fromEnvironment())
        var options = ReviewOptions(folder: folder)
        options.output = output
        options.language = lang
        options.showText = showText
        options.discovery = files.discovery(config)
        options.checks.limits = files.limits(config)
        if let jobs = files.jobs { options.checks.jobs = jobs }
        options.checks.text.revealText = showText
        options.checks.text.studentIDPatterns = config.studentIDPatterns
        options.checks.rules = config.rules
        options.checks.readText = !noOcr
        try await publication.apply(to: &options.checks, config)
        try detections.apply(to: &options.checks)
        let session: ReviewSession
        do {
            session = try ReviewSession(options: options)
            try session.prepare()
        } catch let error as ReviewWriteError {
            throw OperationalError(description: error.description)
        } catch {
            throw OperationalError(description: Pipeline.preparationFailure(error))
        }
        let server = ReviewServer(session: session, port: port)
        let open = !noOpen
        let checking = Task.detached {
            do {
                try await session.checkAll()
            } catch {
                try? FileHandle.standardError.write(contentsOf: Data("vigie: the folder could not be walked\n".utf8))
            }
        }
        do {
            try await server.run { url in
                try? FileHandle.standardOutput.write(contentsOf: Data("Vigie review: \(url)\n".utf8))
                if open { Self.openBrowser(url) }
            }
        } catch {
            checking.cancel()
            await checking.value
            throw OperationalError(description: "the review server could not start (is the port free?)")
        }
        // Ctrl-C: the files being checked finish before the process exits. Exiting under a worker
        // still in the face network or Tesseract would run their libraries' destructors beneath it.
        checking.cancel()
        await checking.value
    }

    /// `xdg-open URL` when there is a display to open it on; nothing otherwise (the URL is printed).
    static func openBrowser(_ url: String) {
        let env = ProcessInfo.processInfo.environment
        guard !(env["DISPLAY"] ?? "").isEmpty || !(env["WAYLAND_DISPLAY"] ?? "").isEmpty else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["xdg-open", url]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try? p.run()
    }
}
