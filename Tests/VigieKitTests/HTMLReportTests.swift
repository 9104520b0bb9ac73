import Foundation
import Testing
import VigieChecks
import VigieMedia
import VigieReport

@testable import VigieKit

/// How many times `needle` occurs in `haystack`.
private func occurrences(_ needle: String, in haystack: String) -> Int { haystack.components(separatedBy: needle).count - 1 }

@Suite("HTML report: thumbnails from the pipeline, escaping, languages")
struct HTMLReportTests {
    func candidate(_ relative: String) -> Candidate {
        let path = fixtures.deletingLastPathComponent().appendingPathComponent(relative).path
        return Candidate(path: path, displayPath: relative, kind: .image(.jpeg))
    }

    func pipeline(thumbnails: Bool) -> Pipeline {
        var options = CheckOptions()
        options.limits.maxSecondsPerFile = 900  // what is read, not how fast: OCR under load passes 30 s
        options.thumbnails = thumbnails
        options.readText = false
        return Pipeline(options: options)
    }

    @Test func thumbnailsAreMadeOnlyWhenAskedFromTheSharedDecode() throws {
        let with = pipeline(thumbnails: true).check(candidate("Fixtures/faces/three-faces.jpg"))
        let t = try #require(with.thumbnail)
        #expect(max(t.width, t.height) == 320)
        #expect(t.jpeg.starts(with: [0xFF, 0xD8]))
        // Regions stay in displayed pixels: the thumbnail carries the displayed size they refer to.
        let faces = try #require(with.faces)
        #expect(t.faces.map(\.region) == faces.identifiable.map(\.region))
        #expect(!t.faces.isEmpty)
        // No ledger: nobody's consent is on record.
        #expect(t.faces.allSatisfy { !$0.consented })
        #expect(t.displayWidth >= t.width && t.displayHeight >= t.height)
        // Every other format: no thumbnail, nothing added to the JSON report.
        let without = pipeline(thumbnails: false).check(candidate("Fixtures/faces/three-faces.jpg"))
        #expect(without.thumbnail == nil)
        let json = try JSONRenderer.render(Report(entries: Decision().decide([without]), failOn: .error, language: .en))
        #expect(!json.contains("thumbnail"))
    }

    @Test func filesThatCannotBeDecodedHaveNoThumbnail() {
        let entry = pipeline(thumbnails: true).check(candidate("Fixtures/sample/not-really.jpg"))
        #expect(entry.thumbnail == nil)
        let html = HTMLRenderer.render(
            Report(entries: Decision().decide([entry]), failOn: .error, language: .en), rules: CheckRegistry.rules, version: "t"
        )
        #expect(html.contains("No picture: this file could not be decoded (see below)."))
        #expect(!html.contains("<image "))
    }

    @Test func hostileFileNamesAndMessagesAreEscaped() {
        let path = "photos/<img src=x onerror=alert(1)>\"'&.jpg"
        let finding = Finding(
            rule: "file.unreadable", severity: .error, message: Message("file.metadata-unreadable", ["<script>alert(2)</script>"]))
        let report = Report(
            entries: Decision().decide([Report.Entry(path: path, format: "jpeg", findings: [finding])]), failOn: .error,
            language: .en)
        let html = HTMLRenderer.render(report, rules: CheckRegistry.rules, version: "<blink>")
        #expect(!html.contains("<img"))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("(&lt;script&gt;alert(2)&lt;/script&gt;)"))
        #expect(!html.contains("<blink>"))
        #expect(html.contains("photos/&lt;img src=x onerror=alert(1)&gt;&quot;&apos;&amp;.jpg"))
        // One script element only: the page's own filters.
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(Markup.escape("a\u{0}b\u{1B}c") == "a\u{FFFD}b\u{FFFD}c")
    }

