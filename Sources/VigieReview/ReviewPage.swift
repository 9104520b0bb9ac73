import VigieChecks

/// The page of `vigie review`: HTML, script and style sheet, all served by the review server itself
/// (nothing from outside; the Content-Security-Policy allows nothing else). Every text the script puts
/// in the page goes through `textContent`: file names, captions and names are never parsed as HTML.
enum ReviewPage {
    /// The page, with the token for the script's `X-Vigie-Token` header (the page is only served to a
    /// request that already holds the token).
    static func html(token: String, language: Language?) -> String {
        """
        <!doctype html>
        <html lang="\(language?.rawValue ?? "en")">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="vigie-token" content="\(token)">
        <meta name="vigie-lang" content="\(language?.rawValue ?? "")">
        <title>Vigie review</title>
        <link rel="stylesheet" href="/app.css">
        <script src="/app.js" defer></script>
        </head>
        <body>
        <header>
          <h1 id="title">Vigie</h1>
          <output id="counts"></output>
          <progress id="progress" max="1" value="0"></progress>
          <nav id="filters"></nav>
          <span class="actions">
            <button id="undo" type="button" disabled></button>
            <button id="publish" type="button"></button>
            <button id="lang" type="button"></button>
          </span>
        </header>
        <main>
          <section id="grid" aria-live="polite"></section>
          <section id="photo" hidden></section>
          <section id="publishing" hidden></section>
        </main>
        <p id="message" role="status"></p>
        </body>
        </html>

        """
    }

    static let style = """
        *{box-sizing:border-box}
        [hidden]{display:none!important}
        body{margin:0;font:15px/1.4 system-ui,sans-serif;color:#1d232a;background:#f4f5f7}
        header{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:.6em 1em;align-items:center;padding:.6em 1em;background:#fff;border-bottom:1px solid #d8dce1}
        h1{font-size:1.2em;margin:0}
        nav{display:flex;flex-wrap:wrap;gap:.3em;align-items:center}
        nav select{font:inherit;padding:.2em}
        nav button,.actions button,#photo button,#publishing button{font:inherit;padding:.25em .7em;border:1px solid #9aa3ad;border-radius:4px;background:#fff;cursor:pointer}
        nav button[aria-pressed=true]{background:#1d232a;color:#fff}
        #publish{background:#0b6e3d;color:#fff;border-color:#0b6e3d}
        button:disabled{opacity:.5;cursor:default}
        main{padding:1em}
        #grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:.8em}
        .file{background:#fff;border:1px solid #d8dce1;border-radius:6px;padding:.5em;cursor:pointer;outline-offset:2px}
        .file:focus{outline:3px solid #2f6fdf}
        .file img{display:block;width:100%;height:150px;object-fit:contain;background:#e9ecef}
        .file .name{font-weight:600;word-break:break-all;margin:.3em 0 0}
        .noimage{height:150px;display:flex;align-items:center;justify-content:center;background:#e9ecef;color:#59636e}
        .status{display:inline-block;padding:0 .45em;border-radius:3px;font-size:.85em;font-weight:600;color:#fff}
        .status.clear{background:#0b6e3d}.status.blocked{background:#b3261e}.status.error{background:#6b4e00}
        .rules{font-size:.8em;color:#59636e;margin:.2em 0 0}
        .view{display:grid;grid-template-columns:minmax(0,3fr) minmax(280px,2fr);gap:1em;align-items:start}
        .stage{position:relative;background:#e9ecef}
        .stage img{display:block;width:100%;height:auto}
        .stage svg{position:absolute;left:0;top:0;width:100%;height:100%}
        rect.face{fill:none;stroke-width:4;vector-effect:non-scaling-stroke}
        rect.consented{stroke:#0fa958}rect.unconsented{stroke:#e5322d}rect.dismissed{stroke:#9aa3ad;stroke-dasharray:6 4}
        rect.text{fill:none;stroke:#e0a100;stroke-dasharray:4 3;stroke-width:2;vector-effect:non-scaling-stroke}
        text.number{font-weight:700;fill:#fff;paint-order:stroke;stroke:#000;stroke-width:3px}
        .panel{background:#fff;border:1px solid #d8dce1;border-radius:6px;padding:.8em}
        .panel h2,.panel h3{margin:.2em 0 .5em;font-size:1.05em}
        .facerow{border-top:1px solid #e3e6ea;padding:.5em 0}
        .facerow .who{font-weight:600}
        .facerow input{width:100%;font:inherit;padding:.2em .4em;margin:.3em 0}
        .suggestions{list-style:none;margin:0;padding:0}
        .suggestions li button{width:100%;text-align:left;margin:.1em 0}
        .covers{color:#0b6e3d}.nocover{color:#b3261e}
        label{display:block;margin:.4em 0 .1em;font-weight:600}
        .panel select,textarea,.panel input[type=text]{font:inherit;width:100%;padding:.2em .4em}
        ul.findings{padding-left:1.1em}
        .suppressed{color:#59636e}
        .pair{display:flex;gap:.5em;flex-wrap:wrap}
        .pair figure{margin:0}
        .pair img{max-width:320px;height:auto;display:block}
        #message{position:fixed;bottom:0;left:0;right:0;margin:0;padding:.4em 1em;background:#1d232a;color:#fff}
        #message:empty{display:none}
        """

