import Foundation

/// A GIF file's blocks: frames, comments, application extensions (XMP).
public struct GIFContainer: Sendable {
    public struct Block: Sendable, Equatable {
        public enum Kind: String, Sendable { case image, graphicControl, comment, plainText, application, unknownExtension }
        public let kind: Kind
        /// Offset of the introducer byte; the block spans `length` bytes including sub-blocks.
        public let offset: Int
        public let length: Int
        /// For application extensions, the 11-byte identifier and authentication code.
        public let application: String?
    }

    public let width: Int
    public let height: Int
    public let blocks: [Block]
    public var frameCount: Int { blocks.filter { $0.kind == .image }.count }
    /// Offset of the trailer byte (0x3B) plus one.
    public let endOfImage: Int
    public let trailerLength: Int
    /// XMP packets found in "XMP DataXMP" application extensions.
    public let xmpPackets: [[UInt8]]
    public let comments: Int

    /// Parses the block structure, refusing more than `maxFrames` frames (the limit is checked while
    /// walking so that a 40,000-frame file costs nothing to reject).
    public init(_ r: ByteReader, maxFrames: Int = 10_000) throws {
        guard r.matches("GIF8", at: 0), let w = r.u16le(6), let h = r.u16le(8), let flags = r.u8(10) else {
            throw MediaError(.corrupt, "not a GIF stream")
        }
        var pos = 13
        if flags & 0x80 != 0 { pos += 3 << ((flags & 7) + 1) }
        var blocks: [Block] = []
        var xmp: [[UInt8]] = []
        var comments = 0
        var frames = 0
        var end: Int?

        /// Skips data sub-blocks starting at `p`; returns the offset after the terminator.
        func skipSubBlocks(_ start: Int) throws -> Int {
            var p = start
            while true {
                guard let n = r.u8(p) else { throw MediaError(.corrupt, "GIF data runs past the end of the file") }
                p += 1
                if n == 0 { return p }
                p += n
            }
        }

        while end == nil {
            guard let introducer = r.u8(pos) else { throw MediaError(.corrupt, "GIF stream has no trailer") }
            switch introducer {
            case 0x3B:
                end = pos + 1
            case 0x2C:
                frames += 1
                if frames > maxFrames { throw MediaError(.tooLarge, "more frames than the limit") }
                guard let lflags = r.u8(pos + 9) else { throw MediaError(.corrupt, "truncated GIF frame") }
                var p = pos + 10
                if lflags & 0x80 != 0 { p += 3 << ((lflags & 7) + 1) }
                p += 1  // LZW minimum code size
                p = try skipSubBlocks(p)
                blocks.append(Block(kind: .image, offset: pos, length: p - pos, application: nil))
                pos = p
            case 0x21:
                guard let label = r.u8(pos + 1) else { throw MediaError(.corrupt, "truncated GIF extension") }
                var app: String?
                let kind: Block.Kind
                switch label {
                case 0xF9: kind = .graphicControl
                case 0xFE: kind = .comment; comments += 1
                case 0x01: kind = .plainText
                case 0xFF:
                    kind = .application
                    if r.u8(pos + 2) == 11 { app = r.ascii(pos + 3, 11) }
                default: kind = .unknownExtension
                }
                let p = try skipSubBlocks(pos + 2)
                if app == "XMP DataXMP", let raw = r.slice(pos + 14, p - pos - 14) {
                    // XMP is stored raw (its bytes double as sub-block lengths): cut the packet out.
                    let bytes = Array(raw)
                    if let s = bytes.firstIndex(of: Array("<?xpacket begin".utf8)) ?? bytes.firstIndex(of: Array("<x:xmpmeta".utf8)) {
                        let endTag = Array("<?xpacket end".utf8)
                        var e = bytes.count
                        if let t = bytes.firstIndex(of: endTag, from: s), let close = bytes.firstIndex(of: Array("?>".utf8), from: t) {
                            e = close + 2
                        }
                        xmp.append(Array(bytes[s..<e]))
                    }
                }
                blocks.append(Block(kind: kind, offset: pos, length: p - pos, application: app))
                pos = p
            default:
                throw MediaError(.corrupt, "unknown GIF block")
            }
        }
        self.width = w
        self.height = h
        self.blocks = blocks
        self.endOfImage = end ?? r.count
        self.trailerLength = r.count - (end ?? r.count)
        self.xmpPackets = xmp
        self.comments = comments
    }
}
