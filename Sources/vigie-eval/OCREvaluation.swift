import ArgumentParser
import Foundation
import VigieChecks
import VigieKit
import VigieMedia
import VigieTestSupport
import VigieVision

/// `vigie-eval ocr`: recall and precision of the text rules on three sets: photos of the corpus with
/// school text painted on them (generated, deterministic), the real text images of the corpus
/// (labels in Evaluation/text-labels.csv), and ordinary corpus photos that hold no such text.
struct OCREvaluation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr",
        abstract: "Measure the text rules (OCR): recall and precision per rule."
    )

    @Option(help: "The shared corpus (people/, metadata/, text/, manifest.csv).")
    var corpus = "../shared/corpus"

    @Option(help: "Labels of the real text images.")
    var labels = "Evaluation/text-labels.csv"

    @Option(help: "Generated images per rule (positives); as many negatives again.")
    var perRule = 12

    @Option(help: "Seed of the generated set.")
    var seed: UInt64 = 3

    @Flag(help: "Dark print on light grounds only, as the generated sets measured before 2026-11-21 (no chalkboards or dark badges).")
    var lightGroundsOnly = false

    @Option(
        help:
            "The generated set: classic (sessions 1-10), tune (tuned on), urw, liberation (never tuned on), forms (other wording, cards at an angle; report only), mixed and mixed-forms (other families and styles, either wording; stop 41)."
    )
    var set = "classic"

    @Option(help: "Score this report (vigie check --format json on the --work folder and the corpus) instead of running the pipeline.")
    var report: String?

    @Option(help: "Folder for the generated images (default: a new temporary folder).")
    var work: String?

    @Option(name: .shortAndLong, help: "Images checked at once.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print each misclassified image with the rules found and expected.")
    var verbose = false

    @Flag(
        help:
            "Score the generated set only: the real text images and the ordinary photos, the same whatever --set and --seed say, are left out (half the time of a run)."
    )
    var generatedOnly = false

    @Option(help: "Only print the words read in this image (with confidence and box), to study a miss.")
    var read: String?

    @Flag(help: "Time the OCR instead (one thread, after a warm-up): median per 12 MP photo, for scripts/bench-ocr.sh.")
    var bench = false

    static let rules = ["text.confidential", "text.grade", "text.personal-info", "text.student-id", "text.student-name"]

    func run() async throws {
        if let read {
            let loaded = MediaLoader.load(path: read)
            guard let image = loaded.image else { throw ValidationError("cannot decode \(read)") }
            let clock = ContinuousClock()
            let t0 = clock.now
            let rows = TextProposals.rows(in: image.luma())
            print("proposals: \(rows.count) rows in \(clock.now - t0)")
            for (rank, r) in rows.enumerated() {
                print(
                    "  row", rank, Int(Double(r.box.x) * image.scale), Int(Double(r.box.y) * image.scale), r.box.width, r.box.height,
                    r.marks, String(format: "%.1f %.2f %.2f", r.angle, r.plainness, r.gapVariation), r.light ? "light" : "dark")
            }
            let t1 = clock.now
            let text = try TextReader.read(path: read, image: image)
            print("read in \(clock.now - t1)")
            print("lines read: \(text.linesRead)")
            for w in text.words { print(w.line, Int(w.confidence), w.box.x, w.box.y, w.box.width, w.box.height, w.text) }
            return
        }
        let folder = work ?? NSTemporaryDirectory() + "vigie-eval-ocr-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard let style = SchoolTextGenerator.style(set, darkGrounds: !lightGroundsOnly) else {
            throw ValidationError("unknown set \(set): classic, tune, urw, liberation, forms, mixed or mixed-forms")
        }
        for font in style.fonts + [style.mono] where try !TextCardPainter.rendersOwnFont(font) {
            throw ValidationError("the set's font \(font) is not installed: Pango would draw its fallback")
        }
        let allBases = try Self.basePhotos(corpus: corpus)
        // Each set paints on its own third of the corpus photos; the ordinary photos are all of them.
        let bases = style.bases.map { k in allBases.enumerated().filter { $0.offset % 3 == k }.map(\.element) } ?? allBases
        guard !bases.isEmpty else { throw ValidationError("no base photos found under \(corpus)") }

        var generator = SchoolTextGenerator(seed: seed, style: style)
        var generated: [(path: String, expected: Set<String>)] = []
        let plan = generator.plan(perRule: perRule)
        // What each image holds, to study a miss: file, then per card its text, font, capital height,
        // angle, blur, the middle of its box (before its tilt, in fractions of the picture's width and
        // height), whether its ground is dark and how far it is seen at an angle.
        var description = "file\ttext\tfont\tcap\tangle\tblur\tcentre\tdark\tkeystone\n"
        for (i, item) in plan.enumerated() {
            let path = "\(folder)/gen-\(String(format: "%03d", i))-\(item.expected.sorted().first ?? "negative").jpg"
            let landscape = i % 4 != 3
            // A base photo libvips will not decode strictly (a few corpus files are damaged) is skipped.
            let (width, height) = landscape ? (4000, 3000) : (3000, 4000)
            var boxes: [Region]?
            for attempt in 0..<bases.count where boxes == nil {
                let base = bases[(i + attempt) % bases.count]
                // Cards apart: a card over another would hide what the image is labelled with.
                boxes = try? TextCardPainter.paint(base: base, width: width, height: height, cards: item.cards, output: path, apart: true)
            }
            guard let boxes else { throw ValidationError("no base photo could be painted") }
            generated.append((path, item.expected))
            for (card, box) in zip(item.cards, boxes) {
                let fields: [String] = [
                    (path as NSString).lastPathComponent, card.text.replacingOccurrences(of: "\n", with: " | "), card.font,
                    String(Int(card.capHeight)), String(format: "%.1f", card.angle), String(card.blur),
                    String(
                        format: "%.2f,%.2f", (Double(box.x) + Double(box.width) / 2) / Double(width),
                        (Double(box.y) + Double(box.height) / 2) / Double(height)), String(card.paper.reduce(0, +) < 3 * 128),
                    String(format: "%.2f%@", card.keystone, card.keystoneVertical ? " vertical" : ""),
                ]
                description += fields.joined(separator: "\t") + "\n"
            }
        }
        try description.write(toFile: folder + "/cards.tsv", atomically: true, encoding: .utf8)
        print("generated \(generated.count) images of 12 MP in \(folder)")

        if bench {
            try Self.benchmark(generated: generated.map(\.path), bases: bases, folder: folder)
            return
        }
        let real = try Self.realLabels(path: labels, corpus: corpus)
        let ordinary = allBases.map { ($0, Set<String>()) }
        let scored = try report.map { try Self.reportedRules(path: $0) }

        var options = CheckOptions()
        options.jobs = jobs
        options.text.roster = SchoolTextGenerator.roster
        // What is measured is the reading, not the time limit (a debug build on a loaded machine).
        options.limits.maxSecondsPerFile = 600
        let pipeline = Pipeline(options: options)

        var timings: [Double] = []
        let sets = [("generated", generated), ("real text images", real), ("ordinary photos", ordinary)]
        for (name, set) in generatedOnly ? Array(sets.prefix(1)) : sets {
            let started = Date()
            let found: [Set<String>]
            if let scored {
                found = set.map { scored[Self.absolute($0.0)] ?? [] }
            } else {
                found = try await Self.textRules(set.map(\.0), pipeline: pipeline)
            }
            timings.append(Date().timeIntervalSince(started))
            print("\n## \(name): \(set.count) images (\(String(format: "%.1f", timings.last ?? 0)) s)")
            print("| rule | expected | TP | FN | FP | recall | precision |")
            print("|---|---|---|---|---|---|---|")
            for rule in Self.rules {
                var tp = 0, fn = 0, fp = 0
                for (i, item) in set.enumerated() {
                    let hit = found[i].contains(rule), want = item.1.contains(rule)
                    if hit && want { tp += 1 } else if want { fn += 1 } else if hit { fp += 1 }
                }
                print("| \(rule) | \(tp + fn) | \(tp) | \(fn) | \(fp) | \(Self.ratio(tp, tp + fn)) | \(Self.ratio(tp, tp + fp)) |")
            }
            let withAny = found.filter { !$0.isEmpty }.count
            print("images with any text finding: \(withAny)")
            if verbose {
                for (i, item) in set.enumerated() where found[i] != item.1 {
                    print("  \(item.0): found \(found[i].sorted()) expected \(item.1.sorted())")
                }
            }
        }
    }

    /// Median and 90th percentile of `TextReader.read` on one thread: generated photos with school
    /// text, and the base photos resized to 12 MP without text. Decoding the shared working copy is
    /// not counted (every check shares it); the full-resolution re-reads are.
    static func benchmark(generated: [String], bases: [String], folder: String) throws {
        var plain: [String] = []
        for (i, base) in bases.prefix(24).enumerated() {
            let path = "\(folder)/plain-\(String(format: "%03d", i)).jpg"
            if (try? TextCardPainter.paint(base: base, width: 4000, height: 3000, cards: [], output: path)) != nil { plain.append(path) }
        }
        func time(_ paths: [String]) throws -> [Double] {
            try paths.map { path in
                let loaded = MediaLoader.load(path: path)
                guard let image = loaded.image else { throw ValidationError("cannot decode \(path)") }
                let clock = ContinuousClock()
                let start = clock.now
                _ = try TextReader.read(path: path, image: image, fullResolution: loaded.fullResolution)
                let d = clock.now - start
                return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
            }.sorted()
        }
        _ = try time(Array(plain.prefix(1)))  // engine start-up, once per worker, not per photo
        for (name, paths) in [("12 MP photos without text", plain), ("12 MP photos with school text", generated)] {
            let ms = try time(paths)
            guard !ms.isEmpty else { continue }
            let median = ms[ms.count / 2], p90 = ms[Swift.min(ms.count - 1, ms.count * 9 / 10)]
            print(String(format: "%@: %d photos, median %.0f ms, p90 %.0f ms, max %.0f ms", name, ms.count, median, p90, ms.last ?? 0))
        }
    }

    /// The text rules per file of a `vigie check --format json` report, by absolute path.
    static func reportedRules(path: String) throws -> [String: Set<String>] {
        struct Report: Decodable {
            struct File: Decodable {
                struct Finding: Decodable { var rule: String }
                var path: String
                var findings: [Finding]
            }
            var files: [File]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        return Dictionary(
            report.files.map { (absolute($0.path), Set($0.findings.map(\.rule).filter { $0.hasPrefix("text.") })) },
            uniquingKeysWith: { a, _ in a })
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }

    static func ratio(_ a: Int, _ b: Int) -> String { b == 0 ? "n/a" : String(format: "%.1f%%", 100 * Double(a) / Double(b)) }

    /// The text rules found on each file, in order.
    static func textRules(_ paths: [String], pipeline: Pipeline) async throws -> [Set<String>] {
        let found = try Discovery().discover(paths)
        let entries = await pipeline.run(found.candidates)
        return entries.map { entry in Set(entry.findings.filter { $0.family == .text }.map(\.rule)) }
    }

    /// JPEG photos of the corpus (people, metadata) with a short side of at least 400 pixels.
    static func basePhotos(corpus: String) throws -> [String] {
        let manifest = try String(contentsOfFile: corpus + "/manifest.csv", encoding: .utf8)
        var out: [String] = []
        for line in manifest.split(whereSeparator: \.isNewline).dropFirst() {
            let file = line.split(separator: ",", maxSplits: 1).first.map(String.init) ?? ""
            guard file.hasPrefix("people/") || file.hasPrefix("metadata/"), file.lowercased().hasSuffix(".jpg") else { continue }
            guard let dims = line.split(separator: ",").first(where: { $0.range(of: #"^\d+x\d+$"#, options: .regularExpression) != nil })
            else { continue }
            let parts = dims.split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, Swift.min(parts[0], parts[1]) >= 400 else { continue }
            out.append(corpus + "/" + file)
        }
        return out.sorted()
    }

    /// `file,rules,note` rows: the rules (separated by `;`, or empty) a reader would flag.
    static func realLabels(path: String, corpus: String) throws -> [(String, Set<String>)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let rules = fields.count > 1 ? Set(fields[1].split(separator: ";").map(String.init)) : []
            return (corpus + "/text/" + fields[0], rules)
        }
    }
}
