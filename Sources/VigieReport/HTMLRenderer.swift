import Foundation
import VigieChecks

/// `--format html`: one self-contained page a teacher opens offline. A contact sheet of thumbnails
/// (data: URIs, text findings already covered in their pixels) with faces and text boxes drawn over
/// them, each file's findings linked to their rule's explanation and its source in the policies (given
/// once for the page, in the rules section after the photos), summary counts, filters that work
/// without a network (inline script; without script everything shows), and the questions only the
/// reviewer can answer. A Content-Security-Policy forbids loading anything.
public enum HTMLRenderer {
    /// Escapes text for HTML element content and quoted attribute values (see `Markup.escape`).
    static func escape(_ s: String) -> String { Markup.escape(s) }

    public static func render(_ report: Report, rules: [RuleDescription], version: String) -> String {
        let l = Localizer(report.language)
        let catalogue = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let s = report.summary
        var out = HTMLPage.head(language: report.language, title: l.text("html.title"))
        out += """
            <header>
            <h1>\(escape(l.text("html.title")))</h1>
            <p class="lead">\(escape(l.render(Message("html.fail-on", [l.text("severity.\(report.failOn.rawValue)")]))))</p>
            <ul class="counts">
            \(HTMLPage.count(s.files, l.text("html.count.files"), "files"))
            \(HTMLPage.count(s.clear, l.text("html.count.clear"), "clear"))
            \(HTMLPage.count(s.blocked, l.text("html.count.blocked"), "blocked"))
            \(HTMLPage.count(s.errors, l.text("html.count.errors"), "error"))
            \(HTMLPage.count(s.skipped, l.text("html.count.skipped"), "skipped"))
            </ul>
            \(HTMLPage.legend(l, legend(l)))

            """
        if let skipped = report.skippedFiles {
            // Listed, not shown: these files were neither checked nor cleared.
            let title = escape(l.render(Message("html.skipped", [String(skipped.count)])))
            out += "<details class=\"skipped\"><summary>\(title)</summary>\n<ul>\n"
            for path in skipped { out += "<li>\(escape(path))</li>\n" }
            out += "</ul>\n</details>\n"
        }
        let usedRules = Set(report.files.flatMap { $0.findings.map(\.rule) }).sorted()
        out += "<nav id=\"filters\" hidden>\n<span class=\"label\">\(escape(l.text("html.filter.show")))</span>\n"
        for (mode, key) in [
            ("all", "html.filter.all"), ("blocked", "html.filter.blocked"), ("error", "html.filter.error"), ("clear", "html.filter.clear"),
        ] {
            out += "<button type=\"button\" data-status=\"\(mode)\" aria-pressed=\"\(mode == "all")\">\(escape(l.text(key)))</button>\n"
        }
        out +=
            "<label>\(escape(l.text("html.filter.rule"))) <select id=\"rule-filter\">\n<option value=\"\">\(escape(l.text("html.filter.any-rule")))</option>\n"
        for rule in usedRules { out += "<option value=\"\(escape(rule))\">\(escape(rule))</option>\n" }
        out += "</select></label>\n<output id=\"shown\"></output>\n</nav>\n</header>\n<main class=\"sheet\">\n"
        if report.files.isEmpty { out += "<p class=\"empty\">\(escape(l.text("report.none")))</p>\n" }
        for file in report.files { out += entry(file, l, catalogue) }
        out += "</main>\n" + rulesSection(usedRules.compactMap { catalogue[$0] }, l)
        out += "<footer>\(escape(l.render(Message("html.footer", [version]))))</footer>\n"
        out += "<script>\(script(l))</script>\n</body>\n</html>\n"
        return out
    }

    /// The check page's boxes: faces by consent on record, text found.
    static func legend(_ l: Localizer) -> [(kind: String, label: String)] {
        [
            ("consented", l.text("html.legend.consented")), ("unconsented", l.text("html.legend.unconsented")),
            ("text", l.text("html.legend.text")),
        ]
    }

    static func entry(_ file: FileReport, _ l: Localizer, _ catalogue: [String: RuleDescription]) -> String {
        let status = file.status.rawValue
        let rules = Set(file.findings.map(\.rule)).sorted().joined(separator: " ")
        var out = "<article class=\"file \(status)\" data-status=\"\(status)\" data-rules=\"\(escape(rules))\">\n"
        out += "<figure>\n" + picture(file, l) + "<figcaption>\(escape(file.path))</figcaption>\n</figure>\n"
        out += "<div class=\"body\">\n<p class=\"status \(status)\">\(escape(l.text("report.\(status)")))</p>\n"
        if file.findings.isEmpty {
            out += "<p class=\"nothing\">\(escape(l.text("html.no-findings")))</p>\n"
        } else {
            out += "<ul class=\"findings\">\n"
            for f in file.findings {
                out += "<li class=\"finding \(f.severity.rawValue)\" data-rule=\"\(escape(f.rule))\">"
                out += "<span class=\"severity\">\(escape(l.text("severity.\(f.severity.rawValue)")))</span> "
                // The rule's id links to its explanation, given once for the page in the rules section.
                let code = "<code>\(escape(f.rule))</code>"
                out += catalogue[f.rule] == nil ? code : "<a class=\"rule-link\" href=\"#\(escape(anchor(f.rule)))\">\(code)</a>"
                if let t = f.time { out += " <span class=\"time\">\(escape(ReportedFinding.timeLabel(t)))</span>" }
                out += " <span class=\"message\">\(escape(f.message))</span></li>\n"
            }
            out += "</ul>\n"
        }
        if let faces = file.faces, faces.identifiable.count + faces.notIdentifiable > 0 {
            out +=
                "<p class=\"faces\">\(escape(l.render(Message("report.faces", [String(faces.identifiable.count), String(faces.notIdentifiable)]))))</p>\n"
        }
        if file.status != .error {
            out += "<div class=\"questions\"><p>\(escape(l.text("html.questions")))</p><ul>"
            var questions = ["html.question.embarrassing", "html.question.useful", "html.question.true"]
            if file.video?.soundtrack == true { questions.append("html.question.music") }
            for key in questions {
                out += "<li>\(escape(l.text(key)))</li>"
            }
            out += "</ul></div>\n"
        }
        out += "</div>\n</article>\n"
        return out
    }