    static let script = #"""
        "use strict";
        const token = document.querySelector('meta[name="vigie-token"]').content;
        const forced = document.querySelector('meta[name="vigie-lang"]').content;
        let lang = forced || ((navigator.language || "en").toLowerCase().startsWith("fr") ? "fr" : "en");
        const T = {
          en: {title:"Vigie review", checking:"Checking", files:"files", all:"All", blocked:"Blocked", error:"Could not be checked",
            clear:"Clear", allRules:"Every rule", undo:"Undo", publish:"Publish", back:"Back to the folder", faces:"Faces",
            face:"Face", noFaces:"No identifiable face.", person:"Who is it? (name in the ledger)", blur:"Blur it",
            ignore:"Not identifiable / leave it", reset:"No choice", consented:"consent on record for this publication",
            notConsented:"no consent on record for this publication", dismissed:"not identifiable", toBlur:"will be blurred",
            unknown:"unknown", findings:"What Vigie found", none:"Nothing: this photo may be published.", describe:"About this photo",
            context:"Context", channel:"Channel", caption:"Caption", tags:"Tags (comma separated)", save:"Save",
            saveFolder:"Save for the whole folder", saved:"Saved.", undone:"Undone.", publishing:"Publishing", published:"Copies written",
            notWritten:"not written", before:"Before", after:"After", output:"Publish folder", prev:"Previous", next:"Next",
            noLedger:"No ledger: people cannot be named.", covers:"consent covers this photo", noCover:"no consent for this photo",
            suppressed:"suppressed", other:"fr"},
          fr: {title:"Vigie : révision", checking:"Vérification", files:"fichiers", all:"Tous", blocked:"Bloqués",
            error:"Non vérifiables", clear:"Publiables", allRules:"Toutes les règles", undo:"Annuler", publish:"Publier",
            back:"Retour au dossier", faces:"Visages", face:"Visage", noFaces:"Aucun visage identifiable.",
            person:"Qui est-ce ? (nom dans le registre)", blur:"Le flouter", ignore:"Non identifiable / laisser", reset:"Aucun choix",
            consented:"consentement enregistré pour cette publication", notConsented:"aucun consentement enregistré pour cette publication",
            dismissed:"non identifiable", toBlur:"sera flouté", unknown:"inconnu", findings:"Ce que Vigie a trouvé",
            none:"Rien : cette photo peut être publiée.", describe:"À propos de cette photo", context:"Contexte", channel:"Canal",
            caption:"Légende", tags:"Mots-clés (séparés par des virgules)", save:"Enregistrer", saveFolder:"Enregistrer pour tout le dossier",
            saved:"Enregistré.", undone:"Annulé.", publishing:"Publication", published:"Copies écrites", notWritten:"non écrite",
            before:"Avant", after:"Après", output:"Dossier de publication", prev:"Précédente", next:"Suivante",
            noLedger:"Pas de registre : impossible de nommer les personnes.", covers:"consentement valable pour cette photo",
            noCover:"pas de consentement pour cette photo", suppressed:"suspendu", other:"en"}
        };
        const t = k => (T[lang] && T[lang][k]) || T.en[k] || k;
        const colon = () => lang === "fr" ? "\u00a0: " : ": ";
        const CONTEXTS = ["classroom","event","sports","performance","outdoor","other"];
        const CHANNELS = ["website","social","yearbook","newsletter","press","personal"];
        const state = {files: [], filter: "all", rule: "", current: null, status: null};
        const $ = id => document.getElementById(id);
        const enc = p => encodeURIComponent(p);

