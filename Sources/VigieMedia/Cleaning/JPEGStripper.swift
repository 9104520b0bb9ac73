import Foundation

/// Lossless JPEG cleaning by segment surgery: no decoding, no re-encoding. The frame header, the
/// quantisation and Huffman tables, the scan headers and the entropy-coded data are copied byte for
/// byte, so the decoded pixels cannot change.
///
/// Kept: JFIF APP0 (without its thumbnail), every ICC_PROFILE APP2 chunk in order, Adobe APP14 (it
/// says how the colour channels decode), and a minimal EXIF holding only the Orientation tag when the
/// original's is not 1. Removed: EXIF, XMP and extended XMP, Photoshop/IPTC APP13, comments, JFXX
/// thumbnails, vendor APPn, MPF and the secondary images it points to, stray bytes and anything after EOI.
public enum JPEGStripper {
    public static func strip(_ r: ByteReader, orientation: Int) throws -> StrippedImage {
        let jpeg = try JPEGContainer(r)
        if let failure = jpeg.structureError { throw failure }
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var tally = RemovalTally()
        var exifWritten = false
        let bytes = r.bytes

        /// The minimal EXIF goes after JFIF APP0 (which must come first) and before anything else.
        func writeOrientationIfNeeded() {
            guard !exifWritten else { return }
            exifWritten = true
            guard (2...8).contains(orientation) else { return }
            let payload = Array("Exif".utf8) + [0, 0] + MinimalExif.tiff(orientation: orientation)
            out += [0xFF, 0xE1]
            out.appendBE16(payload.count + 2)
            out += payload
            tally.keep("orientation")
        }
        func copy(_ s: JPEGContainer.Segment) { out += bytes[s.offset..<(s.offset + s.length)] }

        for s in jpeg.segments {
            switch s.kind {
            case .soi:
                out += [0xFF, 0xD8]
            case .jfif:
                // Version, units and density (14 bytes after the identifier); the thumbnail is dropped.
                if s.payloadLength > 14 {
                    out += [0xFF, 0xE0]
                    out.appendBE16(16)
                    out += bytes[s.payloadOffset..<(s.payloadOffset + 12)]
                    out += [0, 0]
                    tally.remove("JFIF thumbnail", s.payloadLength - 14)
                } else {
                    copy(s)
                }
                tally.keep("JFIF header")
            case .jfxx: tally.remove("JFIF thumbnail", s.length)
            case .exif: tally.remove("EXIF", s.length)
            case .xmp: tally.remove("XMP", s.length)
            case .xmpExtended: tally.remove("extended XMP", s.length)
            case .photoshop: tally.remove("Photoshop/IPTC", s.length)
            case .comment: tally.remove("comment", s.length)
            case .mpf: tally.remove("MPF index and secondary images", s.length)
            case .app: tally.remove("vendor APP\(Int(s.marker) - 0xE0)", s.length)
            case .icc:
                writeOrientationIfNeeded()
                copy(s)
                tally.keep("ICC profile")
            case .adobe:
                writeOrientationIfNeeded()
                copy(s)
                tally.keep("Adobe colour transform")
            case .frame, .tables, .restartInterval, .sos, .entropyData, .other, .eoi:
                writeOrientationIfNeeded()
                copy(s)
            }
        }
        tally.remove("MPF index and secondary images", jpeg.mpfImages.reduce(0) { $0 + $1.length })
        tally.remove("data after the end of the image", jpeg.trailerLength)
        tally.remove("stray bytes between segments", jpeg.strayBytes)
        return StrippedImage(bytes: out, format: .jpeg, method: .lossless, removed: tally.parts, kept: tally.kept)
    }

    /// What decides the decoded pixels: every segment from the frame header to EOI except metadata,
    /// plus ICC and Adobe segments. Equal lists mean equal pixels and colours.
    public static func imageData(_ r: ByteReader) throws -> [ArraySlice<UInt8>] {
        let jpeg = try JPEGContainer(r)
        if let failure = jpeg.structureError { throw failure }
        return jpeg.segments.filter {
            switch $0.kind {
            case .frame, .tables, .restartInterval, .sos, .entropyData, .other, .eoi, .icc, .adobe: true
            default: false
            }
        }.map { r.bytes[$0.offset..<($0.offset + $0.length)] }
    }
}
