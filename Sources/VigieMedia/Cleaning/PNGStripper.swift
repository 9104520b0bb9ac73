import CZlib
import Foundation

/// Lossless PNG cleaning: chunks are copied or dropped, never decoded. Kept: what decoding and colour
/// need (IHDR, PLTE, IDAT, IEND, tRNS, iCCP, sRGB, gAMA, cHRM, cICP, mDCV, cLLI, sBIT, pHYs, bKGD) and
/// APNG animation (acTL, fcTL, fdAT); an eXIf holding only the orientation when it was not 1.
/// Removed: text chunks (tEXt, zTXt, iTXt: XMP lives there), eXIf, tIME, private and unknown ancillary
/// chunks, and bytes after IEND. Unknown critical chunks are kept (a decoder needs them or fails).
public enum PNGStripper {
    static let imageChunks: Set<String> = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "acTL", "fcTL", "fdAT"]
    static let colourChunks: Set<String> = ["iCCP", "sRGB", "gAMA", "cHRM", "cICP", "mDCV", "cLLI", "sBIT", "pHYs", "bKGD"]

    public static func strip(_ r: ByteReader, orientation: Int) throws -> StrippedImage {
        let png = try PNGContainer(r)
        if let failure = png.structureError { throw failure }
        var out: [UInt8] = PNGContainer.signature
        out.reserveCapacity(r.count)
        var tally = RemovalTally()
        var orientationWritten = false

        func writeOrientation() {
            guard !orientationWritten else { return }
            orientationWritten = true
            guard (2...8).contains(orientation) else { return }
            out += chunk("eXIf", MinimalExif.tiff(orientation: orientation))
            tally.keep("orientation")
        }

        for c in png.chunks {
            let whole = r.bytes[c.offset..<(c.offset + c.totalLength)]
            if c.type == "IDAT" || c.type == "IEND" || c.type == "fdAT" { writeOrientation() }
            if imageChunks.contains(c.type) || colourChunks.contains(c.type) || c.isCritical {
                out += whole
                if c.type == "iCCP" { tally.keep("ICC profile") }
                if c.type == "sRGB" || c.type == "gAMA" || c.type == "cHRM" || c.type == "cICP" { tally.keep("colour space") }
                continue
            }
            switch c.type {
            case "tEXt", "zTXt", "iTXt":
                let isXMP = r.matches("XML:com.adobe.xmp\0", at: c.dataOffset)
                tally.remove(isXMP ? "XMP" : "text chunks", c.totalLength)
            case "eXIf": tally.remove("EXIF", c.totalLength)
            case "tIME": tally.remove("modification time", c.totalLength)
            default: tally.remove(c.isPrivate ? "private chunks" : "other ancillary chunks", c.totalLength)
            }
        }
        tally.remove("data after the end of the image", png.trailerLength)
        return StrippedImage(bytes: out, format: .png, method: .lossless, removed: tally.parts, kept: tally.kept)
    }

    /// Chunks that decide the pixels and colours, in order.
    public static func imageData(_ r: ByteReader) throws -> [ArraySlice<UInt8>] {
        let png = try PNGContainer(r)
        if let failure = png.structureError { throw failure }
        return png.chunks.filter { imageChunks.contains($0.type) || colourChunks.contains($0.type) || $0.isCritical }
            .map { r.bytes[$0.offset..<($0.offset + $0.totalLength)] }
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.appendBE32(data.count)
        let typeAndData = Array(type.utf8) + data
        out += typeAndData
        let crc = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        out.appendBE32(Int(crc))
        return out
    }
}
