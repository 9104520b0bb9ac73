import ArgumentParser
import Foundation
import VigieChecks
import VigieReport

/// `vigie rules`: every rule with its id, default severity, what it flags and its source.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every rule Vigie enforces.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case terminal, json, markdown
    }

    @Option(name: .long, help: "Output format: terminal, json or markdown.")
    var format: Format = .terminal

    @OptionGroup var language: LanguageOptions

    func run() throws {
        let rules = CheckRegistry.rules
        switch format {
        case .terminal: try emit(RulesRenderer.text(rules, language: language.language), to: nil)
        case .markdown: try emit(RulesRenderer.markdown(rules, language: language.language), to: nil)
        case .json: try emit(try RulesRenderer.json(rules), to: nil)
        }
    }
}
