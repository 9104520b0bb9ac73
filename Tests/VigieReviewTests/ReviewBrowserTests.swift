import Foundation
import Testing
import VigieKit
import VigieMedia

@testable import VigieReview

/// The page in a real browser: Debian's Chromium, headless, driven through the DevTools protocol
/// (`Browser/drive.py`, Python's standard library only). `scripts/setup.sh` installs Chromium; without
/// it this suite fails, unless `VIGIE_SKIP_BROWSER=1` says to skip it.
@Suite("vigie review in a headless browser", .enabled(if: ProcessInfo.processInfo.environment["VIGIE_SKIP_BROWSER"] != "1"))
struct ReviewBrowserTests {
    static let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/drive.py").path

    static func chromium() -> String? {
        for name in ["chromium", "chromium-browser"] {
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        Issue.record("chromium is not installed: run scripts/setup.sh (VIGIE_SKIP_BROWSER=1 skips this suite)")
        return nil
    }

    /// Runs the driver on `url` with `steps` on a thread of its own (the server answers the browser
    /// meanwhile): its exit status, its errors and the values of the `eval` steps.
    static func drive(_ url: String, _ steps: [[String: Any]], in folder: URL) async throws -> (
        status: Int32, errors: String, values: [Any]
    ) {
        let browser = try #require(Self.chromium())
        let stepsFile = folder.appendingPathComponent("steps.json")
        try JSONSerialization.data(withJSONObject: steps).write(to: stepsFile)
        let driver = Self.driver
        let (status, output, errors) = try await offloaded { () throws -> (Int32, Data, String) in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            p.arguments = [driver, browser, url, stepsFile.path]
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return (p.terminationStatus, data, errors)
        }
        let values = (try? JSONSerialization.jsonObject(with: output) as? [String: Any])?["values"] as? [Any] ?? []
        return (status, errors, values)
    }

    @Test func aTeacherNamesAFaceBlursAnotherAndPublishes() async throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        let keep = ProcessInfo.processInfo.environment["VIGIE_KEEP_REVIEW_SCREENSHOTS"]
        let shots = keep.map { URL(fileURLWithPath: $0) } ?? fixture.base
        try await withReview(fixture) { port, token, _ in
            let face = { (n: Int) in "document.querySelector('.facerow[data-face=\"\(n)\"]')" }
            let steps: [[String: Any]] = [
                // The folder: the grid once the check is done, the photo blocked.
                ["wait": "document.querySelectorAll('#grid .file').length === 1 && document.getElementById('progress').hidden"],
                ["eval": "document.querySelector('#grid .file .status').textContent + '|' + document.cookie"],
                ["screenshot": shots.appendingPathComponent("review-folder.png").path],
                // One photo: three numbered faces; face 1 named through the type-ahead, face 2 blurred.
                ["eval": "document.querySelector('#grid .file').click()"],
                [
                    "wait":
                        "document.querySelectorAll('#faces .facerow').length === 3 && document.querySelectorAll('rect.face').length === 3"
                ],
                ["eval": "{ const i = \(face(1)).querySelector('input'); i.value = 'alice'; i.dispatchEvent(new Event('input')) }"],
                ["wait": "\(face(1)).querySelector('button[data-person=\"S1\"]')"],
                ["eval": "\(face(1)).querySelector('button[data-person=\"S1\"] span').textContent"],
                ["eval": "\(face(1)).querySelector('button[data-person=\"S1\"]').click()"],
                ["wait": "\(face(1)).querySelector('.who').textContent.includes('Alice Martin')"],
                ["eval": "\(face(2)).querySelector('button.blur').click()"],
                ["wait": "\(face(2)).querySelector('.who').textContent.includes('will be blurred')"],
                ["eval": "document.querySelectorAll('rect.consented').length + '|' + document.getElementById('undo').disabled"],
                ["eval": "document.getElementById('message').textContent = ''"],
                ["screenshot": shots.appendingPathComponent("review-photo.png").path],
                // Publish: progress, then the result with before and after.
                ["eval": "document.getElementById('publish').click()"],
                ["wait": "document.querySelector('#publish-state[data-state=\"done\"]')", "timeout": 600],
                ["wait": "[...document.querySelectorAll('.publish-result img')].every(i => i.complete && i.naturalWidth > 0)"],
                ["eval": "document.getElementById('written').textContent + '|' + document.querySelectorAll('.publish-result img').length"],
            ]
            let run = try await Self.drive("http://127.0.0.1:\(port)/?token=\(token)", steps, in: fixture.base)
            #expect(run.status == 0, "\(run.errors)")
            let values = run.values
            try #require(values.count == 10, "\(values)")
            // The cookie is HttpOnly: the page's script cannot read it.
            #expect(values[0] as? String == "Blocked|")
            #expect(values[3] as? String == "consent covers this photo")
            #expect(values[6] as? String == "1|false")
            #expect(values[9] as? String == "Copies written: 1/1|2")
        }
        // The files the page wrote, and the copy: one face left, Alice's.
        #expect(try String(contentsOfFile: fixture.photo + ".xmp", encoding: .utf8).contains("mwg-rs:Name=\"S1\""))
        #expect(try String(contentsOf: fixture.folder.appendingPathComponent("vigie.csv"), encoding: .utf8).contains("blur@"))
        var options = try ReviewFixture.checks()
        options.ledger = nil
        let copy = fixture.publish.appendingPathComponent("class.jpg").path
        let pipeline = Pipeline(options: options)
        let entry = try await offloaded { pipeline.check(Candidate(path: copy, displayPath: "copy.jpg", kind: .image(.jpeg))) }
        #expect(entry.faces?.identifiable.count == 1)
        for name in ["review-folder.png", "review-photo.png"] {
            #expect((try? Data(contentsOf: shots.appendingPathComponent(name)))?.count ?? 0 > 20_000, "\(name) looks empty")
        }
    }
}
