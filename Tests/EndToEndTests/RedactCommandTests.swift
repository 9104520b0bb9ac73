import Foundation
import Testing

@Suite("vigie clean --redact, end to end")
struct RedactEndToEndTests {
    @Test func redactionNeedsAnOutputFolderAndItsOptionsNeedRedact() throws {
        let photo = "Fixtures/faces/one-face.jpg"
        var r = try run(["clean", photo, "--redact", "--in-place"])
        #expect(r.status == 2 && r.stderr.contains("--output"), "\(r.stderr)")
        r = try run(["clean", photo, "--output", "/tmp/vigie-redact-unused", "--channel", "social"])
        #expect(r.status == 2 && r.stderr.contains("--redact"), "\(r.stderr)")
        r = try run(["clean", photo, "--output", "/tmp/vigie-redact-unused", "--redact-style", "box"])
        #expect(r.status == 2)
        r = try run(["clean", photo, "--output", "/tmp/vigie-redact-unused", "--redact", "--redact-margin", "5"])
        #expect(r.status == 2)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/vigie-redact-unused/one-face.jpg"))
    }

    @Test func withoutALedgerEveryIdentifiableFaceIsBlurredAndTheReportSaysSo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-redact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let photo = dir.appendingPathComponent("one-face.jpg")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("faces/one-face.jpg"), to: photo)
        let original = try Data(contentsOf: photo)
        // No ledger anywhere: the default ledger's folder is an empty one and VIGIE_LEDGER is unset.
        let env = ["XDG_DATA_HOME": dir.appendingPathComponent("data").path, "VIGIE_LEDGER": ""]
        let out = dir.appendingPathComponent("out")
        var r = try run(["clean", photo.path, "--redact", "--output", out.path, "--format", "json"], env: env)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        #expect(file["method"] as? String == "redacted" && file["status"] as? String == "cleaned")
        let redaction = try #require(file["redaction"] as? [String: Any])
        #expect(
            redaction["facesRedacted"] as? Int == 1 && redaction["consentedFacesKept"] as? Int == 0
                && redaction["style"] as? String == "blur")
        let area = try #require((redaction["areas"] as? [[String: Any]])?.first)
        #expect(area["kind"] as? String == "face" && area["region"] is [String: Any])
        #expect((json["summary"] as? [String: Any])?["redacted"] as? Int == 1)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("one-face.jpg").path))
        #expect(try Data(contentsOf: photo) == original)
        // The copy passes `vigie check` on faces: nothing identifiable is left.
        let check = try run(["check", out.appendingPathComponent("one-face.jpg").path, "--format", "json", "--no-ocr"], env: env)
        let checked = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let faces = ((checked["files"] as? [[String: Any]])?.first?["faces"] as? [String: Any])?["identifiable"] as? [Any]
        #expect(faces?.isEmpty == true, "\(check.stdout)")

        // The terminal report, in French, counts what was done; it never shows where.
        r = try run(["clean", photo.path, "--redact", "--redact-style", "pixelate", "--output", out.path, "--lang", "fr"], env: env)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("visages pixellisés : 1") && r.stdout.contains("copies prêtes à publier"), "\(r.stdout)")
    }
}

/// A folder for the before/after page, against a ledger where Alice consented and Bob did not:
/// `in/alice.jpg` (one identifiable face, Alice's by the folder's manifest), `in/class.jpg` (three
/// identifiable faces, the manifest names Bob), a copy of `one-face.jpg` under a hostile name that
/// nobody is named in, a picture with a phone number and an address (`contact.png`, its text covered),
/// and a text file named `.jpg`.
struct RedactionPageScenario {
    let folder: URL
    var input: URL { folder.appendingPathComponent("in") }
    var output: URL { folder.appendingPathComponent("out") }
    var ledger: String { folder.appendingPathComponent("ledger.sqlite").path }
    static let hostileName = "a<b>&\"x'.jpg"

    init() throws {
        folder = try temporaryDirectory("vigie-redact-page")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for (fixture, name) in [
            ("faces/one-face.jpg", "alice.jpg"), ("faces/three-faces.jpg", "class.jpg"), ("faces/one-face.jpg", Self.hostileName),
            ("text/contact-paragraph.png", "contact.png"),
        ] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(fixture), to: input.appendingPathComponent(name))
        }
        try "not an image\n".write(to: input.appendingPathComponent("notes.jpg"), atomically: true, encoding: .utf8)
        try """
        file,people,context,channel,caption,tags
        alice.jpg,S1,classroom,website,Reading corner,
        class.jpg,S2,classroom,website,Reading corner,
        """.write(to: input.appendingPathComponent("vigie.csv"), atomically: true, encoding: .utf8)
        let people = folder.appendingPathComponent("people.csv"), consents = folder.appendingPathComponent("consents.csv")
        try "id,name,role,group\nS1,Alice Martin,student,5A\nS2,Bob Roy,student,5A\n".write(to: people, atomically: true, encoding: .utf8)
        try """
        person,kind,signed_by,signed_on,channels,contexts,tagging,valid_from,valid_until,evidence
        S1,consent,Parent,2026-09-01,all,all,no,,,F1
        """.write(to: consents, atomically: true, encoding: .utf8)
        #expect(try run(["consent", "import", "people", people.path, "--ledger", ledger]).status == 0)
        #expect(try run(["consent", "import", "consents", consents.path, "--ledger", ledger]).status == 0)
    }

    /// Runs `vigie clean --redact in --output out` in the folder (paths are shown relative to it); the
    /// report goes to `report` when given.
    func redact(_ extra: [String], report: URL? = nil) throws -> Run {
        try run(
            ["clean", "in", "--redact", "--output", "out", "--ledger", ledger, "--on", "2026-11-21", "--no-progress"] + extra
                + (report.map { ["--report", $0.path] } ?? []), cwd: folder)
    }
}

