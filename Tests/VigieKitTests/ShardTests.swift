import Foundation
import Testing
import VigieReport

@testable import VigieKit

@Suite("Shards")
struct ShardTests {
    @Test func shardsAreDisjointCompleteAndEven() {
        let paths = (0..<3000).map { "media/2024/event-\($0 / 100)/IMG_\($0).JPG" }
        let n = 7
        var sizes = [Int](repeating: 0, count: n + 1)
        for p in paths {
            let owners = (1...n).filter { Shard(index: $0, count: n).contains(p) }
            #expect(owners.count == 1)
            sizes[owners[0]] += 1
        }
        // 3000 / 7 = 429 a shard; a hash spreads them within a few percent.
        #expect(sizes.dropFirst().allSatisfy { abs($0 - 429) < 70 }, "\(sizes)")
        // Stable: the part of a path depends on that path alone.
        #expect(Shard.part(of: "media/a.jpg", count: 5) == Shard.part(of: "media/a.jpg", count: 5))
    }

    @Test func parsing() {
        #expect(Shard(parsing: "2/8") == Shard(index: 2, count: 8))
        for bad in ["0/3", "4/3", "1/0", "a/b", "1/", "/2", "1/2/3", "1/20000"] { #expect(Shard(parsing: bad) == nil, "\(bad)") }
    }

    @Test func theFingerprintFollowsTheSettings() {
        let a = CheckOptions()
        var b = CheckOptions()
        b.channel = .yearbook
        #expect(a.fingerprint(failOn: .error, scope: "check") == CheckOptions().fingerprint(failOn: .error, scope: "check"))
        #expect(a.fingerprint(failOn: .error, scope: "check") != b.fingerprint(failOn: .error, scope: "check"))
        #expect(a.fingerprint(failOn: .error, scope: "check") != a.fingerprint(failOn: .warning, scope: "check"))
    }
}
