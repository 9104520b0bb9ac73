import Foundation
import VigieChecks
import VigieMedia
import VigieReport
import VigieVision

/// Checks a video: its metadata from its boxes, then its sampled frames like photos.
extension Pipeline {
    /// Checks an MP4, QuickTime or 3GP file: the metadata rules on its boxes (never its media data but
    /// a few telemetry samples), then the photo checks on sampled frames (`MovieFrames`). A video whose
    /// frames cannot all be checked keeps an error saying so, beside whatever else was found.
    func checkMovie(_ candidate: Candidate, _ container: MediaContainer) -> Report.Entry {
        var findings: [Finding] = []
        var entry = Report.Entry(path: candidate.displayPath, format: container.rawValue, findings: [])
        let metadata: MediaMetadata
        do {
            metadata = try MovieReader.read(path: candidate.path, container: container)
            if let unread = FileRules.metadataUnreadable(metadata.unreadableParts) { findings.append(unread) }
            let asset = Asset(path: candidate.displayPath, format: nil, metadata: metadata, image: nil, channel: options.channel)
            findings += CheckRegistry.run(asset, settings: options.rules, family: .metadata)
        } catch let error as MediaError {
            entry.findings = [FileRules.finding(for: error.code == .unsupported ? MediaError(.corrupt, error.reason) : error)]
            return entry
        } catch {
            entry.findings = [FileRules.finding(for: MediaError(.unreadable, "the file cannot be read"))]
            return entry
        }
        let frames = checkFrames(candidate, container, metadata)
        entry.findings = findings + frames.findings
        entry.faces = frames.faces
        entry.frames = frames.thumbnails
        entry.thumbnail = frames.poster
        entry.video = frames.summary
        entry.suppressions = frames.people?.description.suppressions ?? [:]
        return entry
    }

    /// What the sampled frames of one video showed.
    struct FramesOutcome {
        var findings: [Finding] = []
        /// The faces of the frame that shows the most identifiable people.
        var faces: FacesResult?
        var thumbnails: [Thumbnail] = []
        /// The first frame, shown by the HTML report when no frame carries a finding.
        var poster: Thumbnail?
        var summary: VideoSummary?
        var people: PeopleContext?
    }

