import Foundation

/// A WebP file's RIFF chunks.
public struct WebPContainer: Sendable {
    public struct Chunk: Sendable, Equatable {
        public let fourCC: String
        /// Offset of the chunk header; the chunk spans 8 + size (+1 pad when odd) bytes.
        public let offset: Int
        public let size: Int
        public var dataOffset: Int { offset + 8 }
        public var paddedLength: Int { 8 + size + (size & 1) }
    }

    public let chunks: [Chunk]
    /// Canvas size from VP8X, or the bitstream header for simple files (0 when unknown).
    public let width: Int
    public let height: Int
    public let frameCount: Int
    /// Bytes after the RIFF payload.
    public let trailerLength: Int

    public init(_ r: ByteReader) throws {
        guard r.matches("RIFF", at: 0), r.matches("WEBP", at: 8), let riffSize = r.u32le(4) else {
            throw MediaError(.corrupt, "not a WebP stream")
        }
        let end = 8 + riffSize
        guard end <= r.count, riffSize >= 4 else { throw MediaError(.corrupt, "WebP file is shorter than its header says") }
        var pos = 12
        var chunks: [Chunk] = []
        var frames = 0
        while pos + 8 <= end {
            guard let fourCC = r.ascii(pos, 4), let size = r.u32le(pos + 4), pos + 8 + size <= end else {
                throw MediaError(.corrupt, "WebP chunk runs past the end of the file")
            }
            chunks.append(Chunk(fourCC: fourCC, offset: pos, size: size))
            if fourCC == "ANMF" { frames += 1 }
            pos += 8 + size + (size & 1)
        }
        guard chunks.contains(where: { ["VP8 ", "VP8L", "ANMF"].contains($0.fourCC) }) else {
            throw MediaError(.corrupt, "WebP file has no image data")
        }
        var width = 0
        var height = 0
        if let x = chunks.first(where: { $0.fourCC == "VP8X" }), let w = r.u24le(x.dataOffset + 4), let h = r.u24le(x.dataOffset + 7) {
            width = w + 1
            height = h + 1
        } else if let v = chunks.first(where: { $0.fourCC == "VP8 " }), let w = r.u16le(v.dataOffset + 6), let h = r.u16le(v.dataOffset + 8)
        {
            width = w & 0x3FFF
            height = h & 0x3FFF
        } else if let v = chunks.first(where: { $0.fourCC == "VP8L" }), let b = r.u32le(v.dataOffset + 1) {
            width = (b & 0x3FFF) + 1
            height = ((b >> 14) & 0x3FFF) + 1
        }
        self.chunks = chunks
        self.width = width
        self.height = height
        self.frameCount = Swift.max(frames, 1)
        self.trailerLength = r.count - end
    }

    public func chunks(_ fourCC: String) -> [Chunk] { chunks.filter { $0.fourCC == fourCC } }
}
