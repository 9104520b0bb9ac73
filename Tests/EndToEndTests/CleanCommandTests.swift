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
        out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
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

    /// A kill at any moment leaves every file either as it was or fully cleaned, never partial.
    @Test func killDuringInPlaceLeavesOriginalsOrCleanedFiles() throws {
        let (dir, originals) = try photoFolder(copies: 60)
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = dir.deletingLastPathComponent().appendingPathComponent(dir.lastPathComponent + "-ref")
        defer { try? FileManager.default.removeItem(at: reference) }
        #expect(try run(["clean", dir.path, "--output", reference.path]).status == 0)
        let cleaned = try contents(reference)

        for signal in [SIGKILL, SIGINT] {
            let p = Process()
            p.executableURL = vigie
            p.arguments = ["clean", dir.path, "--in-place", "--jobs", "2", "--no-progress"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            // Wait until the run has replaced at least one file, then stop it mid-flight.
            let start = Date()
            var replaced = false
            while !replaced && p.isRunning && Date().timeIntervalSince(start) < 60 {
                replaced = originals.contains { name, data in
                    (try? Data(contentsOf: dir.appendingPathComponent(name))).map { $0 != data } ?? false
                }
                if !replaced { usleep(1000) }
            }
            let wasRunning = p.isRunning
            kill(p.processIdentifier, signal)
            p.waitUntilExit()
            let now = try contents(dir)
            var done = 0
            for (name, data) in originals {
                let current = now[name]
                #expect(current == data || current == cleaned[name], "\(name) is neither the original nor the cleaned copy")
                if current == cleaned[name] { done += 1 }
            }
            #expect(done > 0)
            let extra = now.keys.filter { originals[$0] == nil }
            if signal == SIGINT {
                // Interrupted runs remove their temporary files and exit 130.
                #expect(extra.isEmpty, "\(extra)")
                if wasRunning { #expect(p.terminationStatus == 130) }
            } else {
                // A SIGKILL cannot be caught: at most one hidden temporary file per job may remain.
                #expect(extra.count <= 2 && extra.allSatisfy { $0.hasPrefix(".") && $0.contains(".vigie-tmp-") }, "\(extra)")
                for name in extra { try FileManager.default.removeItem(at: dir.appendingPathComponent(name)) }
            }
            // Restore the originals for the next signal.
            for (name, data) in originals { try data.write(to: dir.appendingPathComponent(name)) }
        }
    }
}