    /// The id of a rule's entry in the rules section, which its findings link to.
    static func anchor(_ rule: String) -> String { "rule-" + rule }

    /// Each rule the report's findings name, once for the page: its id, what it flags (why it matters)
    /// and where it comes from in the policies. Nothing when no finding names a known rule.
    static func rulesSection(_ rules: [RuleDescription], _ l: Localizer) -> String {
        guard !rules.isEmpty else { return "" }
        var out = "<section id=\"rules\" class=\"rules\">\n<h2>\(escape(l.text("html.rules")))</h2>\n<dl>\n"
        for rule in rules {
            out += "<div class=\"rule\" id=\"\(escape(anchor(rule.id)))\"><dt><code>\(escape(rule.id))</code></dt>"
            out += "<dd class=\"why\"><b>\(escape(l.text("html.why")))</b> \(escape(rule.summary(l.language)))."
            out += " <b>\(escape(l.text("html.source")))</b> \(escape(rule.source(l.language))).</dd></div>\n"
        }
        return out + "</dl>\n</section>\n"
    }

    /// The thumbnail in an SVG whose coordinates are the displayed picture's pixels, so that regions
    /// are drawn as reported; or a note when there is none.
    static func picture(_ file: FileReport, _ l: Localizer) -> String {
        if let frames = file.frames, !frames.isEmpty { return videoFrames(file, frames, l) }
        guard let t = file.thumbnail else {
            return "<div class=\"no-picture\">\(escape(l.text(file.status == .error ? "html.no-picture" : "html.no-thumbnail")))</div>\n"
        }
        return HTMLPage.picture(t, label: file.path, boxes: boxes(t, file.findings, l))
    }

    /// The boxes drawn over a picture: its faces by consent on record, and the regions of `findings`.
    static func boxes(_ t: Thumbnail, _ findings: [ReportedFinding], _ l: Localizer) -> [HTMLPage.Box] {
        let faces = t.faces.map { face in
            HTMLPage.Box(
                region: face.region, kind: face.consented ? "consented" : "unconsented",
                title: l.text(face.consented ? "html.legend.consented" : "html.legend.unconsented"))
        }
        return faces + findings.compactMap { f in f.region.map { HTMLPage.Box(region: $0, kind: "text", title: f.rule) } }
    }

    /// A video's frames that carry findings, each with its time, its faces and its findings' boxes.
    static func videoFrames(_ file: FileReport, _ frames: [Thumbnail], _ l: Localizer) -> String {
        var out = ""
        if let v = file.video {
            let duration = v.duration.map { String(format: "%.1f", $0) } ?? "?"
            out += "<p class=\"video\">\(escape(l.render(Message("html.video", [duration, String(v.framesChecked)]))))</p>\n"
        }
        for t in frames {
            let label = t.time.map(ReportedFinding.timeLabel) ?? ""
            let drawn = boxes(t, file.findings.filter { $0.time == t.time }, l)
            out += "<div class=\"frame\">" + HTMLPage.picture(t, label: "\(file.path) \(label)", boxes: drawn)
            out += "<p class=\"time\">\(escape(label))</p></div>\n"
        }
        return out
    }

    static func script(_ l: Localizer) -> String {
        // Strings go in as JSON so that no translation can break out of the script.
        let shown = (try? String(decoding: JSONEncoder().encode(l.text("html.shown")), as: UTF8.self)) ?? "\"\""
        return """
            (function(){var nav=document.getElementById("filters");if(!nav)return;nav.hidden=false;
            var files=[].slice.call(document.querySelectorAll("article.file"));var select=document.getElementById("rule-filter");
            var buttons=[].slice.call(nav.querySelectorAll("button"));var status="all";var template=\(shown.replacingOccurrences(of: "</", with: "<\\/"));
            function apply(){var rule=select.value;var n=0;files.forEach(function(f){
            var ok=(status==="all"||f.getAttribute("data-status")===status)&&(rule===""||f.getAttribute("data-rules").split(" ").indexOf(rule)>=0);
            f.hidden=!ok;if(ok)n++;});document.getElementById("shown").textContent=template.replace("{0}",n).replace("{1}",files.length);}
            buttons.forEach(function(b){b.addEventListener("click",function(){status=b.getAttribute("data-status");
            buttons.forEach(function(o){o.setAttribute("aria-pressed",String(o===b));});apply();});});
            select.addEventListener("change",apply);apply();})();
            """
    }
}
