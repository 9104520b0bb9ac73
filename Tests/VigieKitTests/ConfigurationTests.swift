import Foundation
import Testing
import VigieChecks
import VigieConsent
import VigieMedia
import VigieReport

@testable import VigieKit

@Suite("Configuration file (.vigie.yml)")
struct ConfigurationTests {
    static let full = """
        version: 1
        channel: newsletter
        context: event
        policy: district
        rules:
          quality.orientation: off
          caption.missing: error
          metadata.trailer: info
        student-id-patterns:
          - name: district card
            regex: 'ZX-?\\d{5}'
            labels: [Pupil, Élève]
          - regex: 'QC\\d{6}'
        faces:
          minimum-height: 48
          detection-threshold: 0.5
          identifiable-score: 0.7
        limits:
          max-pixels: 50_000_000
          max-frames: 100
        ignore:
          - drafts/
          - "*.tmp.jpg"
        ledger: data/ledger.sqlite
        """

    @Test func aGoodFileSetsEveryKey() throws {
        let c = try Configuration.parse(Self.full, path: "/school/site/.vigie.yml")
        #expect(c.warnings.isEmpty)
        #expect(c.channel == .newsletter && c.context == .event && c.policy == .district)
        #expect(!c.rules.isEnabled("quality.orientation") && c.rules.isEnabled("quality.blur"))
        #expect(c.rules.disabledRules == ["quality.orientation"])
        let missing = Finding(rule: "caption.missing", severity: .warning, message: Message("caption.missing"))
        #expect(c.rules.applied(missing).severity == .error)
        #expect(
            c.studentIDPatterns == [
                StudentIDPattern(name: "district card", regex: #"ZX-?\d{5}"#, labels: ["Pupil", "Élève"]),
                StudentIDPattern(name: "student-id-patterns[1]", regex: #"QC\d{6}"#),
            ])
        let faces = c.faces()
        #expect(faces.minimumHeight == 48 && faces.detectionThreshold == 0.5 && faces.identifiableScore == 0.7)
        #expect(faces.minimumSharpness == FaceConfiguration().minimumSharpness)
        #expect(c.limits().maxPixels == 50_000_000 && c.limits().maxFrames == 100)
        #expect(c.ignore == ["drafts/", "*.tmp.jpg"])
        // Relative to the file's folder, not to the current one.
        #expect(c.ledger == "/school/site/data/ledger.sqlite")
        let ignore = try #require(c.ignoreRules)
        #expect(ignore.base == "/school/site")
        #expect(ignore.rules.isIgnored("drafts", isDirectory: true) == true)
        #expect(ignore.rules.isIgnored("a/b.tmp.jpg", isDirectory: false) == true)
        #expect(ignore.rules.isIgnored("a/b.jpg", isDirectory: false) == nil)
    }

    @Test func profileIsTheChannelAndPostgresLedgersStayURLs() throws {
        let c = try Configuration.parse("version: 1\nprofile: social\nledger: postgres://vigie@db/ledger\n", path: "/a/.vigie.yml")
        #expect(c.channel == .social && c.ledger == "postgres://vigie@db/ledger")
        #expect(throws: ConfigurationIssue("profile", line: 3, Message("config.duplicate"))) {
            try Configuration.parse("version: 1\nchannel: social\nprofile: website\n", path: "/a/.vigie.yml")
        }
    }

