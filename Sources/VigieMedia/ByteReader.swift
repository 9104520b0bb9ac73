import Foundation

/// Bounds-checked reads over a byte buffer. Every read returns nil past the end instead of trapping,
/// so hostile offsets and lengths in a file become "malformed", never a crash.
public struct ByteReader: Sendable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ data: Data) { self.bytes = [UInt8](data) }

    public var count: Int { bytes.count }

    @inline(__always)
    public func u8(_ at: Int) -> Int? {
        guard at >= 0, at < bytes.count else { return nil }
        return Int(bytes[at])
    }

    public func u16be(_ at: Int) -> Int? {
        guard at >= 0, at <= bytes.count - 2 else { return nil }
        return Int(bytes[at]) << 8 | Int(bytes[at + 1])
    }

    public func u16le(_ at: Int) -> Int? {
        guard at >= 0, at <= bytes.count - 2 else { return nil }
        return Int(bytes[at + 1]) << 8 | Int(bytes[at])
    }

    public func u16(_ at: Int, bigEndian: Bool) -> Int? { bigEndian ? u16be(at) : u16le(at) }

    public func u24le(_ at: Int) -> Int? {
        guard at >= 0, at <= bytes.count - 3 else { return nil }
        return Int(bytes[at + 2]) << 16 | Int(bytes[at + 1]) << 8 | Int(bytes[at])
    }

    public func u32be(_ at: Int) -> Int? {
        guard at >= 0, at <= bytes.count - 4 else { return nil }
        return Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }

    public func u32le(_ at: Int) -> Int? {
        guard at >= 0, at <= bytes.count - 4 else { return nil }
        return Int(bytes[at + 3]) << 24 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 1]) << 8 | Int(bytes[at])
    }

    public func u32(_ at: Int, bigEndian: Bool) -> Int? { bigEndian ? u32be(at) : u32le(at) }

    public func u64be(_ at: Int) -> UInt64? {
        guard let hi = u32be(at), let lo = u32be(at + 4) else { return nil }
        return UInt64(hi) << 32 | UInt64(lo)
    }

    /// The bytes in `range`, or nil when the range is not inside the buffer.
    public func slice(_ start: Int, _ length: Int) -> ArraySlice<UInt8>? {
        guard start >= 0, length >= 0, start <= bytes.count, length <= bytes.count - start else { return nil }
        return bytes[start..<(start + length)]
    }

    /// True when the bytes at `at` equal `prefix`.
    public func matches(_ prefix: [UInt8], at: Int) -> Bool {
        guard at >= 0, at <= bytes.count - prefix.count else { return false }
        for i in 0..<prefix.count where bytes[at + i] != prefix[i] { return false }
        return true
    }

    public func matches(_ ascii: String, at: Int) -> Bool { matches(Array(ascii.utf8), at: at) }

    /// Latin-1 text of a slice (metadata keys are ASCII; this never fails).
    public func ascii(_ start: Int, _ length: Int) -> String? {
        guard let s = slice(start, length) else { return nil }
        return String(decoding: s.map { $0 }, as: Unicode.ASCII.self)
    }
}

extension Array where Element == UInt8 {
    /// Index of the first occurrence of `needle` at or after `from`.
    func firstIndex(of needle: [UInt8], from: Int = 0) -> Int? {
        guard !needle.isEmpty, count >= needle.count else { return nil }
        var i = Swift.max(0, from)
        let last = count - needle.count
        while i <= last {
            if self[i] == needle[0] {
                var ok = true
                for j in 1..<needle.count where self[i + j] != needle[j] {
                    ok = false
                    break
                }
                if ok { return i }
            }
            i += 1
        }
        return nil
    }
}
