import Foundation
import VigieChecks
import VigieReport

/// The one decision stage: what the checks found in each file, the suppressions its folder's
/// manifest gives and the baseline become whether the file may be published. `vigie check`,
/// `vigie clean --redact` and `vigie audit` all call it; nothing else marks a suppression or sets a
/// status.
public struct Decision: Sendable {
    /// What a run decides.
    public enum Scope: Sendable, Equatable {
        /// Media about to be published: every rule counts; the manifest's suppressions and the
        /// baseline apply.
        case publication
        /// Media already published (`vigie audit`): only the consent rules and the file rules count,
        /// and no suppression outweighs a consent withdrawn or missing today.
        case audit
    }

    public var scope: Scope
    /// The lowest severity that blocks a file.
    public var failOn: Severity
    /// Findings accepted once (`--baseline`): they block nothing.
    public var baseline: Baseline?

    public init(scope: Scope = .publication, failOn: Severity = .error, baseline: Baseline? = nil) {
        self.scope = scope
        self.failOn = failOn
        self.baseline = baseline
    }

    /// The rules an audit decides on: a consent withdrawn, or an identifiable face no consent covers.
    public static let auditRules: Set<String> = [RevokedConsentCheck.rule.id, NoConsentCheck.rule.id]

    /// The rules a redacted copy must come out clear of: what could not be checked, metadata, text,
    /// and the people rules redaction answers. Anything else in the copy (quality, captions) is the
    /// reviewer's business, as for the original.
    public static func redactedCopyMustClear(_ finding: Finding) -> Bool {
        switch finding.family {
        case .file, .metadata, .text: return true
        case .people: return [NoConsentCheck.rule.id, RevokedConsentCheck.rule.id, PersonalChannelCheck.rule.id].contains(finding.rule)
        case .tags, .quality, .caption, nil: return false
        }
    }

    /// `entries`, checked from `candidates` in the same order (needed only with a baseline), with
    /// their suppressions marked and each file's status set.
    public func decide(_ entries: [Report.Entry], from candidates: [Candidate] = []) -> [Report.Entry] {
        var decided = entries.map(scoped)
        if let baseline {
            precondition(candidates.count == entries.count, "a baseline is applied by file content: give the candidates")
            decided = baseline.applied(to: decided, from: candidates)
        }
        for i in decided.indices { decided[i].status = Self.status(of: decided[i].findings, failOn: failOn) }
        return decided
    }

    /// A baseline that accepts every finding of `entries` (checked from `candidates`) that the
    /// manifest does not already suppress (`--write-baseline`).
    public func recordingBaseline(_ entries: [Report.Entry], from candidates: [Candidate]) -> Baseline {
        Baseline.recording(entries.map(scoped), from: candidates)
    }

    /// A file's findings as its scope sees them: the manifest's suppressions marked for a
    /// publication; for an audit, only the rules it decides on, none suppressed.
    func scoped(_ entry: Report.Entry) -> Report.Entry {
        switch scope {
        case .publication:
            guard !entry.suppressions.isEmpty else { return entry }
            var marked = entry
            marked.findings = entry.findings.map { f in
                guard let reason = entry.suppressions[f.rule], !FileRules.isFileRule(f.rule) else { return f }
                var s = f
                s.suppression = Suppression(kind: .manifest, reason: reason)
                return s
            }
            return marked
        case .audit:
            var findings = entry.findings.filter { Self.auditRules.contains($0.rule) || FileRules.isFileRule($0.rule) }
            for i in findings.indices { findings[i].suppression = nil }
            return Report.Entry(path: entry.path, format: entry.format, findings: findings)
        }
    }

    /// A file's status from its findings: `error` when a file rule fired (it could not be checked),
    /// `blocked` when a finding at or above `failOn` is neither accepted nor suppressed, else `clear`.
    public static func status(of findings: [Finding], failOn: Severity) -> FileStatus {
        if findings.contains(where: { FileRules.isFileRule($0.rule) && $0.severity == .error }) { return .error }
        let blocking = findings.filter { $0.suppression == nil || FileRules.isFileRule($0.rule) }
        if blocking.contains(where: { $0.severity >= failOn }) { return .blocked }
        return .clear
    }
}
