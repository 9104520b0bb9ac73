import Foundation

/// Walks the IFDs of a TIFF file (or any TIFF structure) in place, without libexif's 64 KiB window:
/// TIFF writers often put IFD0 at the end of a large file.
public struct TIFFStructure: Sendable {
    public let bigEndian: Bool
    public let entries: [ExifEntry]
    /// Number of top-level IFDs (pages and reduced-resolution images).
    public let pageCount: Int
    /// Width and height of IFD0.
    public let width: Int
    public let height: Int
    /// JPEG thumbnail bytes referenced by IFD1 (JPEGInterchangeFormat), if any.
    public let thumbnail: [UInt8]?

    static let maxEntries = 4096
    static let maxValueBytes = 4 << 20

    public init(_ r: ByteReader, base: Int = 0) throws {
        let big: Bool
        if r.matches("MM", at: base) {
            big = true
        } else if r.matches("II", at: base) {
            big = false
        } else {
            throw MediaError(.corrupt, "not a TIFF structure")
        }
        guard r.u16(base + 2, bigEndian: big) == 42, let first = r.u32(base + 4, bigEndian: big) else {
            throw MediaError(.corrupt, "not a classic TIFF structure")
        }
        var entries: [ExifEntry] = []
        var visited = Set<Int>()
        var pages = 0

        func readIFD(_ offset: Int, _ directory: ExifDirectory) -> Int? {
            let at = base + offset
            guard offset > 0, !visited.contains(at), visited.count < 256, let n = r.u16(at, bigEndian: big), n > 0, n < 4096 else {
                return nil
            }
            visited.insert(at)
            for i in 0..<n {
                let e = at + 2 + i * 12
                guard entries.count < Self.maxEntries, let tag = r.u16(e, bigEndian: big), let type = r.u16(e + 2, bigEndian: big),
                    let count = r.u32(e + 4, bigEndian: big)
                else { break }
                let unit = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4][type < 14 ? type : 0]
                guard unit > 0 else { continue }
                let (size, overflow) = count.multipliedReportingOverflow(by: unit)
                guard !overflow, size <= Self.maxValueBytes else { continue }
                let valueAt: Int
                if size <= 4 {
                    valueAt = e + 8
                } else {
                    guard let off = r.u32(e + 8, bigEndian: big) else { continue }
                    valueAt = base + off
                }
                guard let bytes = r.slice(valueAt, size) else { continue }
                entries.append(
                    ExifEntry(directory: directory, tag: UInt16(tag), type: UInt16(type), count: count, value: Array(bytes), bigEndian: big)
                )
            }
            return r.u32(at + 2 + n * 12, bigEndian: big)
        }

        var next: Int? = first
        var ifdIndex = 0
        while let offset = next, offset != 0, pages < 1024 {
            let dir: ExifDirectory = ifdIndex == 0 ? .ifd0 : .ifd1
            guard let following = readIFD(offset, dir) else { break }
            pages += 1
            ifdIndex += 1
            next = following
        }
        guard pages > 0 else { throw MediaError(.corrupt, "TIFF structure has no readable directory") }
        // Sub-directories named by pointer tags in IFD0.
        for (tag, dir) in [(0x8769, ExifDirectory.exif), (0x8825, .gps)] {
            if let p = entries.first(where: { $0.directory == .ifd0 && $0.tag == tag })?.integer() { _ = readIFD(p, dir) }
        }
        if let p = entries.first(where: { $0.directory == .exif && $0.tag == 0xA005 })?.integer() { _ = readIFD(p, .interoperability) }

        self.bigEndian = big
        self.entries = entries
        self.pageCount = pages
        let ifd0 = entries.filter { $0.directory == .ifd0 }
        self.width = ifd0.first { $0.tag == 0x0100 }?.integer() ?? 0
        self.height = ifd0.first { $0.tag == 0x0101 }?.integer() ?? 0
        let ifd1 = entries.filter { $0.directory == .ifd1 }
        if let off = ifd1.first(where: { $0.tag == 0x0201 })?.integer(), let len = ifd1.first(where: { $0.tag == 0x0202 })?.integer(),
            let bytes = r.slice(base + off, len)
        {
            self.thumbnail = Array(bytes)
        } else {
            self.thumbnail = nil
        }
    }
}
