import Foundation
import Testing

@Suite("vigie consent, end to end")
struct ConsentEndToEndTests {
    func ledgerDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-consent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func importShowListHistoryAndRevoke() throws {
        let dir = try ledgerDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledger = dir.appendingPathComponent("ledger.sqlite").path
        try "id,name,role,group\nS1,Alice Martin,student,5A\nS2,Bob Roy,student,5A\n".write(to: dir.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
        try "person,kind,signed_by,signed_on,channels,contexts,tagging,valid_from,valid_until,evidence\nS1,consent,Parent,2026-09-01,all,all,yes,,,F1\n"
            .write(to: dir.appendingPathComponent("consents.csv"), atomically: true, encoding: .utf8)
        let env = ["VIGIE_LEDGER": ledger]
        var r = try run(["consent", "import", "people", dir.appendingPathComponent("people.csv").path], env: env)
        #expect(r.status == 0 && r.stdout.contains("2 added"), "\(r.stderr)")
        r = try run(["consent", "import", "consents", dir.appendingPathComponent("consents.csv").path], env: env)
        #expect(r.status == 0 && r.stdout.contains("1 added"), "\(r.stderr)")
        r = try run(["consent", "import", "people", dir.appendingPathComponent("people.csv").path], env: env)
        #expect(r.stdout.contains("0 added, 0 changed, 2 unchanged"))
        r = try run(["consent", "show", "S1", "--ledger", ledger])
        #expect(r.status == 0 && r.stdout.contains("Alice Martin") && r.stdout.contains("consent signed 2026-09-01"))
        r = try run(["consent", "list"], env: env)
        #expect(r.stdout.contains("S1\tAlice Martin\tstudent\t5A\tconsent") && r.stdout.contains("S2\tBob Roy\tstudent\t5A\tno consent"))
        r = try run(["consent", "revoke", "S1", "--reason", "withdrawn"], env: env)
        #expect(r.status == 0 && r.stdout.contains("1 consent(s) revoked"))
        r = try run(["consent", "history"], env: env)
        #expect(r.stdout.contains("consent.revoked"))
        r = try run(["consent", "export", "--format", "csv"], env: env)
        #expect(r.stdout.contains("S1,consent,Parent,,2026-09-01"))
    }

    @Test func aBadFileIsRefusedWithItsLineAndNoPersonalData() throws {
        let dir = try ledgerDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("people.csv")
        try "id,name,role,group\nS1,Alice Martin,student,5A\nS2,Bob Roy,wizard,5A\n".write(to: file, atomically: true, encoding: .utf8)
        let env = ["VIGIE_LEDGER": dir.appendingPathComponent("l.sqlite").path]
        let r = try run(["consent", "import", "people", file.path], env: env)
        #expect(r.status == 2)
        #expect(r.stderr.contains("line 3") && r.stderr.contains("nothing was written"))
        #expect(!r.stderr.contains("Bob") && !r.stderr.contains("wizard"))
        #expect(try run(["consent", "list"], env: env).stdout.contains("0 people"))
    }

    /// A kill in the middle of a large import leaves the ledger as it was before: one transaction.
    @Test func killedImportWritesNothing() throws {
        let dir = try ledgerDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledger = dir.appendingPathComponent("ledger.sqlite").path
        var csv = "id,name,role,group\n"
        for i in 0..<60000 { csv += "P\(i),Person \(i),student,G\(i % 30)\n" }
        let file = dir.appendingPathComponent("big.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        for delay in [150_000, 400_000, 900_000] as [useconds_t] {
            let p = Process()
            p.executableURL = vigie
            p.arguments = ["consent", "import", "people", file.path, "--ledger", ledger]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let count = try run(["consent", "list", "--ledger", ledger]).stdout.split(separator: "\n").last ?? ""
            #expect(count == "0 people" || count == "60000 people", "\(count)")
            if count == "60000 people" { break }
        }
    }

    /// Two processes importing different files at once: both land.
    @Test func twoProcessesImportAtOnce() throws {
        let dir = try ledgerDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledger = dir.appendingPathComponent("ledger.sqlite").path
        var processes: [Process] = []
        for prefix in ["A", "B"] {
            var csv = "id,name,role,group\n"
            for i in 0..<3000 { csv += "\(prefix)\(i),Person \(prefix)\(i),student,\n" }
            let file = dir.appendingPathComponent("\(prefix).csv")
            try csv.write(to: file, atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = vigie
            p.arguments = ["consent", "import", "people", file.path, "--ledger", ledger]
            p.standardOutput = FileHandle.nullDevice
            processes.append(p)
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        #expect(try run(["consent", "list", "--ledger", ledger]).stdout.hasSuffix("6000 people\n"))
    }
}

@Suite("people and caption rules, end to end")
struct PeopleRulesEndToEndTests {
    @Test func manifestLedgerAndCaptionsDecide() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-people-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let photo = try Data(contentsOf: fixtures.appendingPathComponent("sample/playground.jpg"))
        for name in ["class.jpg", "fair.jpg", "tagged.jpg", "revoked.jpg"] { try photo.write(to: dir.appendingPathComponent(name)) }
        try """
            file,people,context,channel,caption,tags
            class.jpg,S1,classroom,website,Our special education class at work,
            fair.jpg,S1,event,website,Science fair in the gym,
            tagged.jpg,S1,event,website,Science fair,S2
            revoked.jpg,S3,event,website,Science fair,
            """.write(to: dir.appendingPathComponent("vigie.csv"), atomically: true, encoding: .utf8)
        let ledger = dir.appendingPathComponent("ledger.sqlite").path
        try "id,name,role,group\nS1,Alice Martin,student,5A\nS2,Bob Roy,student,5A\nS3,Chloé Gagnon,student,5B\n"
            .write(to: dir.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
        try """
            person,kind,signed_by,signed_on,channels,contexts,tagging,valid_from,valid_until,evidence
            S1,consent,Parent,2026-09-01,all,all,yes,,,F1
            S2,consent,Parent,2026-09-01,all,all,no,,,F2
            S3,consent,Parent,2026-09-01,all,all,yes,,,F3
            """.write(to: dir.appendingPathComponent("consents.csv"), atomically: true, encoding: .utf8)
        #expect(try run(["consent", "import", "people", dir.appendingPathComponent("people.csv").path, "--ledger", ledger]).status == 0)
        #expect(try run(["consent", "import", "consents", dir.appendingPathComponent("consents.csv").path, "--ledger", ledger]).status == 0)
        #expect(try run(["consent", "revoke", "S3", "--reason", "moved", "--on", "2026-10-01", "--ledger", ledger]).status == 0)

        let r = try run(["check", dir.path, "--ledger", ledger, "--on", "2026-11-21", "--format", "json"])
        #expect(r.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        var rules: [String: Set<String>] = [:]
        for f in json["files"] as? [[String: Any]] ?? [] {
            let name = ((f["path"] as? String) ?? "" as String).split(separator: "/").last.map(String.init) ?? ""
            rules[name] = Set((f["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }.filter { !$0.hasPrefix("metadata.") && !$0.hasPrefix("quality.") })
        }
        #expect(rules["class.jpg"] == ["caption.sensitive-group"])
        #expect(rules["fair.jpg"] == [])
        #expect(rules["tagged.jpg"] == ["tags.unauthorised"])
        #expect(rules["revoked.jpg"] == ["people.consent-revoked"])
        // The report never names the people.
        #expect(!r.stdout.contains("Alice") && !r.stdout.contains("Chloé") && !r.stdout.contains("S3"))
    }
}
