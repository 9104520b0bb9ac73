import Foundation
import Testing
import VigieChecks
import VigieReport
import VigieTestSupport

@testable import VigieKit

/// The folder of this target's golden files, beside this file.
private let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

/// A file as the decision stage leaves it, written down as fixed values (`Goldens/report-values.json`).
private struct FixedEntry: Decodable {
    let path: String
    let format: String?
    let status: FileStatus?
    let findings: [Finding]
    let faces: FacesResult?
    let thumbnail: Thumbnail?
    let frames: [Thumbnail]?
    let video: VideoSummary?

    var entry: Report.Entry {
        var e = Report.Entry(path: path, format: format, findings: findings, faces: faces, thumbnail: thumbnail)
        e.status = status
        e.frames = frames ?? []
        e.video = video
        return e
    }
}

private struct FixedValues: Decodable {
    let failOn: Severity
    let disabledRules: [String]
    let skippedFiles: [String]
    let entries: [FixedEntry]
}

/// The report every renderer golden is rendered from: fixed values, no decoding and no detection, so a
/// change in OCR or face detection never changes these goldens and they take milliseconds.
private func fixedReport(_ language: Language) throws -> Report {
    let data = try Data(contentsOf: goldenFolder.appendingPathComponent("report-values.json"))
    let values = try JSONDecoder().decode(FixedValues.self, from: data)
    return Report(
        entries: values.entries.map(\.entry), failOn: values.failOn, language: language, disabledRules: values.disabledRules,
        skippedFiles: values.skippedFiles)
}

/// Compares `output` with the golden file `name` (`GoldenFile`).
private func expectGolden(_ output: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if let mismatch = try GoldenFile.mismatch(output, goldenFolder.appendingPathComponent(name)) {
        Issue.record(Comment(rawValue: mismatch), sourceLocation: sourceLocation)
    }
}

@Suite("Renderer goldens from fixed report values")
struct RendererGoldenTests {
    /// Stands for `vigie --version`, so that a release changes no golden.
    static let version = "0.0.0-golden"

    @Test func theFixedValuesCoverEveryOutcome() throws {
        let report = try fixedReport(.en)
        #expect(Set(report.files.map(\.status)) == [.clear, .blocked, .error])
        // A file the decision stage never decided is reported as an error (fail closed).
        #expect(report.files.first { $0.path == "photos/unfinished.png" }?.status == .error)
        let s = report.summary
        #expect([s.files, s.clear, s.blocked, s.errors, s.skipped, s.suppressed] == [6, 2, 2, 2, 2, 2])
        #expect(report.files.contains { $0.thumbnail != nil })
    }

    @Test func terminal() throws {
        try expectGolden(TerminalRenderer(colour: false, language: .en).render(try fixedReport(.en)), "report.txt")
    }

    @Test func terminalInColour() throws {
        try expectGolden(TerminalRenderer(colour: true, language: .en).render(try fixedReport(.en)), "report.colour.txt")
    }

    @Test func terminalInFrench() throws {
        try expectGolden(TerminalRenderer(colour: false, language: .fr).render(try fixedReport(.fr)), "report.fr.txt")
    }

    @Test func audit() throws {
        try expectGolden(AuditTerminalRenderer(language: .en).render(try fixedReport(.en), day: "2026-11-21"), "report.audit.txt")
    }

    @Test func json() throws { try expectGolden(try JSONRenderer.render(try fixedReport(.en)), "report.json") }

    @Test func sarif() throws {
        let sarif = try SARIFRenderer.render(try fixedReport(.en), rules: CheckRegistry.rules, version: Self.version)
        try expectGolden(sarif, "report.sarif")
    }

    @Test func junit() throws { try expectGolden(JUnitRenderer.render(try fixedReport(.en)), "report.junit.xml") }

    @Test func html() throws {
        try expectGolden(HTMLRenderer.render(try fixedReport(.en), rules: CheckRegistry.rules, version: Self.version), "report.html")
    }

    @Test func htmlInFrench() throws {
        try expectGolden(HTMLRenderer.render(try fixedReport(.fr), rules: CheckRegistry.rules, version: Self.version), "report.fr.html")
    }
}