    @Test func unknownKeysAndRuleIdsWarnWithTheirKeyPaths() throws {
        let text = """
            version: 1
            chanel: website
            rules:
              text.studnet-id: off
              quality.blur: warning
            faces:
              min-height: 20
            limits:
              max-pixel: 10
            student-id-patterns:
              - regex: 'A\\d+'
                label: [x]
            """
        let c = try Configuration.parse(text, path: "/a/.vigie.yml")
        #expect(
            c.warnings.map(\.keyPath) == [
                "chanel", "rules.text.studnet-id", "faces.min-height", "limits.max-pixel", "student-id-patterns[0].label",
            ])
        #expect(c.warnings.map(\.line) == [2, 4, 7, 9, 12])
        #expect(c.warnings[1].message.key == "config.unknown-rule" && c.warnings[0].message.key == "config.unknown-key")
        // The known keys around them still apply.
        #expect(c.rules.applied(Finding(rule: "quality.blur", severity: .error, message: Message("x"))).severity == .warning)
        #expect(c.rules.isEnabled("text.student-id"))
        #expect(
            c.warnings[1].warning(.en)
                == "vigie: warning: configuration rules.text.studnet-id (line 4): unknown rule id, ignored (see vigie rules)")
        #expect(
            c.warnings[1].warning(.fr)
                == "vigie : avertissement : configuration rules.text.studnet-id (ligne 4) : identifiant de règle inconnu, ignoré (voir vigie rules)"
        )
    }

    @Test(arguments: [
        ("version: 1\nrules:\n  quality.blur: loud\n", "rules.quality.blur", 3),
        ("version: 1\nrules: [quality.blur]\n", "rules", 2),
        ("version: 1\nlimits:\n  max-pixels: many\n", "limits.max-pixels", 3),
        ("version: 1\nlimits:\n  max-frames: 0\n", "limits.max-frames", 3),
        ("version: 1\nfaces:\n  detection-threshold: 2\n", "faces.detection-threshold", 3),
        ("version: 1\nfaces:\n  minimum-height: [1]\n", "faces.minimum-height", 3),
        ("version: 1\nchannel: tiktok\n", "channel", 2),
        ("version: 1\nignore: drafts/\n", "ignore", 2),
        ("version: 1\nignore:\n  - [a]\n", "ignore[0]", 3),
        ("version: 1\nstudent-id-patterns:\n  - name: x\n    regex: '(['\n", "student-id-patterns[0].regex", 4),
        ("version: 1\nstudent-id-patterns:\n  - name: x\n", "student-id-patterns[0].regex", 3),
        ("version: 1\nrules:\n  file.unreadable: off\n", "rules.file.unreadable", 3),
        ("version: 2\n", "version", 1),
        ("version: one\n", "version", 1),
        ("channel: website\n", "version", 1),
        ("version: 1\nledger: {path: x}\n", "ledger", 2),
    ])
    func typeErrorsNameTheKeyPath(_ text: String, _ keyPath: String, _ line: Int) {
        #expect(
            performing: { try Configuration.parse(text, path: "/a/.vigie.yml") },
            throws: { error in
                guard let issue = error as? ConfigurationIssue else { return false }
                return issue.keyPath == keyPath && issue.line == line
            })
    }

    @Test func syntaxErrorsGiveTheLineButNotTheText() {
        #expect(
            performing: { try Configuration.parse("version: 1\nrules:\n  a: [unclosed secret-value\n", path: "/a/.vigie.yml") },
            throws: { error in
                guard let issue = error as? ConfigurationIssue else { return false }
                return issue.message.key == "config.syntax" && issue.line != nil && !issue.description.contains("secret-value")
            })
    }

    @Test func theNearestFileWins() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-config-\(UUID().uuidString)")
        let inner = dir.appendingPathComponent("site/media/2025")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "version: 1\n".write(to: dir.appendingPathComponent(".vigie.yml"), atomically: true, encoding: .utf8)
        try "version: 1\n".write(to: dir.appendingPathComponent("site/media/.vigie.yml"), atomically: true, encoding: .utf8)
        try Data().write(to: inner.appendingPathComponent("a.jpg"))
        let media = dir.appendingPathComponent("site/media/.vigie.yml").path
        #expect(try Configuration.locate(for: [inner.path], cwd: "/") == media)
        #expect(try Configuration.locate(for: [inner.appendingPathComponent("a.jpg").path], cwd: "/") == media)
        #expect(try Configuration.locate(for: ["site"], cwd: dir.path) == dir.appendingPathComponent(".vigie.yml").path)
        // Two checked paths under different files: ambiguous, say which with --config.
        #expect(throws: ConfigurationIssue("", Message("config.ambiguous"))) {
            try Configuration.locate(for: [inner.path, dir.appendingPathComponent("site").path], cwd: "/")
        }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-config-none-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        #expect(try Configuration.locate(for: [outside.path], cwd: "/") == nil)
    }

    @Test func configuredIgnoresApplyBelowTheFileAndVigieignoreCanReinclude() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-config-ign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("drafts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let jpeg = try Data(contentsOf: fixtures.appendingPathComponent("metadata/no-metadata.jpg"))
        for name in ["a.jpg", "b.tmp.jpg", "keep.tmp.jpg", "drafts/c.jpg"] { try jpeg.write(to: dir.appendingPathComponent(name)) }
        try "!keep.tmp.jpg\n".write(to: dir.appendingPathComponent(".vigieignore"), atomically: true, encoding: .utf8)
        let c = try Configuration.parse("version: 1\nignore: [drafts/, '*.tmp.jpg']\n", path: dir.appendingPathComponent(".vigie.yml").path)
        var discovery = Discovery()
        discovery.configuredIgnores = c.ignoreRules
        let found = try discovery.discover([dir.path]).candidates.map { ($0.path as NSString).lastPathComponent }
        #expect(found == ["a.jpg", "keep.tmp.jpg"])
    }
}

