import Foundation
import VigieChecks
import VigieConsent
import VigieConsentModel
import VigieMedia
import VigieReport
import VigieVision

/// Settings of one `vigie check` run.
public struct CheckOptions: Sendable {
    public var limits = DecodeLimits()
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    public var failOn: Severity = .error
    public var language: Language = .en
    /// Where the pictures are meant to be published (`--channel`); nil when not said.
    public var channel: Channel? = nil
    /// What the pictures show (`--context`); nil when not said (manifests may say, else classroom).
    public var context: PhotoContext? = nil
    /// The consent ledger, read once per run; nil when none is configured.
    public var ledger: LedgerSnapshot? = nil
    /// The day the consents must cover (`--on`, default today).
    public var publicationDay: Day = .today()
    public var policy: ConsentPolicy = .strict
    /// Face detection thresholds; `faces.enabled = false` skips detection.
    public var faces = FaceConfiguration()
    /// The CenterFace model (default: `FaceDetector.defaultModelPath()`).
    public var faceModelPath: String? = nil
    /// Read the text in each picture (OCR) for the text rules.
    public var readText = true
    /// District student-number patterns, the roster, and whether messages show read text in full.
    public var text = TextCheckSettings()
    /// Rules turned off or given another severity (`.vigie.yml`).
    public var rules = RuleSettings()
    /// Make a small JPEG of each decoded picture for the HTML report (only that format shows them).
    public var thumbnails = false
    /// Seconds between the sampled frames of a video (scene changes add frames).
    public var frameInterval: Double = 2
    /// What the detectors found in earlier runs, by file content (`--cache`); nil: no cache.
    public var cache: DetectionCache? = nil

    public init() {}
}

/// discover → decode once → independent checks → decision → report.
public struct Pipeline: Sendable {
    public let options: CheckOptions
    private let descriptions = DescriptionReader()

    /// One pair of spelling dictionaries per worker, created the first time a caption is seen.
    let spellers = HandlePool<SpellChecker> { try SpellChecker() }

    /// Face detectors, created on first use, at most one per two workers.
    private let faceDetectors: HandlePool<FaceDetector>

    /// The text rules' settings, with the ledger's students as the roster unless one was given.
    let textSettings: TextCheckSettings

    public init(options: CheckOptions) {
        self.options = options
        var text = options.text
        if text.roster == nil, let ledger = options.ledger {
            text.roster = ledger.people.values.filter { $0.role == .student }.map(\.name).sorted()
        }
        self.textSettings = text
        let modelPath = options.faceModelPath ?? FaceDetector.defaultModelPath()
        let size = options.faces.networkLongSide
        // One per two workers: a detector per worker was no faster (90 mixed photos, 2 jobs), and a
        // worker that finds the detector in use reads its text first (`assessDecoding`). How many
        // networks run at once, face or text, is bounded apart (`NetworkAllowance`).
        faceDetectors = HandlePool(limit: Swift.max(1, options.jobs / 2)) { try FaceDetector(modelPath: modelPath, networkLongSide: size) }
    }

    /// Fails with a message naming the model location and the fix when faces cannot be detected or
    /// text lines found (the text model, when text is read); call before a run so a missing model
    /// stops it up front (exit 2) instead of failing every file. The OCR engine (about 0.1 s: two
    /// languages) and the text detector start on threads of their own while the face network loads
    /// (`TextReader.prewarm`): a run of one photo no longer waits for the engine after its decoding
    /// and its faces (one small JPEG: 0.213 -> 0.187 s, docs/BENCHMARKS.md).
    public func prepare() throws {
        if options.readText, readsText { TextReader.prewarm() }
        if options.faces.enabled { try faceDetectors.withHandle { _ in } }
        if options.readText, readsText { try TextReader.prepareLineDetector() }
    }

    /// What stops a run whose detectors cannot start (`prepare`), for the message of exit 2.
    public static func preparationFailure(_ error: any Error) -> String {
        error is TextModelError ? "cannot read text: \(error)" : "cannot detect faces: \(error)"
    }

    /// Faces of one decoded picture, or a finding when detection failed (fail closed).
    func detectFaces(in image: DecodedImage) -> Result<FacesResult, MediaError> {
        measureFaces(in: image).map {
            FaceAssessment.assess(
                $0, displaySize: DisplaySize(width: image.displayWidth, height: image.displayHeight),
                channel: options.channel, configuration: options.faces)
        }
    }