        async function api(method, url, body) {
          const sep = url.includes("?") ? "&" : "?";
          const init = {method, headers: {"X-Vigie-Token": token}, credentials: "same-origin"};
          if (body !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
          const r = await fetch(url + sep + "lang=" + lang, init);
          const type = r.headers.get("Content-Type") || "";
          const data = type.startsWith("application/json") ? await r.json() : null;
          if (!r.ok) { say((data && data.error) || r.status + " " + r.statusText); throw new Error(String(r.status)); }
          return data;
        }
        function el(tag, attrs, ...children) {
          const e = document.createElement(tag);
          for (const [k, v] of Object.entries(attrs || {})) {
            if (k === "text") e.textContent = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
          }
          for (const c of children) if (c) e.append(c);
          return e;
        }
        function svg(tag, attrs) {
          const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
          for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
          return e;
        }
        let sayTimer;
        function say(text) { $("message").textContent = text; clearTimeout(sayTimer); sayTimer = setTimeout(() => $("message").textContent = "", 4000); }

        function labels() {
          document.documentElement.lang = lang;
          $("title").textContent = t("title") + (state.status ? " — " + state.status.folder : "");
          $("undo").textContent = t("undo"); $("publish").textContent = t("publish"); $("lang").textContent = t("other").toUpperCase();
        }

        async function poll() {
          state.status = await api("GET", "/api/status");
          labels();
          const s = state.status;
          $("progress").max = Math.max(1, s.total); $("progress").value = s.checked; $("progress").hidden = s.state === "ready";
          $("undo").disabled = !s.canUndo;
          state.files = await api("GET", "/api/files");
          if (!state.current) renderGrid();
          if (s.state !== "ready") setTimeout(poll, 700);
        }

        function renderFilters() {
          const nav = $("filters"); nav.replaceChildren();
          for (const f of ["all","blocked","error","clear"]) {
            const n = f === "all" ? state.files.length : state.files.filter(x => x.status === f).length;
            nav.append(el("button", {type:"button", "data-status": f, "aria-pressed": String(state.filter === f), text: t(f) + " (" + n + ")",
              onclick: () => { state.filter = f; renderGrid(); }}));
          }
          const rules = [...new Set(state.files.flatMap(f => f.rules))].sort();
          const select = el("select", {id:"rule", onchange: e => { state.rule = e.target.value; renderGrid(); }}, el("option", {value:"", text:t("allRules")}));
          for (const r of rules) { const o = el("option", {value:r, text:r}); if (r === state.rule) o.selected = true; select.append(o); }
          nav.append(select);
        }

        function shown() {
          return state.files.filter(f => (state.filter === "all" || f.status === state.filter) && (!state.rule || f.rules.includes(state.rule)));
        }

        function renderGrid() {
          renderFilters();
          const s = state.status || {checked:0,total:0};
          $("counts").textContent = (s.state === "ready" ? "" : t("checking") + " " + s.checked + "/" + s.total + " · ") + state.files.length + " " + t("files");
          const grid = $("grid"); grid.replaceChildren();
          for (const f of shown()) {
            const picture = f.picture ? el("img", {src: "/api/files/" + enc(f.path) + "/image", alt: ""}) : el("div", {class:"noimage", text: "—"});
            const card = el("article", {class: "file " + f.status, tabindex: "0", "data-path": f.path,
                onclick: () => openPhoto(f.path), onkeydown: e => { if (e.key === "Enter") openPhoto(f.path); }},
              picture, el("p", {class:"name", text: f.path}), el("span", {class: "status " + f.status, text: t(f.status)}),
              el("p", {class:"rules", text: f.rules.join(", ")}));
            grid.append(card);
          }
        }

        async function openPhoto(path) {
          const detail = await api("GET", "/api/files/" + enc(path));
          state.current = detail;
          $("grid").hidden = true; $("filters").hidden = true; $("publishing").hidden = true; $("photo").hidden = false;
          renderPhoto();
        }
        function closePhoto() {
          const path = state.current && state.current.path;
          state.current = null; $("photo").hidden = true; $("grid").hidden = false; $("filters").hidden = false;
          poll().then(() => { const card = document.querySelector('[data-path="' + CSS.escape(path || "") + '"]'); if (card) card.focus(); });
        }
        function step(delta) {
          const list = shown(); const i = list.findIndex(f => f.path === state.current.path);
          const next = list[i + delta]; if (next) openPhoto(next.path);
        }

        function faceClass(f) {
          if (!f.identifiable) return "dismissed";
          return f.consented ? "consented" : "unconsented";
        }

        function renderPhoto() {
          const d = state.current; const view = $("photo"); view.replaceChildren();
          const bar = el("p", {}, el("button", {type:"button", id:"back", text: "← " + t("back"), onclick: closePhoto}), " ",
            el("button", {type:"button", text: t("prev"), onclick: () => step(-1)}), " ",
            el("button", {type:"button", text: t("next"), onclick: () => step(1)}), " ",
            el("strong", {text: d.path}), " ", el("span", {class: "status " + d.status, id: "photo-status", text: t(d.status)}));
          view.append(bar);
          const stage = el("div", {class:"stage"});
          if (d.width) {
            stage.append(el("img", {src: "/api/files/" + enc(d.path) + "/image?size=large", alt: ""}));
            const s = svg("svg", {viewBox: "0 0 " + d.width + " " + d.height, preserveAspectRatio: "none"});
            for (const f of d.findings) if (f.region && f.rule.startsWith("text.")) {
              s.append(svg("rect", {class:"text", x:f.region.x, y:f.region.y, width:f.region.width, height:f.region.height}));
            }
            for (const f of d.faces) {
              const r = f.region;
              s.append(svg("rect", {class:"face " + faceClass(f), "data-face": f.index, x:r.x, y:r.y, width:r.width, height:r.height}));
              const n = svg("text", {class:"number", x: r.x + 4, y: Math.max(r.y - 6, 24), "font-size": Math.max(20, d.width / 40)});
              n.textContent = String(f.index); s.append(n);
            }
            stage.append(s);
          }
          const side = el("div", {});
          const found = el("div", {class:"panel"}, el("h2", {text: t("findings")}));
          const list = el("ul", {class:"findings"});
          for (const f of d.findings) {
            list.append(el("li", {class: f.suppressed ? "suppressed" : ""}, el("code", {text: f.rule}), " ",
              document.createTextNode(f.message + (f.suppressed ? " (" + t("suppressed") + ")" : ""))));
          }
          found.append(d.findings.length ? list : el("p", {text: t("none")}));
          side.append(found, facesPanel(d), describePanel(d));
          view.append(el("div", {class:"view"}, stage, side));
        }

        function facesPanel(d) {
          const panel = el("div", {class:"panel", id:"faces"}, el("h2", {text: t("faces")}));
          if (!d.faces.length) { panel.append(el("p", {text: t("noFaces")})); return panel; }
          if (state.status && !state.status.hasLedger) panel.append(el("p", {text: t("noLedger")}));
          for (const f of d.faces) {
            const what = f.action === "ignore" ? t("dismissed") : f.action === "blur" ? t("toBlur")
              : (f.personName || t("unknown")) + " — " + (f.consented ? t("consented") : t("notConsented"));
            const row = el("div", {class:"facerow", "data-face": f.index},
              el("div", {class:"who", text: t("face") + " " + f.index + colon() + what}));
            const input = el("input", {type:"text", "aria-label": t("person"), placeholder: t("person"), class:"person"});
            const sugg = el("ul", {class:"suggestions"});
            input.addEventListener("input", async () => {
              const q = input.value.trim(); sugg.replaceChildren(); if (!q) return;
              const people = await api("GET", "/api/people?q=" + enc(q) + "&path=" + enc(d.path));
              for (const p of people) {
                sugg.append(el("li", {}, el("button", {type:"button", "data-person": p.id,
                  onclick: () => choose(d, f.index, {person: p.id})},
                  document.createTextNode(p.name + " (" + p.role + ") "), el("span", {class: p.covers ? "covers" : "nocover", text: p.covers ? t("covers") : t("noCover")}))));
              }
            });
            row.append(input, sugg,
              el("button", {type:"button", class:"blur", text: t("blur"), onclick: () => choose(d, f.index, {action:"blur"})}), " ",
              el("button", {type:"button", class:"ignore", text: t("ignore"), onclick: () => choose(d, f.index, {action:"ignore"})}), " ",
              el("button", {type:"button", class:"reset", text: t("reset"), onclick: () => choose(d, f.index, {action:"none"})}));
            panel.append(row);
          }
          return panel;
        }

        function describePanel(d) {
          const desc = d.description || {context:"classroom", channel:"website", caption:"", tags:[]};
          const select = (id, values, value) => { const s = el("select", {id}); for (const v of values) { const o = el("option", {value:v, text:v}); if (v === value) o.selected = true; s.append(o); } return s; };
          const caption = el("textarea", {id:"caption", rows:"2"}); caption.value = desc.caption || "";
          const tags = el("input", {type:"text", id:"tags"}); tags.value = (desc.tags || []).join(", ");
          const value = () => ({context: $("context").value, channel: $("channel").value, caption: caption.value, tags: tags.value});
          return el("div", {class:"panel"}, el("h2", {text: t("describe")}),
            el("label", {for:"context", text: t("context")}), select("context", CONTEXTS, desc.context),
            el("label", {for:"channel", text: t("channel")}), select("channel", CHANNELS, desc.channel),
            el("label", {for:"caption", text: t("caption")}), caption, el("label", {for:"tags", text: t("tags")}), tags,
            el("p", {}, el("button", {type:"button", id:"save", text: t("save"), onclick: async () => {
                state.current = await api("PUT", "/api/files/" + enc(d.path) + "/description", value()); renderPhoto(); say(t("saved")); poll(); }}), " ",
              el("button", {type:"button", id:"save-folder", text: t("saveFolder"), onclick: async () => {
                await api("PUT", "/api/folder/description", value()); await openPhoto(d.path); say(t("saved")); poll(); }})));
        }

        async function choose(d, index, body) {
          state.current = await api("PUT", "/api/files/" + enc(d.path) + "/faces/" + index, body);
          renderPhoto(); say(t("saved"));
          const s = await api("GET", "/api/status"); $("undo").disabled = !s.canUndo;
        }

        async function undo() {
          await api("POST", "/api/undo"); say(t("undone"));
          if (state.current) await openPhoto(state.current.path);
          await poll();
        }

        async function publish() {
          $("publish").disabled = true;
          try { await api("POST", "/api/publish"); } catch (e) { $("publish").disabled = false; return; }
          state.current = null; $("photo").hidden = true; $("grid").hidden = true; $("filters").hidden = true; $("publishing").hidden = false;
          watchPublish();
        }
        async function watchPublish() {
          const p = await api("GET", "/api/publish"); const box = $("publishing"); box.replaceChildren();
          box.append(el("p", {}, el("button", {type:"button", text: "← " + t("back"), onclick: () => { box.hidden = true; closePhoto(); }})));
          box.append(el("h2", {id:"publish-state", "data-state": p.state, text: t("publishing") + " " + p.done + "/" + p.total}));
          box.append(el("p", {text: t("output") + colon() + p.output}));
          if (p.state === "running") { setTimeout(watchPublish, 700); return; }
          $("publish").disabled = false;
          box.append(el("p", {id:"written", text: t("published") + colon() + p.written + "/" + p.results.length}));
          for (const r of p.results) {
            const row = el("article", {class:"panel publish-result", "data-path": r.path, "data-status": r.status},
              el("h3", {text: r.path + (r.status === "cleaned" ? "" : " — " + t("notWritten") + (r.message ? colon() + r.message : ""))}));
            if (r.before || r.after) {
              const pair = el("div", {class:"pair"});
              if (r.before) pair.append(el("figure", {}, el("img", {src: "/api/publish/" + r.index + "/before", alt: t("before")}), el("figcaption", {text: t("before")})));
              if (r.after) pair.append(el("figure", {}, el("img", {src: "/api/publish/" + r.index + "/after", alt: t("after")}), el("figcaption", {text: t("after")})));
              row.append(pair);
            }
            box.append(row);
          }
        }

        document.addEventListener("keydown", e => {
          if (e.target.matches && e.target.matches("input, textarea, select")) return;
          if (state.current) {
            if (e.key === "Escape") closePhoto(); else if (e.key === "ArrowRight") step(1); else if (e.key === "ArrowLeft") step(-1);
            return;
          }
          const cards = [...document.querySelectorAll("#grid .file")]; if (!cards.length) return;
          const i = cards.indexOf(document.activeElement);
          const perRow = Math.max(1, Math.round($("grid").clientWidth / (cards[0].offsetWidth + 12)));
          const moves = {ArrowRight: 1, ArrowLeft: -1, ArrowDown: perRow, ArrowUp: -perRow};
          if (e.key in moves) { e.preventDefault(); const next = cards[Math.min(cards.length - 1, Math.max(0, (i < 0 ? 0 : i + moves[e.key])))]; next.focus(); }
        });
        $("undo").addEventListener("click", undo);
        $("publish").addEventListener("click", publish);
        $("lang").addEventListener("click", () => { lang = t("other"); labels(); if (state.current) openPhoto(state.current.path); else poll(); });
        labels();
        poll();
        """#
}
