import Foundation
import VigieChecks
import VigieMedia
import VigieReport

/// A file checked once and kept in memory with what the checks saw (the decode, the faces found,
/// the text read), so that a new description of it, a choice made in `vigie review`, is decided again
/// without decoding, detecting or reading again. It holds the working-size decode: about 12 MB for a
/// 2048 px photo.
public struct KeptCheck: Sendable {
    public let candidate: Candidate
    /// What the checks found, before the decision.
    public fileprivate(set) var entry: Report.Entry
    /// What the checks read; nil for a file that was not decoded (a video, an unreadable file).
    public fileprivate(set) var asset: Asset?
    /// The identifiable faces found, before the school's choices: `vigie review` numbers these.
    public let detectedFaces: FacesResult?
    /// Findings of the stages a description does not change (decoding, metadata, faces, text).
    let fixedFindings: [Finding]

    /// Messages of the file findings that come from the description, made again by each recheck.
    static let describedKeys: Set<String> = ["file.manifest-unreadable", "file.suppression-invalid", "caption.spelling-unavailable"]
}

extension Pipeline {
    /// Checks one candidate as `check(_:)` does and keeps what the checks saw.
    public func checkKeeping(_ candidate: Candidate) -> KeptCheck {
        guard case .image = candidate.kind else {
            let entry = check(candidate)
            return KeptCheck(candidate: candidate, entry: entry, asset: nil, detectedFaces: nil, fixedFindings: entry.findings)
        }
        // The review draws on the picture and re-checks it after each choice: it keeps the pixels.
        let a = assess(path: candidate.path, displayPath: candidate.displayPath, pixels: true)
        let fixed = a.findings.filter { FileRules.isFileRule($0.rule) && !KeptCheck.describedKeys.contains($0.message.key) }
        var entry = Report.Entry(path: candidate.displayPath, format: a.format, findings: a.findings, faces: a.asset?.faces)
        entry.suppressions = a.asset?.people?.description.suppressions ?? [:]
        return KeptCheck(candidate: candidate, entry: entry, asset: a.asset, detectedFaces: a.detectedFaces, fixedFindings: fixed)
    }

    /// `kept` decided again from its folder's manifest and its sidecar as they are on disk now (read
    /// afresh, not from this pipeline's cache): the same findings `vigie check` would report.
    public func recheck(_ kept: KeptCheck) -> KeptCheck {
        guard var asset = kept.asset else { return kept }
        var next = kept
        let findings = describeAndCheck(
            &asset, path: kept.candidate.path, detected: kept.detectedFaces, people: nil, descriptions: DescriptionReader())
        next.entry = Report.Entry(
            path: kept.entry.path, format: kept.entry.format, findings: kept.fixedFindings + findings, faces: asset.faces)
        next.entry.suppressions = asset.people?.description.suppressions ?? [:]
        next.asset = asset
        return next
    }
}
