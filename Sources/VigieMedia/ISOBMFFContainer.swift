import Foundation

/// The item structure of a HEIF or AVIF file (ISO/IEC 23008-12): which items exist, which are
/// thumbnails, and where the Exif and XMP items' bytes are.
public struct ISOBMFFContainer: Sendable {
    public struct Box: Sendable, Equatable {
        public let type: String
        public let offset: Int
        public let size: Int
        public let headerSize: Int
        public var dataOffset: Int { offset + headerSize }
        public var dataSize: Int { size - headerSize }
    }

    public struct Item: Sendable, Equatable {
        public let id: Int
        public let type: String
        public let contentType: String?
    }

    public let topLevel: [Box]
    public let items: [Item]
    public let primaryItem: Int?
    /// Item ids that are thumbnails of another item ('thmb' references).
    public let thumbnailItems: [Int]
    /// File extents of each item (construction method 0 only), by item id.
    public let extents: [Int: [(offset: Int, length: Int)]]
    /// Bytes after the last top-level box that are not a box.
    public let trailerLength: Int

    public init(_ r: ByteReader) throws {
        let top = try Self.boxes(r, from: 0, to: r.count, limit: 4096)
        guard top.first?.type == "ftyp" else { throw MediaError(.corrupt, "not an ISO media file") }
        guard let meta = top.first(where: { $0.type == "meta" }) else { throw MediaError(.corrupt, "HEIF file has no meta box") }
        // meta is a full box: version and flags, then child boxes.
        let children = try Self.boxes(r, from: meta.dataOffset + 4, to: meta.offset + meta.size, limit: 4096)
        var items: [Item] = []
        var thumbs: [Int] = []
        var primary: Int?
        var extents: [Int: [(Int, Int)]] = [:]
        for child in children {
            switch child.type {
            case "pitm":
                let v = r.u8(child.dataOffset) ?? 0
                primary = v == 0 ? r.u16be(child.dataOffset + 4) : r.u32be(child.dataOffset + 4)
            case "iinf":
                items = Self.itemInfos(r, child)
            case "iref":
                thumbs = Self.references(r, child, type: "thmb")
            case "iloc":
                extents = Self.locations(r, child)
            default: break
            }
        }
        self.topLevel = top
        self.items = items
        self.primaryItem = primary
        self.thumbnailItems = thumbs
        self.extents = extents.mapValues { $0.map { (offset: $0.0, length: $0.1) } }
        let end = top.last.map { $0.offset + $0.size } ?? r.count
        self.trailerLength = r.count - end
    }

    /// Concatenated bytes of an item, or nil when it is not stored as plain file extents or is larger than `limit`.
    public func data(of itemID: Int, in r: ByteReader, limit: Int = 16 << 20) -> [UInt8]? {
        guard let parts = extents[itemID], !parts.isEmpty else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard out.count + part.length <= limit, let s = r.slice(part.offset, part.length) else { return nil }
            out.append(contentsOf: s)
        }
        return out
    }

    public var exifItems: [Int] { items.filter { $0.type == "Exif" }.map(\.id) }
    public var xmpItems: [Int] {
        items.filter { $0.type == "mime" && ($0.contentType ?? "").lowercased().contains("rdf+xml") }.map(\.id)
    }

    static func boxes(_ r: ByteReader, from: Int, to: Int, limit: Int) throws -> [Box] {
        var result: [Box] = []
        var pos = from
        let end = Swift.min(to, r.count)
        while pos + 8 <= end {
            guard result.count < limit else { throw MediaError(.corrupt, "too many boxes") }
            let (type, size, header) = try BoxWalker.header(r, at: pos, available: end - pos)
            guard size <= end - pos else { throw MediaError(.corrupt, "box runs past its parent") }
            result.append(Box(type: type, offset: pos, size: size, headerSize: header))
            pos += size
        }
        return result
    }

    static func cString(_ r: ByteReader, _ at: Int, end: Int) -> (String, Int) {
        var p = at
        while p < end, let b = r.u8(p), b != 0 { p += 1 }
        return (r.ascii(at, p - at) ?? "", p + 1)
    }

    static func itemInfos(_ r: ByteReader, _ box: Box) -> [Item] {
        guard let version = r.u8(box.dataOffset) else { return [] }
        let countOffset = box.dataOffset + 4
        let start = countOffset + (version == 0 ? 2 : 4)
        guard let entries = try? boxes(r, from: start, to: box.offset + box.size, limit: 65_536) else { return [] }
        var items: [Item] = []
        for infe in entries where infe.type == "infe" {
            guard let v = r.u8(infe.dataOffset), v >= 2 else { continue }
            var p = infe.dataOffset + 4
            guard let id = v == 2 ? r.u16be(p) : r.u32be(p) else { continue }
            p += v == 2 ? 2 : 4
            p += 2  // protection index
            guard let type = r.ascii(p, 4) else { continue }
            p += 4
            let end = infe.offset + infe.size
            let (_, afterName) = cString(r, p, end: end)
            var contentType: String?
            if type == "mime", afterName < end { contentType = cString(r, afterName, end: end).0 }
            items.append(Item(id: id, type: type, contentType: contentType))
        }
        return items
    }

    static func references(_ r: ByteReader, _ box: Box, type wanted: String) -> [Int] {
        guard let version = r.u8(box.dataOffset),
            let refs = try? boxes(r, from: box.dataOffset + 4, to: box.offset + box.size, limit: 65_536)
        else { return [] }
        var ids: [Int] = []
        for ref in refs where ref.type == wanted {
            if let from = version == 0 ? r.u16be(ref.dataOffset) : r.u32be(ref.dataOffset) { ids.append(from) }
        }
        return ids
    }

    static func locations(_ r: ByteReader, _ box: Box) -> [Int: [(Int, Int)]] {
        var p = box.dataOffset
        guard let version = r.u8(p), let sizes = r.u16be(p + 4) else { return [:] }
        p += 6
        let offsetSize = sizes >> 12
        let lengthSize = (sizes >> 8) & 0xF
        let baseSize = (sizes >> 4) & 0xF
        let indexSize = version >= 1 ? sizes & 0xF : 0
        guard let count = version < 2 ? r.u16be(p) : r.u32be(p) else { return [:] }
        p += version < 2 ? 2 : 4
        func read(_ n: Int) -> Int? {
            defer { p += n }
            switch n {
            case 0: return 0
            case 4: return r.u32be(p)
            case 8: return r.u64be(p).flatMap { $0 <= UInt64(Int.max) ? Int($0) : nil }
            default: return nil
            }
        }
        var result: [Int: [(Int, Int)]] = [:]
        for _ in 0..<Swift.min(count, 65_536) {
            guard let id = version < 2 ? r.u16be(p) : r.u32be(p) else { break }
            p += version < 2 ? 2 : 4
            var method = 0
            if version >= 1 {
                method = (r.u16be(p) ?? 0) & 0xF
                p += 2
            }
            p += 2  // data reference index
            guard let base = read(baseSize), let extentCount = r.u16be(p) else { break }
            p += 2
            var parts: [(Int, Int)] = []
            for _ in 0..<extentCount {
                if indexSize > 0 { guard read(indexSize) != nil else { return result } }
                guard let off = read(offsetSize), let len = read(lengthSize) else { return result }
                parts.append((base + off, len))
            }
            if method == 0 { result[id] = parts }
        }
        return result
    }
}
