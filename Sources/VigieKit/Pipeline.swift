import Foundation
import VigieChecks
import VigieMedia
import VigieReport

/// Settings of one `vigie check` run.
public struct CheckOptions: Sendable {
    public var limits = DecodeLimits()
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    public var failOn: Severity = .error
    public var language: Language = .en

    public init() {}
}

/// discover → decode once → independent checks → decision → report.
public struct Pipeline: Sendable {
    public let options: CheckOptions

    public init(options: CheckOptions) { self.options = options }

    /// Checks one candidate. Everything a check needs is loaded here, once; the pixels are dropped
    /// when this returns.
    public func check(_ candidate: Candidate) -> Report.Entry {
        switch candidate.kind {
        case .unsupported:
            return Report.Entry(path: candidate.displayPath, format: nil, findings: [FileRules.finding(for: MediaError(.unsupported, "unsupported"))])
        case .unreadable(let reason):
            return Report.Entry(path: candidate.displayPath, format: nil, findings: [FileRules.finding(for: MediaError(.unreadable, reason))])
        case .image:
            break
        }
        let loaded = MediaLoader.load(path: candidate.path, limits: options.limits)
        var findings: [Finding] = []
        if let error = loaded.error { findings.append(FileRules.finding(for: error)) }
        if let metadata = loaded.metadata {
            if !metadata.unreadableParts.isEmpty {
                findings.append(Finding(rule: FileRules.unreadable.id, severity: .error, message: Message("file.metadata-unreadable", [metadata.unreadableParts.joined(separator: ", ")])))
            }
            let asset = Asset(path: candidate.displayPath, format: loaded.format, metadata: metadata, image: loaded.image)
            findings += CheckRegistry.run(asset)
        }
        return Report.Entry(path: candidate.displayPath, format: loaded.error?.code == .unsupported ? nil : loaded.format.rawValue, findings: findings)
    }

    /// Checks every candidate with at most `jobs` files in flight; results come back in input order.
    public func run(_ candidates: [Candidate], progress: (@Sendable (Int, Int) -> Void)? = nil) async -> [Report.Entry] {
        await boundedMap(candidates, jobs: options.jobs, progress: progress) { _, candidate in self.check(candidate) }
    }

}
