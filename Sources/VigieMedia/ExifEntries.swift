import Foundation

/// Which image file directory an EXIF entry came from.
public enum ExifDirectory: String, Sendable, Codable {
    case ifd0, exif, gps, interoperability, ifd1
}

/// One EXIF/TIFF entry with its raw value bytes, as any reader (libexif or the TIFF walker) found it.
public struct ExifEntry: Sendable, Equatable {
    public let directory: ExifDirectory
    public let tag: UInt16
    /// TIFF field type (1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL, 7 UNDEFINED, 9 SLONG, 10 SRATIONAL...).
    public let type: UInt16
    public let count: Int
    public let value: [UInt8]
    public let bigEndian: Bool

    public init(directory: ExifDirectory, tag: UInt16, type: UInt16, count: Int, value: [UInt8], bigEndian: Bool) {
        self.directory = directory
        self.tag = tag
        self.type = type
        self.count = count
        self.value = value
        self.bigEndian = bigEndian
    }

    /// Unsigned integer value of a BYTE, SHORT or LONG entry's `index`th component.
    public func integer(_ index: Int = 0) -> Int? {
        let r = ByteReader(value)
        switch type {
        case 1, 7: return r.u8(index)
        case 3: return r.u16(index * 2, bigEndian: bigEndian)
        case 4, 9, 13: return r.u32(index * 4, bigEndian: bigEndian)
        default: return nil
        }
    }

    /// The `index`th RATIONAL component as (numerator, denominator).
    public func rational(_ index: Int) -> (Int, Int)? {
        guard type == 5 || type == 10 else { return nil }
        let r = ByteReader(value)
        guard let n = r.u32(index * 8, bigEndian: bigEndian), let d = r.u32(index * 8 + 4, bigEndian: bigEndian) else { return nil }
        return (n, d)
    }

    /// Text of an ASCII (or UTF-16 XP*) entry, trimmed; empty when blank.
    public var text: String {
        let bytes: [UInt8]
        if type == 1 && (0x9C9B...0x9C9F).contains(tag) {
            // Windows XP tags: UTF-16LE in BYTE arrays.
            var units: [UInt16] = []
            var i = 0
            while i + 1 < value.count {
                units.append(UInt16(value[i]) | UInt16(value[i + 1]) << 8)
                i += 2
            }
            return String(decoding: units, as: UTF16.self).trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
        }
        if type == 7 && tag == 0x9286, value.count >= 8 {
            // UserComment: 8-byte character code, then the text.
            bytes = Array(value.dropFirst(8))
        } else {
            bytes = value
        }
        let cut = bytes.prefix { $0 != 0 }
        return String(decoding: cut, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
    }
}

/// EXIF entries read through libexif from an EXIF blob ("Exif\0\0" + TIFF structure, or TIFF alone).
public enum ExifBlobReader {
    /// Reads `blob`. Returns nil when libexif finds no EXIF structure in it.
    public static func read(_ blob: [UInt8]) -> (entries: [ExifEntry], thumbnail: [UInt8]?)? {
        var data = blob
        // Accept a bare TIFF structure, and the HEIF form with a 4-byte offset in front.
        let r = ByteReader(blob)
        if !r.matches("Exif\0\0", at: 0) {
            if r.matches("II*\0", at: 0) || r.matches("MM\0*", at: 0) {
                data = Array("Exif\0\0".utf8) + blob
            } else if let off = r.u32be(0), off < 64, r.matches("Exif\0\0", at: 4 + off) {
                data = Array(blob[(4 + off)...])
            } else if let off = r.u32be(0), off < 64, r.matches("II*\0", at: 4 + off) || r.matches("MM\0*", at: 4 + off) {
                data = Array("Exif\0\0".utf8) + blob[(4 + off)...]
            } else if let i = blob.prefix(64).map({ $0 }).firstIndex(of: Array("Exif\0\0".utf8)) {
                data = Array(blob[i...])
            } else {
                return nil
            }
        }
        guard let handle = ExifDataHandle(data) else { return nil }
        return (handle.entries(), handle.thumbnail())
    }
}