    /// The faces of one decoded picture with what their assessment reads of its pixels.
    func measureFaces(in image: DecodedImage) -> Result<[MeasuredFace], MediaError> {
        do {
            let found = try faceDetectors.withHandle { try $0.detect(image, threshold: options.faces.detectionThreshold) }
            return .success(FaceAssessment.measure(found, in: image, configuration: options.faces))
        } catch let error as MediaError {
            return .failure(error)
        } catch {
            return .failure(MediaError(.unreadable, "face model unavailable"))
        }
    }

    /// Checks one candidate. Everything a check needs is loaded here, once; the pixels are dropped
    /// when this returns.
    public func check(_ candidate: Candidate) -> Report.Entry {
        switch candidate.kind {
        case .unsupported:
            // A video or audio extension on unknown content says so: the image message would mislead.
            let finding =
                MediaContainer.hasMediaExtension(candidate.path) && !ImageFormat.hasImageExtension(candidate.path)
                ? FileRules.unrecognisedMedia : FileRules.finding(for: MediaError(.unsupported, "unsupported"))
            return Report.Entry(path: candidate.displayPath, format: nil, findings: [finding])
        case .media(let container) where MovieReader.reads(container):
            return checkMovie(candidate, container)
        case .media(let container):
            // Never passed unchecked: reported as not checked until Vigie reads these containers.
            return Report.Entry(path: candidate.displayPath, format: container.rawValue, findings: [FileRules.finding(for: container)])
        case .unreadable(let reason):
            return Report.Entry(
                path: candidate.displayPath, format: nil, findings: [FileRules.finding(for: MediaError(.unreadable, reason))])
        case .image:
            break
        }
        let a = assess(path: candidate.path, displayPath: candidate.displayPath, pixels: options.thumbnails)
        var thumbnail: Thumbnail?
        if options.thumbnails, let asset = a.asset, let image = asset.image {
            thumbnail = Self.thumbnail(of: image, asset: asset, findings: a.findings)
        }
        var entry = Report.Entry(
            path: candidate.displayPath, format: a.format, findings: a.findings, faces: a.asset?.faces, thumbnail: thumbnail)
        entry.suppressions = a.asset?.people?.description.suppressions ?? [:]
        return entry
    }

    /// What the checks saw in one image file and what they found.
    struct Assessment {
        /// What the checks read; nil when the file could not be read at all (or ran out of time).
        var asset: Asset?
        var findings: [Finding]
        /// The format as reported (nil when the content is not a supported image).
        var format: String?
        /// The faces found, before the school's choices (`ignore`) were applied.
        var detectedFaces: FacesResult? = nil
        /// What the detectors found, for the cache; nil when the file was not fully checked.
        var record: DetectionRecord? = nil
    }

    /// Loads one image file once and runs every check on it. `people`, when given, replaces the
    /// description read from the file's folder and sidecar (a redacted copy is checked against what
    /// it is meant to show, not against its temporary file's folder; it is not cached). With a
    /// cache, a file whose detections are kept is checked without decoding (unless `pixels`: its
    /// picture is then decoded, its detectors not run again), and what a full check found is kept.
    func assess(path: String, displayPath: String, people given: PeopleContext? = nil, pixels: Bool = false) -> Assessment {
        let deadline = ContinuousClock.now + .milliseconds(Int(options.limits.maxSecondsPerFile * 1000))
        var cached: CachedFile?
        if let cache = options.cache, given == nil {
            cached = CachedFile(path: path, cache: cache, limits: options.limits, needs: cacheNeeds)
            if let record = cached?.usable, !pixels {
                if let a = assessCached(record, cached, path: path, displayPath: displayPath, deadline: deadline) { return a }
                // A record its file's container contradicts is not trusted, in part or in whole.
                cached?.record = nil
                cached?.usable = nil
            }
        }
        let a = FilesInFlight.shared.track {
            assessDecoding(path: path, displayPath: displayPath, people: given, cached: cached, deadline: deadline)
        }
        if let cached, cached.usable == nil, let record = a.record, cached.unchanged() {
            cached.cache.store(record, for: cached.content, older: cached.record)
        }
        return a
    }

