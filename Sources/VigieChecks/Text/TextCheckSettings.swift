import Foundation

/// A student-number format a district adds in its configuration: a regular expression, and the label
/// words that must come before the number on the same line or the line above (none: anywhere).
public struct StudentIDPattern: Sendable, Codable, Equatable {
    /// A name for the pattern, shown in configuration errors (never the matched text).
    public var name: String
    /// An ICU regular expression matched on each line of read text, case-insensitively.
    public var regex: String
    /// Label words ("Élève", "Pupil no"); empty means the pattern alone is enough.
    public var labels: [String]

    public init(name: String, regex: String, labels: [String] = []) {
        self.name = name
        self.regex = regex
        self.labels = labels
    }

    /// The compiled expression; throws when the configuration holds an invalid one.
    public func compiled() throws -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: regex, options: [.caseInsensitive])
        } catch {
            throw TextSettingsError.invalidPattern(name: name)
        }
    }
}

/// A text setting that cannot be used.
public enum TextSettingsError: Error, Equatable, CustomStringConvertible {
    case invalidPattern(name: String)

    public var description: String {
        switch self {
        case .invalidPattern(let name): "student ID pattern '\(name)' is not a valid regular expression"
        }
    }
}

/// What the text rules need besides the picture: district patterns, the roster of names (from the
/// consent ledger, when there is one) and whether messages may show what was read.
public struct TextCheckSettings: Sendable, Codable, Equatable {
    /// Extra student-number formats from the district's configuration.
    public var studentIDPatterns: [StudentIDPattern]
    /// Names of the people on the roster; nil when no ledger is configured (`text.student-name` is
    /// then inactive).
    public var roster: [String]?
    /// Show the text read in full in messages (`vigie check --show-text`); masked otherwise.
    public var revealText: Bool

    public init(studentIDPatterns: [StudentIDPattern] = [], roster: [String]? = nil, revealText: Bool = false) {
        self.studentIDPatterns = studentIDPatterns
        self.roster = roster
        self.revealText = revealText
    }

    /// Throws on the first invalid district pattern.
    public func validate() throws {
        for p in studentIDPatterns { _ = try p.compiled() }
    }
}
