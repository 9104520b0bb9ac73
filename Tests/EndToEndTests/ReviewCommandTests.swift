import Foundation
import Testing

/// `vigie review` as a teacher starts it: one line on standard output, no browser without a display,
/// Ctrl-C stops it cleanly. What the server does is tested in VigieReviewTests.
@Suite("vigie review, end to end")
struct ReviewCommandTests {
    @Test func printsOneLineAndStopsCleanlyOnCtrlC() throws {
        let dir = try temporaryDirectory("vigie-review")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("sortie")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Photos enough that some are still being checked when Ctrl-C comes: the process must wait
        // for them, not exit beneath a worker in the face network or Tesseract.
        let names = (0..<6).map { "p\($0).jpg" }
        for name in names {
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent("faces/one-face.jpg"), to: folder.appendingPathComponent(name))
        }

        let p = Process()
        p.executableURL = vigie
        p.arguments = ["review", folder.path, "--jobs", "2"]
        var environment = ProcessInfo.processInfo.environment
        // No display: the browser is not opened, only the line printed.
        environment.removeValue(forKey: "DISPLAY")
        environment.removeValue(forKey: "WAYLAND_DISPLAY")
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // The line comes once the server listens.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        let pattern = try NSRegularExpression(pattern: #"^Vigie review: http://127\.0\.0\.1:[0-9]{1,5}/\?token=[0-9a-f]{32}\n$"#)
        #expect(pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil, "\(text)")

        p.interrupt()  // SIGINT, as Ctrl-C
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0, "\(errors)")
        #expect(rest.isEmpty, "more than one line on standard output")
        // Nothing was written in the folder by starting and stopping.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == names)
    }

    @Test func thePublishFolderCannotBeInsideTheReviewedFolder() throws {
        let r = try run(["review", "Fixtures/sample", "--output", "Fixtures/sample/out", "--no-open"])
        #expect(r.status == 2 && r.stderr.contains("outside the reviewed folder") && r.stdout.isEmpty, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixtures.appendingPathComponent("sample/out").path))
    }
}
