import ArgumentParser
import Foundation
import VigieMedia
import VigieVision

/// The `vigie` command.
struct Vigie: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigie",
        abstract: "Checks photos before a school publishes them, offline.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, CleanCommand.self, ReviewCommand.self, ConsentCommand.self, AuditCommand.self, MergeCommand.self,
            RulesCommand.self, CacheCommand.self,
        ]
    )
}

/// Entry point: argument-parser's own exit codes (64 for usage errors) are mapped to Vigie's.
@main
enum Main {
    static func main() async {
        AllocatorSettings.apply()
        // Past a file size limit (ulimit -f) a write fails (EFBIG) instead of killing the process: the
        // copy is then an error, reported and cleaned up like one on a full disk.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try Vigie.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            leave(ExitStatus.clear.rawValue)
        } catch let status as ExitStatus {
            leave(status.rawValue)
        } catch let failure as OperationalError {
            try? FileHandle.standardError.write(contentsOf: Data("vigie: \(failure.description)\n".utf8))
            leave(ExitStatus.operational.rawValue)
        } catch {
            let code = Vigie.exitCode(for: error)
            if code == .success {
                Vigie.exit(withError: error)  // --help, --version
            }
            try? FileHandle.standardError.write(contentsOf: Data((Vigie.fullMessage(for: error) + "\n").utf8))
            leave(ExitStatus.operational.rawValue)
        }
    }

    /// Exits once what the run printed is flushed, without waiting for an OCR engine that may still
    /// be starting on another thread (`TextReader.prewarm`; a run whose files were all cached does
    /// not need it) and without the libraries' exit handlers, which would tear down its static
    /// objects under it.
    static func leave(_ code: Int32) -> Never {
        fflush(nil)
        _exit(code)
    }
}