    /// A file looked up in the detection cache: its bytes (read once, for the digest and the decode),
    /// the digest of its content and the record kept for it.
    struct CachedFile {
        let cache: DetectionCache
        let path: String
        let bytes: [UInt8]
        let content: String
        /// The record kept for this content, whatever it holds.
        var record: DetectionRecord?
        /// `record` when it holds everything this run needs.
        var usable: DetectionRecord?
        /// The file's status when it was read, to tell that it was not changed while being checked.
        private let status: [Int]

        /// Nil when the file cannot be read (the check then reports why, as without a cache).
        init?(path: String, cache: DetectionCache, limits: DecodeLimits, needs: DetectionNeeds) {
            guard let status = Self.status(path), let bytes = try? MediaLoader.readBytes(path: path, limit: limits.maxFileBytes) else {
                return nil
            }
            self.cache = cache
            self.path = path
            self.bytes = bytes
            self.status = status
            content = DetectionCache.digest(bytes)
            record = cache.record(for: content)
            usable = record.flatMap { $0.covers(needs) ? $0 : nil }
        }

        /// True when the file looks as it did when its bytes were read: the decoders read it by path,
        /// and what they saw is only kept under the digest of the bytes when it cannot have changed.
        func unchanged() -> Bool { Self.status(path) == status }

        static func status(_ path: String) -> [Int]? {
            var st = stat()
            guard stat(path, &st) == 0 else { return nil }
            return [
                Int(st.st_dev), Int(st.st_ino), Int(st.st_size), st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_ctim.tv_sec,
                st.st_ctim.tv_nsec,
            ]
        }
    }

    /// Past the time limit the file is an error and the remaining stages do not run (fail closed).
    func timedOut(_ stage: String, findings: [Finding], format: ImageFormat) -> Assessment {
        let finding = FileRules.finding(
            for: MediaError(.tooSlow, "\(stage) took longer than the time limit of \(Self.seconds(options.limits.maxSecondsPerFile))"))
        return Assessment(asset: nil, findings: findings + [finding], format: format.rawValue)
    }

    /// What a cached record must hold for this run: the faces, the text and the quality measures
    /// its enabled rules read.
    var cacheNeeds: DetectionNeeds {
        DetectionNeeds(
            faces: options.faces.enabled, text: options.readText && readsText,
            sharpness: options.rules.isEnabled(BlurQualityCheck.rule.id), exposure: options.rules.isEnabled(ExposureQualityCheck.rule.id))
    }

    /// A file checked from its cached detections: its container read from the bytes already read
    /// (no decode), the detections from `record`, then the school's description and every check.
    /// Nil when the container disagrees with the record (the file is then checked in full).
    func assessCached(
        _ record: DetectionRecord, _ file: CachedFile?, path: String, displayPath: String, deadline: ContinuousClock.Instant
    ) -> Assessment? {
        guard let bytes = file?.bytes else { return nil }
        let container = MediaLoader.readContainer(bytes, limits: options.limits)
        guard container.error == nil, let format = container.format, var metadata = container.metadata,
            metadata.previews.count == record.previewFraming.count, FileRules.metadataUnreadable(metadata.unreadableParts) == nil
        else { return nil }
        // The time limit holds for a cached file too (fail closed).
        if ContinuousClock.now >= deadline { return timedOut("reading the file", findings: [], format: format) }
        metadata.hasICCProfile = record.hasICCProfile
        for i in metadata.previews.indices { metadata.previews[i].framing = record.previewFraming[i] }
        var asset = Asset(
            path: displayPath, format: format, metadata: metadata, displaySize: record.displaySize, quality: record.quality,
            channel: options.channel)
        let detected =
            options.faces.enabled
            ? record.faces.map {
                FaceAssessment.assess($0, displaySize: record.displaySize, channel: options.channel, configuration: options.faces)
            } : nil
        asset.faces = detected
        asset.textSettings = textSettings
        if options.readText, readsText { asset.text = record.text }
        let findings = describeAndCheck(&asset, path: path, detected: detected, people: nil, descriptions: descriptions)
        return Assessment(asset: asset, findings: findings, format: format.rawValue, detectedFaces: detected)
    }