/// How many times `needle` occurs in `haystack`.
func occurrences(_ needle: String, in haystack: String) -> Int { haystack.components(separatedBy: needle).count - 1 }

@Suite("vigie clean --redact --format html, end to end")
struct RedactionPageEndToEndTests {
    @Test func htmlNeedsRedactAndSaysSoInEnglishAndFrench() throws {
        let photo = "Fixtures/faces/one-face.jpg"
        var r = try run(["clean", photo, "--output", "/tmp/vigie-redact-unused", "--format", "html", "--lang", "en"])
        #expect(r.status == 2 && r.stderr.contains("use it with --redact"), "\(r.stderr)")
        r = try run(["clean", photo, "--output", "/tmp/vigie-redact-unused", "--format", "html", "--lang", "fr"])
        #expect(r.status == 2 && r.stderr.contains("utilisez-le avec --redact"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/vigie-redact-unused/one-face.jpg"))
    }

    @Test func thePageShowsEachCopyBeforeAndAfterWithTheBoxesTheJSONCounts() throws {
        let s = try RedactionPageScenario()
        defer { try? FileManager.default.removeItem(at: s.folder) }
        let page = s.folder.appendingPathComponent("report.html")
        let r = try s.redact(["--format", "html", "--lang", "en"], report: page)
        #expect(r.status == 1, "the text file is not an image: \(r.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)

        let json = try s.redact(["--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        let redactions = files.compactMap { $0["redaction"] as? [String: Any] }
        #expect(files.count == 5 && redactions.count == 4, "\(json.stdout)")
        let redacted = redactions.reduce(0) { $0 + ($1["facesRedacted"] as? Int ?? 0) }
        let kept = redactions.reduce(0) { $0 + ($1["consentedFacesKept"] as? Int ?? 0) }
        let text = redactions.reduce(0) { $0 + ($1["textRegionsCovered"] as? Int ?? 0) }
        #expect(redacted == 4 && kept == 1, "the three faces with Bob's and the one nobody is named for go; Alice stays")
        // Kept faces are in the areas too, as detected, for the green boxes; JSON has no pictures.
        let kinds = redactions.flatMap { ($0["areas"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } }
        #expect(kinds.filter { $0 == "face-kept" }.count == kept && kinds.filter { $0 == "face" }.count == redacted)
        #expect(text > 0 && kinds.filter { $0.hasPrefix("text.") }.count == text)
        #expect(!json.stdout.contains("base64"))

        // Two pictures per copy written, none for the file that could not be redacted.
        #expect(occurrences("<figure class=\"before\">", in: html) == 4 && occurrences("<figure class=\"after\">", in: html) == 4)
        #expect(occurrences("href=\"data:image/jpeg;base64,", in: html) == 8)
        #expect(occurrences("<rect class=\"unconsented\"", in: html) == redacted)
        #expect(occurrences("<rect class=\"consented\"", in: html) == kept)
        #expect(occurrences("<rect class=\"text\"", in: html) == text)
        #expect(occurrences("<article class=\"file ", in: html) == 5)
        #expect(html.contains("<article class=\"file error\"") && html.contains("not written"))
        // The summary, and nothing that points outside the file.
        #expect(html.contains("<li class=\"count faces-redacted\"><b>4</b> faces blurred</li>"))
        #expect(html.contains("<li class=\"count faces-kept\"><b>1</b> consented faces kept</li>"))
        #expect(html.contains("<li class=\"count error\"><b>1</b> not written</li>"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        // The hostile file name is escaped wherever it appears, never markup.
        #expect(html.contains("<h2 class=\"path\">in/a&lt;b&gt;&amp;&quot;x&apos;.jpg</h2>"))
        #expect(!html.contains(RedactionPageScenario.hostileName) && !html.contains("<b>&"))

        // In French, the same page speaks French.
        let fr = try s.redact(["--format", "html", "--lang", "fr"])
        #expect(fr.stdout.contains("<html lang=\"fr\">") && fr.stdout.contains("visages floutés") && fr.stdout.contains("Avant"))
    }
}
