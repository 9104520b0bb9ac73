import Foundation
import Testing

/// A folder of copies of real fixtures, for runs that replace files.
func photoFolder(copies: Int) throws -> (folder: URL, originals: [String: Data]) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let sources = ["gps-exif.jpg", "gps.png", "gps.webp", "place-xmp.jpg", "thumbnail-uncropped.jpg", "xmp.gif"]
    var originals: [String: Data] = [:]
    for i in 0..<copies {
        for s in sources {
            let data = try Data(contentsOf: fixtures.appendingPathComponent("metadata/" + s))
            let name = "\(i)-" + s
            try data.write(to: dir.appendingPathComponent(name))
            originals[name] = data
        }
    }
    return (dir, originals)
}

func contents(_ dir: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
        // A run still going on may rename a temporary file between the listing and the read.
        if let data = try? Data(contentsOf: dir.appendingPathComponent(name)) { out[name] = data }
    }
    return out
}

@Suite("vigie clean, end to end")
struct CleanEndToEndTests {
    @Test func needsADestination() throws {
        let r = try run(["clean", "Fixtures/metadata/gps-exif.jpg"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--output"))
        #expect(try run(["clean", "Fixtures/metadata", "--output", "Fixtures/metadata"]).status == 2)
        #expect(try run(["clean", "Fixtures/metadata/gps-exif.jpg", "--output", "/tmp/x", "--in-place"]).status == 2)
    }

    @Test func writesCopiesAndAJSONReport() throws {
        let (dir, _) = try photoFolder(copies: 1)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try run(["clean", dir.path, "--output", out.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let summary = json?["summary"] as? [String: Int]
        #expect(summary?["cleaned"] == 6 && summary?["errors"] == 0)
        let files = json?["files"] as? [[String: Any]] ?? []
        #expect(files.allSatisfy { ($0["method"] as? String) == "lossless" && !(($0["removed"] as? [Any]) ?? []).isEmpty })
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).count == 6)
        // The copies pass `vigie check` as far as metadata goes.
        let check = try run(["check", out.path, "--format", "json"])
        #expect(!check.stdout.contains("\"metadata."), "\(check.stdout)")
    }

    @Test func reportsInFrenchAndExitsOneOnARefusedFile() throws {
        let r = try run(["clean", "Fixtures/malformed/truncated-with-gps.jpg", "--in-place", "--lang", "fr"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("Non nettoyé"))
        #expect(r.stdout.contains("L'original n'a pas été modifié"))
    }

    /// A kill at any moment leaves every file either as it was or fully cleaned, never partial; the
    /// next run finishes the job and removes the temporary files the killed runs left.
    @Test func killDuringInPlaceLeavesOriginalsOrCleanedFiles() throws {
        let (dir, originals) = try photoFolder(copies: 34)  // 204 files
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = dir.deletingLastPathComponent().appendingPathComponent(dir.lastPathComponent + "-ref")
        defer { try? FileManager.default.removeItem(at: reference) }
        #expect(try run(["clean", dir.path, "--output", reference.path]).status == 0)
        let cleaned = try contents(reference)

        /// Every file is its original or its cleaned copy; returns how many are cleaned and the other names.
        func state() throws -> (done: Int, extra: [String]) {
            let now = try contents(dir)
            var done = 0
            for (name, data) in originals {
                let current = now[name]
                #expect(current == data || current == cleaned[name], "\(name) is neither the original nor the cleaned copy")
                if current == cleaned[name] { done += 1 }
            }
            return (done, now.keys.filter { originals[$0] == nil })
        }

        /// Starts an in-place run, waits until it has replaced one more file, lets it go on for a
        /// random moment, then sends `signal`.
        func interrupt(with signal: Int32) throws -> (wasRunning: Bool, status: Int32) {
            let before = try state().done
            let p = Process()
            p.executableURL = vigie
            p.arguments = ["clean", dir.path, "--in-place", "--jobs", "2", "--no-progress"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            let start = Date()
            while p.isRunning && Date().timeIntervalSince(start) < 60, try state().done <= before { usleep(1000) }
            usleep(UInt32.random(in: 0..<40_000))
            let wasRunning = p.isRunning
            kill(p.processIdentifier, signal)
            p.waitUntilExit()
            return (wasRunning, p.terminationStatus)
        }

        // Interrupted runs remove their temporary files and exit 130.
        let stopped = try interrupt(with: SIGINT)
        // (A run that had just finished every file when the signal came exits 0.)
        let finished = try state().done == originals.count
        if stopped.wasRunning { #expect(stopped.status == 130 || (stopped.status == 0 && finished)) }
        #expect(try state().extra.isEmpty)

        // Killed runs cannot clean up: at most one hidden temporary file per job may remain each time,
        // and each run goes on from where the last one stopped.
        var left = 0
        for _ in 0..<4 {
            _ = try interrupt(with: SIGKILL)
            let (done, extra) = try state()
            #expect(done > 0)
            #expect(extra.count - left <= 2 && extra.allSatisfy { TemporaryNames.isTemporary($0) }, "\(extra)")
            left = extra.count
        }

        // The next run cleans the rest and removes what the killed runs left.
        let last = try run(["clean", dir.path, "--in-place", "--no-progress"])
        #expect(last.status == 0, "\(last.stderr)")
        if left > 0 { #expect(last.stderr.contains("Removed \(left) temporary file")) }
        let (done, extra) = try state()
        #expect(done == originals.count)
        #expect(extra.isEmpty, "\(extra)")
    }
}

/// Vigie's temporary output names, as the tests see them from outside: `.NAME.vigie-tmp-PID-RANDOM`.
enum TemporaryNames {
    static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.range(of: #"\.vigie-tmp-[0-9]+-[0-9a-z]+$"#, options: .regularExpression) != nil
    }
}
