import ArgumentParser
import Foundation
import VigieChecks

extension Severity: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}

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
