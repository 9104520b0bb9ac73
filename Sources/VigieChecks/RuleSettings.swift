import Foundation

/// What a configuration says about each rule: turned off, or reported at another severity. The file
/// rules (`file.*`) cannot be changed: what could not be checked is never cleared.
public struct RuleSettings: Sendable, Equatable {
    /// A rule's setting in `.vigie.yml`: `off`, or the severity its findings get.
    public enum Setting: Sendable, Equatable {
        case off
        case severity(Severity)

        /// Parses `off`, `error`, `warning` or `info`.
        public init?(_ text: String) {
            if text == "off" {
                self = .off
            } else if let severity = Severity(rawValue: text) {
                self = .severity(severity)
            } else {
                return nil
            }
        }
    }

    /// Settings by rule id; rules not listed keep their defaults.
    public private(set) var settings: [String: Setting] = [:]

    public init() {}

    /// Why a rule cannot be set.
    public enum Refusal: Error, Equatable {
        /// Not a rule of the registry.
        case unknownRule
        /// A file rule: turning it off or down would let unchecked files through.
        case fileRule
    }

    /// Sets `rule`; refuses ids the registry does not know and the file rules.
    public mutating func set(_ rule: String, _ setting: Setting) throws(Refusal) {
        guard CheckRegistry.rule(rule) != nil else { throw .unknownRule }
        guard !FileRules.isFileRule(rule) else { throw .fileRule }
        settings[rule] = setting
    }

    /// False for rules turned off.
    public func isEnabled(_ rule: String) -> Bool { settings[rule] != .off }

    /// Rules turned off, sorted.
    public var disabledRules: [String] { settings.filter { $0.value == .off }.map(\.key).sorted() }

    /// `finding` with the severity configured for its rule.
    public func applied(_ finding: Finding) -> Finding {
        guard case .severity(let severity) = settings[finding.rule] else { return finding }
        var f = finding
        f.severity = severity
        return f
    }
}
