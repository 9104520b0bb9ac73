import Foundation

/// A movie without its metadata, and what was done to it.
public struct StrippedMovie: Sendable {
    public let bytes: [UInt8]
    /// What was removed, by box ("moov/udta", "track 4 (meta gpmd)"), with its size.
    public let removed: [RemovedPart]
    /// Ids of the tracks dropped (their samples overwritten with zeros).
    public let droppedTracks: [Int]
}

/// Removes the metadata of an MP4, QuickTime or 3GP file by box surgery, never a remux: every video
/// and audio sample stays where it was in the media data, byte for byte, with its sample tables,
/// sample descriptions, track header (rotation matrix), edit list and timing; chunk offsets are
/// rewritten for where the media data lands. Refuses what it cannot rewrite with certainty
/// (fragments, protected media, sample auxiliary offsets, samples outside `mdat`).
public enum MovieStripper {
    /// Sample formats of timed metadata tracks that are dropped (with the `meta` handler's tracks).
    static let timedMetadataFormats: Set<String> = ["gpmd", "fdsc", "mebx", "camm", "rtmd", "mett", "metx", "urim"]
    /// Sample formats of encrypted or protected media: their boxes are not rewritten.
    static let protectedFormats: Set<String> = ["encv", "enca", "encs", "enct", "drms", "drmi", "drac"]

    /// The children of `moov`, `trak`, `mdia` and `minf` that a copy keeps (everything else in them is
    /// metadata, free space or unknown, and is left out); in `stbl` every box is kept.
    static let kept: [String: Set<String>] = [
        "moov": ["mvhd", "trak", "iods"],
        "trak": ["tkhd", "tref", "edts", "mdia", "tapt", "load", "clip", "matt", "imap", "txas"],
        "mdia": ["mdhd", "hdlr", "minf", "elng"],
        "minf": ["vmhd", "smhd", "gmhd", "nmhd", "hmhd", "sthd", "hdlr", "dinf", "stbl"],
    ]

    /// Whether a track is timed metadata that a copy leaves out.
    public static func isDropped(_ track: MovieTrack) -> Bool {
        track.handler == "meta" || timedMetadataFormats.contains(track.format)
    }

    public static func strip(_ original: [UInt8]) throws -> StrippedMovie {
        func refuse(_ reason: String) -> MediaError { MediaError(.unsupported, reason) }
        let source = MovieSource(bytes: original)
        var s = try MovieStructure(source)
        if s.fragmented { throw refuse("fragmented MP4 (moof) is not rewritten") }
        if s.truncated && s.topLevel.last?.type != "mdat" { throw refuse("the file is cut short") }
        let moovBox = s.moov
        let moovChildren = try s.children(of: moovBox)
        for c in moovChildren where ["cmov", "rmra", "mvex"].contains(c.type) {
            throw refuse("a compressed or reference movie (\(c.type)) is not rewritten")
        }
        let dropped = s.tracks.filter(isDropped)
        let keptTracks = s.tracks.filter { !isDropped($0) }
        let droppedIDs = Set(dropped.map(\.id))
        var removed: [RemovedPart] = []

        // Every sample must be in a top-level mdat the copy keeps, and no dropped sample may share
        // bytes with a kept one.
        let mdats = s.topLevel.filter { $0.type == "mdat" }
        // A recording cut short keeps its last mdat as far as the file goes: offsets past the end stay
        // past the end, in the copy as in the original.
        let openEnded = s.truncated ? s.topLevel.last : nil
        func inMediaData(_ offset: Int, _ length: Int) -> MovieBox? {
            mdats.first { offset >= $0.dataOffset && (offset + length <= $0.end || $0 == openEnded) }
        }
        var keptRanges: [(offset: Int, length: Int)] = []
        var droppedRanges: [(offset: Int, length: Int)] = []
        for track in s.tracks {
            if track.sampleEntries.contains(where: { protectedFormats.contains($0.type) }) {
                throw refuse("protected media is not rewritten")
            }
            guard track.sampleCount == 0 || track.chunkOffsetBox != nil else { throw refuse("a track has no chunk offsets") }
            // Sample auxiliary information offsets point into the file like chunk offsets do: not rewritten.
            if let stbl = try s.find(["mdia", "minf", "stbl"], under: track.trak), try s.child("saio", of: stbl) != nil {
                throw refuse("sample auxiliary offsets (saio) are not rewritten")
            }
            let ranges = try track.sampleRanges(merge: true)
            for range in ranges where range.length > 0 {
                guard inMediaData(range.offset, range.length) != nil else {
                    throw refuse("a track's samples are outside the media data")
                }
            }
            if droppedIDs.contains(track.id) { droppedRanges += ranges } else { keptRanges += ranges }
        }
        if overlaps(keptRanges, droppedRanges) { throw refuse("a metadata track shares media data with a video or audio track") }
        for track in keptTracks {
            if let tref = try s.child("tref", of: track.trak) {
                for reference in try s.children(of: tref, depth: 3) {
                    let ids = s.payload(reference)
                    for i in stride(from: ids.startIndex, to: ids.endIndex - 3, by: 4) {
                        let id = Int(ids[i]) << 24 | Int(ids[i + 1]) << 16 | Int(ids[i + 2]) << 8 | Int(ids[i + 3])
                        if droppedIDs.contains(id) { throw refuse("a kept track refers to a metadata track") }
                    }
                }
            }
        }
        for track in dropped {
            removed.append(RemovedPart(kind: "track \(track.id) (\(track.handler) \(track.format))", bytes: track.trak.size))
        }

        // Layout: the kept top-level boxes in their order; moov rebuilt. Chunk offsets may need 64 bits
        // once moved: those tracks get co64 and the layout is made again.
        let keptTop = s.topLevel.filter { $0.type == "ftyp" || $0.type == "moov" || $0.type == "mdat" }
        for box in s.topLevel where !keptTop.contains(box) { removed.append(RemovedPart(kind: "top-level \(box.type)", bytes: box.size)) }
        guard keptTop.first?.type == "ftyp" || s.topLevel.first?.type != "ftyp" else { throw refuse("ftyp is not first") }
        var wide = Set(keptTracks.filter { $0.chunkOffsetBox?.type == "co64" }.map(\.id))
        var moov: [UInt8] = []
        var newOffset: [Int: Int] = [:]
        for _ in 0..<3 {
            var scratch: [RemovedPart] = []
            let size = try rebuild(&s, moovBox, tracks: keptTracks, offsets: { _ in 0 }, wide: wide, removed: &scratch).count
            newOffset = [:]
            var position = 0
            for box in keptTop {
                newOffset[box.offset] = position
                position += box.type == "moov" ? size : box.size
            }
            let offsets = newOffset
            func moved(_ old: Int) throws -> Int {
                guard let box = inMediaData(old, 0), let start = offsets[box.offset]
                else { throw refuse("a chunk offset is outside the media data") }
                return old - box.offset + start
            }
            var overflow = false
            for track in keptTracks where !wide.contains(track.id) {
                if try track.chunkOffsets.contains(where: { try moved($0) > Int(UInt32.max) }) {
                    wide.insert(track.id)
                    overflow = true
                }
            }
            if overflow { continue }
            var notes: [RemovedPart] = []
            moov = try rebuild(&s, moovBox, tracks: keptTracks, offsets: moved, wide: wide, removed: &notes)
            guard moov.count == size else { throw refuse("the movie box changed size while it was rebuilt") }
            removed = notes + removed
            break
        }
        guard !moov.isEmpty else { throw refuse("the chunk offsets cannot be rewritten") }

        var out: [UInt8] = []
        out.reserveCapacity(original.count)
        for box in keptTop {
            if box.type == "moov" {
                out += moov
                continue
            }
            let start = out.count
            out += original[box.offset..<box.end]
            if box.type == "mdat" {
                for range in droppedRanges where range.offset >= box.offset && range.offset < box.end {
                    let from = start + range.offset - box.offset
                    let to = Swift.min(from + range.length, start + box.size)
                    for i in from..<to { out[i] = 0 }
                }
            }
        }
        return StrippedMovie(bytes: out, removed: removed, droppedTracks: dropped.map(\.id).sorted())
    }

