import Foundation
import VigieMedia

/// A rule's static description: what `vigie rules`, SARIF, the docs and the configuration read.
public struct RuleDescription: Sendable, Codable, Equatable {
    /// Stable id used in output, configuration and suppressions (`metadata.location`).
    public let id: String
    public let defaultSeverity: Severity
    /// One line: what it flags, by language.
    public let summary: [Language: String]
    /// Where the rule comes from in the policies, by language.
    public let source: [Language: String]

    public init(id: String, defaultSeverity: Severity, summary: [Language: String], source: [Language: String]) {
        self.id = id
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.source = source
    }

    public func summary(_ language: Language) -> String { summary[language] ?? summary[.en] ?? "" }
    public func source(_ language: Language) -> String { source[language] ?? source[.en] ?? "" }
}

/// A check: a Sendable value with a static description and one method from a loaded asset to findings.
/// Checks never touch C handles: they read `Asset`, which VigieMedia filled.
public protocol Check: Sendable {
    static var rule: RuleDescription { get }
    init()
    /// The findings for one asset; empty when the rule has nothing to say.
    func findings(in asset: Asset) -> [Finding]
}

extension Check {
    /// A finding of this check's rule at its default severity.
    public func finding(_ key: String, _ arguments: [String] = [], severity: Severity? = nil, region: Region? = nil) -> Finding {
        Finding(rule: Self.rule.id, severity: severity ?? Self.rule.defaultSeverity, message: Message(key, arguments), region: region)
    }
}

/// The families rule ids fall in: the part of an id before its dot (`metadata` in
/// `metadata.location`). Code that treats a whole family alike asks for it here rather than
/// matching id prefixes as strings.
public enum RuleFamily: String, Sendable, CaseIterable {
    /// The file could not be checked (`file.unreadable`...): its status is `error`.
    case file
    case metadata, text, people, tags, quality, caption

    /// The family of a rule id; nil for an id of no known family.
    public init?(ruleID id: String) {
        guard let dot = id.firstIndex(of: "."), let family = RuleFamily(rawValue: String(id[..<dot])) else { return nil }
        self = family
    }
}

extension RuleDescription {
    /// The family of this rule.
    public var family: RuleFamily? { RuleFamily(ruleID: id) }
}

extension Finding {
    /// The family of this finding's rule.
    public var family: RuleFamily? { RuleFamily(ruleID: rule) }
}
