import ArgumentParser
import Foundation
import VigieChecks
import VigieKit
import VigieMedia
import VigieVision

/// `vigie-eval text-words`: the text rules measured in two steps, so that a change to the rules alone
/// is scored in seconds instead of a set's OCR: `--read FOLDER --out WORDS.json` keeps the words read
/// in each picture (as `vigie check` reads them), `--rules WORDS.json` runs the five text rules on
/// them and prints a report in `vigie check --format json`'s shape (files, findings' rules), which
/// Evaluation/score-independent-text.py scores. A reading changed by a new reader needs `--read` again.
struct TextWords: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text-words",
        abstract: "Keep the words read in a folder's pictures, or run the text rules on kept words."
    )

    @Option(help: "Read the pictures of this folder (jpg, png, heic) and keep their words.")
    var read: String?

    @Option(help: "Where --read writes the words (JSON).")
    var out: String?

    @Option(help: "Run the text rules on these kept words (JSON) and print a report.")
    var rules: String?

    @Option(help: "With --rules: the roster of names (CSV with a name column), as imported into the ledger.")
    var roster: String?

    @Flag(help: "With --rules: each finding's evidence (the words it rests on), to trace a false finding.")
    var evidence = false

    @Option(name: .shortAndLong, help: "Pictures read at once.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        if let read, let out {
            try await Self.keepWords(folder: read, out: out, jobs: jobs)
        } else if let rules {
            try Self.report(words: rules, roster: roster.map(Self.names(csv:)) ?? [], evidence: evidence)
        } else {
            throw ValidationError("give --read FOLDER --out WORDS.json, or --rules WORDS.json")
        }
    }

    /// A picture's words, or why it was not read.
    struct Reading: Codable {
        var text: RecognizedText?
        var error: String?
    }

    static func keepWords(folder: String, out: String, jobs: Int) async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            ["jpg", "jpeg", "png", "heic"].contains(($0 as NSString).pathExtension.lowercased())
        }
        .sorted()
        var readings: [String: Reading] = [:]
        try await withThrowingTaskGroup(of: (String, Reading).self) { group in
            var next = 0
            func add() {
                guard next < files.count else { return }
                let name = files[next]
                next += 1
                group.addTask {
                    let path = folder + "/" + name
                    let loaded = MediaLoader.load(path: path)
                    guard let image = loaded.image else { return (name, Reading(error: "cannot decode")) }
                    do {
                        return (name, Reading(text: try TextReader.read(path: path, image: image, fullResolution: loaded.fullResolution)))
                    } catch {
                        return (name, Reading(error: "\(error)"))
                    }
                }
            }
            for _ in 0..<Swift.max(1, jobs) { add() }
            while let (name, reading) = try await group.next() {
                readings[name] = reading
                add()
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(readings).write(to: URL(fileURLWithPath: out), options: .atomic)
    }

    static func report(words: String, roster: [String], evidence: Bool) throws {
        let readings = try JSONDecoder().decode([String: Reading].self, from: Data(contentsOf: URL(fileURLWithPath: words)))
        var files: [[String: Any]] = []
        for (name, reading) in readings.sorted(by: { $0.key < $1.key }) {
            guard let text = reading.text else {
                files.append(["path": name, "status": "error", "findings": [[String: String]]()])
                continue
            }
            let document = TextDocument(text)
            let matches =
                StudentIDDetector.matches(in: document, patterns: []) + GradeDetector.matches(in: document)
                + PersonalInfoDetector.matches(in: document) + ConfidentialDetector.matches(in: document)
                + StudentNameDetector.matches(in: document, roster: roster)
            let findings = matches.map { m in
                var finding = ["rule": m.key.split(separator: ".").prefix(2).joined(separator: "."), "messageId": m.key]
                if evidence { finding["evidence"] = m.evidence }
                return finding
            }
            files.append(["path": name, "status": findings.isEmpty ? "clear" : "blocked", "findings": findings])
        }
        let data = try JSONSerialization.data(withJSONObject: ["files": files], options: [.sortedKeys, .prettyPrinted])
        FileHandle.standardOutput.write(data)
    }

    /// The `name` column of a roster CSV (no quoted commas: the evaluation sets' rosters).
    static func names(csv path: String) throws -> [String] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first, let column = header.firstIndex(of: "name") else {
            throw ValidationError("the roster has no name column")
        }
        return lines.dropFirst().compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
    }
}
