import Foundation
import Testing

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fixtures = root.appendingPathComponent("Fixtures")

/// The `vigie` binary built beside this test bundle.
let vigie: URL = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("vigie")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return root.appendingPathComponent(".build/debug/vigie")
}()

struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// The per-file time limit is wall-clock time: on a loaded CI machine, reading a dense page can pass
/// the default 30 s in one run and not in the next. These tests check what vigie decides, not how fast
/// the machine is, so a check, clean or audit that sets no `--max-seconds` runs with 900. The limit
/// itself has its own tests, which set it.
func withPatientTimeLimit(_ arguments: [String]) -> [String] {
    guard let command = arguments.first, ["check", "clean", "audit"].contains(command),
        !arguments.contains(where: { $0 == "--max-seconds" || $0.hasPrefix("--max-seconds=") })
    else { return arguments }
    return [command, "--max-seconds", "900"] + arguments.dropFirst()
}

func run(_ arguments: [String], cwd: URL = root, env: [String: String] = [:]) throws -> Run {
    let p = Process()
    p.executableURL = vigie
    p.arguments = withPatientTimeLimit(arguments)
    p.currentDirectoryURL = cwd
    var environment = ProcessInfo.processInfo.environment
    environment["LANG"] = "C.UTF-8"
    environment.removeValue(forKey: "LC_ALL")
    environment.removeValue(forKey: "LC_MESSAGES")
    for (k, v) in env { environment[k] = v }
    // Each run starts with an empty detection cache unless the test gives one: the others check
    // what vigie decides on a first run (the cache has its own tests).
    var emptyCache: URL?
    if env["XDG_CACHE_HOME"] == nil {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-e2e-cache-\(UUID().uuidString)")
        environment["XDG_CACHE_HOME"] = folder.path
        emptyCache = folder
    }
    defer { if let emptyCache { try? FileManager.default.removeItem(at: emptyCache) } }
    p.environment = environment
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

@Suite("vigie check, end to end")
struct CheckEndToEndTests {
    @Test func clearFilesExitZero() throws {
        let r = try run(["check", "Fixtures/metadata/no-metadata.jpg", "Fixtures/metadata/no-metadata.png"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("2 files checked: 2 clear"))
    }

    @Test func blockedFileExitsOne() throws {
        let r = try run(["check", "Fixtures/metadata/gps-exif.jpg"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("metadata.location"))
        #expect(r.stderr.isEmpty)  // no progress on a pipe, no library chatter
    }

    @Test func unreadableFileExitsOne() throws {
        let r = try run(["check", "Fixtures/malformed/broken.png"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("file.unreadable"))
    }

    /// A file that takes longer than --max-seconds is an error, not a pass.
    @Test func timeLimitPerFileFailsClosed() throws {
        let r = try run(["check", "--max-seconds", "0.001", "--format", "json", "Fixtures/text/phototest.tif"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\"file.too-large\"") && r.stdout.contains("longer than the time limit"), "\(r.stdout)")
        #expect(try run(["check", "--max-seconds", "0", "Fixtures/sample"]).status == 2)
        #expect(try run(["check", "--max-seconds", "60", "Fixtures/metadata/no-metadata.jpg"]).status == 0)
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try run(["check", "no/such/folder"]).status == 2)
        #expect(try run(["check", "--fail-on", "sometimes", "Fixtures/sample"]).status == 2)
        #expect(try run(["check", "--jobs", "0", "Fixtures/sample"]).status == 2)
        #expect(try run(["frobnicate"]).status == 2)
        #expect(try run(["check"]).status == 2)
    }

    @Test func helpExitsZero() throws {
        #expect(try run(["--help"]).status == 0)
        #expect(try run(["check", "--help"]).status == 0)
    }

    @Test func failOnWarningBlocksWarnings() throws {
        #expect(try run(["check", "Fixtures/metadata/trailer.jpg"]).status == 0)
        #expect(try run(["check", "--fail-on", "warning", "Fixtures/metadata/trailer.jpg"]).status == 1)
    }

    @Test func jsonShape() throws {
        let r = try run(["check", "--format", "json", "Fixtures/sample", "Fixtures/metadata/trailer.jpg"])
        #expect(r.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        let files = try #require(json["files"] as? [[String: Any]])
        let paths = files.compactMap { $0["path"] as? String }
        #expect(paths == paths.sorted())
        #expect(paths.contains("Fixtures/sample/field-trip-phone.jpg"))  // relative to the current folder
        for f in files {
            #expect(["clear", "blocked", "error"].contains(f["status"] as? String ?? ""))
            for finding in f["findings"] as? [[String: Any]] ?? [] {
                #expect(finding["rule"] is String)
                #expect(["error", "warning", "info"].contains(finding["severity"] as? String ?? ""))
                #expect(finding["message"] is String)
            }
        }
        let summary = try #require(json["summary"] as? [String: Int])
        #expect(summary["files"] == files.count)
        #expect(summary["clear"]! + summary["blocked"]! + summary["errors"]! == files.count)
        let unsupported = files.first { ($0["path"] as? String)?.hasSuffix("not-really.jpg") == true }
        #expect(unsupported?["status"] as? String == "error")
    }

    /// Faces and OCR are where workers keep state (one engine each); the metadata fixtures add only time.
    @Test func outputIsDeterministicAcrossJobCounts() throws {
        let inputs = ["Fixtures/sample", "Fixtures/faces", "Fixtures/text"]
        let one = try run(["check", "--format", "json", "--jobs", "1"] + inputs)
        let four = try run(["check", "--format", "json", "--jobs", "4"] + inputs)
        #expect(one.stdout == four.stdout)
    }

    @Test func frenchMessages() throws {
        let r = try run(["check", "Fixtures/metadata/gps-exif.jpg"], env: ["LANG": "fr_FR.UTF-8"])
        #expect(r.stdout.contains("Coordonnées GPS"))
        let en = try run(["check", "--lang", "en", "Fixtures/metadata/gps-exif.jpg"], env: ["LANG": "fr_FR.UTF-8"])
        #expect(en.stdout.contains("GPS coordinates"))
    }

    @Test func reportToFile() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try run(["check", "--format", "json", "--output", out.path, "Fixtures/metadata/no-metadata.jpg"])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(FileManager.default.fileExists(atPath: out.path))
    }
}

@Suite("vigie rules")
struct RulesEndToEndTests {
    @Test func listsEveryRule() throws {
        let r = try run(["rules", "--format", "json"])
        #expect(r.status == 0)
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        for id in [
            "file.unreadable", "file.unsupported", "file.too-large", "metadata.location", "metadata.identifying", "metadata.thumbnail",
            "metadata.trailer",
        ] {
            #expect(ids.contains(id))
        }
    }

    @Test func docsListTheSameRules() throws {
        let r = try run(["rules", "--format", "markdown", "--lang", "en"])
        let doc = try String(contentsOf: root.appendingPathComponent("docs/RULES.md"), encoding: .utf8)
        #expect(doc.contains(r.stdout), "docs/RULES.md is stale: regenerate it with `vigie rules --format markdown`")
    }
}
