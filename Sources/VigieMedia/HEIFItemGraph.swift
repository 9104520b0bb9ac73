import Foundation

/// What a HEIF file's meta box says about its items, as needed to plan a decode (ISO/IEC 23008-12):
/// item types, their properties (`ipco`) and which apply to which item (`ipma`), references (`iref`),
/// where each item's bytes are (`iloc`, construction methods 0 and 1) and the `idat` box.
///
/// The file is hostile: every count and size is checked against the bytes there are, and every
/// read goes through `ByteReader`, so a broken structure is an error or a missing piece, never a
/// crash or a large allocation.
public struct HEIFItemGraph: Sendable {
    public struct Association: Sendable, Equatable {
        /// 1-based index in `properties` (0: none).
        public let index: Int
        public let essential: Bool
    }

    public struct Location: Sendable {
        /// 0: file offsets; 1: offsets in the `idat` box; 2 (item offsets) is not followed.
        public let method: Int
        public let extents: [(offset: Int, length: Int)]
    }

    public let primary: Int?
    public let itemTypes: [Int: String]
    /// The `ipco` children, in order (index i + 1 in associations).
    public let properties: [ISOBMFFContainer.Box]
    public let associations: [Int: [Association]]
    /// Reference type -> from item -> to items, in file order.
    public let references: [String: [Int: [Int]]]
    public let locations: [Int: Location]
    public let idat: ISOBMFFContainer.Box?

    /// Most items, properties and references read; more is a broken (or hostile) file.
    static let maxEntries = 65_536

    public init(_ r: ByteReader) throws {
        let top = try ISOBMFFContainer.boxes(r, from: 0, to: r.count, limit: 4096)
        guard top.first?.type == "ftyp" else { throw MediaError(.corrupt, "not an ISO media file") }
        guard let meta = top.first(where: { $0.type == "meta" }) else { throw MediaError(.corrupt, "HEIF file has no meta box") }
        let children = try ISOBMFFContainer.boxes(r, from: meta.dataOffset + 4, to: meta.offset + meta.size, limit: 4096)
        var primary: Int?
        var types: [Int: String] = [:]
        var properties: [ISOBMFFContainer.Box] = []
        var associations: [Int: [Association]] = [:]
        var references: [String: [Int: [Int]]] = [:]
        var locations: [Int: Location] = [:]
        var idat: ISOBMFFContainer.Box?
        for child in children {
            switch child.type {
            case "pitm":
                guard let v = r.u8(child.dataOffset) else { throw MediaError(.corrupt, "truncated pitm") }
                primary = v == 0 ? r.u16be(child.dataOffset + 4) : r.u32be(child.dataOffset + 4)
            case "iinf":
                for item in ISOBMFFContainer.itemInfos(r, child) { types[item.id] = item.type }
            case "iref":
                references = try Self.references(r, child)
            case "iloc":
                locations = try Self.locations(r, child)
            case "idat":
                idat = child
            case "iprp":
                let boxes = try ISOBMFFContainer.boxes(r, from: child.dataOffset, to: child.offset + child.size, limit: 64)
                for box in boxes {
                    if box.type == "ipco" {
                        properties = try ISOBMFFContainer.boxes(r, from: box.dataOffset, to: box.offset + box.size, limit: Self.maxEntries)
                    } else if box.type == "ipma" {
                        try Self.associations(r, box, into: &associations)
                    }
                }
            default: break
            }
        }
        self.primary = primary
        self.itemTypes = types
        self.properties = properties
        self.associations = associations
        self.references = references
        self.locations = locations
        self.idat = idat
    }

    /// The properties of `item` in association order, with their essential flags; nil when an
    /// association points past the `ipco` box.
    public func properties(of item: Int) -> [(box: ISOBMFFContainer.Box, essential: Bool)]? {
        var result: [(ISOBMFFContainer.Box, Bool)] = []
        for a in associations[item] ?? [] where a.index != 0 {
            guard a.index <= properties.count else { return nil }
            result.append((properties[a.index - 1], a.essential))
        }
        return result
    }

    /// The file ranges of an item's bytes (construction method 0 or 1), each inside the file; nil
    /// otherwise.
    public func ranges(of item: Int, fileSize: Int) -> [(offset: Int, length: Int)]? {
        guard let location = locations[item], !location.extents.isEmpty else { return nil }
        var result: [(offset: Int, length: Int)] = []
        for e in location.extents {
            var start = e.offset
            var limit = fileSize
            if location.method == 1 {
                guard let idat else { return nil }
                let (s, o) = idat.dataOffset.addingReportingOverflow(e.offset)
                guard !o else { return nil }
                start = s
                limit = idat.offset + idat.size
            } else if location.method != 0 {
                return nil
            }
            // A length of 0 means "to the end of the file" in iloc; not followed here.
            guard e.length > 0, start >= 0, start <= limit, e.length <= limit - start else { return nil }
            result.append((start, e.length))
        }
        return result
    }