@Suite("Progress bar")
struct ProgressBarTests {
    @Test func countPercentageAndTimeLeft() {
        let line = ProgressBar.line(label: "Checking", done: 30, total: 120, elapsed: 60, width: 80, language: .en)
        #expect(line == "Checking  30/120 [██████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░]  25%  3:00 left")
        #expect(line.count <= 80)
        let fr = ProgressBar.line(label: "Vérification", done: 1, total: 3, elapsed: 10, width: 60, language: .fr)
        #expect(fr.hasSuffix(" 33 %  reste 0:20") && fr.count <= 60, "\(fr)")
    }

    @Test func noEstimateBeforeTheFirstFileAndNarrowTerminals() {
        let first = ProgressBar.line(label: "Checking", done: 0, total: 10, elapsed: 5, width: 60, language: .en)
        let second = ProgressBar.line(label: "Checking", done: 1, total: 10, elapsed: 5, width: 60, language: .en)
        #expect(!first.contains("left") && second.contains("0:45 left"))
        // The bar keeps its width when the estimate appears.
        #expect(first.split(separator: "]")[0].count == second.split(separator: "]")[0].count, "\(first)\n\(second)")
        let narrow = ProgressBar.line(label: "Checking", done: 5, total: 10, elapsed: 5, width: 24, language: .en)
        #expect(narrow.count <= 24 && !narrow.contains("["), "\(narrow)")
        #expect(ProgressBar.line(label: "Checking", done: 0, total: 0, elapsed: 0, width: 80, language: .en).contains("100%"))
        #expect(ProgressBar.duration(3725) == "1:02:05" && ProgressBar.duration(59.2) == "1:00")
    }
}

@Suite("Baselines and manifest suppressions")
struct SuppressionTests {
    @Test func manifestSuppressionsNeedAKnownRuleAndAReason() throws {
        let m = try FolderManifest(
            csv:
                "file,suppress\na.jpg,\"quality.blur: motion is the point; caption.missing: posted with the article\"\nb.jpg,quality.blur\nc.jpg,quality.blurr: typo; file.unreadable: nope; Jane Doe\n"
        )
        #expect(m.row(for: "a.jpg")?.suppressions == ["quality.blur": "motion is the point", "caption.missing": "posted with the article"])
        #expect(m.row(for: "a.jpg")?.invalidSuppressions == [])
        #expect(m.row(for: "b.jpg")?.invalidSuppressions == ["quality.blur"])
        // Free text is never echoed: it is named by its position.
        #expect(m.row(for: "c.jpg")?.invalidSuppressions == ["quality.blurr", "file.unreadable", "#3"])
    }

    @Test func suppressedFindingsBlockNothingButFileRulesAlwaysCount() {
        var blur = Finding(rule: "quality.blur", severity: .error, message: Message("quality.blur"))
        blur.suppression = Suppression(kind: .manifest, reason: "r")
        #expect(Decision.status(of: [blur], failOn: .error) == .clear)
        var unreadable = Finding(rule: "file.unreadable", severity: .error, message: Message("file.unreadable", ["x"]))
        unreadable.suppression = Suppression(kind: .baseline, reason: "r")
        #expect(Decision.status(of: [blur, unreadable], failOn: .error) == .error)
        let report = Report(
            entries: Decision().decide([Report.Entry(path: "a.jpg", format: "jpeg", findings: [blur])]), failOn: .error,
            language: .en)
        #expect(report.allClear && report.summary.suppressed == 1)
    }

