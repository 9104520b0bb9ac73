import Foundation
import Testing
import VigieMedia
import VigieTestSupport

/// A fresh folder holding copies of fixtures, removed by the caller.
func scratchFolder(_ name: String, copying files: [String: String] = [:]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (destination, fixture) in files {
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(fixture), to: dir.appendingPathComponent(destination))
    }
    return dir
}

func writeText(_ text: String, _ name: String, in dir: URL) throws {
    try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
}

/// The findings of one file in a JSON report: (rule, severity, suppression kind or nil).
func reportedFindings(_ json: String, file: String) throws -> [(rule: String, severity: String, suppression: String?)] {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let files = object?["files"] as? [[String: Any]] ?? []
    let entry = try #require(files.first { ($0["path"] as? String) == file }, "\(file) not in \(json)")
    return (entry["findings"] as? [[String: Any]] ?? []).map {
        (($0["rule"] as? String) ?? "", ($0["severity"] as? String) ?? "", ($0["suppression"] as? [String: Any])?["kind"] as? String)
    }
}

@Suite("vigie check with .vigie.yml, baselines and suppressions, end to end")
struct ConfigurationEndToEndTests {
    @Test func aRuleTurnedOffIsNotRunAndListedAsSuch() throws {
        let dir = try scratchFolder("config-off", copying: ["gps.jpg": "metadata/gps-exif.jpg"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try run(["check", "--format", "json", "."], cwd: dir)
        #expect(before.status == 1)
        #expect(try reportedFindings(before.stdout, file: "gps.jpg").contains { $0.rule == "metadata.location" })
        try writeText("version: 1\nrules:\n  metadata.location: off\n", ".vigie.yml", in: dir)
        let after = try run(["check", "--format", "json", "."], cwd: dir)
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        #expect(try !reportedFindings(after.stdout, file: "gps.jpg").contains { $0.rule == "metadata.location" })
        #expect(after.stdout.contains("\"disabledRules\" : [\n    \"metadata.location\"\n  ]"), "\(after.stdout)")
        let terminal = try run(["check", "."], cwd: dir)
        #expect(terminal.stdout.contains("Rules turned off by the configuration (not checked): metadata.location"))
    }

    @Test func aSeverityOverrideChangesTheExitCodeAndTheCommandLineWins() throws {
        let dir = try scratchFolder("config-severity", copying: ["t.jpg": "metadata/trailer.jpg"])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try run(["check", "t.jpg"], cwd: dir).status == 0)
        try writeText("version: 1\nrules:\n  metadata.trailer: error\nlimits:\n  max-pixels: 10\n", ".vigie.yml", in: dir)
        // The file's pixel limit applies...
        let limited = try run(["check", "--format", "json", "t.jpg"], cwd: dir)
        #expect(limited.status == 1)
        #expect(try reportedFindings(limited.stdout, file: "t.jpg").contains { $0.rule == "file.too-large" })
        // ...unless the command line says otherwise; the override then blocks the file.
        let r = try run(["check", "--format", "json", "--max-pixels", "100000000", "t.jpg"], cwd: dir)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(try reportedFindings(r.stdout, file: "t.jpg").contains { $0.rule == "metadata.trailer" && $0.severity == "error" })
        // --config names another file, which wins over the nearest one.
        try writeText("version: 1\n", "other.yml", in: dir)
        #expect(try run(["check", "--config", "other.yml", "t.jpg"], cwd: dir).status == 0)
    }

    @Test func unknownKeysWarnAndTypeErrorsExitTwoNamingTheKeyPath() throws {
        let dir = try scratchFolder("config-errors", copying: ["a.jpg": "metadata/no-metadata.jpg"])
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeText("version: 1\nrules:\n  text.studnet-id: off\ncolour: blue\n", ".vigie.yml", in: dir)
        let warned = try run(["check", "a.jpg"], cwd: dir)
        #expect(warned.status == 0)
        #expect(warned.stderr.contains("configuration rules.text.studnet-id (line 3): unknown rule id"), "\(warned.stderr)")
        #expect(warned.stderr.contains("configuration colour (line 4): unknown key"))
        let french = try run(["check", "--lang", "fr", "a.jpg"], cwd: dir)
        #expect(french.stderr.contains("clé inconnue"))
        try writeText("version: 1\nlimits:\n  max-frames: lots\n", ".vigie.yml", in: dir)
        let bad = try run(["check", "a.jpg"], cwd: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("limits.max-frames (line 3)"), "\(bad.stderr)")
        #expect(try run(["clean", "--output", "out", "a.jpg"], cwd: dir).status == 2)
        #expect(try run(["check", "--config", "missing.yml", "a.jpg"], cwd: dir).status == 2)
    }

    @Test func aDistrictPatternFromTheConfigurationFlagsTextInThePicture() throws {
        let dir = try scratchFolder("config-district")
        defer { try? FileManager.default.removeItem(at: dir) }
        let card = TextCardPainter.Card(
            text: "Bus pass\nZX-48213", font: "DejaVu Sans", capHeight: 40, paper: [245, 245, 240], ink: [20, 20, 20], angle: 0, blur: 0,
            place: (0.5, 0.5))
        try TextCardPainter.paint(
            base: fixtures.appendingPathComponent("metadata/no-metadata.jpg").path, width: 1600, height: 1200, cards: [card],
            output: dir.appendingPathComponent("card.jpg").path)
        let without = try run(["check", "--format", "json", "card.jpg"], cwd: dir)
        #expect(try !reportedFindings(without.stdout, file: "card.jpg").contains { $0.rule == "text.student-id" }, "\(without.stdout)")
        try writeText("version: 1\nstudent-id-patterns:\n  - name: district bus pass\n    regex: 'ZX-?\\d{5}'\n", ".vigie.yml", in: dir)
        let with = try run(["check", "--format", "json", "card.jpg"], cwd: dir)
        #expect(with.status == 1)
        #expect(try reportedFindings(with.stdout, file: "card.jpg").contains { $0.rule == "text.student-id" }, "\(with.stdout)")
        #expect(!with.stdout.contains("48213"))
    }

    @Test func aBaselineAcceptsRecordedFindingsUntilTheFileChanges() throws {
        let dir = try scratchFolder("baseline", copying: ["gps.jpg": "metadata/gps-exif.jpg"])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try run(["check", "gps.jpg"], cwd: dir).status == 1)
        let written = try run(["check", "--write-baseline", "baseline.json", "gps.jpg"], cwd: dir)
        #expect(written.status == 0, "\(written.stdout)\(written.stderr)")
        let baseline = try String(contentsOf: dir.appendingPathComponent("baseline.json"), encoding: .utf8)
        #expect(baseline.contains("metadata.location") && !baseline.contains("gps.jpg"))

        try FileManager.default.moveItem(at: dir.appendingPathComponent("gps.jpg"), to: dir.appendingPathComponent("renamed.jpg"))
        let accepted = try run(["check", "--format", "json", "--baseline", "baseline.json", "renamed.jpg"], cwd: dir)
        #expect(accepted.status == 0, "\(accepted.stdout)")
        #expect(
            try reportedFindings(accepted.stdout, file: "renamed.jpg").contains {
                $0.rule == "metadata.location" && $0.suppression == "baseline"
            })
        let sarif = try run(["check", "--format", "sarif", "--baseline", "baseline.json", "renamed.jpg"], cwd: dir)
        #expect(sarif.stdout.contains("\"kind\" : \"external\"") && sarif.stdout.contains("\"status\" : \"accepted\""), "\(sarif.stdout)")
        let terminal = try run(["check", "--baseline", "baseline.json", "renamed.jpg"], cwd: dir)
        #expect(terminal.stdout.contains("(accepted: in the baseline)"))

