import Foundation
import VigieChecks
import VigieMedia

/// What the HTML pages (`vigie check --format html`, `vigie clean --redact --format html`) share: the
/// head with its Content-Security-Policy (nothing may be loaded: pictures are data: URIs, style and
/// script inline), the style sheet, the summary counts, the legend, and thumbnails with boxes drawn
/// over them. One page works offline and looks like the other.
enum HTMLPage {
    /// `<!DOCTYPE html>` up to and including `<body>`; `style` is added after the shared style sheet.
    static func head(language: Language, title: String, style extra: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>\(Markup.escape(title))</title>
        <style>\(style)\(extra)</style>
        </head>
        <body>

        """
    }

    /// One of the counts at the top of a page; `kind` is a class (`clear`, `blocked` and `error` are coloured).
    static func count(_ n: Int, _ label: String, _ kind: String) -> String {
        "<li class=\"count \(kind)\"><b>\(n)</b> \(Markup.escape(label))</li>"
    }

    /// The legend of the boxes: each `kind` (a `Box` class) with what it means.
    static func legend(_ l: Localizer, _ keys: [(kind: String, label: String)]) -> String {
        var out = "<div class=\"legend\" aria-label=\"\(Markup.escape(l.text("html.legend")))\">\n"
        for key in keys { out += "<span><i class=\"key \(key.kind)\"></i>\(Markup.escape(key.label))</span>\n" }
        return out + "</div>"
    }

    /// A box drawn over a thumbnail: `kind` is its class (`consented`, `unconsented`, `text`).
    struct Box {
        let region: Region
        let kind: String
        let title: String
    }

    /// The thumbnail in an SVG whose coordinates are the displayed picture's pixels, so that regions
    /// are drawn as reported, with `boxes` over it.
    static func picture(_ t: Thumbnail, label: String, boxes: [Box]) -> String {
        let w = t.displayWidth, h = t.displayHeight
        var out = "<svg viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-label=\"\(Markup.escape(label))\">"
        out += "<image width=\"\(w)\" height=\"\(h)\" href=\"data:image/jpeg;base64,\(t.jpeg.base64EncodedString())\"/>"
        for b in boxes {
            let r = b.region
            out +=
                "<rect class=\"\(b.kind)\" x=\"\(r.x)\" y=\"\(r.y)\" width=\"\(r.width)\" height=\"\(r.height)\"><title>\(Markup.escape(b.title))</title></rect>"
        }
        return out + "</svg>\n"
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
        a.rule-link{color:inherit}
        .rules{margin:0 28px 8px;padding:12px 16px;background:#fff;border:1px solid var(--line);border-radius:10px}
        .rules h2{font-size:17px;margin:0 0 6px}
        .rules dl{margin:0}
        .rule{padding:5px 8px;border-radius:6px}
        .rule:target{background:#fff8e1}
        .rule dd{margin-left:0}
        .faces,.nothing{font-size:13px;color:var(--muted);margin:6px 0}
        .frame .time,.finding .time{font-variant-numeric:tabular-nums;color:var(--muted);font-size:13px;margin:2px 0 8px}
        .video{font-size:13px;color:var(--muted);margin:0 0 6px}
        .questions{margin-top:10px;padding:8px 10px;background:#fff8e1;border-radius:6px;font-size:13px}
        .questions p{margin:0;font-weight:600}
        .questions ul{margin:4px 0 0;padding-left:18px}
        footer{padding:8px 28px 24px;color:var(--muted);font-size:13px}
        @media print{nav{display:none}.file{break-inside:avoid}}
        """

}
