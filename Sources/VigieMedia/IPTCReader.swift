import Foundation

/// One IPTC-IIM dataset (record:dataset) with its raw value.
public struct IPTCDataset: Sendable, Equatable {
    public let record: Int
    public let dataset: Int
    public let value: [UInt8]
    public var text: String {
        String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
    }
}

/// One Photoshop image resource ("8BIM" block).
public struct PhotoshopResource: Sendable, Equatable {
    public let id: Int
    public let offset: Int
    public let length: Int
}

/// Reads Photoshop image resource blocks and the IPTC-IIM records inside them.
public enum IPTCReader {
    /// Resource blocks in a Photoshop IRB (the payload of a JPEG APP13 after "Photoshop 3.0\0", or TIFF tag 34377).
    public static func resources(_ r: ByteReader, from: Int, to: Int) -> [PhotoshopResource] {
        var out: [PhotoshopResource] = []
        var p = from
        let end = Swift.min(to, r.count)
        while p + 12 <= end, out.count < 4096 {
            guard
                r.matches("8BIM", at: p) || r.matches("8B64", at: p) || r.matches("PHUT", at: p) || r.matches("AgHg", at: p)
                    || r.matches("DCSR", at: p),
                let id = r.u16be(p + 4), let nameLength = r.u8(p + 6)
            else { break }
            var q = p + 6 + 1 + nameLength
            if (1 + nameLength) % 2 == 1 { q += 1 }
            guard let size = r.u32be(q), q + 4 + size <= end else { break }
            out.append(PhotoshopResource(id: id, offset: q + 4, length: size))
            p = q + 4 + size + (size & 1)
        }
        return out
    }

    /// IIM datasets in `bytes` (the content of resource 0x0404 or TIFF tag 33723).
    public static func datasets(_ r: ByteReader, from: Int, to: Int) -> [IPTCDataset] {
        var out: [IPTCDataset] = []
        var p = from
        let end = Swift.min(to, r.count)
        while p + 5 <= end, out.count < 10_000 {
            guard r.u8(p) == 0x1C, let record = r.u8(p + 1), let dataset = r.u8(p + 2), let size = r.u16be(p + 3) else { break }
            var length = size
            var header = 5
            if size & 0x8000 != 0 {
                // Extended dataset: the low bits give the number of length bytes that follow.
                let n = size & 0x7FFF
                guard n <= 4 else { break }
                length = 0
                for i in 0..<n { length = length << 8 | (r.u8(p + 5 + i) ?? 0) }
                header += n
            }
            guard let value = r.slice(p + header, length), p + header + length <= end else { break }
            out.append(IPTCDataset(record: record, dataset: dataset, value: Array(value)))
            p += header + length
        }
        return out
    }
}
