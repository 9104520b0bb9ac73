import Foundation
import Synchronization
import VigieChecks
import VigieConsentModel
import VigieKit
import VigieMedia
import VigieReport

/// What `vigie review` is asked to do.
public struct ReviewOptions: Sendable {
    /// The folder reviewed (absolute or relative to the current folder).
    public var folder: String
    /// Where Publish writes (default: `FOLDER-publish` beside the folder); never inside the folder.
    public var output: String?
    /// How the photos are checked: channel, context, day, policy, ledger, limits, OCR.
    public var checks = CheckOptions()
    /// Page language when the browser does not say (`--lang`); nil: the browser's.
    public var language: Language? = nil
    /// Show the text read in pictures (`--show-text`): pictures and messages are otherwise covered.
    public var showText = false
    /// The file walk: hidden files, the configuration's ignore patterns.
    public var discovery = Discovery()
    /// Redaction style and margin of the published copies.
    public var redactionStyle: RedactionStyle = .blur
    public var redactionMargin = 0.25

    public init(folder: String) { self.folder = folder }
}

/// A review in progress: the folder checked once and kept in memory, the teacher's choices written
/// to the files `vigie check` reads and decided again at once, one level of undo, and Publish.
public final class ReviewSession: Sendable {
    public let options: ReviewOptions
    /// The reviewed folder, links resolved.
    public let root: String
    /// Where Publish writes, links resolved as far as the path exists.
    public let output: String
    let pipeline: Pipeline
    let decision: Decision

    struct State {
        var candidates: [Candidate] = []
        var skipped = 0
        var files: [String: KeptCheck] = [:]
        var checked = 0
        var finished = false
        var undo: Undo? = nil
        var publish = PublishState()
        var pictures: [String: Data] = [:]
    }

    /// The files a write changed, as they were before it, and the photos to decide again.
    struct Undo {
        var previous: [(path: String, data: Data?)]
        var photos: [String]
    }

    /// Publish's progress and results.
    struct PublishState {
        var state = "idle"
        var done = 0
        var total = 0
        var outcomes: [CleanOutcome] = []
        var failure: String? = nil
    }

    let state = Mutex(State())

