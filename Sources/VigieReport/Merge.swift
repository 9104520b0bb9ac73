import Foundation
import VigieChecks

/// One part of a job split with `--shard K/N`: files whose path hashes to `index` among `count`.
public struct Shard: Sendable, Codable, Equatable, Hashable {
    /// 1-based.
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }
}

/// How a shard's report was made, for `vigie merge`: the Vigie version, a digest of the settings the
/// findings depend on, and the shard. Present only in reports of runs given `--shard`.
public struct RunInfo: Sendable, Codable, Equatable {
    public let vigie: String
    public let settings: String
    public let shard: Shard

    public init(vigie: String, settings: String, shard: Shard) {
        self.vigie = vigie
        self.settings = settings
        self.shard = shard
    }
}

/// Why shard reports cannot be merged. The description names reports by their position, never by
/// the files they hold.
public struct MergeRefusal: Error, CustomStringConvertible, Equatable {
    public let description: String
}

extension Report {
    /// One report from the JSON reports of every shard of one job: files and skipped files joined
    /// and sorted, counts recomputed, statuses as each shard decided them. Refuses reports that are
    /// not shards (no `run`), come from another Vigie version or other settings, miss a shard,
    /// repeat one, or list a file twice.
    public static func merged(_ reports: [Report]) throws(MergeRefusal) -> Report {
        guard let first = reports.first else { throw MergeRefusal(description: "no report to merge") }
        var runs: [RunInfo] = []
        for (i, r) in reports.enumerated() {
            guard let run = r.run else {
                throw MergeRefusal(
                    description: "report \(i + 1) is not a shard's report (made without --shard, or not by vigie check/audit)")
            }
            runs.append(run)
        }
        for (i, run) in runs.enumerated() {
            if run.vigie != runs[0].vigie {
                throw MergeRefusal(description: "report \(i + 1) was made by Vigie \(run.vigie), report 1 by Vigie \(runs[0].vigie)")
            }
            if run.settings != runs[0].settings || reports[i].failOn != first.failOn || reports[i].language != first.language
                || reports[i].disabledRules != first.disabledRules
            {
                throw MergeRefusal(description: "report \(i + 1) was made with other settings than report 1")
            }
            if run.shard.count != runs[0].shard.count {
                throw MergeRefusal(
                    description: "report \(i + 1) is one of \(run.shard.count) shards, report 1 one of \(runs[0].shard.count)")
            }
        }
        let count = runs[0].shard.count
        let indexes = runs.map(\.shard.index)
        if Set(indexes).count != indexes.count { throw MergeRefusal(description: "a shard is given twice") }
        let missing = (1...count).filter { !indexes.contains($0) }
        if !missing.isEmpty {
            throw MergeRefusal(description: "shard(s) \(missing.map(String.init).joined(separator: ", ")) of \(count) missing")
        }
        let files = reports.flatMap(\.files).sorted { $0.path < $1.path }
        if Set(files.map(\.path)).count != files.count { throw MergeRefusal(description: "a file is listed by two shards") }
        let skipped = reports.flatMap { $0.skippedFiles ?? [] }.sorted()
        var merged = Report(files: files, language: first.language, failOn: first.failOn, skippedFiles: skipped)
        merged.disabledRules = first.disabledRules
        return merged
    }

    /// A report of already-rendered files (a merge).
    init(files: [FileReport], language: Language, failOn: Severity, skippedFiles: [String]) {
        self.version = 1
        self.language = language
        self.failOn = failOn
        self.files = files
        self.summary = ReportSummary(counting: files, skipped: skippedFiles.count)
        self.skippedFiles = skippedFiles.isEmpty ? nil : skippedFiles
    }
}
