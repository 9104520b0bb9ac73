import Foundation
import VigieChecks

/// The terminal view of a clean run: one line per file (what was removed and kept, how), then a summary.
public struct CleanTerminalRenderer: TerminalStyle {
    public let colour: Bool
    public let language: Language

    public init(colour: Bool, language: Language) {
        self.colour = colour
        self.language = language
    }

    /// `report` is a clean run's (`Report(cleaned:)`); files without a clean outcome are not shown.
    public func render(_ report: Report) -> String {
        let l = Localizer(language)
        var out = ""
        for entry in report.files {
            guard let file = entry.clean else { continue }
            var head = paint(entry.path, "1")
            if let output = file.output, output != entry.path { head += " → " + output }
            switch file.status {
            case .error:
                out += "\(head)  \(paint(l.text("clean.status.error"), "35;1"))\n  \(file.error.map(l.render) ?? "")\n"
                continue
            case .unchanged:
                out += "\(head)  \(paint(l.text("clean.status.unchanged"), "32")): \(l.text("clean.unchanged"))\n"
                continue
            case .cleaned:
                break
            }
            let how: String
            switch file.method {
            case "converted": how = paint(l.render(Message("clean.converted", [(file.outputFormat ?? "").uppercased()])), "33")
            case "reencoded": how = l.text("clean.reencoded")
            case "movie": how = l.text("clean.lossless.movie")
            case "redacted":
                let size = file.redaction.map { ["\($0.width)", "\($0.height)"] } ?? ["?", "?"]
                how = paint(l.render(Message("clean.redacted", size)), "33")
            default: how = l.text("clean.lossless")
            }
            out += "\(head)  \(paint(l.text("clean.status.cleaned"), "32")), \(how)\n"
            if !file.removed.isEmpty {
                out +=
                    "  \(l.text("clean.removed")): "
                    + file.removed.map { part in part.bytes.map { "\(l.term(part.kind)) (\(Self.size($0)))" } ?? l.term(part.kind) }.joined(
                        separator: ", ") + "\n"
            }
            if !file.kept.isEmpty { out += "  \(l.text("clean.kept")): " + file.kept.map(l.term).joined(separator: ", ") + "\n" }
            if let r = file.redaction {
                let counts = [String(r.facesRedacted), String(r.textRegionsCovered), String(r.consentedFacesKept)]
                out += "  " + l.render(Message("clean.redaction.\(r.style)", counts)) + "\n"
            }
        }
        guard let s = report.cleanSummary, s.files > 0 else { return out + l.text("report.none") + "\n" }
        if let redacted = s.redacted {
            return out + "\n" + l.render(Message("clean.summary.redacted", [String(s.files), String(redacted), String(s.errors)])) + "\n"
        }
        out +=
            "\n"
            + l.render(
                Message(
                    "clean.summary",
                    [
                        String(s.files), String(s.cleaned), String(s.converted), String(s.unchanged), String(s.errors),
                        Self.size(s.bytesRemoved),
                    ])) + "\n"
        return out
    }

    /// 1234 → "1.2 kB" (decimal units, as file managers show them).
    static func size(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        if bytes < 1_000_000 { return String(format: "%.1f kB", Double(bytes) / 1000) }
        return String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
