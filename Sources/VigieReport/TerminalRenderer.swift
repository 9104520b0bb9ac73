import Foundation
import VigieChecks

/// What the terminal renderers share: the language and whether to colour.
public protocol TerminalStyle {
    var colour: Bool { get }
    var language: Language { get }
}

extension TerminalStyle {
    /// Wraps `s` in an ANSI colour when colour is on.
    func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
}

/// The terminal report: one block per file with findings, then a summary line.
public struct TerminalRenderer: TerminalStyle {
    public let colour: Bool
    public let language: Language

    public init(colour: Bool, language: Language) {
        self.colour = colour
        self.language = language
    }

    /// Skipped files listed by name at the end of the report; the rest are counted.
    static let skippedListed = 20

    public func render(_ report: Report) -> String {
        let l = Localizer(language)
        var out = ""
        for file in report.files where file.status != .clear || !file.findings.isEmpty || (file.faces?.identifiable.isEmpty == false) {
            let label: String
            switch file.status {
            case .clear: label = paint(l.text("report.clear"), "32")
            case .blocked: label = paint(l.text("report.blocked"), "31;1")
            case .error: label = paint(l.text("report.error"), "35;1")
            }
            out += "\(paint(file.path, "1"))  \(label)\n"
            for f in file.findings {
                let sev = l.text("severity.\(f.severity.rawValue)")
                let code = f.severity == .error ? "31" : f.severity == .warning ? "33" : "36"
                let padded = sev.padding(toLength: 13, withPad: " ", startingAt: 0)
                var line = "  \(paint(padded, code)) \(f.rule)  "
                if let t = f.time { line += ReportedFinding.timeLabel(t) + "  " }
                line += f.message
                if let r = f.region { line += " [\(r.x),\(r.y) \(r.width)x\(r.height)]" }
                if let s = f.suppression { line += "  " + paint(l.render(.init("report.suppressed.\(s.kind.rawValue)", [s.reason])), "2") }
                out += line + "\n"
            }
            if let faces = file.faces, faces.identifiable.count + faces.notIdentifiable > 0 {
                out += "  " + l.render(.init("report.faces", [String(faces.identifiable.count), String(faces.notIdentifiable)])) + "\n"
            }
            out += "\n"
        }
        let s = report.summary
        if s.files == 0 {
            out += l.text("report.none") + "\n"
        } else {
            out += l.render(.init("report.summary", [String(s.files), String(s.clear), String(s.blocked), String(s.errors)])) + "\n"
            if report.allClear { out += paint(l.text("report.all-clear"), "32") + "\n" }
        }
        if s.skipped > 0 { out += l.render(.init("report.skipped", [String(s.skipped)])) + "\n" }
        if let skipped = report.skippedFiles {
            for path in skipped.prefix(Self.skippedListed) { out += "  \(path)\n" }
            if skipped.count > Self.skippedListed {
                out += "  " + l.render(.init("report.skipped.more", [String(skipped.count - Self.skippedListed)])) + "\n"
            }
        }
        if let n = s.suppressed { out += l.render(.init("report.suppressed-count", [String(n)])) + "\n" }
        if let off = report.disabledRules { out += l.render(.init("report.rules-off", [off.joined(separator: " ")])) + "\n" }
        return out
    }
}

/// The terminal view of `vigie audit`: the files that must come down or could not be checked, each with
/// the findings that say why, then the summary for the day audited and the files skipped.
public struct AuditTerminalRenderer {
    public let language: Language

    public init(language: Language) { self.language = language }

    /// `day` is the day the consents were read for, as given (`2026-11-21`).
    public func render(_ report: Report, day: String) -> String {
        let l = Localizer(language)
        var out = ""
        for file in report.files where file.status != .clear {
            out += "\(file.path)\n"
            for f in file.findings {
                out += "  \(f.rule)  " + (f.time.map { ReportedFinding.timeLabel($0) + "  " } ?? "") + "\(f.message)\n"
            }
        }
        let s = report.summary
        out += l.render(Message("audit.summary", [String(s.files), String(s.blocked), String(s.errors), day])) + "\n"
        if s.skipped > 0 { out += l.render(.init("report.skipped", [String(s.skipped)])) + "\n" }
        if let skipped = report.skippedFiles {
            for path in skipped.prefix(TerminalRenderer.skippedListed) { out += "  \(path)\n" }
            if skipped.count > TerminalRenderer.skippedListed {
                out += "  " + l.render(.init("report.skipped.more", [String(skipped.count - TerminalRenderer.skippedListed)])) + "\n"
            }
        }
        return out
    }
}

/// Renders the rule list for `vigie rules`.
public enum RulesRenderer {
    public static func text(_ rules: [RuleDescription], language: Language) -> String {
        let width = (rules.map(\.id.count).max() ?? 0) + 2
        return rules.map { r in
            "\(r.id.padding(toLength: width, withPad: " ", startingAt: 0))\(r.defaultSeverity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0))\(r.summary(language))\n\(String(repeating: " ", count: width + 9))\(r.source(language))"
        }.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ rules: [RuleDescription], language: Language) -> String {
        var out = "| id | default | what it flags | source |\n|---|---|---|---|\n"
        for r in rules { out += "| `\(r.id)` | \(r.defaultSeverity.rawValue) | \(r.summary(language)) | \(r.source(language)) |\n" }
        return out
    }

    public static func json(_ rules: [RuleDescription]) throws -> String { try JSONRenderer.render(rules) }
}
