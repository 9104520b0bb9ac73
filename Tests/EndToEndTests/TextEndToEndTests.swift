import Foundation
import Testing

@Suite("vigie check, text in pictures")
struct TextEndToEndTests {
    @Test func readTextIsMaskedUnlessAskedFor() throws {
        let masked = try run(["check", "--format", "json", "Fixtures/text/contact-paragraph.png"])
        #expect(masked.status == 1)
        #expect(masked.stdout.contains("text.personal-info"))
        #expect(masked.stdout.contains("\"region\""))
        #expect(!masked.stdout.contains("555-1234") && !masked.stdout.contains("opencode@"))
        let shown = try run(["check", "--show-text", "Fixtures/text/contact-paragraph.png"])
        #expect(shown.stdout.contains("555-1234"))
        let french = try run(["check", "--lang", "fr", "Fixtures/text/contact-paragraph.png"])
        #expect(french.stdout.contains("Un numéro de téléphone est visible"))
    }

    @Test func noOCRSkipsTheTextRules() throws {
        let r = try run(["check", "--no-ocr", "Fixtures/text/contact-paragraph.png"])
        #expect(r.status == 0, "\(r.stdout)")
    }

    /// Without OMP_THREAD_LIMIT (each reading thread makes Tesseract's OpenMP regions serial on
    /// itself), the same findings.
    @Test func readsTextWithoutTheOpenMPVariable() throws {
        let p = Process()
        p.executableURL = vigie
        p.arguments = ["check", "--format", "json", "Fixtures/text/contact-paragraph.png"]
        p.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "OMP_THREAD_LIMIT")
        p.environment = environment
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)
        #expect(String(decoding: data, as: UTF8.self).contains("text.personal-info"))
    }
}
