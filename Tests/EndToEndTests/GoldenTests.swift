import Foundation
import Testing
import VigieTestSupport

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

/// Compares `output`, normalised, with the golden file `name` (`GoldenFile`).
func expectGolden(_ output: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if let mismatch = try GoldenFile.mismatch(normalised(output), goldens.appendingPathComponent(name)) {
        Issue.record(Comment(rawValue: mismatch), sourceLocation: sourceLocation)
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
