import Foundation
import Testing
import VigieChecks
import VigieReport

@testable import VigieKit

/// Files that are neither images nor videos are listed in every report, not only counted.
@Suite("Skipped files listed")
struct SkippedFilesTests {
    func report(skipped: [String], language: Language = .en) -> Report {
        let entry = Report.Entry(path: "clip.mov", format: "quicktime", findings: [FileRules.finding(for: .quicktime)])
        return Report(
            entries: Decision().decide([entry]), failOn: .error, language: language, skippedFiles: skipped)
    }

    @Test func discoveryListsThemSorted() throws {
        let t = try TemporaryFolder()
        try t.write("notes", to: "b/notes.txt")
        try t.write("%PDF-1.7\n", to: "a/letter.pdf")
        try t.copy("metadata/no-metadata.jpg", to: "photo.jpg")
        var d = Discovery()
        d.currentDirectory = t.path
        let r = try d.discover([t.path])
        #expect(r.skipped == 2)
        #expect(r.skippedFiles == ["a/letter.pdf", "b/notes.txt"])
    }

    @Test func jsonListsThemAndKeepsTheCount() throws {
        let json = try JSONRenderer.render(report(skipped: ["b.txt", "a.pdf"]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["skippedFiles"] as? [String] == ["a.pdf", "b.txt"])
        #expect((object["summary"] as? [String: Any])?["skipped"] as? Int == 2)
        #expect(!(try JSONRenderer.render(report(skipped: []))).contains("skippedFiles"))
    }

    @Test func terminalListsTwentyThenCounts() {
        let many = (1...25).map { String(format: "doc-%02d.txt", $0) }
        let out = TerminalRenderer(colour: false, language: .en).render(report(skipped: many))
        #expect(out.contains("25 other files skipped (neither images nor videos):\n  doc-01.txt\n"))
        #expect(out.contains("  doc-20.txt\n  and 5 more\n"))
        #expect(!out.contains("doc-21.txt"))
        let french = TerminalRenderer(colour: false, language: .fr).render(report(skipped: many))
        #expect(french.contains("et 5 autres"))
    }

    @Test func sarifJUnitAndHTMLListThem() throws {
        let r = report(skipped: ["notes & plans.txt"])
        let sarif = try SARIFRenderer.render(r, rules: CheckRegistry.rules, version: "t")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = (log["runs"] as? [[String: Any]])?.first
        #expect((run?["properties"] as? [String: Any])?["skippedFiles"] as? [String] == ["notes & plans.txt"])
        let junit = JUnitRenderer.render(r)
        #expect(junit.contains("tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"1\""))
        #expect(junit.contains("<testcase classname=\"vigie\" name=\"notes &amp; plans.txt\">\n      <skipped message="))
        let html = HTMLRenderer.render(r, rules: CheckRegistry.rules, version: "t")
        #expect(html.contains("<li>notes &amp; plans.txt</li>"))
        #expect(!HTMLRenderer.render(report(skipped: []), rules: CheckRegistry.rules, version: "t").contains("<details class=\"skipped\">"))
    }
}