    /// True when a range of `a` shares a byte with a range of `b`.
    static func overlaps(_ a: [(offset: Int, length: Int)], _ b: [(offset: Int, length: Int)]) -> Bool {
        let x = a.filter { $0.length > 0 }.sorted { $0.offset < $1.offset }
        let y = b.filter { $0.length > 0 }.sorted { $0.offset < $1.offset }
        var i = 0
        var j = 0
        while i < x.count, j < y.count {
            if x[i].offset + x[i].length <= y[j].offset {
                i += 1
            } else if y[j].offset + y[j].length <= x[i].offset {
                j += 1
            } else {
                return true
            }
        }
        return false
    }

    /// A box of `moov` rebuilt: containers keep the children listed in `kept`, chunk offsets are
    /// rewritten with `offsets`, every other box is copied as it is.
    static func rebuild(
        _ s: inout MovieStructure, _ box: MovieBox, tracks: [MovieTrack], offsets: (Int) throws -> Int, wide: Set<Int>,
        removed: inout [RemovedPart], path: String = "moov", depth: Int = 1
    ) throws -> [UInt8] {
        if box.type == "stco" || box.type == "co64", let track = tracks.first(where: { $0.chunkOffsetBox == box }) {
            let useWide = wide.contains(track.id)
            var body: [UInt8] = [0, 0, 0, 0]
            append32(&body, track.chunkOffsets.count)
            for old in track.chunkOffsets {
                let new = try offsets(old)
                if useWide { append64(&body, new) } else { append32(&body, new) }
            }
            return header(useWide ? "co64" : "stco", body.count) + body
        }
        let containers: Set<String> = ["moov", "trak", "mdia", "minf", "stbl"]
        guard containers.contains(box.type) else { return Array(s.reader.slice(s.local(box), box.size) ?? []) }
        var body: [UInt8] = []
        for child in try s.children(of: box, depth: depth) {
            if box.type == "moov", child.type == "trak", !tracks.contains(where: { $0.trak == child }) { continue }
            if let allowed = kept[box.type], !allowed.contains(child.type) {
                removed.append(RemovedPart(kind: "\(path)/\(child.type)", bytes: child.size))
                continue
            }
            body += try rebuild(
                &s, child, tracks: tracks, offsets: offsets, wide: wide, removed: &removed, path: "\(path)/\(child.type)", depth: depth + 1)
        }
        return header(box.type, body.count) + body
    }

    static func header(_ type: String, _ bodyCount: Int) -> [UInt8] {
        let typeBytes = type.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        if bodyCount + 8 <= Int(UInt32.max) {
            var h: [UInt8] = []
            append32(&h, bodyCount + 8)
            return h + typeBytes
        }
        var h: [UInt8] = [0, 0, 0, 1] + typeBytes
        append64(&h, bodyCount + 16)
        return h
    }

    static func append32(_ out: inout [UInt8], _ v: Int) {
        out += [
            UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8),
            UInt8(truncatingIfNeeded: v),
        ]
    }

    static func append64(_ out: inout [UInt8], _ v: Int) {
        append32(&out, v >> 32)
        append32(&out, v & 0xFFFF_FFFF)
    }
}
