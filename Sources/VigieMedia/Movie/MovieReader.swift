import Foundation

/// Reads the metadata of an MP4, QuickTime or 3GP file from its boxes: user data (`udta`), Apple
/// `keys` and `ilst` items, XMP (`uuid` and `XMP_`), GoPro boxes, cover art and thumbnails, and the
/// timed metadata tracks (GoPro GPMF read a few samples deep; Apple `mebx` by its keys). The media
/// data is never read, except a few bounded telemetry samples.
public enum MovieReader {
    /// The XMP `uuid` box's user type (BE7ACFCB-97A9-42E8-9C71-999491E3AFAC).
    public static let xmpUUID: [UInt8] = [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC]
    /// Telemetry samples read per GPMF track, spread over its length, and the largest read.
    static let gpmfSamples = 12
    static let maxSampleBytes = 1 << 20

    /// Apple timed-metadata keys that hold no location: face rectangles and angles (not who the face
    /// is), the camera's orientation, Live Photo timing. A `mebx` track with any other key may hold a
    /// location and is reported as such.
    public static let locationFreeTimedKeys: Set<String> = [
        "com.apple.quicktime.detected-face", "com.apple.quicktime.detected-face.bounds",
        "com.apple.quicktime.detected-face.face-id", "com.apple.quicktime.detected-face.roll-angle",
        "com.apple.quicktime.detected-face.yaw-angle", "com.apple.quicktime.video-orientation",
        "com.apple.quicktime.live-photo-info", "com.apple.quicktime.still-image-time",
    ]

    /// The containers whose boxes Vigie reads (and cleans): MP4, QuickTime and 3GP.
    public static func reads(_ container: MediaContainer) -> Bool {
        container == .mp4 || container == .quicktime || container == .threeGPP
    }

    /// Reads a file where it is: headers, `moov` and a few telemetry samples.
    public static func read(path: String, container: MediaContainer) throws -> MediaMetadata {
        try read(MovieSource(path: path), container: container)
    }

    public static func read(_ source: MovieSource, container: MediaContainer) throws -> MediaMetadata {
        var structure = try MovieStructure(source)
        return try read(&structure, source: source, container: container)
    }

    public static func read(_ structure: inout MovieStructure, source: MovieSource, container: MediaContainer) throws -> MediaMetadata {
        var movie = MovieMetadata(container: container)
        var m = MediaMetadata(movie: movie)
        movie.fragmented = structure.fragmented
        movie.truncated = structure.truncated
        movie.tracks = structure.tracks.map { ($0.handler, $0.format) }
        for box in structure.topLevel {
            switch box.type {
            case "uuid":
                try readUUID(source, box, place: "top-level", into: &m)
            case "meta", "udta":
                // File-level metadata outside moov: not read, removed by clean; the file is not cleared.
                m.unreadableParts.append("top-level \(box.type) box")
            case "pnot", "PICT":
                m.previews.append(EmbeddedPreview(kind: .movieThumbnail, length: box.size, bytes: nil))
            default: break
            }
        }
        let r = structure.reader
        let moovBox = structure.moov
        for child in try structure.children(of: moovBox) {
            switch child.type {
            case "udta": try readUserData(&structure, child, path: "udta", into: &movie, &m, depth: 2)
            case "meta": try readMeta(&structure, child, path: "moov/meta", into: &movie, &m, depth: 2)
            case "uuid": try readUUID(source, child, place: "moov", into: &m)
            default: break
            }
        }
        for track in structure.tracks {
            for child in try structure.children(of: track.trak, depth: 2) {
                switch child.type {
                case "udta": try readUserData(&structure, child, path: "trak/udta", into: &movie, &m, depth: 3)
                case "meta": try readMeta(&structure, child, path: "trak/meta", into: &movie, &m, depth: 3)
                default: break
                }
            }
            try readTimedMetadata(&structure, track, source: source, reader: r, into: &movie)
        }
        m.movie = movie
        return m
    }

    // MARK: - udta

    static let ownerTypes: Set<String> = [
        "©ART", "©aut", "©wrt", "©prf", "©dir", "©prd", "©com", "©cpy", "©own", "©src", "auth", "perf", "cprt", "aART", "©con",
    ]
    static let deviceTypes: Set<String> = ["©mak", "©mod", "©swr", "©too", "©enc", "FIRM", "©fmt"]