    @Test func findingsCarryTheRuleExplanationAndItsSource() throws {
        let finding = Finding(
            rule: "metadata.location", severity: .error, message: Message("metadata.location", ["GPS coordinates", "EXIF"]))
        let entries = [
            Report.Entry(path: "a.jpg", format: "jpeg", findings: [finding]), Report.Entry(path: "b.jpg", format: "jpeg", findings: []),
        ]
        let rule = try #require(CheckRegistry.rule("metadata.location"))
        for language in Language.allCases {
            let html = HTMLRenderer.render(
                Report(entries: Decision().decide(entries), failOn: .error, language: language), rules: CheckRegistry.rules,
                version: "t")
            #expect(html.contains("<html lang=\"\(language.rawValue)\">"))
            #expect(html.contains(Markup.escape(rule.summary(language))))
            #expect(html.contains(Markup.escape(rule.source(language))))
            #expect(html.contains("data-status=\"blocked\" data-rules=\"metadata.location\""))
            #expect(html.contains("<option value=\"metadata.location\">"))
            // Without the script every photo shows: only the filter bar (useless without it) is hidden.
            let hiddenTags = try NSRegularExpression(pattern: "<[a-z]+[^>]*\\shidden[\\s>=]")
                .matches(in: html, range: NSRange(html.startIndex..., in: html)).map { (html as NSString).substring(with: $0.range) }
            #expect(hiddenTags == ["<nav id=\"filters\" hidden>"])
            // The reviewer's questions, once per photo that was checked.
            let questions = Localizer(language).text("html.question.embarrassing")
            #expect(html.components(separatedBy: Markup.escape(questions)).count == 3)
        }
        let fr = HTMLRenderer.render(
            Report(entries: Decision().decide(entries), failOn: .error, language: .fr), rules: CheckRegistry.rules, version: "t"
        )
        #expect(fr.contains("À vous de juger"))
        #expect(fr.contains("bloqué"))
    }

