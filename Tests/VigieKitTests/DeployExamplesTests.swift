import Foundation
import Testing
import Yams

/// The engine examples of docs/SCALE.md (`deploy/`) cannot run here (no cluster, no runner): what
/// can be checked is that they parse and that every shard index they hand out is one of `1...N`,
/// each once, with N the number of jobs they start.
@Suite("Engine examples in deploy/")
struct DeployExamplesTests {
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: deploy.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func theKubernetesIndexedJobRunsOneShardPerCompletion() throws {
        let documents = try Yams.load_all(yaml: Self.text("k8s-indexed-job.yaml")).compactMap { $0 as? [String: Any] }
        let job = try #require(documents.first)
        #expect(job["kind"] as? String == "Job")
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let completions = try #require(spec["completions"] as? Int)
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let env = (container["env"] as? [[String: Any]]) ?? []
        let shards = try #require(env.first { $0["name"] as? String == "SHARDS" }?["value"] as? String)
        #expect(Int(shards) == completions)
        let script = ((container["args"] as? [String]) ?? []).joined(separator: " ")
        // JOB_COMPLETION_INDEX runs 0..<completions: the shard is 1...N.
        #expect(script.contains("--shard $((JOB_COMPLETION_INDEX + 1))/$SHARDS"))
        #expect(script.contains("--cache /cache") && script.contains("--format json"))
        let mounts = ((container["volumeMounts"] as? [[String: Any]]) ?? []).compactMap { $0["mountPath"] as? String }
        #expect(Set(mounts).isSuperset(of: ["/archive", "/reports", "/cache"]))
    }

    @Test func theGitHubMatrixCoversEveryShardOnceThenMerges() throws {
        let workflow = try #require(try Yams.load(yaml: Self.text("github-actions-shards.yml")) as? [String: Any])
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        let shard = try #require(jobs["shard"] as? [String: Any])
        let matrix = try #require((shard["strategy"] as? [String: Any])?["matrix"] as? [String: Any])
        let indices = try #require(matrix["shard"] as? [Int])
        #expect(indices == Array(1...indices.count))
        let steps = try #require(shard["steps"] as? [[String: Any]])
        let runs = steps.compactMap { $0["run"] as? String }.joined(separator: "\n")
        #expect(runs.contains("--shard ${{ matrix.shard }}/\(indices.count)"))
        #expect(runs.contains("apt-get install") && runs.contains("--cache vigie-cache"))
        let merge = try #require(jobs["merge"] as? [String: Any])
        #expect(merge["needs"] as? String == "shard")
        let mergeRuns = ((merge["steps"] as? [[String: Any]]) ?? []).compactMap { $0["run"] as? String }.joined()
        #expect(mergeRuns.contains("vigie merge shards/shard-*.json"))
        #expect(shard["needs"] as? String == "package")
    }

    @Test func theImageInstallsThePackage() throws {
        let file = try Self.text("Containerfile")
        #expect(file.contains("./scripts/deb.sh"))
        #expect(file.contains("apt-get install") && file.contains("vigie_*_amd64.deb"))
        #expect(file.contains("USER 10001"))
    }
}
