import Foundation
import Testing

@testable import VigieMedia

@Suite("Movie box surgery")
struct MovieStripperTests {
    @Test(arguments: ["video/gps-artist.mov", "video/iphone-keys-gps.mov", "video/xmp-history.mov", "video/no-gps.mp4"])
    func copiesKeepEverySampleAndLoseTheMetadata(name: String) throws {
        let original = try movieBytes(name)
        let stripped = try MovieStripper.strip(original)
        let m = try MovieReader.read(MovieSource(bytes: stripped.bytes), container: .quicktime)
        #expect(m.movie?.entries.isEmpty == true, "\(m.movie?.entries ?? [])")
        #expect(m.xmp.isEmpty && m.previews.isEmpty)
        let before = try MovieStructure(MovieSource(bytes: original))
        let after = try MovieStructure(MovieSource(bytes: stripped.bytes))
        let kept = before.tracks.filter { !MovieStripper.isDropped($0) }
        #expect(kept.map(\.format) == after.tracks.map(\.format))
        #expect(!after.tracks.contains { $0.handler == "meta" })
        for (x, y) in zip(kept, after.tracks) {
            let a = try x.sampleRanges(merge: false)
            let b = try y.sampleRanges(merge: false)
            #expect(a.count == b.count)
            for (p, q) in zip(a, b) {
                #expect(original[p.offset..<(p.offset + p.length)] == stripped.bytes[q.offset..<(q.offset + q.length)])
            }
        }
    }

    @Test func droppedTimedMetadataSamplesAreZeroed() throws {
        let original = try movieBytes("video/iphone-keys-gps.mov")
        let before = try MovieStructure(MovieSource(bytes: original))
        let stripped = try MovieStripper.strip(original)
        #expect(stripped.droppedTracks.count == 2)
        // The `wide` box before mdat is left out: the media data moves up by its size.
        let after = try MovieStructure(MovieSource(bytes: stripped.bytes))
        let shift =
            try #require(after.topLevel.first { $0.type == "mdat" }).offset - (before.topLevel.first { $0.type == "mdat" }?.offset ?? 0)
        #expect(shift == -8)
        var zeroed = 0
        for track in before.tracks where MovieStripper.isDropped(track) {
            for range in try track.sampleRanges(merge: true) {
                #expect(stripped.bytes[(range.offset + shift)..<(range.offset + shift + range.length)].allSatisfy { $0 == 0 })
                #expect(original[range.offset..<(range.offset + range.length)].contains { $0 != 0 })
                zeroed += range.length
            }
        }
        #expect(zeroed > 0)
    }

    @Test func fragmentedMoviesAreRefused() throws {
        func box(_ type: String, _ body: [UInt8] = []) -> [UInt8] {
            let n = body.count + 8
            return [0, 0, UInt8(n >> 8), UInt8(n & 0xFF)] + Array(type.utf8) + body
        }
        let file = box("ftyp", Array("isom".utf8) + [0, 0, 0, 0]) + box("moov", box("mvex")) + box("moof") + box("mdat")
        #expect(throws: MediaError.self) { try MovieStripper.strip(file) }
        #expect(try MovieStructure(MovieSource(bytes: file)).fragmented)
    }

    /// Every cut and every flipped byte of a real file, and the malformed reproducers: refused, or a
    /// copy the reader finds clean.
    @Test func hostileInputIsRefusedOrCleaned() throws {
        let whole = try movieBytes("video/gps-artist.mov")
        var inputs: [[UInt8]] = stride(from: 0, to: whole.count, by: whole.count / 97).map { Array(whole.prefix($0)) }
        for i in stride(from: 0, to: 4096, by: 11) {
            var flipped = whole
            flipped[i] ^= 0xFF
            inputs.append(flipped)
        }
        let folder = fixtures.appendingPathComponent("malformed")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("exiv2-") {
            inputs.append([UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
        for input in inputs {
            guard let stripped = try? MovieStripper.strip(input) else { continue }
            let m = try MovieReader.read(MovieSource(bytes: stripped.bytes), container: .quicktime)
            #expect(m.movie?.entries.isEmpty == true && m.xmp.isEmpty && m.previews.isEmpty)
        }
    }

    /// Chunk offsets that no longer fit 32 bits once moved turn `stco` into `co64`, each moved alike.
    @Test func offsetsPast32BitsBecomeCo64() throws {
        let original = try movieBytes("video/no-gps.mp4")
        var s = try MovieStructure(MovieSource(bytes: original))
        let moov = s.moov
        let tracks = s.tracks
        let shift = 5 << 30
        var removed: [RemovedPart] = []
        let rebuilt = try MovieStripper.rebuild(
            &s, moov, tracks: tracks, offsets: { $0 + shift }, wide: Set(tracks.map(\.id)), removed: &removed)
        let after = try MovieStructure(MovieSource(bytes: rebuilt))
        #expect(after.tracks.count == tracks.count)
        for (x, y) in zip(tracks, after.tracks) {
            #expect(x.chunkOffsetBox?.type == "stco")
            #expect(y.chunkOffsetBox?.type == "co64")
            #expect(y.chunkOffsets == x.chunkOffsets.map { $0 + shift })
        }
        // The rest of the movie box is as it was: only the offset boxes grew (4 bytes per chunk).
        let chunks = tracks.reduce(0) { $0 + $1.chunkOffsets.count }
        let dropped = removed.reduce(0) { $0 + ($1.bytes ?? 0) }
        #expect(rebuilt.count == moov.size - dropped + 4 * chunks)
    }
}