    /// What a `udta` or `ilst` tag other than a location, serial or picture is.
    static func tagKind(_ type: String) -> MovieMetadata.Kind {
        ownerTypes.contains(type) ? .owner : deviceTypes.contains(type) ? .device : .text
    }

    static func readUserData(
        _ s: inout MovieStructure, _ udta: MovieBox, path: String, into movie: inout MovieMetadata, _ m: inout MediaMetadata, depth: Int
    ) throws {
        for item in try s.children(of: udta, depth: depth) {
            let place = "QuickTime \(path) \(item.type)"
            let payload = s.payload(item)
            switch item.type {
            case "©xyz", "@xyz":
                if hasFix(iso6709: quickTimeString(payload)) { movie.add(.location, place) }
            case "loci":
                let (fix, named) = location3GPP(payload)
                if fix { movie.add(.location, place) }
                if named { movie.add(.place, place) }
            case "XMP_":
                addXMP(Array(payload), .movieUserData, into: &m)
            case "thmb":
                m.previews.append(EmbeddedPreview(kind: .movieThumbnail, length: payload.count, bytes: nil))
            case "CAME", "LENS", "CASN":
                movie.add(.serial, place)
            case "MUID", "GUMI":
                movie.add(.uniqueID, place)
            case "GPMF":
                readGPMF(payload, place: place, into: &movie)
            case "meta":
                try readMeta(&s, item, path: "\(path)/meta", into: &movie, &m, depth: depth + 1)
            default:
                movie.add(tagKind(item.type), place)
            }
        }
    }

