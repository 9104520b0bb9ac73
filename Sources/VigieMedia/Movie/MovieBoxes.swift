import Foundation

/// Random access to a movie's bytes: a file read where it is asked (box headers, `moov`, a few
/// samples), never the media data whole, or bytes already in memory (a copy being proven, the fuzzer).
public final class MovieSource: Sendable {
    private enum Storage: Sendable {
        case file(Int32)
        case bytes([UInt8])
    }
    private let storage: Storage
    public let size: Int

    public init(bytes: [UInt8]) {
        storage = .bytes(bytes)
        size = bytes.count
    }

    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw MediaError(.unreadable, "the file cannot be opened", underlying: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw MediaError(.unreadable, "not a regular file")
        }
        storage = .file(fd)
        size = Int(info.st_size)
    }

    deinit {
        if case .file(let fd) = storage { close(fd) }
    }

    /// `count` bytes at `offset`; throws when they are not all in the file.
    public func read(_ offset: Int, _ count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw MediaError(.corrupt, "a box runs past the end of the file")
        }
        switch storage {
        case .bytes(let bytes):
            return Array(bytes[offset..<(offset + count)])
        case .file(let fd):
            var out = [UInt8](repeating: 0, count: count)
            var done = 0
            try out.withUnsafeMutableBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                while done < count {
                    let n = pread(fd, base + done, count - done, off_t(offset + done))
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else { throw MediaError(.unreadable, "the file cannot be read") }
                    done += n
                }
            }
            return out
        }
    }
}

/// One ISO-BMFF or QuickTime box, offsets absolute in the file: the HEIF reader's box.
public typealias MovieBox = ISOBMFFContainer.Box

extension ISOBMFFContainer.Box {
    /// The offset just past the box.
    public var end: Int { offset + size }
}

/// Box walking with hard limits: boxes per file, nesting depth, 64-bit sizes, size 0 meaning "to the
/// end of the enclosing box", and every box inside its parent.
struct BoxWalker {
    /// Boxes a file may hold in all (a two-hour film's `moov` holds a few hundred).
    static let maxBoxes = 100_000
    /// Nesting depth (`moov/trak/mdia/minf/stbl/stsd/entry/box` is 8).
    static let maxDepth = 16
    private(set) var seen = 0

    /// A four-character code, bytes mapped one to one (0xA9 is "©").
    static func fourCC(_ bytes: ArraySlice<UInt8>) -> String {
        String(String.UnicodeScalarView(bytes.prefix(4).map { Unicode.Scalar($0) }))
    }

    /// The type, size and header size of the box whose header is at `at` in `r`; `available` is the
    /// room left in its parent (what a size of 0, "to the end", means). The size may exceed it.
    static func header(_ r: ByteReader, at pos: Int, available: Int) throws -> (type: String, size: Int, headerSize: Int) {
        guard let size32 = r.u32be(pos), let type = r.slice(pos + 4, 4) else { throw MediaError(.corrupt, "box header") }
        switch size32 {
        case 0: return (fourCC(type), available, 8)
        case 1:
            guard let big = r.u64be(pos + 8), big <= UInt64(Int.max), big >= 16 else { throw MediaError(.corrupt, "box size") }
            return (fourCC(type), Int(big), 16)
        default:
            guard size32 >= 8 else { throw MediaError(.corrupt, "box size") }
            return (fourCC(type), size32, 8)
        }
    }

    /// The boxes one after the other in `r` from `from` to `to` (offsets into `r`); `base` is the file
    /// offset of `r`'s first byte.
    mutating func boxes(_ r: ByteReader, base: Int, from: Int, to: Int, depth: Int) throws -> [MovieBox] {
        guard depth <= Self.maxDepth else { throw MediaError(.corrupt, "boxes nest too deeply") }
        var result: [MovieBox] = []
        var pos = from
        let end = Swift.min(to, r.count)
        while pos + 8 <= end {
            seen += 1
            guard seen <= Self.maxBoxes else { throw MediaError(.corrupt, "too many boxes") }
            let (type, size, header) = try Self.header(r, at: pos, available: end - pos)
            guard size <= end - pos else { throw MediaError(.corrupt, "a box runs past its parent") }
            result.append(MovieBox(type: type, offset: base + pos, size: size, headerSize: header))
            pos += size
        }
        // Fewer than 8 bytes after the last box (QuickTime ends udta lists with a 4-byte zero) are not a
        // box: they are not read, and a rewritten parent leaves them out.
        return result
    }

    /// Set by `topLevel` when the last box runs past the end of the file (a recording cut short): it
    /// is kept up to the end of the file, and the file cannot be cleaned.
    private(set) var truncated = false

    /// The top-level boxes of a file, read header by header (nothing of their payload).
    mutating func topLevel(_ source: MovieSource) throws -> [MovieBox] {
        var result: [MovieBox] = []
        var pos = 0
        while pos + 8 <= source.size {
            seen += 1
            guard seen <= Self.maxBoxes else { throw MediaError(.corrupt, "too many boxes") }
            let head = ByteReader(try source.read(pos, Swift.min(16, source.size - pos)))
            let (type, declared, header) = try Self.header(head, at: 0, available: source.size - pos)
            var size = declared
            if size > source.size - pos {
                truncated = true
                size = source.size - pos
            }
            result.append(MovieBox(type: type, offset: pos, size: size, headerSize: header))
            pos += size
        }
        if pos < source.size, try source.read(pos, source.size - pos).contains(where: { $0 != 0 }) { truncated = true }
        return result
    }
}
