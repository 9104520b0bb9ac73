import Crypto
import Foundation
import VigieChecks
import VigieReport

extension Shard {
    /// Parses `K/N` (1 ≤ K ≤ N ≤ 10,000).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 10_000, (1...n).contains(k) else { return nil }
        self.init(index: k, count: n)
    }

    /// True when the file shown as `displayPath` belongs to this shard: the first 8 bytes of the
    /// SHA-256 of its path as shown (relative to where the run starts, as every shard of one job sees
    /// it), modulo the count. Stable across runs and machines; adding a file moves no other.
    public func contains(_ displayPath: String) -> Bool {
        Self.part(of: displayPath, count: count) == index
    }

    /// The shard (1-based) of `displayPath` among `count`.
    public static func part(of displayPath: String, count: Int) -> Int {
        let digest = SHA256.hash(data: Data(displayPath.utf8))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(value % UInt64(count)) + 1
    }

    /// This shard's part of a discovery: its candidates and its skipped files.
    public func filter(_ found: DiscoveryResult) -> DiscoveryResult {
        var part = found
        part.candidates = found.candidates.filter { contains($0.displayPath) }
        part.skippedFiles = found.skippedFiles.filter { contains($0) }
        return part
    }
}

extension CheckOptions {
    /// A digest of every setting the findings and decisions depend on besides the files and the
    /// ledger's content: the shards of one job must agree on it for `vigie merge` to combine them.
    public func fingerprint(failOn: Severity, scope: String) -> String {
        let rules = CheckRegistry.rules.map { "\($0.id)=\(self.rules.settings[$0.id].map { String(describing: $0) } ?? "default")" }
        let parts: [String] =
            [
                "scope=\(scope)", "failOn=\(failOn.rawValue)", "language=\(language.rawValue)", "channel=\(channel?.rawValue ?? "-")",
                "context=\(context?.rawValue ?? "-")", "day=\(publicationDay)", "policy=\(policy)", "readText=\(readText)",
                "faces=\(faces)", "faceModel=\(faceModelPath ?? "default")", "ledger=\(ledger != nil)",
                "studentIDs=\(text.studentIDPatterns)", "revealText=\(text.revealText)", "frameInterval=\(frameInterval)",
                "limits=\(limits)",
            ] + rules
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\n").utf8))
        return digest.map { String(format: "%02x", $0) }.joined().prefix(16).description
    }
}
