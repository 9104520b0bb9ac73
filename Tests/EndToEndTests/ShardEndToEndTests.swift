import Foundation
import Testing

@Suite("Shards and merge, end to end")
struct ShardEndToEndTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Three processes, one per shard, then the merge: the same files, statuses, findings, skipped
    /// files, counts and exit code as one run over the whole folder.
    @Test func threeShardsMergeIntoTheWholeRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["check", "Fixtures/sample", "--no-progress", "--no-ocr", "--format", "json"]
        let whole = try run(common)
        #expect(whole.status == 1)
        var paths: [String] = []
        var counts: [Int] = []
        for k in 1...3 {
            let part = try run(common + ["--shard", "\(k)/3"])
            #expect(part.status == 0 || part.status == 1, "\(part.stderr)")
            let doc = try json(part.stdout)
            let runInfo = doc["run"] as? [String: Any]
            #expect((runInfo?["shard"] as? [String: Any])?["index"] as? Int == k)
            counts.append((doc["files"] as? [Any])?.count ?? -1)
            let path = dir.appendingPathComponent("shard-\(k).json").path
            try part.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let wholeDoc = try json(whole.stdout)
        #expect(counts.reduce(0, +) == (wholeDoc["files"] as? [Any])?.count)

        let merged = try run(["merge"] + paths.reversed() + ["--format", "json"])
        #expect(merged.status == whole.status, "\(merged.stderr)")
        var mergedDoc = try json(merged.stdout)
        #expect(mergedDoc["run"] == nil)
        mergedDoc["run"] = nil
        let a = try JSONSerialization.data(withJSONObject: mergedDoc, options: [.sortedKeys])
        let b = try JSONSerialization.data(withJSONObject: wholeDoc, options: [.sortedKeys])
        #expect(a == b, "\(merged.stdout)")

        let terminal = try run(["merge"] + paths + ["--format", "terminal"], env: ["NO_COLOR": "1"])
        #expect(terminal.status == 1 && terminal.stdout.contains("files checked"))
    }

    @Test func mergeRefusesIncompleteOrMismatchedShards() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func shard(_ k: Int, _ n: Int, _ extra: [String] = []) throws -> String {
            let r = try run(["check", "Fixtures/sample", "--no-progress", "--no-ocr", "--format", "json", "--shard", "\(k)/\(n)"] + extra)
            let path = dir.appendingPathComponent("s-\(k)-\(n)-\(extra.count).json").path
            try r.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let one = try shard(1, 2), two = try shard(2, 2)
        var r = try run(["merge", one])
        #expect(r.status == 2 && r.stderr.contains("shard(s) 2 of 2 missing"), "\(r.stderr)")
        r = try run(["merge", one, one])
        #expect(r.status == 2 && r.stderr.contains("given twice"))
        r = try run(["merge", one, try shard(2, 2, ["--channel", "yearbook"])])
        #expect(r.status == 2 && r.stderr.contains("other settings"))
        let whole = dir.appendingPathComponent("whole.json").path
        try run(["check", "Fixtures/sample", "--no-progress", "--no-ocr", "--format", "json"]).stdout.write(
            toFile: whole, atomically: true, encoding: .utf8)
        r = try run(["merge", whole, two])
        #expect(r.status == 2 && r.stderr.contains("not a shard"))
        r = try run(["check", "Fixtures/sample", "--shard", "3/2"])
        #expect(r.status == 2)
    }
}
