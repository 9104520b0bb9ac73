import Foundation
import Testing

/// `--cache`, `--no-cache` and `vigie cache`, through the built binary.
@Suite("vigie detection cache, end to end")
struct CacheEndToEndTests {
    /// A folder `site/` with two photos named in its manifest (S1 in `news.jpg`, S2 in `other.jpg`),
    /// a ledger where both consented, and a cache folder.
    struct Site {
        let dir: URL
        var site: URL { dir.appendingPathComponent("site") }
        var ledger: String { dir.appendingPathComponent("ledger.sqlite").path }
        var cache: String { dir.appendingPathComponent("cache").path }
    }

    func site() throws -> Site {
        let s = Site(dir: FileManager.default.temporaryDirectory.appendingPathComponent("vigie-cache-\(UUID().uuidString)"))
        try FileManager.default.createDirectory(at: s.site, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: fixtures.appendingPathComponent("faces/one-face.jpg"), to: s.site.appendingPathComponent("news.jpg"))
        try FileManager.default.copyItem(
            at: fixtures.appendingPathComponent("text/street-sign.jpg"), to: s.site.appendingPathComponent("other.jpg"))
        try "file,people,context,channel,caption,tags\nnews.jpg,S1,event,website,News,\nother.jpg,S2,event,website,News,\n"
            .write(to: s.site.appendingPathComponent("vigie.csv"), atomically: true, encoding: .utf8)
        try "id,name,role,group\nS1,Alice Martin,student,5A\nS2,Bob Roy,student,5A\n".write(
            to: s.dir.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        try
            "person,kind,signed_by,signed_on,channels,contexts,tagging,valid_from,valid_until,evidence\nS1,consent,P,2026-09-01,all,all,no,,,\nS2,consent,P,2026-09-01,all,all,no,,,\n"
            .write(to: s.dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        #expect(try run(["consent", "import", "people", s.dir.appendingPathComponent("p.csv").path, "--ledger", s.ledger]).status == 0)
        #expect(try run(["consent", "import", "consents", s.dir.appendingPathComponent("c.csv").path, "--ledger", s.ledger]).status == 0)
        return s
    }

    @Test func aCachedCheckIsTheSameReportAndFollowsTheLedgerAndTheFiles() throws {
        let s = try site()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let check = ["check", "--format", "json", "--on", "2026-11-21", "--ledger", s.ledger, s.site.path]
        let first = try run(check + ["--cache", s.cache])
        let again = try run(check + ["--cache", s.cache])
        #expect(first.status == again.status && first.stderr.isEmpty, "\(first.stderr)")
        #expect(first.stdout == again.stdout)
        #expect(!first.stdout.contains("people.consent-revoked"))
        // The cache holds what was read in the pictures: only its owner may open it.
        let mode = try FileManager.default.attributesOfItem(atPath: s.cache)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        let stats = try run(["cache", "stats", "--cache", s.cache])
        #expect(stats.status == 0 && stats.stdout.contains("entries: 2") && stats.stdout.contains("of this build: 2"), "\(stats.stdout)")

        // A revocation shows at once: decisions are never cached.
        #expect(try run(["consent", "revoke", "S1", "--reason", "parent request", "--on", "2026-11-20", "--ledger", s.ledger]).status == 0)
        let revoked = try run(check + ["--cache", s.cache])
        #expect(revoked.status == 1 && revoked.stdout.contains("people.consent-revoked"), "\(revoked.stdout)")
        #expect(revoked.stdout == (try run(check + ["--no-cache"])).stdout)
        let audit = try run(["audit", s.site.path, "--ledger", s.ledger, "--on", "2026-11-21", "--cache", s.cache])
        #expect(audit.status == 1 && audit.stdout.contains("news.jpg") && audit.stdout.contains("1 must come down"), "\(audit.stdout)")

        // An edited file is checked again: the report is that of a check without the cache.
        let other = s.site.appendingPathComponent("other.jpg")
        try FileManager.default.removeItem(at: other)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("faces/three-faces.jpg"), to: other)
        let edited = try run(check + ["--cache", s.cache])
        #expect(edited.stdout == (try run(check + ["--no-cache"])).stdout)
        #expect(edited.stdout != revoked.stdout)
        #expect(try run(["cache", "stats", "--cache", s.cache]).stdout.contains("entries: 3"))
    }

    @Test func processesShareOneCache() throws {
        let s = try site()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let check = ["check", "--format", "json", "--on", "2026-11-21", "--no-progress", "--cache", s.cache, s.site.path]
        // Three processes write the same entries at once; each gets the whole report.
        let results = try (0..<3).map { _ throws -> Process in
            let p = Process()
            p.executableURL = vigie
            p.arguments = withPatientTimeLimit(check)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in results { p.waitUntilExit() }
        #expect(results.allSatisfy { $0.terminationReason == .exit && $0.terminationStatus <= 1 })
        let stats = try run(["cache", "stats", "--cache", s.cache])
        #expect(stats.stdout.contains("entries: 2") && stats.stdout.contains("unreadable: 0"), "\(stats.stdout)")
        #expect(try run(check).stdout == (try run(check.filter { $0 != "--cache" && $0 != s.cache } + ["--no-cache"])).stdout)
        // Trimmed, then emptied.
        #expect(try run(["cache", "prune", "--cache", s.cache]).stdout.contains("removed 0 entries"))
        #expect(try run(["cache", "clear", "--cache", s.cache]).stdout.contains("removed 2 entries"))
        #expect(try run(["check", "--cache", s.cache, "--no-cache", s.site.path]).status == 2)
    }

    @Test func theDefaultCacheIsInTheXDGCacheFolder() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-xdg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try run(["check", "--no-ocr", "Fixtures/metadata/no-metadata.jpg"], env: ["XDG_CACHE_HOME": home.path])
        #expect(r.status == 0, "\(r.stderr)")
        let folder = home.appendingPathComponent("vigie").path
        #expect(try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int == 0o700)
        let entries = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".entry") }
        #expect(entries.count == 1)
        let entry = folder + "/" + (entries.first ?? "")
        #expect(try FileManager.default.attributesOfItem(atPath: entry)[.posixPermissions] as? Int == 0o600)
    }
}
