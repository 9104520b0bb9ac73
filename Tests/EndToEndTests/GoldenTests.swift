import Foundation
import Testing

/// The folder of golden files, beside this file.
let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

/// A fixed set of inputs covering every kind of outcome: faces, location metadata, an embedded
/// preview, text in the picture (with regions), a file that is not an image, a skipped file.
let goldenInputs = ["Fixtures/sample", "Fixtures/text/contact-paragraph.png"]

/// The version `vigie --version` prints, replaced in goldens so that a release does not change them.
let vigieVersion: String = {
    (try? run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "?"
}()

/// Replaces what varies between machines and releases: the version, the checkout's absolute path,
/// and the thumbnails' JPEG bytes (libjpeg versions differ; the pixels are tested elsewhere).
func normalised(_ output: String) -> String {
    var s = output.replacingOccurrences(of: root.path, with: "<root>")
    s = s.replacingOccurrences(of: "\"version\" : \"\(vigieVersion)\"", with: "\"version\" : \"<version>\"")
    s = s.replacingOccurrences(of: "Vigie \(vigieVersion)", with: "Vigie <version>")
    if let jpeg = try? NSRegularExpression(pattern: "data:image/jpeg;base64,[A-Za-z0-9+/=]+") {
        s = jpeg.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "data:image/jpeg;base64,<thumbnail>")
    }
    return s
}

/// Compares `output` with the golden file `name`; with `VIGIE_RECORD_GOLDENS=1` writes it instead and
/// fails, so that a recording run is never mistaken for a passing one.
func expectGolden(_ output: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = goldens.appendingPathComponent(name)
    let actual = normalised(output)
    if ProcessInfo.processInfo.environment["VIGIE_RECORD_GOLDENS"] == "1" {
        try FileManager.default.createDirectory(at: goldens, withIntermediateDirectories: true)
        try actual.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("recorded \(name); run again without VIGIE_RECORD_GOLDENS", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if actual != expected {
        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
        let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        let got = line < a.count ? a[line] : "<end>", want = line < e.count ? e[line] : "<end>"
        Issue.record(
            "\(name) differs from its golden at line \(line + 1):\n  got:  \(got.prefix(300))\n  want: \(want.prefix(300))\n(VIGIE_RECORD_GOLDENS=1 re-records)",
            sourceLocation: sourceLocation)
    }
}

@Suite("Golden outputs of vigie check")
struct GoldenTests {
    /// Runs `vigie check` on the golden inputs in `format` and returns its standard output.
    func check(_ format: String, language: String = "en") throws -> String {
        let r = try run(
            ["check", "--format", format, "--lang", language, "--no-progress", "--jobs", "2"] + goldenInputs, env: ["NO_COLOR": "1"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        return r.stdout
    }

    /// What detection finds on the golden inputs, end to end. How each format renders a report is
    /// tested from fixed report values (`VigieKitTests/RendererGoldenTests`), without detection.
    @Test func json() throws { try expectGolden(try check("json"), "check.json") }

    @Test func normalisingKeepsEverythingElse() {
        let text = "Vigie \(vigieVersion) at \(root.path)/x.jpg data:image/jpeg;base64,/9j/4AAQ== and \"version\" : \"\(vigieVersion)\""
        #expect(normalised(text) == "Vigie <version> at <root>/x.jpg data:image/jpeg;base64,<thumbnail> and \"version\" : \"<version>\"")
        #expect(normalised("nothing variable") == "nothing variable")
    }
}
