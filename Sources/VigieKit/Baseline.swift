import Crypto
import Foundation
import VigieChecks
import VigieReport

/// Findings accepted once so that only new ones block: each entry is the SHA-256 of a file's content
/// and a rule id. A renamed file stays accepted; an edited one does not. Holds no path and no message,
/// so it carries no personal data. Findings of the file rules are never recorded nor accepted.
public struct Baseline: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable, Hashable, Comparable {
        /// Lower-case hex SHA-256 of the file's bytes.
        public let sha256: String
        public let rule: String

        public init(sha256: String, rule: String) {
            self.sha256 = sha256
            self.rule = rule
        }

        public static func < (a: Entry, b: Entry) -> Bool { (a.sha256, a.rule) < (b.sha256, b.rule) }
    }

    public static let version = 1
    public var version: Int
    /// Sorted, without duplicates: a stable file to commit.
    public var entries: [Entry]

    public init(entries: some Sequence<Entry>) {
        self.version = Self.version
        self.entries = Array(Set(entries)).sorted()
    }

    /// A baseline that cannot be used: the message names no path and no content.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads a baseline written by `--write-baseline`.
    public static func load(_ path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "the baseline file cannot be read") }
        let baseline: Baseline
        do {
            baseline = try JSONDecoder().decode(Baseline.self, from: data)
        } catch {
            throw Failure(description: "the baseline file is not a vigie baseline")
        }
        guard baseline.version == version else { throw Failure(description: "unsupported baseline version (this vigie reads version 1)") }
        return baseline
    }

    /// The JSON text to write: sorted keys, one entry per line.
    public func rendered() throws -> String { try JSONRenderer.render(self) }

    /// SHA-256 of the file at `path`, lower-case hex; nil when it cannot be read.
    public static func digest(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        } catch {
            return nil
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The entries for the findings of `entries` (checked from `candidates`, in the same order) that
    /// are not already suppressed, file rules excepted.
    public static func recording(_ entries: [Report.Entry], from candidates: [Candidate]) -> Baseline {
        var recorded: [Entry] = []
        for (entry, candidate) in zip(entries, candidates) {
            let rules = Set(entry.findings.filter { $0.suppression == nil && !FileRules.isFileRule($0.rule) }.map(\.rule))
            guard !rules.isEmpty, let digest = digest(of: candidate.path) else { continue }
            recorded += rules.map { Entry(sha256: digest, rule: $0) }
        }
        return Baseline(entries: recorded)
    }

    /// `entries` with the findings this baseline records marked as accepted. A file whose content
    /// cannot be hashed keeps its findings (fail closed).
    public func applied(to entries: [Report.Entry], from candidates: [Candidate]) -> [Report.Entry] {
        let accepted = Set(self.entries)
        let known = Set(self.entries.map(\.sha256))
        return zip(entries, candidates).map { entry, candidate in
            guard entry.findings.contains(where: { $0.suppression == nil && !FileRules.isFileRule($0.rule) }),
                let digest = Self.digest(of: candidate.path), known.contains(digest)
            else { return entry }
            var marked = entry
            marked.findings = entry.findings.map { f in
                guard f.suppression == nil, !FileRules.isFileRule(f.rule), accepted.contains(Entry(sha256: digest, rule: f.rule)) else {
                    return f
                }
                var a = f
                a.suppression = Suppression(kind: .baseline, reason: "recorded in the baseline")
                return a
            }
            return marked
        }
    }
}