    /// Loads one image file, decoding it, and runs every check on it; detections `cached` holds are
    /// taken from it instead of running the detectors again.
    func assessDecoding(
        path: String, displayPath: String, people given: PeopleContext?, cached: CachedFile?, deadline: ContinuousClock.Instant
    ) -> Assessment {
        let outOfTime = { ContinuousClock.now >= deadline }
        // What the cache holds for this content, whole or in part, stands in for its detector.
        let reuse = cached?.record
        let readsTextNow = options.readText && readsText && reuse?.text == nil
        // A run not prepared (`prepare`) starts its OCR engine on a thread of its own here, while
        // this file is decoded and its faces found.
        if readsTextNow { TextReader.prewarm() }
        let loaded = MediaLoader.load(path: path, limits: options.limits, bytes: cached?.bytes)
        let format = loaded.error?.code == .unsupported ? nil : loaded.format.rawValue
        var findings: [Finding] = []
        var detected: FacesResult?
        var measured: [MeasuredFace]?
        func timedOut(_ stage: String) -> Assessment { self.timedOut(stage, findings: findings, format: loaded.format) }
        if loaded.error == nil, outOfTime() { return timedOut("decoding") }
        if let error = loaded.error { findings.append(FileRules.finding(for: error)) }
        if let metadata = loaded.metadata {
            if let unread = FileRules.metadataUnreadable(metadata.unreadableParts) { findings.append(unread) }
            var asset = Asset(path: displayPath, format: loaded.format, metadata: metadata, image: loaded.image, channel: options.channel)
            // The text is read on another thread while the faces are found when a core has no file
            // of its own; it is always waited for before this file is done with.
            let textAlongside = loaded.image.flatMap { image -> BackgroundWork<RecognizedText>? in
                guard readsTextNow, options.faces.enabled, reuse?.faces == nil, FilesInFlight.shared.spareCore else { return nil }
                let full = loaded.fullResolution
                return BackgroundWork { try TextReader.read(path: path, image: image, fullResolution: full, deadline: deadline) }
            }
            defer { _ = try? textAlongside?.result() }
            // When the run's face detectors are all in use by other workers, this worker reads the
            // text first rather than wait for one (one detector serves two workers).
            var textFirst: Result<RecognizedText, any Error>?
            if readsTextNow, textAlongside == nil, options.faces.enabled, reuse?.faces == nil, faceDetectors.isBusy,
                let image = loaded.image
            {
                textFirst = Result {
                    try TextReader.read(path: path, image: image, fullResolution: loaded.fullResolution, deadline: deadline)
                }
            }
            if let image = loaded.image, options.faces.enabled {
                switch reuse?.faces.map({ .success($0) }) ?? measureFaces(in: image) {
                case .success(let faces):
                    measured = faces
                    let size = DisplaySize(width: image.displayWidth, height: image.displayHeight)
                    asset.faces = FaceAssessment.assess(faces, displaySize: size, channel: options.channel, configuration: options.faces)
                case .failure(let error):
                    findings.append(
                        Finding(rule: FileRules.unreadable.id, severity: .error, message: Message("faces.failed", [error.description])))
                }
                if outOfTime() { return timedOut("finding faces") }
            }
            detected = asset.faces
            asset.textSettings = textSettings
            if options.readText, readsText, let image = loaded.image {
                do {
                    asset.text =
                        try reuse?.text ?? textAlongside?.result() ?? textFirst?.get()
                        ?? TextReader.read(path: path, image: image, fullResolution: loaded.fullResolution, deadline: deadline)
                } catch let error as MediaError where error.code == .tooSlow {
                    return timedOut("reading the text")
                } catch {
                    let reason = (error as? MediaError)?.reason ?? "OCR failed"
                    findings.append(
                        Finding(rule: FileRules.unreadable.id, severity: .error, message: Message("text.unavailable", [reason])))
                }
            }
            // Only what a full check found is kept: never a file with an error or out of time.
            let record =
                findings.isEmpty && loaded.error == nil
                ? loaded.image.map {
                    DetectionRecord(
                        displaySize: DisplaySize(width: $0.displayWidth, height: $0.displayHeight), hasICCProfile: metadata.hasICCProfile,
                        previewFraming: metadata.previews.map(\.framing), faces: measured, text: asset.text, quality: QualityMeasures())
                } : nil
            findings += describeAndCheck(&asset, path: path, detected: detected, people: given, descriptions: descriptions)
            var a = Assessment(asset: asset, findings: findings, format: format, detectedFaces: detected)
            // The quality measures the checks made.
            a.record = record.map {
                var r = $0
                r.quality = asset.qualityMeasures
                return r
            }
            return a
        }
        return Assessment(asset: nil, findings: findings, format: format)
    }

