import Foundation

/// One track of a movie: what it holds (handler, sample format) and where its samples are (the
/// sample tables `stsz`, `stsc` and `stco`/`co64`).
public struct MovieTrack: Sendable {
    public let id: Int
    /// The media handler: `vide`, `soun`, `meta`, `tmcd`, `text`, `sbtl`...
    public let handler: String
    /// The first sample entry's format: `avc1`, `mp4a`, `gpmd`, `mebx`, `fdsc`...
    public let format: String
    public let trak: MovieBox
    /// The sample description's entries (`stsd` children).
    public let sampleEntries: [MovieBox]
    /// The box holding the chunk offsets (`stco` or `co64`).
    public let chunkOffsetBox: MovieBox?
    public let chunkOffsets: [Int]
    let samplesPerChunk: [(firstChunk: Int, count: Int)]
    let constantSampleSize: Int
    let sampleSizes: [Int]
    public let sampleCount: Int

    /// Video and audio: the tracks whose samples a cleaned copy keeps byte for byte.
    public var isAudioVisual: Bool { handler == "vide" || handler == "soun" }

    /// Most samples a track may declare (a day of 60 fps video is 5 million).
    static let maxSamples = 20_000_000

    /// Where the samples are, in the order of the tables: one range per sample, or with `merge` one
    /// per run of adjacent samples (a chunk, usually). Throws when the chunk table is out of order.
    public func sampleRanges(merge: Bool) throws -> [(offset: Int, length: Int)] {
        var result: [(offset: Int, length: Int)] = []
        var index = 0
        func add(_ offset: Int, _ length: Int) {
            if merge, let last = result.last, last.offset + last.length == offset {
                result[result.count - 1].length += length
            } else {
                result.append((offset, length))
            }
        }
        for (i, entry) in samplesPerChunk.enumerated() where index < sampleCount {
            let next = i + 1 < samplesPerChunk.count ? samplesPerChunk[i + 1].firstChunk : chunkOffsets.count + 1
            guard entry.firstChunk >= 1, next > entry.firstChunk, next <= chunkOffsets.count + 1 else {
                throw MediaError(.corrupt, "the sample-to-chunk table is inconsistent")
            }
            for chunk in entry.firstChunk..<next where index < sampleCount {
                var offset = chunkOffsets[chunk - 1]
                let n = Swift.min(entry.count, sampleCount - index)
                if constantSampleSize > 0 {
                    let (length, overflow) = n.multipliedReportingOverflow(by: constantSampleSize)
                    guard !overflow else { throw MediaError(.corrupt, "sample sizes overflow") }
                    add(offset, length)
                    index += n
                } else {
                    for _ in 0..<n {
                        add(offset, sampleSizes[index])
                        offset += sampleSizes[index]
                        index += 1
                    }
                }
            }
        }
        // When the chunks hold fewer samples than `stsz` lists (Core Media writes such files), the
        // samples past the last chunk are nowhere in the file: players skip them, and so does this.
        return result
    }
}

/// The box structure of an MP4, QuickTime or 3GP file: the top-level boxes (headers only), the whole
/// `moov` (read into memory, bounded) and its tracks. The media data is never read here.
public struct MovieStructure: Sendable {
    /// Largest `moov` read (a two-hour film's is a few megabytes).
    public static let maxMovieBoxBytes = 64 << 20

    public let fileSize: Int
    public let topLevel: [MovieBox]
    /// The last box runs past the end of the file (a recording cut short).
    public let truncated: Bool
    public let moov: MovieBox
    /// The `moov` box's bytes, header included.
    public let moovBytes: [UInt8]
    public private(set) var tracks: [MovieTrack]
    /// `moov/mvex` or a top-level `moof`: media data described outside `moov`.
    public private(set) var fragmented: Bool

    private var walker: BoxWalker

    public init(_ source: MovieSource) throws {
        var walker = BoxWalker()
        let top = try walker.topLevel(source)
        let moovs = top.filter { $0.type == "moov" }
        guard moovs.count == 1, let moov = moovs.first else {
            throw MediaError(.corrupt, moovs.isEmpty ? "the movie has no moov box" : "the movie has more than one moov box")
        }
        guard moov.size <= Self.maxMovieBoxBytes else { throw MediaError(.tooLarge, "the movie's moov box is larger than the limit") }
        self.fileSize = source.size
        self.topLevel = top
        self.truncated = walker.truncated
        self.moov = moov
        self.moovBytes = try source.read(moov.offset, moov.size)
        self.walker = walker
        self.tracks = []
        self.fragmented = false
        let children = try self.children(of: moov)
        var fragmented = top.contains { $0.type == "moof" || $0.type == "mfra" }
        var tracks: [MovieTrack] = []
        for child in children {
            switch child.type {
            case "mvex": fragmented = true
            case "trak": tracks.append(try track(child))
            default: break
            }
        }
        self.tracks = tracks
        self.fragmented = fragmented
    }

    /// A reader over `moov` and the offset in it of a box inside `moov`.
    var reader: ByteReader { ByteReader(moovBytes) }
    func local(_ box: MovieBox) -> Int { box.offset - moov.offset }

