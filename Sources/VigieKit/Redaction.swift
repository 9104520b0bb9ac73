import Foundation
import VigieChecks
import VigieMedia
import VigieReport

/// Settings of `vigie clean --redact`.
public struct RedactionOptions: Sendable {
    public var style: RedactionStyle = .blur
    /// Each redacted region grows by this fraction of its width (left and right) and height (above
    /// and below): hair, ears and chin belong to a face too.
    public var margin = 0.25
    /// What the photos are checked with (channel, context, day, policy, ledger, face thresholds).
    public var checks = CheckOptions()
    /// Scales blur and mosaic (1: `ImageRedactor`'s sizes). Not an option of the command line: only
    /// tests weaken it, to prove that a copy whose faces stay recognisable is caught and not written.
    var strength = 1.0
    /// Make the HTML report's before and after thumbnails (`--format html`); off, nothing is spent on them.
    public var thumbnails = false

    public init() {}
}

/// Why a redacted copy was not written, as a message in the reader's language.
struct RedactionFailure: Error {
    let message: Message
    /// Identifiable faces the copy still shows that were not kept, in the copy's pixels.
    var facesLeft: [Region] = []
}

extension Cleaner {
    /// check the original → plan (faces without consent, text findings) → redact and re-encode in
    /// memory → prove it has no metadata → write under a temporary name → check that file again
    /// with the same checks → rename. Any failure leaves nothing behind; the original is only read.
    func redactImage(_ candidate: Candidate, names: ClaimedNames, checks: Pipeline, redaction: RedactionOptions) throws -> CleanOutcome {
        // Redacting needs the pixels; the detectors' findings may come from the cache.
        let before = checks.assess(path: candidate.path, displayPath: candidate.displayPath, pixels: true)
        let unchecked = before.findings.filter { $0.family == .file }
        guard unchecked.isEmpty, let asset = before.asset, let image = asset.image, let people = asset.people, asset.faces != nil else {
            throw RedactionFailure(
                message: Message("clean.redact.unchecked", [Set(unchecked.map(\.rule)).sorted().joined(separator: ", ")]))
        }
        guard let format = ImageFormat(rawValue: before.format ?? "") else { throw MediaError(.unsupported, "unsupported") }

        // What must go: faces the people rules do not let appear, and every text finding's region.
        let plan = FaceRedactionPlan.plan(asset)
        let text = before.findings.filter { $0.family == .text }
        guard text.allSatisfy({ $0.region != nil }) else { throw RedactionFailure(message: Message("clean.redact.text-unplaced")) }
        let (w, h) = (image.displayWidth, image.displayHeight)
        var areas = plan.redact.map {
            CleanOutcome.Redaction.Area(
                kind: CleanOutcome.Redaction.Area.face, region: ImageRedactor.grow($0, margin: redaction.margin, width: w, height: h))
        }
        areas += text.compactMap { f in
            f.region.map {
                CleanOutcome.Redaction.Area(kind: f.rule, region: ImageRedactor.grow($0, margin: redaction.margin, width: w, height: h))
            }
        }

        let source = destination(of: candidate)
        var target: String?
        var copy: RedactedImage
        var extraFaces = 0
        var round = 0
        while true {
            do {
                copy = try ImageRedactor.render(
                    path: candidate.path, regions: areas.map(\.region), style: redaction.style, longSide: people.channel.publishedLongSide,
                    maxPixels: options.limits.maxPixels, strength: redaction.strength,
                    thumbnailLongSide: redaction.thumbnails ? Self.thumbnailLongSide : nil)
            } catch let error as MediaError where error.code == .unsupported {
                // Only the first frame was checked: the others could show anyone.
                throw RedactionFailure(message: Message("clean.redact.frames"))
            }
            try CleanVerifier.verifyNoMetadata(copy.bytes, format: copy.format, limits: options.limits)
            let name = try target ?? (copy.format == format ? source : convertedName(source, copy.format, names))
            target = name
            let copyPeople = PeopleContext(
                description: plan.copyDescription(of: people, scale: copy.scale, copyWidth: copy.width, copyHeight: copy.height),
                ledger: people.ledger,
                day: people.day, policy: people.policy, context: people.context, channel: people.channel,
                channelWasGiven: people.channelWasGiven)
            try FileManager.default.createDirectory(atPath: (name as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let scale = copy.scale
            do {
                try write(copy.bytes, to: name, mode: 0o644, durable: false) { temporary in
                    let after = checks.assess(path: temporary, displayPath: candidate.displayPath, people: copyPeople)
                    try Self.prove(after, keeping: plan.keep.map(\.region), scale: scale)
                }
                break
            } catch let failure as RedactionFailure where !failure.facesLeft.isEmpty && round < Self.extraRounds {
                // Redacting a crowd changes what the detector sees: a face that was too uncertain to
                // count, or the blob a small face became, may now score as identifiable. It is nobody's
                // kept face, so it is redacted too and the copy checked again, at most twice more.
                round += 1
                extraFaces += failure.facesLeft.count
                areas += failure.facesLeft.map { r in
                    let inOriginal = Region(
                        x: Int(Double(r.x) / scale), y: Int(Double(r.y) / scale), width: Int((Double(r.width) / scale).rounded(.up)),
                        height: Int((Double(r.height) / scale).rounded(.up)))
                    return CleanOutcome.Redaction.Area(
                        kind: CleanOutcome.Redaction.Area.face,
                        region: ImageRedactor.grow(inOriginal, margin: redaction.margin, width: w, height: h))
                }
            }
        }

        var entry = CleanOutcome(
            path: candidate.displayPath, status: .cleaned, format: format.rawValue, outputFormat: copy.format.rawValue, method: "redacted",
            removed: [RemovedPart(kind: "all metadata", bytes: nil)], kept: copy.keptColourProfile ? ["ICC profile"] : [],
            bytesBefore: (try? FileManager.default.attributesOfItem(atPath: candidate.path)[.size] as? Int) ?? nil,
            bytesAfter: copy.bytes.count,
            output: target.map(display))
        entry.redaction = CleanOutcome.Redaction(
            style: redaction.style.rawValue, facesRedacted: plan.redact.count + extraFaces, textRegionsCovered: text.count,
            consentedFacesKept: plan.keep.count,
            width: copy.width, height: copy.height,
            areas: areas + plan.keep.map { CleanOutcome.Redaction.Area(kind: CleanOutcome.Redaction.Area.keptFace, region: $0.region) })
        if redaction.thumbnails {
            entry.before = Self.before(image, areas: areas)
            entry.after = copy.thumbnail.map {
                Thumbnail(
                    jpeg: Data($0.bytes), width: $0.width, height: $0.height, displayWidth: copy.width, displayHeight: copy.height,
                    faces: [])
            }
        }
        return entry
    }

    /// Long side of the report's thumbnails, as on the check page.
    static let thumbnailLongSide = 320

    /// The report's "before", from the decode the checks already made (the file is not read again).
    /// It must not republish what the copy hides: redacted faces are blurred and text regions covered
    /// in its pixels; the page draws where they were over it. Nil when libvips cannot make it.
    static func before(_ image: DecodedImage, areas: [CleanOutcome.Redaction.Area]) -> Thumbnail? {
        let faces = areas.filter { $0.kind == CleanOutcome.Redaction.Area.face }.map(\.region)
        let text = areas.filter { $0.kind != CleanOutcome.Redaction.Area.face }.map(\.region)
        guard let small = try? image.thumbnail(longSide: thumbnailLongSide, covering: text, blurring: faces) else { return nil }
        return Thumbnail(
            jpeg: Data(small.bytes), width: small.width, height: small.height, displayWidth: image.displayWidth,
            displayHeight: image.displayHeight, faces: [])
    }

    /// The copy, checked again, must carry no finding of the rules it is made for, and every
    /// identifiable face in it must be one that was kept (matched by overlap, intersection over union
    /// at least 0.3): a redacted face that is still found identifiable fails the copy, whatever the
    /// reading of the policies.
    /// How many times a copy is redacted again for faces that became identifiable in it.
    static let extraRounds = 2

    static func prove(_ after: Pipeline.Assessment, keeping kept: [Region], scale: Double) throws {
        let left = after.findings.filter { Decision.redactedCopyMustClear($0) }
        func rules(_ family: RuleFamily) -> [String] { Set(left.filter { $0.family == family }.map(\.rule)).sorted() }
        if !rules(.file).isEmpty || after.asset?.faces == nil {
            throw RedactionFailure(message: Message("clean.redact.unchecked", [rules(.file).joined(separator: ", ")]))
        }
        if !rules(.metadata).isEmpty {
            throw RedactionFailure(message: Message("clean.redact.metadata-remains", [rules(.metadata).joined(separator: ", ")]))
        }
        let keptInCopy = kept.map { r in
            UnitRect(x: Double(r.x) * scale, y: Double(r.y) * scale, width: Double(r.width) * scale, height: Double(r.height) * scale)
        }
        // (UnitRect's intersection over union does not depend on the unit: pixels serve as well.)
        let facesLeft = (after.asset?.faces?.identifiable ?? []).map(\.region).filter { r in
            let box = UnitRect(x: Double(r.x), y: Double(r.y), width: Double(r.width), height: Double(r.height))
            return !keptInCopy.contains(where: { $0.overlap(box) >= 0.3 })
        }
        if !facesLeft.isEmpty { throw RedactionFailure(message: Message("clean.redact.face-remains"), facesLeft: facesLeft) }
        if !rules(.people).isEmpty {
            throw RedactionFailure(message: Message("clean.redact.people-remain", [rules(.people).joined(separator: ", ")]))
        }
        if !rules(.text).isEmpty {
            throw RedactionFailure(message: Message("clean.redact.text-remains", [rules(.text).joined(separator: ", ")]))
        }
    }
}
