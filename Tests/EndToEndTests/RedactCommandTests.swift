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