    /// The children of a container box inside `moov`. `meta` is a full box in ISO files (4 bytes of
    /// version and flags first) and a plain one in QuickTime files: told by what follows.
    /// `depth` is how deep `box` sits, for the walker's limit; `skip` the bytes before the first child
    /// (a sample description's version, flags and count).
    public mutating func children(of box: MovieBox, skip: Int = 0, depth: Int = 1) throws -> [MovieBox] {
        var start = local(box) + box.headerSize + skip
        if box.type == "meta", skip == 0, !reader.matches("hdlr", at: start + 4) { start += 4 }
        return try walker.boxes(reader, base: moov.offset, from: start, to: local(box) + box.size, depth: depth)
    }

    /// The first child of `box` of `type`.
    public mutating func child(_ type: String, of box: MovieBox) throws -> MovieBox? {
        try children(of: box).first { $0.type == type }
    }

    /// The box at a path of types under `box` (first match at each step).
    public mutating func find(_ types: [String], under box: MovieBox) throws -> MovieBox? {
        var current = box
        for t in types {
            guard let next = try child(t, of: current) else { return nil }
            current = next
        }
        return current
    }

    /// The payload of a box inside `moov`.
    public func payload(_ box: MovieBox) -> ArraySlice<UInt8> {
        reader.slice(local(box) + box.headerSize, box.size - box.headerSize) ?? []
    }

    private mutating func track(_ trak: MovieBox) throws -> MovieTrack {
        let r = reader
        var id = 0
        if let tkhd = try child("tkhd", of: trak) {
            let p = local(tkhd) + tkhd.headerSize
            id = (r.u8(p) == 1 ? r.u32be(p + 20) : r.u32be(p + 12)) ?? 0
        }
        var handler = ""
        if let mdia = try child("mdia", of: trak), let hdlr = try child("hdlr", of: mdia) {
            handler = r.slice(local(hdlr) + hdlr.headerSize + 8, 4).map(BoxWalker.fourCC) ?? ""
        }
        var entries: [MovieBox] = []
        var offsetsBox: MovieBox?
        var offsets: [Int] = []
        var stsc: [(firstChunk: Int, count: Int)] = []
        var constant = 0
        var sizes: [Int] = []
        var count = 0
        if let stbl = try find(["mdia", "minf", "stbl"], under: trak) {
            for box in try children(of: stbl) {
                let p = local(box) + box.headerSize
                switch box.type {
                case "stsd":
                    entries = try children(of: box, skip: 8)
                case "stco", "co64":
                    let wide = box.type == "co64"
                    let n = try Self.entryCount(r, p, box, entrySize: wide ? 8 : 4)
                    offsets.reserveCapacity(n)
                    for i in 0..<n {
                        let at = p + 8 + i * (wide ? 8 : 4)
                        // Offsets past 2^48 (256 TB) are refused: sums of offsets and sizes then never overflow.
                        guard let v = wide ? r.u64be(at).flatMap({ $0 <= 1 << 48 ? Int($0) : nil }) : r.u32be(at) else {
                            throw MediaError(.corrupt, "chunk offset")
                        }
                        offsets.append(v)
                    }
                    offsetsBox = box
                case "stsc":
                    let n = try Self.entryCount(r, p, box, entrySize: 12)
                    for i in 0..<n {
                        guard let first = r.u32be(p + 8 + i * 12), let per = r.u32be(p + 12 + i * 12) else {
                            throw MediaError(.corrupt, "sample-to-chunk entry")
                        }
                        stsc.append((first, per))
                    }
                case "stsz":
                    guard let size = r.u32be(p + 4), let n = r.u32be(p + 8) else { throw MediaError(.corrupt, "sample size box") }
                    guard n <= MovieTrack.maxSamples else { throw MediaError(.tooLarge, "a track has more samples than the limit") }
                    constant = size
                    count = n
                    if size == 0 {
                        guard n * 4 <= box.size - box.headerSize - 12 else { throw MediaError(.corrupt, "sample size table") }
                        sizes.reserveCapacity(n)
                        for i in 0..<n { sizes.append(r.u32be(p + 12 + i * 4) ?? 0) }
                    }
                case "stz2":
                    throw MediaError(.corrupt, "compact sample sizes (stz2) are not read")
                default: break
                }
            }
        }
        return MovieTrack(
            id: id, handler: handler, format: entries.first?.type ?? "", trak: trak, sampleEntries: entries, chunkOffsetBox: offsetsBox,
            chunkOffsets: offsets, samplesPerChunk: stsc, constantSampleSize: constant, sampleSizes: sizes, sampleCount: count)
    }

    /// A full box's entry count, checked against the room its entries have.
    static func entryCount(_ r: ByteReader, _ p: Int, _ box: MovieBox, entrySize: Int) throws -> Int {
        guard let n = r.u32be(p + 4), n <= (box.size - box.headerSize - 8) / entrySize else {
            throw MediaError(.corrupt, "\(box.type) entry count")
        }
        return n
    }
}
