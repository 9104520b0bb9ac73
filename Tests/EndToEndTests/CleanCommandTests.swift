import Foundation
import Testing
import VigieTestSupport

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

/// `vigie clean --output` onto a disk that fills up: every copy there is whole (the same bytes as the
/// copy a run with room writes), each one that did not fit is an error (exit 1) with the system's
/// reason, no temporary file is left, and the originals are untouched.
@Suite("vigie clean, full disk")
struct FullDiskTests {
    /// A real full disk: a 32 KB tmpfs mounted in a private mount namespace (`unshare`, no root
    /// needed where user namespaces are allowed).
    static let canMount: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        p.arguments = ["-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    @Test(.enabled(if: canMount, "unshare -rm cannot mount a tmpfs here"))
    func aFullTmpfsLeavesWholeCopiesOrNone() throws {
        try check(wrapper: ["/usr/bin/unshare", "-rm", "sh", "-c"]) { source, out, keep in
            """
            mount -t tmpfs -o size=32k tmpfs '\(out)' || exit 99
            '\(vigie.path)' clean '\(source)' --output '\(out)' --format json > '\(keep)/report.json'
            status=$?
            cp -a '\(out)/.' '\(keep)/out/'
            exit $status
            """
        }
    }

    /// The same through a file size limit (`ulimit -f 8`: 4 KB in sh, 8 KB in bash; works everywhere):
    /// writes past it fail with EFBIG.
    @Test func aFileSizeLimitLeavesWholeCopiesOrNone() throws {
        try check(wrapper: ["/bin/sh", "-c"]) { source, out, keep in
            """
            ( ulimit -f 8; '\(vigie.path)' clean '\(source)' --output '\(keep)/out' --format json; echo $? > '\(keep)/status' ) | cat > '\(keep)/report.json'
            exit $(cat '\(keep)/status')
            """
        }
    }

    /// A report that cannot be written (standard output redirected to a file past the limit) is an
    /// operational error with the reason, never a crash.
    @Test func aReportThatCannotBeWrittenIsAnOperationalError() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-report-limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = [
            "-c",
            "ulimit -f 1; exec '\(vigie.path)' check '\(fixtures.path)/metadata' --no-ocr --format json > '\(scratch.path)/report.json'",
        ]
        let err = Pipe()
        p.standardError = err
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 2, "\(p.terminationStatus) \(e)")
        #expect(e.contains("cannot write the report to standard output (File too large)"), "\(e)")
    }

    func check(wrapper: [String], _ script: (String, String, String) -> String) throws {
        let (source, originals) = try photoFolder(copies: 4)
        defer { try? FileManager.default.removeItem(at: source) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-full-disk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (mountPoint, keep, roomy) = (
            scratch.appendingPathComponent("mnt"), scratch.appendingPathComponent("keep"), scratch.appendingPathComponent("roomy")
        )
        for d in [mountPoint, keep.appendingPathComponent("out")] {
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        }

        // The copies a run with room writes.
        #expect(try run(["clean", source.path, "--output", roomy.path]).status == 0)
        let expected = try contents(roomy)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: wrapper[0])
        p.arguments = Array(wrapper.dropFirst()) + [script(source.path, mountPoint.path, keep.path)]
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        p.environment = environment
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)

        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: keep.appendingPathComponent("report.json"))) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Int])
        #expect(summary["errors"] ?? 0 >= 1, "\(summary)")
        #expect(summary["cleaned"] ?? 0 >= 1, "\(summary)")
        let files = report["files"] as? [[String: Any]] ?? []
        for f in files where (f["status"] as? String) == "error" {
            let message = f["error"] as? String ?? ""
            #expect(message.contains("could not be written") || message.contains("too large"), "\(message)")
        }
        let written = try contents(keep.appendingPathComponent("out"))
        #expect(!written.isEmpty)
        #expect(written.keys.filter(TemporaryNames.isTemporary).isEmpty, "\(written.keys.sorted())")
        for (name, bytes) in written { #expect(bytes == expected[name], "\(name) is not the whole copy") }
        #expect(written.count == summary["cleaned"])
        #expect(try contents(source).filter { originals[$0.key] != nil } == originals)
    }
}

/// Vigie's temporary output names, as the tests see them from outside: `.NAME.vigie-tmp-PID-RANDOM`.
enum TemporaryNames {
    static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.range(of: #"\.vigie-tmp-[0-9]+-[0-9a-z]+$"#, options: .regularExpression) != nil
    }
}

/// Folders removed while `vigie check` walks and checks them: never a crash, and never a file passed
/// that was not checked. Every file is a copy of a photo with GPS coordinates, so each one in the
/// report is either blocked (it was read) or an error (it was gone): none may come out clear.
@Suite("vigie check, folders vanishing during the run")
struct VanishingFolderTests {
    @Test(arguments: [0, 20_000, 150_000])
    func removedFoldersAreErrorsOrChecked(delayMicroseconds: Int) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-vanish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let photo = try Data(contentsOf: fixtures.appendingPathComponent("metadata/gps-exif.jpg"))
        var folders: [URL] = []
        for i in 0..<120 {
            let folder = root.appendingPathComponent(String(format: "class-%03d", i))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for j in 0..<3 { try photo.write(to: folder.appendingPathComponent("photo-\(j).jpg")) }
            folders.append(folder)
        }

        let p = Process()
        p.executableURL = vigie
        p.arguments = ["check", root.path, "--format", "json", "--no-ocr", "--jobs", "2"]
        p.environment = ProcessInfo.processInfo.environment.merging(["LANG": "C.UTF-8"]) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        usleep(UInt32(delayMicroseconds))
        var generator = SeededGenerator(seed: 7)
        for folder in folders.shuffled(using: &generator).prefix(80) { try? FileManager.default.removeItem(at: folder) }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()

        #expect(p.terminationReason == .exit && p.terminationStatus == 1, "\(p.terminationStatus) \(e)")
        #expect(!e.contains("Fatal error") && !e.contains("crashed"), "\(e)")
        let report = try #require(try JSONSerialization.jsonObject(with: o) as? [String: Any], "\(e)")
        let files = report["files"] as? [[String: Any]] ?? []
        for f in files {
            let rules = (f["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
            #expect(rules.contains("metadata.location") || rules.contains("file.unreadable"), "\(f["path"] ?? "?"): \(rules)")
            #expect((f["status"] as? String) != "clear", "\(f["path"] ?? "?") passed")
        }
        let summary = report["summary"] as? [String: Any]
        #expect(summary?["clear"] as? Int == 0)
    }
}