    /// 50 photos with the same findings used to carry 50 copies of each rule's explanation: each rule is
    /// explained once for the page, and every finding links to it.
    @Test func eachRuleIsExplainedOncePerPageAndEveryFindingLinksToIt() throws {
        let location = Finding(rule: "metadata.location", severity: .error, message: Message("metadata.location", ["GPS", "EXIF"]))
        let xmpLocation = Finding(rule: "metadata.location", severity: .error, message: Message("metadata.location", ["GPS", "XMP"]))
        let identifying = Finding(
            rule: "metadata.identifying", severity: .warning, message: Message("metadata.identifying", ["maker notes", "EXIF"]))
        let unknown = Finding(rule: "custom.rule", severity: .info, message: Message("metadata.identifying", ["x", "y"]))
        let entries = [
            Report.Entry(path: "a.jpg", format: "jpeg", findings: [location, xmpLocation, identifying]),
            Report.Entry(path: "b.jpg", format: "jpeg", findings: [location, identifying]),
            Report.Entry(path: "c.jpg", format: "jpeg", findings: [location, unknown]),
            Report.Entry(path: "d.jpg", format: "jpeg", findings: []),
        ]
        let used = ["metadata.identifying": 2, "metadata.location": 4]
        for language in Language.allCases {
            let l = Localizer(language)
            let html = HTMLRenderer.render(
                Report(entries: Decision().decide(entries), failOn: .error, language: language), rules: CheckRegistry.rules,
                version: "t")
            for (id, findings) in used {
                let rule = try #require(CheckRegistry.rule(id))
                let explanation =
                    "<b>\(Markup.escape(l.text("html.why")))</b> \(Markup.escape(rule.summary(language)))."
                    + " <b>\(Markup.escape(l.text("html.source")))</b> \(Markup.escape(rule.source(language))).</dd>"
                #expect(occurrences(explanation, in: html) == 1, "\(id) in \(language)")
                #expect(occurrences(Markup.escape(rule.summary(language)), in: html) == 1, "\(id) in \(language)")
                #expect(occurrences("<div class=\"rule\" id=\"rule-\(id)\"><dt><code>\(id)</code></dt>", in: html) == 1)
                #expect(occurrences("<a class=\"rule-link\" href=\"#rule-\(id)\"><code>\(id)</code></a>", in: html) == findings)
            }
            // One explanation per rule, in one section after the photos; the finding lines stay.
            #expect(occurrences("<b>\(Markup.escape(l.text("html.why")))</b>", in: html) == used.count)
            #expect(occurrences("<section id=\"rules\"", in: html) == 1)
            let sections = try #require(html.range(of: "</main>\n<section id=\"rules\""))
            #expect(html[sections.upperBound...].contains("<footer>"))
            #expect(occurrences("<li class=\"finding ", in: html) == 7)
            // A rule the catalogue does not know: its id, no link to an explanation that is not there.
            #expect(html.contains("<code>custom.rule</code> <span class=\"message\">"))
            #expect(!html.contains("#rule-custom.rule") && !html.contains("id=\"rule-custom.rule\""))
            // Every link has its target in the page; only the rules found are explained.
            let links = try NSRegularExpression(pattern: "href=\"#([^\"]+)\"")
                .matches(in: html, range: NSRange(html.startIndex..., in: html)).map { (html as NSString).substring(with: $0.range(at: 1)) }
            #expect(links.count == 6)
            for target in Set(links) { #expect(occurrences("id=\"\(target)\"", in: html) == 1, "\(target)") }
            #expect(occurrences("<div class=\"rule\" ", in: html) == used.count)
        }
        // Nothing found, nothing to explain.
        let clear = HTMLRenderer.render(
            Report(
                entries: Decision().decide([Report.Entry(path: "d.jpg", format: "jpeg", findings: [])]), failOn: .error,
                language: .en),
            rules: CheckRegistry.rules, version: "t")
        #expect(!clear.contains("<section id=\"rules\"") && !clear.contains("Why:"))
    }

    @Test func facesAreDrawnByConsentInThePicturesCoordinates() {
        let faces = [
            FaceMark(region: Region(x: 10, y: 20, width: 30, height: 40), consented: true),
            FaceMark(region: Region(x: 100, y: 20, width: 30, height: 40), consented: false),
        ]
        let thumbnail = Thumbnail(jpeg: Data([0xFF, 0xD8]), width: 320, height: 240, displayWidth: 1600, displayHeight: 1200, faces: faces)
        let entry = Report.Entry(path: "a.jpg", format: "jpeg", findings: [], thumbnail: thumbnail)
        let html = HTMLRenderer.render(
            Report(entries: Decision().decide([entry]), failOn: .error, language: .en), rules: CheckRegistry.rules, version: "t"
        )
        #expect(html.contains("<svg viewBox=\"0 0 1600 1200\""))
        #expect(html.contains("<image width=\"1600\" height=\"1200\" href=\"data:image/jpeg;base64,/9g=\"/>"))
        #expect(html.contains("<rect class=\"consented\" x=\"10\" y=\"20\" width=\"30\" height=\"40\">"))
        #expect(html.contains("<rect class=\"unconsented\" x=\"100\" y=\"20\" width=\"30\" height=\"40\">"))
        #expect(html.contains("Nothing found by the checks."))
    }

    @Test func textRegionsAreDrawnAndCoveredInTheThumbnail() throws {
        // A picture whose text findings have regions: each region is outlined in the page and its
        // pixels in the thumbnail are flat.
        var options = CheckOptions()
        options.limits.maxSecondsPerFile = 900  // what is read, not how fast: OCR under load passes 30 s
        options.thumbnails = true
        options.faces.enabled = false
        let entry = Pipeline(options: options).check(candidate("Fixtures/text/contact-paragraph.png"))
        let regions = entry.findings.compactMap(\.region)
        try #require(!regions.isEmpty, "the fixture should have text findings with regions")
        let t = try #require(entry.thumbnail)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-html-\(UUID().uuidString).jpg")
        defer { try? FileManager.default.removeItem(at: url) }
        try t.jpeg.write(to: url)
        let covered = try #require(MediaLoader.load(path: url.path).image).luma()
        // The same thumbnail without covering: the text is there, dark ink on light paper.
        let source = try #require(MediaLoader.load(path: candidate("Fixtures/text/contact-paragraph.png").path).image)
        let plain = try source.thumbnail(longSide: 320).bytes
        try Data(plain).write(to: url)
        let uncovered = try #require(MediaLoader.load(path: url.path).image).luma()
        let sx = Double(t.width) / Double(t.displayWidth), sy = Double(t.height) / Double(t.displayHeight)
        func range(_ image: GreyImage, _ r: Region) -> Int {
            let x0 = Int(Double(r.x) * sx) + 1, x1 = Int(Double(r.maxX) * sx) - 1
            let y0 = Int(Double(r.y) * sy) + 1, y1 = Int(Double(r.maxY) * sy) - 1
            var lo = 255, hi = 0
            for y in y0..<max(y0, y1) { for x in x0..<max(x0, x1) { lo = min(lo, Int(image[x, y])); hi = max(hi, Int(image[x, y])) } }
            return hi - lo
        }
        for r in regions {
            #expect(range(uncovered, r) > 100, "region \(r) shows no text to cover")
            // JPEG ringing from the ink next to the patch is all that is left.
            #expect(range(covered, r) <= 40, "region \(r) still shows detail")
        }
        let report = Report(entries: Decision().decide([entry]), failOn: .error, language: .en)
        let html = HTMLRenderer.render(report, rules: CheckRegistry.rules, version: "t")
        #expect(html.components(separatedBy: "<rect class=\"text\"").count == regions.count + 1)
    }
}
