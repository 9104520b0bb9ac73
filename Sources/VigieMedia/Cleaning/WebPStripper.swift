import Foundation

/// Lossless WebP cleaning: the RIFF container is rewritten without EXIF, XMP and unknown chunks; the
/// VP8X flags and the RIFF size are corrected; ICCP, ANIM, ANMF, ALPH, VP8 and VP8L are copied byte
/// for byte. A minimal EXIF with the orientation is kept when the original's was not 1.
public enum WebPStripper {
    static let imageChunks: Set<String> = ["VP8 ", "VP8L", "ALPH", "ANIM", "ANMF", "ICCP"]
    static let exifFlag: UInt8 = 0x08
    static let xmpFlag: UInt8 = 0x04

    public static func strip(_ r: ByteReader, orientation: Int) throws -> StrippedImage {
        let webp = try WebPContainer(r)
        var body: [UInt8] = []
        body.reserveCapacity(r.count)
        var tally = RemovalTally()
        let hasVP8X = webp.chunks.first?.fourCC == "VP8X"
        let writeOrientation = hasVP8X && (2...8).contains(orientation)

        for c in webp.chunks {
            let whole = r.bytes[c.offset..<Swift.min(c.offset + c.paddedLength, r.count)]
            switch c.fourCC {
            case "VP8X":
                var chunk = Array(whole)
                chunk[8] &= ~(exifFlag | xmpFlag)
                if writeOrientation { chunk[8] |= exifFlag }
                body += chunk
            case let k where imageChunks.contains(k):
                body += whole
                if k == "ICCP" { tally.keep("ICC profile") }
            case "EXIF": tally.remove("EXIF", whole.count)
            case "XMP ": tally.remove("XMP", whole.count)
            default: tally.remove("unknown chunks", whole.count)
            }
        }
        if writeOrientation {
            let exif = MinimalExif.tiff(orientation: orientation)
            body += Array("EXIF".utf8)
            body.appendLE32(exif.count)
            body += exif
            if exif.count & 1 == 1 { body.append(0) }
            tally.keep("orientation")
        }
        tally.remove("data after the end of the image", webp.trailerLength)
        var out: [UInt8] = Array("RIFF".utf8)
        out.appendLE32(body.count + 4)
        out += Array("WEBP".utf8)
        out += body
        return StrippedImage(bytes: out, format: .webp, method: .lossless, removed: tally.parts, kept: tally.kept)
    }

    /// The chunks that decide pixels and colours, plus the canvas size and the VP8X flags other than
    /// EXIF and XMP.
    public static func imageData(_ r: ByteReader) throws -> [ArraySlice<UInt8>] {
        let webp = try WebPContainer(r)
        var parts: [ArraySlice<UInt8>] = []
        for c in webp.chunks {
            if c.fourCC == "VP8X", let canvas = r.slice(c.dataOffset, 10) {
                let flags = canvas[canvas.startIndex] & ~(exifFlag | xmpFlag)
                parts.append([flags][...])
                parts.append(canvas.dropFirst())
            } else if imageChunks.contains(c.fourCC), let whole = r.slice(c.offset, 8 + c.size) {
                parts.append(whole)
            }
        }
        return parts
    }
}
