import Foundation

/// A PNG file's chunks, read without decoding pixels.
public struct PNGContainer: Sendable {
    public struct Chunk: Sendable, Equatable {
        public let type: String
        /// Offset of the chunk's length field; the chunk spans `length + 12` bytes.
        public let offset: Int
        public let dataLength: Int
        public var dataOffset: Int { offset + 8 }
        public var totalLength: Int { dataLength + 12 }
        /// Ancillary chunks have a lower-case first letter; private ones a lower-case second letter.
        public var isCritical: Bool { type.first.map { $0.isUppercase } ?? true }
        public var isPrivate: Bool { type.dropFirst().first.map { $0.isLowercase } ?? false }
    }

    /// A text chunk's keyword and its (decompressed) text.
    public struct TextEntry: Sendable {
        public let chunk: String
        public let keyword: String
        public let text: String
    }

    public let chunks: [Chunk]
    public let width: Int
    public let height: Int
    public let frameCount: Int
    /// Bytes after IEND.
    public let trailerLength: Int
    public let text: [TextEntry]
    /// Text chunks that could not be decompressed or decoded (still metadata, still stripped).
    public let unreadableTextChunks: Int
    /// Set when the chunk structure breaks before IEND; the chunks before the break are listed.
    public let structureError: MediaError?

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    public init(_ r: ByteReader, textLimit: Int = 4 << 20) throws {
        guard r.matches(Self.signature, at: 0) else { throw MediaError(.corrupt, "not a PNG stream") }
        var pos = 8
        var chunks: [Chunk] = []
        var text: [TextEntry] = []
        var unreadable = 0
        var textBytes = 0
        var ended = false
        var frames = 1
        var failure: MediaError?
        while pos < r.count {
            guard let length = r.u32be(pos), length <= 0x7FFF_FFFF, let type = r.ascii(pos + 4, 4),
                pos + 12 + length <= r.count
            else {
                failure = MediaError(.corrupt, "PNG chunk runs past the end of the file")
                break
            }
            guard type.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                failure = MediaError(.corrupt, "invalid PNG chunk type")
                break
            }
            let chunk = Chunk(type: type, offset: pos, dataLength: length)
            chunks.append(chunk)
            switch type {
            case "tEXt", "zTXt", "iTXt":
                // Each chunk inflates to at most `textLimit`, and all of them together to at most four
                // times that: a few kilobytes of zTXt can claim megabytes each (found by fuzzing).
                // What is past the budget is not read, and counts as unreadable (fail closed).
                if textBytes < 4 * textLimit,
                    let entry = try? Self.readText(r, chunk, limit: Swift.min(textLimit, 4 * textLimit - textBytes))
                {
                    text.append(entry)
                    textBytes += entry.text.utf8.count
                } else {
                    unreadable += 1
                }
            case "acTL":
                frames = Swift.max(1, r.u32be(chunk.dataOffset) ?? 1)
            default: break
            }
            pos += 12 + length
            if type == "IEND" {
                ended = true
                break
            }
        }
        if !ended && failure == nil { failure = MediaError(.corrupt, "PNG stream has no IEND chunk") }
        guard let first = chunks.first, first.type == "IHDR", let w = r.u32be(first.dataOffset), let h = r.u32be(first.dataOffset + 4)
        else {
            throw MediaError(.corrupt, "PNG stream does not start with IHDR")
        }
        self.chunks = chunks
        self.width = w
        self.height = h
        self.frameCount = frames
        self.trailerLength = ended ? r.count - pos : 0
        self.structureError = failure
        self.text = text
        self.unreadableTextChunks = unreadable
    }

    public func chunks(_ type: String) -> [Chunk] { chunks.filter { $0.type == type } }

    static func readText(_ r: ByteReader, _ chunk: Chunk, limit: Int) throws -> TextEntry {
        guard let data = r.slice(chunk.dataOffset, chunk.dataLength) else { throw MediaError(.corrupt, "text chunk") }
        guard let nul = data.firstIndex(of: 0) else { throw MediaError(.corrupt, "text chunk without keyword") }
        let keyword = String(decoding: data[data.startIndex..<nul], as: Unicode.ASCII.self)
        var rest = data[(nul + 1)...]
        let body: [UInt8]
        switch chunk.type {
        case "tEXt":
            body = Array(rest)
        case "zTXt":
            guard rest.first == 0 else { throw MediaError(.corrupt, "unknown compression") }
            body = try Inflate.inflate(rest.dropFirst(), limit: limit)
        default:  // iTXt: flag, method, language\0, translated keyword\0, text
            guard rest.count >= 2 else { throw MediaError(.corrupt, "iTXt") }
            let compressed = rest[rest.startIndex] == 1
            rest = rest.dropFirst(2)
            guard let langEnd = rest.firstIndex(of: 0) else { throw MediaError(.corrupt, "iTXt") }
            rest = rest[(langEnd + 1)...]
            guard let transEnd = rest.firstIndex(of: 0) else { throw MediaError(.corrupt, "iTXt") }
            rest = rest[(transEnd + 1)...]
            body = compressed ? try Inflate.inflate(rest, limit: limit) : Array(rest)
        }
        let text = chunk.type == "iTXt" ? String(decoding: body, as: UTF8.self) : latin1String(body)
        return TextEntry(chunk: chunk.type, keyword: keyword, text: text)
    }
}

/// ISO 8859-1 text: every byte is the code point of the same value (PNG tEXt and zTXt).
func latin1String<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    var s = String.UnicodeScalarView()
    for b in bytes { s.append(Unicode.Scalar(b)) }
    return String(s)
}