    /// Fails when the folder is not a folder, or the output would be inside it.
    public init(options: ReviewOptions) throws {
        self.options = options
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = options.folder.hasPrefix("/") ? options.folder : cwd + "/" + options.folder
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue,
            let resolved = Self.realpath(absolute)
        else { throw ReviewWriteError("the folder to review does not exist or is not a folder") }
        root = resolved
        let given = options.output.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 } ?? (resolved + "-publish")
        output = Self.resolvingExistingPart(given)
        guard output != root, !output.hasPrefix(root + "/") else {
            throw ReviewWriteError("the publish folder must be outside the reviewed folder")
        }
        pipeline = Pipeline(options: options.checks)
        decision = Decision(scope: .publication, failOn: options.checks.failOn)
    }

    /// `path` with its longest existing prefix resolved (the output folder may not exist yet).
    static func resolvingExistingPart(_ path: String) -> String {
        var head = (path as NSString).standardizingPath
        var tail: [String] = []
        while !head.isEmpty && head != "/" {
            if let real = Self.realpath(head) { return ([real] + tail.reversed()).joined(separator: "/") }
            tail.append((head as NSString).lastPathComponent)
            head = (head as NSString).deletingLastPathComponent
        }
        return path
    }

    /// Creates the face detector (a missing model stops the command before the server starts).
    public func prepare() throws { try pipeline.prepare() }

    /// Walks the folder and checks every file, at most `jobs` at a time; the page shows the progress.
    /// Cancelled, it starts no other file and returns once the files in hand are checked.
    public func checkAll() async throws {
        var discovery = options.discovery
        discovery.currentDirectory = root
        let found = try discovery.discover([root])
        state.withLock {
            $0.candidates = found.candidates
            $0.skipped = found.skipped
        }
        let jobs = max(1, options.checks.jobs)
        let candidates = found.candidates
        await withTaskExecutorPreference(WorkExecutor.shared) {
            await checkEach(candidates, jobs: jobs)
        }
        state.withLock { $0.finished = true }
    }

    private func checkEach(_ candidates: [Candidate], jobs: Int) async {
        await withTaskGroup(of: Void.self) { group in
            for (index, candidate) in candidates.enumerated() {
                if index >= jobs { _ = await group.next() }
                if Task.isCancelled { break }
                group.addTask {
                    let kept = self.pipeline.checkKeeping(candidate)
                    self.state.withLock {
                        $0.files[candidate.relativePath] = kept
                        $0.checked += 1
                    }
                }
            }
        }
    }

    // MARK: Reading

    /// The decided entry of a kept file.
    func decided(_ kept: KeptCheck) -> Report.Entry { decision.decide([kept.entry])[0] }

    func kept(_ path: String) -> KeptCheck? { state.withLock { $0.files[path] } }

    /// Progress of the first check and whether there is something to undo.
    func status() -> [String: Any] {
        state.withLock { s in
            [
                "state": s.finished ? "ready" : "checking", "checked": s.checked, "total": s.candidates.count, "skipped": s.skipped,
                "canUndo": s.undo != nil, "showText": options.showText, "folder": (root as NSString).lastPathComponent,
                "channel": (options.checks.channel ?? .website).rawValue, "context": (options.checks.context ?? .classroom).rawValue,
                "language": options.language?.rawValue ?? "", "hasLedger": options.checks.ledger != nil,
            ]
        }
    }

    /// Every checked file: path, status, the rules that fired, faces, in path order.
    func fileList(_ language: Language) -> [[String: Any]] {
        let files = state.withLock { s in s.candidates.compactMap { s.files[$0.relativePath] } }
        return files.map { kept in
            let entry = decided(kept)
            let rules = Set(entry.findings.filter { $0.suppression == nil }.map(\.rule)).sorted()
            var item: [String: Any] = [
                "path": kept.candidate.relativePath, "status": (entry.status ?? .error).rawValue, "rules": rules,
                "picture": kept.asset?.image != nil,
            ]
            if let faces = entry.faces { item["faces"] = faces.identifiable.count }
            return item
        }
    }

    /// One file: its findings in plain words, its faces with the teacher's choices, its description.
    func fileDetail(_ kept: KeptCheck, _ language: Language) -> [String: Any] {
        let entry = decided(kept)
        let localizer = Localizer(language)
        let findings: [[String: Any]] = entry.findings.map { f in
            var item: [String: Any] = ["rule": f.rule, "severity": f.severity.rawValue, "message": localizer.render(f.message)]
            if let r = f.region { item["region"] = Self.json(r) }
            if let s = f.suppression { item["suppressed"] = s.reason }
            return item
        }
        var detail: [String: Any] = [
            "path": kept.candidate.relativePath, "status": (entry.status ?? .error).rawValue, "findings": findings, "faces": faces(kept),
        ]
        if let image = kept.asset?.image {
            detail["width"] = image.displayWidth
            detail["height"] = image.displayHeight
        }
        if let people = kept.asset?.people {
            let d = people.description
            detail["description"] =
                [
                    "context": people.context.rawValue, "channel": people.channel.rawValue, "caption": d.caption ?? "", "tags": d.tags,
                    "people": d.people,
                ] as [String: Any]
        }
        return detail
    }

    /// Each detected identifiable face, numbered from 1 in the detector's order, with who it is
    /// (a named region over it), the choice made for it and whether a consent covers it.
    func faces(_ kept: KeptCheck) -> [[String: Any]] {
        guard let asset = kept.asset, let image = asset.image, let detected = kept.detectedFaces else { return [] }
        let (w, h) = (image.displayWidth, image.displayHeight)
        let description = asset.people?.description ?? PhotoDescription()
        let consented = NoConsentCheck.consentedFaces(in: asset)
        let counted = asset.faces?.identifiable.map(\.region) ?? []
        return detected.identifiable.enumerated().map { index, face in
            let area = UnitRect(face.region, width: w, height: h)
            var item: [String: Any] = ["index": index + 1, "region": Self.json(face.region), "score": face.score]
            let choice = description.faceChoices.first { $0.matches(face.region, width: w, height: h) }
            if let choice { item["action"] = choice.action.rawValue } else { item["action"] = NSNull() }
            let named = description.metadata.tags.first { tag in tag.area.map { $0.overlap(area) >= 0.3 } ?? false }
            if let named {
                let person = asset.people?.ledger?.person(named: named.name)
                item["person"] = person?.id ?? named.name
                item["personName"] = person?.name ?? named.name
            } else {
                item["person"] = NSNull()
            }
            let position = counted.firstIndex(of: face.region)
            item["identifiable"] = position != nil
            item["consented"] = position.map { $0 < consented.count && consented[$0] } ?? false
            return item
        }
    }

    /// People of the ledger whose name or id contains `query` (case and accents ignored), with
    /// whether a consent on record covers the file's channel and context on the day of publication.
    func people(matching query: String, for kept: KeptCheck?) -> [[String: Any]] {
        guard let ledger = options.checks.ledger else { return [] }
        let folded = LedgerSnapshot.foldName(query)
        let channel = kept?.asset?.people?.channel ?? options.checks.channel ?? .website
        let context = kept?.asset?.people?.context ?? options.checks.context ?? .classroom
        let day = options.checks.publicationDay
        let matches = ledger.people.values.filter {
            folded.isEmpty || LedgerSnapshot.foldName($0.name).contains(folded) || $0.id.lowercased().contains(query.lowercased())
        }
        return matches.sorted { ($0.name, $0.id) < ($1.name, $1.id) }.prefix(20).map { p in
            let consents = ledger.consents(of: p.id)
            let optedOut = consents.contains { $0.kind == .optOut && $0.isInForce(on: day) }
            let covers = !optedOut && consents.contains { $0.covers(channel: channel, context: context, on: day) }
            return ["id": p.id, "name": p.name, "role": p.role.rawValue, "covers": covers] as [String: Any]
        }
    }

    /// A JPEG of the photo as the checks decoded it, `longSide` at most, with every text finding's
    /// region covered unless `--show-text`: the page never shows what the checks flagged in full.
    func picture(_ kept: KeptCheck, longSide: Int) -> Data? {
        let key = kept.candidate.relativePath + "#\(longSide)"
        if let cached = state.withLock({ $0.pictures[key] }) { return cached }
        guard let image = kept.asset?.image else { return nil }
        let covered = options.showText ? [] : kept.entry.findings.filter { $0.family == .text }.compactMap(\.region)
        guard let jpeg = try? image.thumbnail(longSide: longSide, covering: covered) else { return nil }
        let data = Data(jpeg.bytes)
        state.withLock { $0.pictures[key] = data }
        return data
    }

    /// The path with every link resolved, nil when it does not exist.
    static func realpath(_ path: String) -> String? {
        guard let resolved = Foundation.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func json(_ r: Region) -> [String: Int] { ["x": r.x, "y": r.y, "width": r.width, "height": r.height] }
}
