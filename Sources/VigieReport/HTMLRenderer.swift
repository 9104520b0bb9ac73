import Foundation
import VigieChecks

/// `--format html`: one self-contained page a teacher opens offline. A contact sheet of thumbnails
/// (data: URIs, text findings already covered in their pixels) with faces and text boxes drawn over
/// them, each file's findings with the rule's explanation and its source in the policies, summary
/// counts, filters that work without a network (inline script; without script everything shows), and
/// the questions only the reviewer can answer. A Content-Security-Policy forbids loading anything.
public enum HTMLRenderer {
    /// Escapes text for HTML element content and quoted attribute values (see `Markup.escape`).
    static func escape(_ s: String) -> String { Markup.escape(s) }

    public static func render(_ report: Report, rules: [RuleDescription], version: String) -> String {
        let l = Localizer(report.language)
        let catalogue = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let s = report.summary
        var out = """
            <!DOCTYPE html>
            <html lang="\(report.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>\(escape(l.text("html.title")))</title>
            <style>\(style)</style>
            </head>
            <body>
            <header>
            <h1>\(escape(l.text("html.title")))</h1>
            <p class="lead">\(escape(l.render(Message("html.fail-on", [l.text("severity.\(report.failOn.rawValue)")]))))</p>
            <ul class="counts">
            \(count(s.files, l.text("html.count.files"), "files"))
            \(count(s.clear, l.text("html.count.clear"), "clear"))
            \(count(s.blocked, l.text("html.count.blocked"), "blocked"))
            \(count(s.errors, l.text("html.count.errors"), "error"))
            \(count(s.skipped, l.text("html.count.skipped"), "skipped"))
            </ul>
            <div class="legend" aria-label="\(escape(l.text("html.legend")))">
            <span><i class="key consented"></i>\(escape(l.text("html.legend.consented")))</span>
            <span><i class="key unconsented"></i>\(escape(l.text("html.legend.unconsented")))</span>
            <span><i class="key text"></i>\(escape(l.text("html.legend.text")))</span>
            </div>

            """
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
        out += "</main>\n<footer>\(escape(l.render(Message("html.footer", [version]))))</footer>\n"
        out += "<script>\(script(l))</script>\n</body>\n</html>\n"
        return out
    }