        // Edited: another content, no longer accepted.
        let handle = try FileHandle(forWritingTo: dir.appendingPathComponent("renamed.jpg"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        let edited = try run(["check", "--format", "json", "--baseline", "baseline.json", "renamed.jpg"], cwd: dir)
        #expect(edited.status == 1)
        #expect(
            try reportedFindings(edited.stdout, file: "renamed.jpg").contains { $0.rule == "metadata.location" && $0.suppression == nil })

        #expect(try run(["check", "--baseline", "nowhere.json", "renamed.jpg"], cwd: dir).status == 2)
        try writeText("{\"not\": \"a baseline\"}", "bad.json", in: dir)
        #expect(try run(["check", "--baseline", "bad.json", "renamed.jpg"], cwd: dir).status == 2)
    }

    @Test func aManifestSuppressionNeedsAReason() throws {
        let dir = try scratchFolder("suppress", copying: ["gps.jpg": "metadata/gps-exif.jpg"])
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeText("file,suppress\ngps.jpg,\"metadata.location: the public park, not the school\"\n", "vigie.csv", in: dir)
        let suppressed = try run(["check", "--format", "json", "gps.jpg"], cwd: dir)
        #expect(suppressed.status == 0, "\(suppressed.stdout)")
        #expect(
            try reportedFindings(suppressed.stdout, file: "gps.jpg").contains {
                $0.rule == "metadata.location" && $0.suppression == "manifest"
            })
        #expect(suppressed.stdout.contains("\"reason\" : \"the public park, not the school\""))
        let terminal = try run(["check", "--lang", "fr", "gps.jpg"], cwd: dir)
        #expect(terminal.stdout.contains("(ignoré : the public park, not the school)"), "\(terminal.stdout)")

