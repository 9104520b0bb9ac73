import Foundation
import VigieChecks

/// `vigie clean --redact --format html`: one self-contained page (the check page's head, style sheet
/// and Content-Security-Policy: nothing is loaded) showing each photo before and after redaction, for a
/// teacher to see what will be published. The "before" must not republish what the copy hides: its
/// redacted faces are blurred and its text covered in the pixels (`CleanOutcome.before`); boxes
/// drawn over it say where faces were redacted (red), kept with consent (green) and text covered
/// (amber). Files not written or unchanged get a row with their status and message.
public enum CleanHTMLRenderer {
    /// `report` is a clean run's (`Report(cleaned:)`); its outcomes carry the pictures (`before`,
    /// `after`), which JSON leaves out.
    public static func render(_ report: Report, version: String) -> String {
        let l = Localizer(report.language)
        let outcomes = report.files.compactMap(\.clean)
        let redactions = outcomes.compactMap(\.redaction)
        let style = redactions.first?.style ?? "blur"
        let s = report.cleanSummary ?? CleanSummary(outcomes, redacting: true)
        var out = HTMLPage.head(language: report.language, title: l.text("clean.html.title"), style: Self.style)
        out += """
            <header>
            <h1>\(Markup.escape(l.text("clean.html.title")))</h1>
            <p class="lead">\(Markup.escape(l.text("clean.html.lead")))</p>
            <ul class="counts">
            \(HTMLPage.count(s.files, l.text("clean.html.count.files"), "files"))
            \(HTMLPage.count(s.redacted ?? redactions.count, l.text("clean.html.count.redacted"), "clear"))
            \(HTMLPage.count(redactions.reduce(0) { $0 + $1.facesRedacted }, l.text("clean.html.count.faces.\(style)"), "faces-redacted"))
            \(HTMLPage.count(redactions.reduce(0) { $0 + $1.consentedFacesKept }, l.text("clean.html.count.kept"), "faces-kept"))
            \(HTMLPage.count(redactions.reduce(0) { $0 + $1.textRegionsCovered }, l.text("clean.html.count.text"), "text-covered"))
            \(HTMLPage.count(s.errors, l.text("clean.html.count.errors"), "error"))
            </ul>
            \(HTMLPage.legend(l, legend(l)))
            </header>
            <main class="pairs">

            """
        if outcomes.isEmpty { out += "<p class=\"empty\">\(Markup.escape(l.text("report.none")))</p>\n" }
        for outcome in outcomes { out += entry(outcome, l) }
        out += "</main>\n<footer>\(Markup.escape(l.render(Message("clean.html.footer", [version]))))</footer>\n</body>\n</html>\n"
        return out
    }

    /// The boxes of the "before" pictures, in the check page's colours.
    static func legend(_ l: Localizer) -> [(kind: String, label: String)] {
        [
            ("unconsented", l.text("clean.html.legend.redacted")), ("consented", l.text("clean.html.legend.kept")),
            ("text", l.text("clean.html.legend.text")),
        ]
    }

    static func entry(_ file: CleanOutcome, _ l: Localizer) -> String {
        let status = file.status.rawValue
        var out = "<article class=\"file \(status)\" data-status=\"\(status)\">\n"
        if let r = file.redaction {
            out += "<div class=\"pair\">\n<figure class=\"before\">\n"
            out += picture(file.before, label: file.path, boxes: boxes(r, l), l)
            out += "<figcaption class=\"side\">\(Markup.escape(l.text("clean.html.before")))</figcaption>\n</figure>\n"
            out += "<figure class=\"after\">\n" + picture(file.after, label: file.output ?? file.path, boxes: [], l)
            out += "<figcaption class=\"side\">\(Markup.escape(l.text("clean.html.after")))</figcaption>\n</figure>\n</div>\n"
        }
        out += "<div class=\"body\">\n<h2 class=\"path\">\(Markup.escape(file.path))</h2>\n"
        let label: String
        switch file.status {
        case .cleaned: label = l.text(file.redaction == nil ? "clean.status.cleaned" : "clean.html.status.redacted")
        case .unchanged: label = l.text("clean.status.unchanged") + ": " + l.text("clean.unchanged")
        case .error: label = l.text("clean.html.status.error")
        }
        out += "<p class=\"status \(status)\">\(Markup.escape(label))</p>\n"
        if let error = file.error { out += "<p class=\"message\">\(Markup.escape(l.render(error)))</p>\n" }
        if let r = file.redaction {
            let counts = [String(r.facesRedacted), String(r.textRegionsCovered), String(r.consentedFacesKept)]
            out += "<p class=\"done\">\(Markup.escape(l.render(Message("clean.redaction.\(r.style)", counts))))</p>\n"
        }
        if let output = file.output, file.status == .cleaned {
            out += "<p class=\"output\">\(Markup.escape(l.render(Message("clean.html.output", [output]))))</p>\n"
        }
        out += "</div>\n</article>\n"
        return out
    }

    /// Redacted faces in red, kept faces in green, covered text in amber, as on the check page.
    static func boxes(_ r: CleanOutcome.Redaction, _ l: Localizer) -> [HTMLPage.Box] {
        r.areas.map { area in
            switch area.kind {
            case CleanOutcome.Redaction.Area.face:
                HTMLPage.Box(region: area.region, kind: "unconsented", title: l.text("clean.html.legend.redacted"))
            case CleanOutcome.Redaction.Area.keptFace:
                HTMLPage.Box(region: area.region, kind: "consented", title: l.text("clean.html.legend.kept"))
            default: HTMLPage.Box(region: area.region, kind: "text", title: area.kind)
            }
        }
    }

    static func picture(_ t: Thumbnail?, label: String, boxes: [HTMLPage.Box], _ l: Localizer) -> String {
        guard let t else { return "<div class=\"no-picture\">\(Markup.escape(l.text("html.no-thumbnail")))</div>\n" }
        return HTMLPage.picture(t, label: label, boxes: boxes)
    }

    /// Added to the shared style sheet: one row per file, before and after side by side.
    static let style = """

        .pairs{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:18px;padding:20px 28px}
        .pair{display:grid;grid-template-columns:1fr 1fr;gap:2px;background:#222}
        .pair figure{display:flex;flex-direction:column;justify-content:center}
        .pair figure svg{max-height:320px}
        .pair .no-picture{padding:60px 14px}
        figcaption.side{background:#222;color:#eee;font-weight:600;font-size:13px;padding:4px 10px;text-align:center}
        .path{font-size:15px;margin:10px 0 2px;overflow-wrap:anywhere}
        .done,.output,.message{font-size:13.5px;margin:4px 0}
        .output{color:var(--muted);overflow-wrap:anywhere}
        @media (max-width:640px){.pairs{grid-template-columns:1fr;padding:12px}}
        """
}