    /// Decodes the sampled frames one at a time (at most one in memory) and checks each like a photo:
    /// - text rules on every frame, each finding once with the time it was first seen;
    /// - faces on every frame; the people rules once, on the frame with the most identifiable faces (a
    ///   person in forty frames is one person: without face recognition, the most faces seen at once
    ///   is how many people the video shows at least);
    /// - blur and exposure when more than half the frames fail them; resolution and orientation from
    ///   the displayed size (the first frame);
    /// - the caption and tag rules once, as for a photo.
    func checkFrames(_ candidate: Candidate, _ container: MediaContainer, _ metadata: MediaMetadata) -> FramesOutcome {
        var outcome = FramesOutcome()
        let started = ContinuousClock.now
        var limit = options.limits.maxSecondsPerFile
        let reader: MovieFrames
        do {
            reader = try MovieFrames(
                path: candidate.path, limits: options.limits, interval: options.frameInterval, maxSeconds: options.limits.maxVideoSeconds,
                secondsLeft: limit)
            // A video's time limit grows with its length: the per-file limit for each started minute.
            limit *= Swift.max(1, ((reader.info.duration ?? 0) / 60).rounded(.up))
            let spent = started.duration(to: .now).components
            reader.setTimeLimit(limit - Double(spent.seconds) - Double(spent.attoseconds) / 1e18)
        } catch {
            outcome.findings.append(Self.framesUnchecked(container, error))
            return outcome
        }
        let deadline = started + .milliseconds(Int(limit * 1000))
        var people: PeopleContext?
        do {
            people = try peopleContext(candidate.path, metadata)
        } catch {
            outcome.findings.append(FileRules.manifestUnreadable(error))
        }
        outcome.people = people

        var checked = 0
        // A text finding's rule, severity and message: the same in another frame is the same finding,
        // wherever it shows (the camera or the card moves).
        struct TextKey: Hashable {
            var rule: String
            var severity: Severity
            var message: Message
        }
        var seen = Set<TextKey>()
        var textFindings: [Finding] = []
        var framesFailing: [String: (count: Int, first: Finding)] = [:]
        var firstFrameQuality: [Finding] = []
        var mostFaces = -1
        var peopleFindings: [Finding] = []
        var representative: Asset?
        var failure: Finding?

        func asset(for frame: MovieFrame) -> Asset {
            var a = Asset(path: candidate.displayPath, format: nil, metadata: metadata, image: frame.image, channel: options.channel)
            a.people = people
            if let people, people.channelWasGiven { a.channel = people.channel }
            a.textSettings = textSettings
            return a
        }
        func stamped(_ findings: [Finding], _ time: Double) -> [Finding] {
            findings.map {
                var f = $0
                f.time = Self.tenths(time)
                return f
            }
        }

        while true {
            let frame: MovieFrame
            do {
                guard ContinuousClock.now < deadline else {
                    throw MediaError(.tooSlow, "decoding the video took longer than the time limit")
                }
                guard let next = try reader.next() else { break }
                frame = next
            } catch {
                failure = Self.framesUnchecked(container, error)
                break
            }
            checked += 1
            var a = asset(for: frame)
            var frameFindings: [Finding] = []
            if options.faces.enabled {
                switch detectFaces(in: frame.image) {
                case .success(let result): a.faces = result
                case .failure(let error):
                    failure = Finding(
                        rule: FileRules.unreadable.id, severity: .error, message: Message("faces.failed", [error.description]))
                }
                if failure != nil { break }
            }
            if options.readText, readsText {
                do {
                    a.text = try TextReader.read(
                        path: candidate.path, image: frame.image,
                        fullResolution: FullResolutionGrey(path: candidate.path, decoded: frame.grey),
                        deadline: deadline)
                } catch let error as MediaError where error.code == .tooSlow {
                    failure = FileRules.framesUnchecked(container, MediaError(.tooSlow, "reading the text took longer than the time limit"))
                    break
                } catch {
                    let reason = (error as? MediaError)?.reason ?? "OCR failed"
                    failure = Finding(rule: FileRules.unreadable.id, severity: .error, message: Message("text.unavailable", [reason]))
                    break
                }
                for f in stamped(CheckRegistry.run(a, settings: options.rules, family: .text), frame.time) {
                    guard seen.insert(TextKey(rule: f.rule, severity: f.severity, message: f.message)).inserted else { continue }
                    textFindings.append(f)
                    frameFindings.append(f)
                }
            }
            if options.thumbnails, checked == 1 { outcome.poster = framedThumbnail(frame, a, []) }
            let quality = stamped(CheckRegistry.run(a, settings: options.rules, family: .quality), frame.time)
            if checked == 1 {
                firstFrameQuality = quality.filter { $0.rule != BlurQualityCheck.rule.id && $0.rule != ExposureQualityCheck.rule.id }
            }
            for f in quality where f.rule == BlurQualityCheck.rule.id || f.rule == ExposureQualityCheck.rule.id {
                framesFailing[f.rule, default: (0, f)].count += 1
            }
            let identifiable = a.faces?.identifiable.count ?? 0
            if identifiable > mostFaces, people != nil {
                mostFaces = identifiable
                peopleFindings = stamped(CheckRegistry.run(a, settings: options.rules, family: .people), frame.time)
                representative = a
                outcome.faces = a.faces
                if options.thumbnails, identifiable > 0 || !peopleFindings.isEmpty {
                    // The frame that was the people frame keeps its picture only for its text findings.
                    let textTimes = Set(textFindings.compactMap(\.time))
                    outcome.thumbnails.removeAll { $0.time.map { !textTimes.contains($0) } ?? true }
                    if let t = framedThumbnail(frame, a, peopleFindings + frameFindings) { outcome.thumbnails.append(t) }
                    frameFindings = []
                }
            }
            if options.thumbnails, !frameFindings.isEmpty, let t = framedThumbnail(frame, a, frameFindings) {
                outcome.thumbnails.removeAll { $0.time == frame.time }
                outcome.thumbnails.append(t)
            }
        }
        if failure == nil, checked == 0 {
            failure = FileRules.framesUnchecked(container, MediaError(.corrupt, "no frame decodes"))
        }
        outcome.findings += textFindings + peopleFindings + firstFrameQuality
        for (_, failing) in framesFailing.sorted(by: { $0.key < $1.key }) where failing.count * 2 > checked {
            outcome.findings.append(failing.first)
        }
        if let representative {
            var whole = representative
            if let caption = people?.description.caption, !caption.isEmpty {
                whole.captionUnknownWords = unknownWords(inCaption: caption, findings: &outcome.findings)
            }
            outcome.findings += CheckRegistry.run(whole, settings: options.rules, family: .tags)
            outcome.findings += CheckRegistry.run(whole, settings: options.rules, family: .caption)
        }
        if let failure { outcome.findings.append(failure) }
        outcome.thumbnails.sort { ($0.time ?? 0) < ($1.time ?? 0) }
        outcome.summary = VideoSummary(
            duration: reader.info.duration.map(Self.tenths), framesChecked: checked, soundtrack: reader.info.hasAudio)
        return outcome
    }

    /// The report's small picture of one frame, its findings' regions covered, its faces marked.
    func framedThumbnail(_ frame: MovieFrame, _ asset: Asset, _ findings: [Finding]) -> Thumbnail? {
        guard var t = Self.thumbnail(of: frame.image, asset: asset, findings: findings) else { return nil }
        t.time = Self.tenths(frame.time)
        return t
    }

    /// Seconds rounded to tenths, as reports give a video's times.
    static func tenths(_ seconds: Double) -> Double { (seconds * 10).rounded() / 10 }

    /// The frames finding for a failure of the frame reader (its errors are `MediaError`s).
    static func framesUnchecked(_ container: MediaContainer, _ error: any Error) -> Finding {
        FileRules.framesUnchecked(container, error as? MediaError ?? MediaError(.corrupt, "the video cannot be decoded"))
    }
}