        try writeText("file,suppress\ngps.jpg,metadata.location\n", "vigie.csv", in: dir)
        let noReason = try run(["check", "--format", "json", "gps.jpg"], cwd: dir)
        #expect(noReason.status == 1)
        #expect(noReason.stdout.contains("\"status\" : \"error\""))
        #expect(try reportedFindings(noReason.stdout, file: "gps.jpg").contains { $0.rule == "metadata.location" && $0.suppression == nil })
        #expect(noReason.stdout.contains("suppress column of vigie.csv"))
    }
}

@Suite("vigie clean and audit with .vigie.yml, end to end")
struct ConfigurationCleanAuditEndToEndTests {
    @Test func cleanSkipsWhatTheConfigurationIgnores() throws {
        let dir = try scratchFolder("config-clean", copying: ["a.jpg": "metadata/gps-exif.jpg"])
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("site/drafts"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: dir.appendingPathComponent("a.jpg"), to: dir.appendingPathComponent("site/a.jpg"))
        try FileManager.default.copyItem(
            at: fixtures.appendingPathComponent("metadata/gps.png"), to: dir.appendingPathComponent("site/drafts/b.png"))
        try writeText("version: 1\nignore: [drafts/]\n", ".vigie.yml", in: dir)
        let out = dir.appendingPathComponent("out")
        let r = try run(["clean", "site", "--output", out.path], cwd: dir)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["a.jpg"])
    }

    @Test func auditReadsTheLedgerNamedByTheConfiguration() throws {
        let dir = try scratchFolder("config-audit", copying: ["news.jpg": "faces/one-face.jpg"])
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeText("file,people,context,channel,caption,tags\nnews.jpg,S1,event,website,News,\n", "vigie.csv", in: dir)
        try writeText("id,name,role,group\nS1,Alice Martin,student,5A\n", "p.csv", in: dir)
        try writeText(
            "person,kind,signed_by,signed_on,channels,contexts,tagging,valid_from,valid_until,evidence\nS1,consent,P,2026-09-01,all,all,no,,,\n",
            "c.csv", in: dir)
        let ledger = dir.appendingPathComponent("data/ledger.sqlite").path
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        #expect(try run(["consent", "import", "people", "p.csv", "--ledger", ledger], cwd: dir).status == 0)
        #expect(try run(["consent", "import", "consents", "c.csv", "--ledger", ledger], cwd: dir).status == 0)
        // Relative to the configuration file's folder.
        try writeText("version: 1\nledger: data/ledger.sqlite\n", ".vigie.yml", in: dir)
        let r = try run(["audit", "news.jpg", "--on", "2026-11-21"], cwd: dir, env: ["VIGIE_LEDGER": ""])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("0 must come down"))
        try writeText("version: 1\nledger: data/missing.sqlite\n", ".vigie.yml", in: dir)
        #expect(try run(["audit", "news.jpg", "--on", "2026-11-21"], cwd: dir, env: ["VIGIE_LEDGER": ""]).status == 2)
    }
}