    /// A QuickTime user-data string: a 16-bit length, a 16-bit language, then the text.
    static func quickTimeString(_ payload: ArraySlice<UInt8>) -> String {
        let r = ByteReader(Array(payload))
        guard let length = r.u16be(0), let text = r.slice(4, Swift.min(length, Swift.max(0, r.count - 4))) else {
            return String(decoding: payload, as: UTF8.self)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// True unless the ISO 6709 string's latitude and longitude are both zero (no fix). A string that
    /// does not parse counts as a location: it was written as one.
    static func hasFix(iso6709 text: String) -> Bool {
        var numbers: [Double] = []
        var current = ""
        for ch in text {
            if ch == "+" || ch == "-" || ch == "/" {
                if let v = Double(current) { numbers.append(v) }
                current = ch == "/" ? "" : String(ch)
            } else if ch.isNumber || ch == "." {
                current.append(ch)
            }
        }
        if let v = Double(current) { numbers.append(v) }
        guard numbers.count >= 2 else { return !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        return numbers[0] != 0 || numbers[1] != 0
    }

    /// 3GPP `loci`: version and flags, language, a name (null-terminated, UTF-8 or UTF-16), role, then
    /// longitude, latitude and altitude as 16.16 fixed point. Returns whether it holds a fix and a name.
    static func location3GPP(_ payload: ArraySlice<UInt8>) -> (fix: Bool, named: Bool) {
        let r = ByteReader(Array(payload))
        var p = 6
        var named = false
        if r.matches([0xFE, 0xFF], at: p) || r.matches([0xFF, 0xFE], at: p) {
            p += 2
            while let unit = r.u16be(p), unit != 0 {
                named = true
                p += 2
            }
            p += 2
        } else {
            while let b = r.u8(p), b != 0 {
                named = true
                p += 1
            }
            p += 1
        }
        p += 1  // role
        guard let longitude = r.u32be(p), let latitude = r.u32be(p + 4) else { return (true, named) }
        return (longitude != 0 || latitude != 0, named)
    }

    // MARK: - meta: keys and ilst

    static func readMeta(
        _ s: inout MovieStructure, _ meta: MovieBox, path: String, into movie: inout MovieMetadata, _ m: inout MediaMetadata, depth: Int
    ) throws {
        let children = try s.children(of: meta, depth: depth)
        var keys: [String] = []
        if let box = children.first(where: { $0.type == "keys" }) {
            let r = ByteReader(Array(s.payload(box)))
            var p = 8
            let count = Swift.min(r.u32be(4) ?? 0, 65_536)
            for _ in 0..<count {
                guard let size = r.u32be(p), size >= 8, let name = r.slice(p + 8, size - 8) else { break }
                keys.append(String(decoding: name, as: UTF8.self))
                p += size
            }
        }
        for child in children {
            switch child.type {
            case "ilst":
                for item in try s.children(of: child, depth: depth + 1) {
                    let index = s.reader.u32be(s.local(item) + 4) ?? 0
                    if !keys.isEmpty, index >= 1, index <= keys.count {
                        let value = try dataValue(&s, item, depth: depth + 2)
                        classifyKey(keys[index - 1], value: value, place: "QuickTime \(path) keys (\(keys[index - 1]))", into: &movie)
                    } else {
                        let place = "QuickTime \(path)/ilst \(item.type)"
                        switch item.type {
                        case "©xyz":
                            if hasFix(iso6709: try dataValue(&s, item, depth: depth + 2)) { movie.add(.location, place) }
                        case "covr":
                            m.previews.append(EmbeddedPreview(kind: .coverArt, length: item.size, bytes: nil))
                        default:
                            movie.add(tagKind(item.type), place)
                        }
                    }
                }
            case "uuid", "XMP_":
                addXMP(Array(s.payload(child).dropFirst(child.type == "uuid" ? 16 : 0)), .movieUserData, into: &m)
            case "hdlr", "keys", "free", "skip":
                break
            default:
                // ISO item-based metadata (iinf, iloc, idat, xml): not read here, removed by clean.
                movie.add(.text, "QuickTime \(path) \(child.type)")
            }
        }
    }

    /// The text of an `ilst` item's `data` box (type and locale first), empty when there is none.
    static func dataValue(_ s: inout MovieStructure, _ item: MovieBox, depth: Int) throws -> String {
        guard let data = try s.children(of: item, depth: depth).first(where: { $0.type == "data" }) else { return "" }
        return String(decoding: s.payload(data).dropFirst(8), as: UTF8.self)
    }

    static func classifyKey(_ key: String, value: String, place: String, into movie: inout MovieMetadata) {
        let k = key.lowercased()
        if k.hasSuffix("iso6709") {
            if hasFix(iso6709: value) { movie.add(.location, place) }
        } else if k.contains("location"), !k.contains("accuracy") {
            movie.add(k.hasSuffix(".name") || k.hasSuffix(".note") || k.hasSuffix(".body") ? .place : .location, place)
        } else if k.hasSuffix(".content.identifier") || k.hasSuffix("identifier") {
            movie.add(.uniqueID, place)
        } else if ["author", "artist", "creator", "copyright", "displayname", "performer", "director", "producer"].contains(where: {
            k.hasSuffix("." + $0)
        }) {
            movie.add(.owner, place)
        } else if k.hasSuffix(".make") || k.hasSuffix(".model") || k.hasSuffix(".software") || k.hasPrefix("com.android.") {
            movie.add(.device, place)
        } else {
            movie.add(.text, place)
        }
    }

    // MARK: - XMP

    static func readUUID(_ source: MovieSource, _ box: MovieBox, place: String, into m: inout MediaMetadata) throws {
        let head = try source.read(box.dataOffset, Swift.min(16, box.size - box.headerSize))
        guard head == xmpUUID else { return }
        guard box.size - box.headerSize - 16 <= XMPReader.maxPacketBytes else {
            m.unreadableParts.append("XMP in \(MetadataContainer.movieUUID.rawValue) (too large)")
            return
        }
        addXMP(try source.read(box.dataOffset + 16, box.size - box.headerSize - 16), .movieUUID, into: &m)
    }

    static func addXMP(_ packet: [UInt8], _ container: MetadataContainer, into m: inout MediaMetadata) {
        m.xmp.append((container, XMPReader.read(packet).properties))
    }

    // MARK: - Timed metadata tracks

    static func readTimedMetadata(
        _ s: inout MovieStructure, _ track: MovieTrack, source: MovieSource, reader r: ByteReader, into movie: inout MovieMetadata
    ) throws {
        switch track.format {
        case "gpmd":
            let place = "GoPro GPMF telemetry track (gpmd)"
            let ranges = (try? track.sampleRanges(merge: false)) ?? []
            guard !ranges.isEmpty else {
                movie.add(.location, place + " (samples not readable)")
                return
            }
            let step = Swift.max(1, ranges.count / gpmfSamples)
            for i in stride(from: 0, to: ranges.count, by: step).prefix(gpmfSamples + 1) {
                let range = ranges[i]
                guard range.length <= maxSampleBytes, let bytes = try? source.read(range.offset, range.length) else {
                    movie.add(.location, place + " (samples not readable)")
                    return
                }
                readGPMF(bytes[...], place: place, into: &movie)
            }
        case "fdsc":
            movie.add(.serial, "GoPro fdsc track")
        case "mebx":
            let keys = try timedKeys(&s, track)
            if keys.isEmpty || !keys.allSatisfy(locationFreeTimedKeys.contains) {
                movie.add(.location, "timed metadata track (mebx) with keys that may hold a location")
            }
        case "tmcd":
            break
        default:
            // Any other timed metadata track ('meta' handler: camm, rtmd, unknown): it may hold a
            // location Vigie cannot read, so it counts as one until proven otherwise.
            if track.handler == "meta" || ["camm", "rtmd", "mett", "metx", "urim"].contains(track.format) {
                movie.add(.location, "timed metadata track (\(track.format.isEmpty ? track.handler : track.format)) Vigie cannot read")
            }
        }
    }

    /// The keys a `mebx` sample entry declares (`keys` box, one child per key holding `keyd`).
    static func timedKeys(_ s: inout MovieStructure, _ track: MovieTrack) throws -> [String] {
        var keys: [String] = []
        for entry in track.sampleEntries where entry.type == "mebx" {
            for box in try s.children(of: entry, skip: 8, depth: 8) where box.type == "keys" {
                for key in try s.children(of: box, depth: 9) {
                    for keyd in try s.children(of: key, depth: 10) where keyd.type == "keyd" {
                        keys.append(String(decoding: s.payload(keyd).dropFirst(4), as: UTF8.self))
                    }
                }
            }
        }
        return keys
    }

    /// GPMF (GoPro): key, type, structure size and repeat, then the data padded to 4 bytes; type 0 is
    /// a nested list. GPS streams (GPS5, GPS9, GPRI, GLPI) count when a sample has non-zero latitude or
    /// longitude and the stream's fix (GPSF) is not 0; CASN is the camera serial.
    static func readGPMF(_ bytes: ArraySlice<UInt8>, place: String, into movie: inout MovieMetadata) {
        let r = ByteReader(Array(bytes))
        var budget = 100_000
        func walk(_ from: Int, _ to: Int, depth: Int) {
            guard depth <= 8 else { return }
            var p = from
            var typeString = ""
            var fix: Int?
            var coordinates = false
            while p + 8 <= to, budget > 0 {
                budget -= 1
                guard let key = r.slice(p, 4).map(BoxWalker.fourCC), let type = r.u8(p + 4), let size = r.u8(p + 5),
                    let repeatCount = r.u16be(p + 6)
                else { return }
                let length = size * repeatCount
                let data = p + 8
                guard length <= to - data else { return }
                switch (key, type) {
                case (_, 0): walk(data, data + length, depth: depth + 1)
                case ("TYPE", _): typeString = r.ascii(data, length) ?? ""
                case ("GPSF", _): fix = r.u32be(data) ?? r.u16be(data) ?? r.u8(data)
                case ("CASN", _):
                    if r.slice(data, length)?.contains(where: { $0 != 0 && $0 != 0x20 }) == true { movie.add(.serial, place + " CASN") }
                case ("GPS5", _), ("GPS9", _), ("GPRI", _), ("GLPI", _):
                    let (lat, lon) = coordinateOffsets(key: key, type: type, typeString: typeString)
                    for i in 0..<repeatCount where !coordinates {
                        let at = data + i * size
                        if let a = r.u32be(at + lat), let b = r.u32be(at + lon), a != 0 || b != 0 { coordinates = true }
                    }
                default: break
                }
                p = data + ((length + 3) & ~3)
            }
            if coordinates && fix != 0 { movie.add(.location, place) }
        }
        walk(0, r.count, depth: 0)
    }

    /// Where latitude and longitude sit in one GPMF sample: the first two signed 32-bit fields of its
    /// TYPE (GPRI's starts with a 64-bit time, GLPI's with a 32-bit one), else the first two values.
    static func coordinateOffsets(key: String, type: Int, typeString: String) -> (Int, Int) {
        guard type == Int(UInt8(ascii: "?")), !typeString.isEmpty else { return (0, 4) }
        let sizes: [Character: Int] = [
            "b": 1, "B": 1, "c": 1, "s": 2, "S": 2, "l": 4, "L": 4, "f": 4, "F": 4, "q": 4, "j": 8, "J": 8, "d": 8, "Q": 8, "G": 16,
            "U": 16,
        ]
        var offset = 0
        var found: [Int] = []
        for ch in typeString {
            if ch == "l" { found.append(offset) }
            if found.count == 2 { return (found[0], found[1]) }
            offset += sizes[ch] ?? 4
        }
        return (0, 4)
    }
}