    /// How many words of a photo's or a video's caption no dictionary knows; nil, with an error in
    /// `findings`, when the dictionaries cannot be opened: a caption is never passed unchecked.
    func unknownWords(inCaption caption: String, findings: inout [Finding]) -> Int? {
        do {
            return try spellers.withHandle { $0.unknownWords(in: caption).count }
        } catch {
            findings.append(
                Finding(
                    rule: FileRules.unreadable.id, severity: .error,
                    message: Message("caption.spelling-unavailable", [String(describing: error)])))
            return nil
        }
    }

    /// Reads what the school says about the photo (`people`, else its folder's manifest and sidecar
    /// through `descriptions`), applies its face choices to the `detected` faces and runs every check
    /// on `asset`: the part of a check that a new description changes, without decoding or detecting
    /// again (`vigie review` calls it after each choice).
    func describeAndCheck(
        _ asset: inout Asset, path: String, detected: FacesResult?, people given: PeopleContext?, descriptions: DescriptionReader
    ) -> [Finding] {
        var findings: [Finding] = []
        asset.people = nil
        asset.channel = options.channel
        asset.captionUnknownWords = nil
        do {
            let people = try given ?? peopleContext(path, asset.metadata, descriptions)
            asset.people = people
            // A channel the folder's manifest gives for this file wins over the command line's.
            if people.channelWasGiven { asset.channel = people.channel }
        } catch {
            // A manifest that cannot be read leaves the people rules without their facts: fail closed.
            findings.append(FileRules.manifestUnreadable(error))
        }
        asset.faces = detected
        if let faces = detected, let size = asset.displaySize, let choices = asset.people?.description.faceChoices {
            asset.faces = faces.dismissing(choices, width: size.width, height: size.height)
        }
        if let caption = asset.people?.description.caption, !caption.isEmpty {
            asset.captionUnknownWords = unknownWords(inCaption: caption, findings: &findings)
        }
        findings += CheckRegistry.run(asset, settings: options.rules)
        if let invalid = asset.people?.description.invalidSuppressions, !invalid.isEmpty {
            // A suppression that cannot be honoured is an error for the file, never a silent pass.
            let message = Message("file.suppression-invalid", [invalid.joined(separator: " ")])
            findings.append(Finding(rule: FileRules.unreadable.id, severity: .error, message: message))
        }
        return findings
    }

    /// The report's thumbnail, made from the decode the checks shared (never a second read of the
    /// file): every finding's region covered in its pixels, faces marked by consent on record. Nil when
    /// libvips cannot make it; the file was checked all the same, the report shows no picture.
    static func thumbnail(of image: DecodedImage, asset: Asset, findings: [Finding]) -> Thumbnail? {
        guard let small = try? image.thumbnail(longSide: 320, covering: findings.compactMap(\.region)) else { return nil }
        let consented = NoConsentCheck.consentedFaces(in: asset)
        let faces = (asset.faces?.identifiable ?? []).enumerated().map {
            FaceMark(region: $0.element.region, consented: consented[$0.offset])
        }
        return Thumbnail(
            jpeg: Data(small.bytes), width: small.width, height: small.height, displayWidth: image.displayWidth,
            displayHeight: image.displayHeight,
            faces: faces)
    }

    static func seconds(_ s: Double) -> String { s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s) }

    /// False when every text rule is turned off: OCR is then not run at all.
    var readsText: Bool { CheckRegistry.rules.contains { $0.family == .text && options.rules.isEnabled($0.id) } }

    /// The description of a photo (manifest, sidecar, metadata) joined with the run's settings.
    /// `reader` reads the manifest and the sidecar (default: this pipeline's, which caches manifests).
    func peopleContext(_ path: String, _ metadata: MediaMetadata, _ reader: DescriptionReader? = nil) throws -> PeopleContext {
        let description = try (reader ?? descriptions).describe(path: path, metadata: metadata)
        let channel = description.channel ?? options.channel
        return PeopleContext(
            description: description, ledger: options.ledger, day: options.publicationDay, policy: options.policy,
            context: description.context ?? options.context ?? .classroom, channel: channel ?? .website, channelWasGiven: channel != nil)
    }

    /// Checks every candidate with at most `jobs` files in flight; results come back in input order.
    public func run(_ candidates: [Candidate], progress: (@Sendable (Int, Int) -> Void)? = nil) async -> [Report.Entry] {
        await boundedMap(candidates, jobs: options.jobs, progress: progress) { _, candidate in self.check(candidate) }
    }

}
