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
    /// Read the text in each picture (OCR) for the text rules.
    public var readText = true
    /// District student-number patterns, the roster, and whether messages show read text in full.
    public var text = TextCheckSettings()

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
            var asset = Asset(path: candidate.displayPath, format: loaded.format, metadata: metadata, image: loaded.image)
            asset.textSettings = options.text
            if options.readText, let image = loaded.image {
                do {
                    asset.text = try TextReader.read(path: candidate.path, image: image)
                } catch {
                    let reason = (error as? MediaError)?.reason ?? "OCR failed"
                    findings.append(Finding(rule: FileRules.unreadable.id, severity: .error, message: Message("text.unavailable", [reason])))
                }
            }
            findings += CheckRegistry.run(asset)
        }
        return Report.Entry(path: candidate.displayPath, format: loaded.error?.code == .unsupported ? nil : loaded.format.rawValue, findings: findings)
    }

    /// Checks every candidate with at most `jobs` files in flight; results come back in input order.
    public func run(_ candidates: [Candidate], progress: (@Sendable (Int, Int) -> Void)? = nil) async -> [Report.Entry] {
        var results = [Report.Entry?](repeating: nil, count: candidates.count)
        let jobs = Swift.max(1, options.jobs)
        await withTaskGroup(of: (Int, Report.Entry).self) { group in
            var next = 0
            var done = 0
            func submit() {
                guard next < candidates.count else { return }
                let index = next
                let candidate = candidates[index]
                next += 1
                group.addTask { (index, self.check(candidate)) }
            }
            for _ in 0..<jobs { submit() }
            for await (index, entry) in group {
                results[index] = entry
                done += 1
                progress?(done, candidates.count)
                submit()
            }
        }
        return results.compactMap { $0 }
    }
}