    /// The bytes of an item, when they are at most `limit`.
    public func data(of item: Int, in r: ByteReader, limit: Int) -> [UInt8]? {
        guard let parts = ranges(of: item, fileSize: r.count) else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard part.length <= limit - out.count, let s = r.slice(part.offset, part.length) else { return nil }
            out.append(contentsOf: s)
        }
        return out
    }

    static func associations(_ r: ByteReader, _ box: ISOBMFFContainer.Box, into result: inout [Int: [Association]]) throws {
        let end = box.offset + box.size
        guard let version = r.u8(box.dataOffset), let flags = r.u24be(box.dataOffset + 1), let count = r.u32be(box.dataOffset + 4)
        else { throw MediaError(.corrupt, "truncated ipma") }
        var p = box.dataOffset + 8
        let wide = flags & 1 != 0
        // Each entry is at least 3 bytes: a count beyond that is a lie.
        guard count <= (end - p) / 3 else { throw MediaError(.corrupt, "ipma counts more entries than it holds") }
        for _ in 0..<count {
            guard let item = version < 1 ? r.u16be(p) : r.u32be(p) else { throw MediaError(.corrupt, "truncated ipma") }
            p += version < 1 ? 2 : 4
            guard p < end, let n = r.u8(p) else { throw MediaError(.corrupt, "truncated ipma") }
            p += 1
            guard n * (wide ? 2 : 1) <= end - p else { throw MediaError(.corrupt, "truncated ipma") }
            var list: [Association] = []
            for _ in 0..<n {
                if wide {
                    guard let v = r.u16be(p) else { throw MediaError(.corrupt, "truncated ipma") }
                    list.append(Association(index: v & 0x7FFF, essential: v & 0x8000 != 0))
                    p += 2
                } else {
                    guard let v = r.u8(p) else { throw MediaError(.corrupt, "truncated ipma") }
                    list.append(Association(index: v & 0x7F, essential: v & 0x80 != 0))
                    p += 1
                }
            }
            // An item listed twice is ambiguous.
            guard result[item] == nil else { throw MediaError(.corrupt, "ipma lists an item twice") }
            result[item] = list
        }
    }

    static func references(_ r: ByteReader, _ box: ISOBMFFContainer.Box) throws -> [String: [Int: [Int]]] {
        guard let version = r.u8(box.dataOffset) else { throw MediaError(.corrupt, "truncated iref") }
        let size = version == 0 ? 2 : 4
        func id(_ at: Int) -> Int? { version == 0 ? r.u16be(at) : r.u32be(at) }
        let refs = try ISOBMFFContainer.boxes(r, from: box.dataOffset + 4, to: box.offset + box.size, limit: maxEntries)
        var result: [String: [Int: [Int]]] = [:]
        for ref in refs {
            var p = ref.dataOffset
            let end = ref.offset + ref.size
            guard let from = id(p), let count = r.u16be(p + size) else { throw MediaError(.corrupt, "truncated iref") }
            p += size + 2
            guard count * size <= end - p else { throw MediaError(.corrupt, "iref counts more items than it holds") }
            var to: [Int] = []
            for _ in 0..<count {
                guard let t = id(p) else { throw MediaError(.corrupt, "truncated iref") }
                to.append(t)
                p += size
            }
            // Two references of one type from one item: joined, in file order.
            result[ref.type, default: [:]][from, default: []].append(contentsOf: to)
        }
        return result
    }

    static func locations(_ r: ByteReader, _ box: ISOBMFFContainer.Box) throws -> [Int: Location] {
        let end = box.offset + box.size
        var p = box.dataOffset
        guard let version = r.u8(p), version <= 2, let sizes = r.u16be(p + 4) else { throw MediaError(.corrupt, "unreadable iloc") }
        p += 6
        let offsetSize = sizes >> 12, lengthSize = (sizes >> 8) & 0xF, baseSize = (sizes >> 4) & 0xF
        let indexSize = version >= 1 ? sizes & 0xF : 0
        guard let count = version < 2 ? r.u16be(p) : r.u32be(p) else { throw MediaError(.corrupt, "truncated iloc") }
        p += version < 2 ? 2 : 4
        func read(_ n: Int) throws -> Int {
            guard p + n <= end else { throw MediaError(.corrupt, "truncated iloc") }
            defer { p += n }
            switch n {
            case 0: return 0
            case 2: if let v = r.u16be(p) { return v }
            case 4: if let v = r.u32be(p) { return v }
            case 8: if let v = r.u64be(p), v <= UInt64(Int.max / 2) { return Int(v) }
            default: break
            }
            throw MediaError(.corrupt, "bad iloc field")
        }
        // Each item takes at least 6 bytes (id, reference index, extent count).
        guard count <= (end - p) / 6 else { throw MediaError(.corrupt, "iloc counts more items than it holds") }
        var result: [Int: Location] = [:]
        for _ in 0..<count {
            let id = try read(version < 2 ? 2 : 4)
            var method = 0
            if version >= 1 { method = try read(2) & 0xF }
            _ = try read(2)  // data reference index
            let base = try read(baseSize)
            let extentCount = try read(2)
            let extentBytes = indexSize + offsetSize + lengthSize
            guard extentCount * extentBytes <= end - p else { throw MediaError(.corrupt, "iloc counts more extents than it holds") }
            var extents: [(offset: Int, length: Int)] = []
            for _ in 0..<extentCount {
                _ = try read(indexSize)
                let offset = try read(offsetSize), length = try read(lengthSize)
                extents.append((base + offset, length))
            }
            guard result[id] == nil else { throw MediaError(.corrupt, "iloc lists an item twice") }
            result[id] = Location(method: method, extents: extents)
        }
        return result
    }
}

extension ByteReader {
    public func u24be(_ at: Int) -> Int? {
        guard at >= 0, at <= bytes.count - 3 else { return nil }
        return Int(bytes[at]) << 16 | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2])
    }
}
