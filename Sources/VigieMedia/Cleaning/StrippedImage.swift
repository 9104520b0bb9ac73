import Foundation

/// How a cleaned copy was made.
public enum CleanMethod: String, Sendable, Codable {
    /// Container surgery: the image data (frame header, tables, compressed data) copied byte for byte.
    case lossless
    /// Decoded and encoded again in the same format without loss: the pixels are identical (TIFF).
    case reencoded
    /// Converted to another format with a lossy encoder (HEIC to JPEG): close, not identical.
    case converted
}

/// One kind of metadata removed, and how many bytes of the file it took (nil when the file was
/// rebuilt rather than cut, so the size is not measured).
public struct RemovedPart: Sendable, Codable, Equatable {
    public let kind: String
    public let bytes: Int?

    public init(kind: String, bytes: Int?) {
        self.kind = kind
        self.bytes = bytes
    }
}

/// A cleaned copy in memory, before it is verified and written.
public struct StrippedImage: Sendable {
    public let bytes: [UInt8]
    public let format: ImageFormat
    public let method: CleanMethod
    /// What was removed, by kind, in the order first met.
    public let removed: [RemovedPart]
    /// What was deliberately kept (colour profile, orientation, JFIF header...).
    public let kept: [String]
}

/// Adds up removed bytes by kind while a stripper walks a file.
struct RemovalTally {
    private(set) var parts: [RemovedPart] = []
    private(set) var kept: [String] = []

    mutating func remove(_ kind: String, _ bytes: Int?) {
        if let bytes, bytes <= 0 { return }
        if let i = parts.firstIndex(where: { $0.kind == kind }) {
            let total = bytes.flatMap { b in parts[i].bytes.map { $0 + b } }
            parts[i] = RemovedPart(kind: kind, bytes: total)
        } else {
            parts.append(RemovedPart(kind: kind, bytes: bytes))
        }
    }

    mutating func keep(_ what: String) {
        if !kept.contains(what) { kept.append(what) }
    }
}

/// The smallest EXIF structure that still says how to display the picture: a big-endian TIFF header
/// and one IFD holding only the Orientation tag. Written by the strippers when the original
/// orientation is not 1, so that a cleaned photo does not show sideways.
enum MinimalExif {
    static func tiff(orientation: Int) -> [UInt8] {
        var b: [UInt8] = Array("MM".utf8) + [0x00, 0x2A, 0x00, 0x00, 0x00, 0x08]
        b += [0x00, 0x01]  // one entry
        b += [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, UInt8(orientation & 0xFF), 0x00, 0x00]
        b += [0x00, 0x00, 0x00, 0x00]  // no next IFD
        return b
    }
}

/// Big-endian and little-endian writers for the container rewriters.
extension Array where Element == UInt8 {
    mutating func appendBE16(_ v: Int) { append(contentsOf: [UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]) }
    mutating func appendBE32(_ v: Int) {
        append(contentsOf: [UInt8((v >> 24) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)])
    }
    mutating func appendLE32(_ v: Int) {
        append(contentsOf: [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8((v >> 24) & 0xFF)])
    }
}
