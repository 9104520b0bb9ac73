import Foundation

/// A JPEG file's marker segments, read without decoding: what metadata it carries and where.
/// The segment map is also what lossless stripping rewrites.
public struct JPEGContainer: Sendable {
    /// One marker segment (or the entropy-coded data after a scan header).
    public struct Segment: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case soi, eoi, sos, entropyData, frame, tables, restartInterval
            case jfif, jfxx, exif, xmp, xmpExtended, icc, mpf, photoshop, adobe, comment
            case app  // other APPn (vendor data)
            case other
        }
        public let marker: UInt8
        public let kind: Kind
        /// Offset of the marker's 0xFF (or of the first entropy-coded byte).
        public let offset: Int
        /// Whole length including marker and length field.
        public let length: Int
        /// Where the payload (after the length field) starts, and its length.
        public let payloadOffset: Int
        public let payloadLength: Int
    }

    public let segments: [Segment]
    /// Offset just after EOI.
    public let endOfImage: Int
    /// Secondary images declared by MPF that lie after EOI (offset, length) in file coordinates.
    public let mpfImages: [(offset: Int, length: Int)]
    /// Bytes after EOI that are not MPF images.
    public let trailerLength: Int
    public let fileLength: Int
    /// JFIF/JFXX embedded thumbnail present.
    public let hasJFIFThumbnail: Bool
    /// Stray bytes found between segments (libjpeg skips them too); they are never copied.
    public let strayBytes: Int
    /// Set when the structure breaks before the end of the image: the segments before the break are
    /// still listed (their metadata still counts), but the file cannot be cleared.
    public let structureError: MediaError?

    /// Parses the segment structure. Throws when the stream does not start like a JPEG; a break later
    /// on is recorded in `structureError`.
    public init(_ r: ByteReader) throws {
        guard r.matches([0xFF, 0xD8], at: 0) else { throw MediaError(.corrupt, "not a JPEG stream") }
        var segments: [Segment] = [Segment(marker: 0xD8, kind: .soi, offset: 0, length: 2, payloadOffset: 2, payloadLength: 0)]
        var pos = 2
        var eoi: Int?
        var jfifThumb = false
        var stray = 0
        var failure: MediaError?
        let bytes = r.bytes
        parse: while pos < bytes.count {
            if bytes[pos] != 0xFF {
                // Extraneous bytes before a marker: skip to the next 0xFF, as libjpeg does.
                guard let next = bytes[pos...].firstIndex(of: 0xFF) else {
                    failure = MediaError(.corrupt, "JPEG image has no end marker")
                    break parse
                }
                stray += next - pos
                pos = next
            }
            var m = pos + 1
            while m < bytes.count && bytes[m] == 0xFF { m += 1 }  // fill bytes
            guard m < bytes.count else { break }
            let marker = bytes[m]
            let markerStart = m - 1
            switch marker {
            case 0xD9:
                segments.append(Segment(marker: marker, kind: .eoi, offset: markerStart, length: 2, payloadOffset: m + 1, payloadLength: 0))
                eoi = m + 1
                break parse
            case 0xD0...0xD7, 0x01:
                segments.append(
                    Segment(marker: marker, kind: .other, offset: markerStart, length: 2, payloadOffset: m + 1, payloadLength: 0))
                pos = m + 1
                continue
            case 0x00:
                failure = MediaError(.corrupt, "invalid JPEG marker")
                break parse
            default:
                break
            }
            guard let len = r.u16be(m + 1), len >= 2, m + 1 + len <= bytes.count else {
                failure = MediaError(.corrupt, "JPEG segment runs past the end of the file")
                break parse
            }
            let payload = m + 3
            let payloadLength = len - 2
            let kind = Self.classify(marker: marker, r: r, payload: payload, length: payloadLength)
            if kind == .jfif, let xt = r.u8(payload + 12), let yt = r.u8(payload + 13), xt * yt > 0 { jfifThumb = true }
            if kind == .jfxx { jfifThumb = true }
            segments.append(
                Segment(
                    marker: marker, kind: kind, offset: markerStart, length: len + 2, payloadOffset: payload, payloadLength: payloadLength))
            pos = m + 1 + len
            if marker == 0xDA {
                // Entropy-coded data: runs to the next marker that is not a stuffed 0xFF00 or a restart.
                let start = pos
                var i = pos
                var found = false
                bytes.withUnsafeBufferPointer { buf in
                    guard let base = buf.baseAddress else { return }
                    while i < buf.count - 1 {
                        guard let hit = memchr(base + i, 0xFF, buf.count - 1 - i) else { i = buf.count; return }
                        i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                        let next = buf[i + 1]
                        if next == 0x00 || (0xD0...0xD7).contains(next) || next == 0xFF {
                            i += 1
                            continue
                        }
                        found = true
                        return
                    }
                }
                segments.append(
                    Segment(marker: 0, kind: .entropyData, offset: start, length: i - start, payloadOffset: start, payloadLength: i - start)
                )
                guard found else {
                    failure = MediaError(.corrupt, "JPEG image data ends before its end marker")
                    break parse
                }
                pos = i
            }
        }
        if eoi == nil && failure == nil { failure = MediaError(.corrupt, "JPEG image has no end marker") }
        let end = eoi ?? bytes.count
        self.structureError = failure
        self.strayBytes = stray
        self.segments = segments
        self.endOfImage = end
        self.fileLength = bytes.count
        self.hasJFIFThumbnail = jfifThumb

        // MPF secondary images: offsets are relative to the MPF header (just after "MPF\0").
        var images: [(Int, Int)] = []
        if let mpf = segments.first(where: { $0.kind == .mpf }) {
            images = Self.mpfEntries(r, tiffStart: mpf.payloadOffset + 4, end: mpf.payloadOffset + mpf.payloadLength)
                .filter { $0.0 >= end && $0.0 + $0.1 <= bytes.count }
        }
        self.mpfImages = images
        let covered = images.map { $0.0 + $0.1 }.max() ?? end
        self.trailerLength = Swift.max(0, bytes.count - Swift.max(covered, end))
    }

    public func segments(_ kind: Segment.Kind) -> [Segment] { segments.filter { $0.kind == kind } }

    static func classify(marker: UInt8, r: ByteReader, payload: Int, length: Int) -> Segment.Kind {
        func has(_ s: String) -> Bool { length >= s.utf8.count && r.matches(s, at: payload) }
        switch marker {
        case 0xE0:
            if has("JFIF\0") { return .jfif }
            if has("JFXX\0") { return .jfxx }
            return .app
        case 0xE1:
            if has("Exif\0") { return .exif }
            if has("http://ns.adobe.com/xap/1.0/\0") { return .xmp }
            if has("http://ns.adobe.com/xmp/extension/\0") { return .xmpExtended }
            return .app
        case 0xE2:
            if has("ICC_PROFILE\0") { return .icc }
            if has("MPF\0") { return .mpf }
            return .app
        case 0xED:
            return has("Photoshop 3.0\0") ? .photoshop : .app
        case 0xEE:
            return has("Adobe") ? .adobe : .app
        case 0xE3...0xEF:
            return .app
        case 0xFE:
            return .comment
        case 0xDA:
            return .sos
        case 0xC0...0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
            return .frame
        case 0xC4, 0xDB, 0xCC:
            return .tables
        case 0xDD:
            return .restartInterval
        default:
            return .other
        }
    }

    /// Reads MP Entry records from an MPF index IFD: (absolute offset, size) of each image after the first.
    static func mpfEntries(_ r: ByteReader, tiffStart: Int, end: Int) -> [(Int, Int)] {
        let big: Bool
        if r.matches("MM", at: tiffStart) { big = true } else if r.matches("II", at: tiffStart) { big = false } else { return [] }
        guard let ifdOffset = r.u32(tiffStart + 4, bigEndian: big) else { return [] }
        let ifd = tiffStart + ifdOffset
        guard ifd < end, let count = r.u16(ifd, bigEndian: big), count < 64 else { return [] }
        var result: [(Int, Int)] = []
        for e in 0..<count {
            let entry = ifd + 2 + e * 12
            guard let tag = r.u16(entry, bigEndian: big), tag == 0xB002,
                let n = r.u32(entry + 4, bigEndian: big), let valueOffset = r.u32(entry + 8, bigEndian: big)
            else { continue }
            let records = Swift.min(n / 16, 64)
            for k in 1..<Swift.max(records, 1) {  // record 0 is the primary image
                let rec = tiffStart + valueOffset + k * 16
                guard let size = r.u32(rec + 4, bigEndian: big), let off = r.u32(rec + 8, bigEndian: big), size > 0 else { continue }
                result.append((tiffStart + off, size))
            }
        }
        return result
    }
}
