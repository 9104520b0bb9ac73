import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("SARIF and JUnit reports, end to end")
struct ReportFormatTests {
    let inputs = [
        "Fixtures/metadata/gps-exif.jpg", "Fixtures/metadata/no-metadata.png", "Fixtures/malformed/truncated-with-gps.jpg",
        "Fixtures/sample/not-really.jpg",
    ]

    @Test func sarifListsEveryRuleAndPointsResultsAtThem() throws {
        let r = try run(["check", "--format", "sarif", "--no-ocr"] + inputs)
        #expect(r.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run0 = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run0["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        let listed = try run(["rules", "--format", "json"])
        let registry = (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?.compactMap {
            $0["id"] as? String
        }
        #expect(ids == registry)
        let results = try #require(run0["results"] as? [[String: Any]])
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ids[index] == result["ruleId"] as? String)
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
        }
        func rulesOf(_ file: String) -> [String] {
            results.filter { r in
                ((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]).flatMap {
                    ($0["artifactLocation"] as? [String: Any])?["uri"] as? String
                } == file
            }.compactMap { $0["ruleId"] as? String }
        }
        #expect(rulesOf("Fixtures/metadata/gps-exif.jpg").contains("metadata.location"))
        #expect(rulesOf("Fixtures/malformed/truncated-with-gps.jpg").contains("file.unreadable"))
        #expect(rulesOf("Fixtures/sample/not-really.jpg") == ["file.unsupported"])
        #expect(rulesOf("Fixtures/metadata/no-metadata.png").allSatisfy { !$0.hasPrefix("metadata.") })
    }

    @Test func junitIsWellFormedAndCountsFailuresAndErrors() throws {
        let r = try run(["check", "--format", "junit", "--no-ocr"] + inputs)
        #expect(r.status == 1)
        final class Collector: NSObject, XMLParserDelegate {
            var cases: [String: String] = [:]  // name -> failure/error/pass
            var current: String?
            var suites: [[String: String]] = []
            func parser(
                _ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]
            ) {
                if e == "testsuites" { suites.append(a) }
                if e == "testcase" {
                    current = a["name"]
                    cases[a["name"] ?? ""] = "pass"
                }
                if (e == "failure" || e == "error"), let c = current { cases[c] = e }
            }
        }
        let collector = Collector()
        let parser = XMLParser(data: Data(r.stdout.utf8))
        parser.delegate = collector
        #expect(parser.parse(), "JUnit output is not well-formed XML")
        #expect(collector.cases["Fixtures/metadata/gps-exif.jpg"] == "failure")
        #expect(collector.cases["Fixtures/metadata/no-metadata.png"] == "pass")
        #expect(collector.cases["Fixtures/malformed/truncated-with-gps.jpg"] == "error")
        #expect(collector.cases["Fixtures/sample/not-really.jpg"] == "error")
        #expect(
            collector.suites.first?["tests"] == "4" && collector.suites.first?["failures"] == "1"
                && collector.suites.first?["errors"] == "2")
    }
}

@Suite("vigie check --changed-since, end to end")
struct ChangedSinceTests {
    func git(_ args: [String], _ dir: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", dir.path, "-c", "user.name=t", "-c", "user.email=t@t.invalid"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "git \(args)")
    }

    @Test func onlyFilesChangedSinceTheRevisionAreChecked() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-git-\(UUID().uuidString)")
        let media = dir.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let gps = try Data(contentsOf: fixtures.appendingPathComponent("metadata/gps-exif.jpg"))
        try gps.write(to: media.appendingPathComponent("old.jpg"))
        try git(["init", "-q"], dir)
        try git(["add", "."], dir)
        try git(["commit", "-q", "-m", "base"], dir)
        try git(["tag", "base"], dir)
        try gps.write(to: media.appendingPathComponent("committed.jpg"))
        try git(["add", "."], dir)
        try git(["commit", "-q", "-m", "more"], dir)
        try gps.write(to: media.appendingPathComponent("untracked.jpg"))

        let r = try run(["check", "media", "--changed-since", "base", "--format", "json", "--no-ocr"], cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let paths = (json["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths == ["media/committed.jpg", "media/untracked.jpg"])
        #expect(try run(["check", "media", "--changed-since", "HEAD", "--no-ocr"], cwd: dir).stdout.contains("media/untracked.jpg"))
        let bad = try run(["check", "media", "--changed-since", "no-such-rev"], cwd: dir)
        #expect(bad.status == 2 && bad.stderr.contains("revision"))
    }
}
