import Foundation

/// A golden file: an output compared line by line with the copy committed beside the tests.
public enum GoldenFile {
    /// Compares `actual` with the file at `url` and returns what a test should record: nil when they
    /// are the same, else where they first differ. With `VIGIE_RECORD_GOLDENS=1` it writes `actual`
    /// there instead and still returns a message, so that a recording run is never mistaken for a
    /// passing one.
    public static func mismatch(_ actual: String, _ url: URL) throws -> String? {
        let name = url.lastPathComponent
        if ProcessInfo.processInfo.environment["VIGIE_RECORD_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return "recorded \(name); run again without VIGIE_RECORD_GOLDENS"
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        guard actual != expected else { return nil }
        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
        let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        let got = line < a.count ? a[line] : "<end>", want = line < e.count ? e[line] : "<end>"
        return
            "\(name) differs from its golden at line \(line + 1):\n  got:  \(got.prefix(300))\n  want: \(want.prefix(300))\n(VIGIE_RECORD_GOLDENS=1 re-records)"
    }
}