    static func count(_ n: Int, _ label: String, _ kind: String) -> String {
        "<li class=\"count \(kind)\"><b>\(n)</b> \(escape(label))</li>"
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
            var explained = Set<String>()
            for f in file.findings {
                out += "<li class=\"finding \(f.severity.rawValue)\" data-rule=\"\(escape(f.rule))\">"
                out += "<span class=\"severity\">\(escape(l.text("severity.\(f.severity.rawValue)")))</span> "
                out += "<code>\(escape(f.rule))</code> <span class=\"message\">\(escape(f.message))</span>"
                // A rule's explanation once per file, under its first finding.
                if let rule = catalogue[f.rule], explained.insert(f.rule).inserted {
                    out += "<p class=\"why\"><b>\(escape(l.text("html.why")))</b> \(escape(rule.summary(l.language)))."
                    out += " <b>\(escape(l.text("html.source")))</b> \(escape(rule.source(l.language))).</p>"
                }
                out += "</li>\n"
            }
            out += "</ul>\n"
        }
        if let faces = file.faces, faces.identifiable.count + faces.notIdentifiable > 0 {
            out +=
                "<p class=\"faces\">\(escape(l.render(Message("report.faces", [String(faces.identifiable.count), String(faces.notIdentifiable)]))))</p>\n"
        }
        if file.status != .error {
            out += "<div class=\"questions\"><p>\(escape(l.text("html.questions")))</p><ul>"
            for key in ["html.question.embarrassing", "html.question.useful", "html.question.true"] {
                out += "<li>\(escape(l.text(key)))</li>"
            }
            out += "</ul></div>\n"
        }
        out += "</div>\n</article>\n"
        return out
    }

    /// The thumbnail in an SVG whose coordinates are the displayed picture's pixels, so that regions
    /// are drawn as reported; or a note when there is none.
    static func picture(_ file: FileReport, _ l: Localizer) -> String {
        guard let t = file.thumbnail else {
            return "<div class=\"no-picture\">\(escape(l.text(file.status == .error ? "html.no-picture" : "html.no-thumbnail")))</div>\n"
        }
        let w = t.displayWidth, h = t.displayHeight
        var out = "<svg viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-label=\"\(escape(file.path))\">"
        out += "<image width=\"\(w)\" height=\"\(h)\" href=\"data:image/jpeg;base64,\(t.jpeg.base64EncodedString())\"/>"
        func rect(_ r: Region, _ kind: String, _ title: String) -> String {
            "<rect class=\"\(kind)\" x=\"\(r.x)\" y=\"\(r.y)\" width=\"\(r.width)\" height=\"\(r.height)\"><title>\(escape(title))</title></rect>"
        }
        for face in t.faces {
            out += rect(
                face.region, face.consented ? "consented" : "unconsented",
                l.text(face.consented ? "html.legend.consented" : "html.legend.unconsented"))
        }
        for f in file.findings { if let r = f.region { out += rect(r, "text", f.rule) } }
        out += "</svg>\n"
        return out
    }

    static let style = """
        :root{--ink:#1d2433;--muted:#5b6475;--line:#d9dde5;--bg:#f4f5f8;--ok:#1a7f37;--bad:#c62828;--err:#7b3fa0;--warn:#9a6700;--info:#0b6bcb}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
        header{background:#fff;border-bottom:1px solid var(--line);padding:20px 28px 14px}
        h1{font-size:22px;margin:0 0 4px}
        .lead{margin:0 0 12px;color:var(--muted)}
        .counts{display:flex;flex-wrap:wrap;gap:10px;list-style:none;margin:0 0 12px;padding:0}
        .count{border:1px solid var(--line);border-radius:8px;padding:6px 14px;background:#fff;color:var(--muted)}
        .count b{display:block;font-size:24px;color:var(--ink)}
        .count.clear b{color:var(--ok)} .count.blocked b{color:var(--bad)} .count.error b{color:var(--err)}
        .legend{display:flex;flex-wrap:wrap;gap:18px;font-size:13px;color:var(--muted);margin-bottom:10px}
        .key{display:inline-block;width:16px;height:12px;margin-right:6px;vertical-align:-1px;border:2.5px solid}
        .key.consented{border-color:#2ecc71} .key.unconsented{border-color:#ff3b30} .key.text{border-color:#ffb000;border-style:dashed;background:#bbb}
        nav{display:flex;flex-wrap:wrap;align-items:center;gap:8px;font-size:14px}
        nav[hidden]{display:none}
        nav .label{color:var(--muted)}
        nav button{font:inherit;border:1px solid var(--line);background:#fff;border-radius:16px;padding:3px 12px;cursor:pointer}
        nav button[aria-pressed=true]{background:var(--ink);color:#fff;border-color:var(--ink)}
        nav select{font:inherit;padding:2px 6px}
        nav output{color:var(--muted);margin-left:auto}
        .sheet{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:18px;padding:20px 28px}
        .file{background:#fff;border:1px solid var(--line);border-top:5px solid var(--ok);border-radius:10px;overflow:hidden;display:flex;flex-direction:column}
        .file[hidden]{display:none}
        .file.blocked{border-top-color:var(--bad)} .file.error{border-top-color:var(--err)}
        figure{margin:0;background:#222;text-align:center}
        figure svg{display:block;width:100%;height:auto;max-height:280px}
        figure rect{fill:none;stroke-width:3;vector-effect:non-scaling-stroke}
        rect.consented{stroke:#2ecc71} rect.unconsented{stroke:#ff3b30} rect.text{stroke:#ffb000;stroke-dasharray:6 3}
        figcaption{background:#fff;color:var(--ink);font-weight:600;padding:8px 14px 0;text-align:left;overflow-wrap:anywhere}
        .no-picture{color:#ccc;padding:60px 14px;font-size:14px}
        .body{padding:4px 14px 14px}
        .status{display:inline-block;margin:6px 0;padding:1px 10px;border-radius:10px;font-size:13px;font-weight:600;color:#fff;background:var(--ok)}
        .status.blocked{background:var(--bad)} .status.error{background:var(--err)}
        .findings{list-style:none;margin:0;padding:0}
        .finding{border-left:3px solid var(--info);padding:4px 0 4px 10px;margin:6px 0}
        .finding.error{border-left-color:var(--bad)} .finding.warning{border-left-color:var(--warn)}
        .severity{font-size:12px;font-weight:700;text-transform:uppercase;color:var(--info)}
        .finding.error .severity{color:var(--bad)} .finding.warning .severity{color:var(--warn)}
        code{font-size:12px;background:var(--bg);padding:1px 5px;border-radius:4px}
        .why{margin:3px 0 0;font-size:12.5px;color:var(--muted)}
        .faces,.nothing{font-size:13px;color:var(--muted);margin:6px 0}
        .questions{margin-top:10px;padding:8px 10px;background:#fff8e1;border-radius:6px;font-size:13px}
        .questions p{margin:0;font-weight:600}
        .questions ul{margin:4px 0 0;padding-left:18px}
        footer{padding:8px 28px 24px;color:var(--muted);font-size:13px}
        @media print{nav{display:none}.file{break-inside:avoid}}
        """

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
