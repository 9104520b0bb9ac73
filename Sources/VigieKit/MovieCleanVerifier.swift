import Foundation
import VigieChecks
import VigieMedia

extension CleanVerifier {
    /// Boxes of a kept track that say how its samples play (rotation matrix, edit list, timing, sample
    /// descriptions with their colour boxes, sizes, chunking, sync samples): identical in the copy.
    static let playbackBoxes: [[String]] = [
        ["tkhd"], ["tref"], ["edts"], ["tapt"], ["mdia", "mdhd"], ["mdia", "hdlr"],
        ["mdia", "minf", "stbl", "stsd"], ["mdia", "minf", "stbl", "stts"], ["mdia", "minf", "stbl", "ctts"],
        ["mdia", "minf", "stbl", "stss"], ["mdia", "minf", "stbl", "stsz"], ["mdia", "minf", "stbl", "stsc"],
        ["mdia", "minf", "stbl", "sdtp"], ["mdia", "minf", "stbl", "cslg"], ["mdia", "minf", "stbl", "sgpd"],
        ["mdia", "minf", "stbl", "sbgp"],
    ]

    /// Proves a cleaned movie before it is written: read again with Vigie's own reader, no finding of
    /// the metadata rules and no tag, XMP packet, preview or timed metadata track left; the movie
    /// header as before; and every kept track's samples byte for byte as in the original (found
    /// through each file's own sample tables), with the same sample descriptions, timing, edit list
    /// and track header (rotation).
    public static func verifyMovie(original: [UInt8], cleaned: [UInt8], container: MediaContainer) throws {
        func fail(_ reason: String) -> MediaError { MediaError(.verificationFailed, reason) }
        try verifyNoMovieMetadata(cleaned, container: container)

        let a = MovieSource(bytes: original)
        let b = MovieSource(bytes: cleaned)
        var before = try MovieStructure(a)
        var after: MovieStructure
        do {
            after = try MovieStructure(b)
        } catch {
            throw fail("the cleaned copy cannot be read back")
        }
        let kept = before.tracks.filter { !MovieStripper.isDropped($0) }
        guard kept.count == after.tracks.count else { throw fail("the copy does not have the original's video and audio tracks") }
        guard try movieHeader(&before) == movieHeader(&after) else { throw fail("the movie header changed") }
        for (x, y) in zip(kept, after.tracks) {
            guard x.id == y.id, x.handler == y.handler, x.format == y.format else { throw fail("a track changed") }
            for path in playbackBoxes {
                guard try payload(&before, path, in: x.trak) == payload(&after, path, in: y.trak) else {
                    throw fail("a track's \(path.joined(separator: "/")) changed")
                }
            }
            let ra = try x.sampleRanges(merge: false)
            let rb = try y.sampleRanges(merge: false)
            guard ra.count == rb.count else { throw fail("a track's samples changed") }
            for (p, q) in zip(ra, rb) {
                // A recording cut short ends inside its samples: compared as far as the file goes.
                let x = Swift.min(p.offset, a.size)..<Swift.min(p.offset + p.length, a.size)
                let y = Swift.min(q.offset, b.size)..<Swift.min(q.offset + q.length, b.size)
                guard p.length == q.length, sameBytes(original[x], cleaned[y]) else {
                    throw fail("the video or audio data differs from the original")
                }
            }
        }
    }

    /// Reads a cleaned movie again: nothing the metadata rules flag, and nothing else either (tags of
    /// any kind, XMP, previews, parts that could not be read, timed metadata tracks).
    public static func verifyNoMovieMetadata(_ bytes: [UInt8], container: MediaContainer) throws {
        let metadata: MediaMetadata
        do {
            metadata = try MovieReader.read(MovieSource(bytes: bytes), container: container)
        } catch {
            throw MediaError(.verificationFailed, "the cleaned copy cannot be read back")
        }
        let asset = Asset(path: "", format: nil, metadata: metadata, image: nil)
        let remaining = CheckRegistry.run(asset, family: .metadata)
        guard remaining.isEmpty else {
            throw MediaError(
                .verificationFailed, "metadata remains in the cleaned copy",
                underlying: Set(remaining.map(\.rule)).sorted().joined(separator: ", "))
        }
        let movie = metadata.movie
        let timed = movie?.tracks.contains { $0.handler == "meta" } ?? false
        let leftovers: [(Bool, String)] = [
            (!(movie?.entries.isEmpty ?? true), "tags"), (!metadata.xmp.isEmpty, "XMP"), (!metadata.previews.isEmpty, "previews"),
            (!metadata.unreadableParts.isEmpty, "unreadable parts"), (timed, "timed metadata tracks"),
        ]
        let left = leftovers.filter(\.0).map(\.1)
        guard left.isEmpty else {
            throw MediaError(.verificationFailed, "metadata remains in the cleaned copy", underlying: left.joined(separator: ", "))
        }
    }

    static func movieHeader(_ s: inout MovieStructure) throws -> [UInt8]? {
        let moov = s.moov
        return try payload(&s, ["mvhd"], in: moov)
    }

    /// The payload of the box at `path` under `box`, nil when there is none.
    static func payload(_ s: inout MovieStructure, _ path: [String], in box: MovieBox) throws -> [UInt8]? {
        guard let found = try s.find(path, under: box) else { return nil }
        return Array(s.payload(found))
    }
}