    @Test func aFileNeverDecidedIsAnError() {
        let report = Report(entries: [Report.Entry(path: "a.jpg", format: "jpeg", findings: [])], failOn: .error, language: .en)
        #expect(report.files.map(\.status) == [.error] && !report.allClear)
    }

    @Test func theManifestSuppressesCheckFindingsButNeverFileRules() {
        let blur = Finding(rule: "quality.blur", severity: .error, message: Message("quality.blur"))
        let unreadable = Finding(rule: "file.unreadable", severity: .error, message: Message("file.unreadable", ["x"]))
        var entry = Report.Entry(path: "a.jpg", format: "jpeg", findings: [blur, unreadable])
        entry.suppressions = ["quality.blur": "taken on purpose", "file.unreadable": "ignored"]
        let decided = Decision().decide([entry])
        #expect(decided[0].findings.map(\.suppression) == [Suppression(kind: .manifest, reason: "taken on purpose"), nil])
        #expect(decided[0].status == .error)
        entry.findings = [blur]
        #expect(Decision().decide([entry])[0].status == .clear)
        #expect(Decision(failOn: .warning).decide([Report.Entry(path: "b.jpg", format: "jpeg", findings: [blur])])[0].status == .blocked)
    }

    @Test func anAuditKeepsOnlyTheConsentAndFileRulesAndNoSuppression() {
        var noConsent = Finding(rule: "people.no-consent", severity: .error, message: Message("people.no-consent", ["1", "0", "1", "0"]))
        noConsent.suppression = Suppression(kind: .baseline, reason: "r")
        let blur = Finding(rule: "quality.blur", severity: .error, message: Message("quality.blur"))
        var entry = Report.Entry(path: "a.jpg", format: "jpeg", findings: [noConsent, blur])
        entry.suppressions = ["people.no-consent": "ok"]
        let decided = Decision(scope: .audit).decide([entry])
        #expect(decided[0].findings.map(\.rule) == ["people.no-consent"])
        #expect(decided[0].findings[0].suppression == nil && decided[0].status == .blocked)
    }

    @Test func aRedactedCopyMustClearItsRulesOnly() {
        func finding(_ rule: String) -> Finding { Finding(rule: rule, severity: .error, message: Message(rule)) }
        for rule in ["file.unreadable", "metadata.location", "text.student-id", "people.no-consent", "people.personal-channel"] {
            #expect(Decision.redactedCopyMustClear(finding(rule)), "\(rule)")
        }
        for rule in ["quality.blur", "caption.missing", "people.colleague"] {
            #expect(!Decision.redactedCopyMustClear(finding(rule)), "\(rule)")
        }
    }

    @Test func aBaselineAcceptsTheSameContentUnderAnotherNameOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-baseline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.jpg"), b = dir.appendingPathComponent("b.jpg")
        try Data([1, 2, 3]).write(to: a)
        let finding = Finding(rule: "metadata.location", severity: .error, message: Message("m"))
        let unreadable = Finding(rule: "file.unreadable", severity: .error, message: Message("m"))
        let entry = Report.Entry(path: "a.jpg", format: "jpeg", findings: [finding, unreadable])
        let candidate = Candidate(path: a.path, displayPath: "a.jpg", kind: .image(.jpeg))
        let baseline = Baseline.recording([entry], from: [candidate])
        // The file rules are never recorded.
        #expect(
            baseline.entries == [
                Baseline.Entry(sha256: "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", rule: "metadata.location")
            ])
        try FileManager.default.moveItem(at: a, to: b)
        let renamed = baseline.applied(to: [entry], from: [Candidate(path: b.path, displayPath: "b.jpg", kind: .image(.jpeg))])
        #expect(renamed[0].findings.map(\.suppression?.kind) == [.baseline, nil])
        try Data([1, 2, 4]).write(to: b)
        let edited = baseline.applied(to: [entry], from: [Candidate(path: b.path, displayPath: "b.jpg", kind: .image(.jpeg))])
        #expect(edited[0].findings.allSatisfy { $0.suppression == nil })
        let reread = try JSONDecoder().decode(Baseline.self, from: Data(try baseline.rendered().utf8))
        #expect(reread == baseline)
    }
}
