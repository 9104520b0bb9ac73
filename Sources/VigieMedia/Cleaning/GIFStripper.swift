import Foundation

/// Lossless GIF cleaning: blocks are copied or dropped, the LZW data is never touched. Kept: the
/// header, colour tables, frames, graphic control and plain-text extensions (they draw), the
/// NETSCAPE/ANIMEXTS looping extension and an ICC profile extension. Removed: comments, XMP and other
/// application extensions, unknown extensions and bytes after the trailer.
public enum GIFStripper {
    static let keptApplications: Set<String> = ["NETSCAPE2.0", "ANIMEXTS1.0", "ICCRGBG1012"]

    static func kept(_ b: GIFContainer.Block) -> Bool {
        switch b.kind {
        case .image, .graphicControl, .plainText: true
        case .application: b.application.map { keptApplications.contains($0) } ?? false
        case .comment, .unknownExtension: false
        }
    }

    public static func strip(_ r: ByteReader, maxFrames: Int) throws -> StrippedImage {
        let gif = try GIFContainer(r, maxFrames: maxFrames)
        let headerEnd = gif.blocks.first?.offset ?? (gif.endOfImage - 1)
        var out = Array(r.bytes[0..<headerEnd])
        out.reserveCapacity(r.count)
        var tally = RemovalTally()
        for b in gif.blocks {
            if kept(b) {
                out += r.bytes[b.offset..<(b.offset + b.length)]
                if b.application == "ICCRGBG1012" { tally.keep("ICC profile") }
                continue
            }
            switch b.kind {
            case .comment: tally.remove("comment", b.length)
            case .application: tally.remove(b.application == "XMP DataXMP" ? "XMP" : "application extensions", b.length)
            default: tally.remove("unknown extensions", b.length)
            }
        }
        out.append(0x3B)
        tally.remove("data after the end of the image", gif.trailerLength)
        return StrippedImage(bytes: out, format: .gif, method: .lossless, removed: tally.parts, kept: tally.kept)
    }

    public static func imageData(_ r: ByteReader, maxFrames: Int) throws -> [ArraySlice<UInt8>] {
        let gif = try GIFContainer(r, maxFrames: maxFrames)
        let headerEnd = gif.blocks.first?.offset ?? (gif.endOfImage - 1)
        return [r.bytes[0..<headerEnd]] + gif.blocks.filter(kept).map { r.bytes[$0.offset..<($0.offset + $0.length)] }
    }
}
