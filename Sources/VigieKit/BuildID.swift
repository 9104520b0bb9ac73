import Foundation

/// The GNU build ID of the running executable: the digest of its content that the linker writes in a
/// note (`NT_GNU_BUILD_ID`), found through the ELF program headers: a few kilobytes read where hashing
/// the executable (90 to 190 MB) cost most of a second on every run. A rebuild gets a new one; `strip`
/// keeps it. The detection cache names the build that made its entries with it.
enum BuildID {
    /// The running executable's build ID in hex; nil when it has none (linked without `--build-id`).
    static func ofExecutable() -> String? {
        ofFile("/proc/self/exe").map { $0.map { String(format: "%02x", $0) }.joined() }
    }

    /// The build ID of a 64-bit little-endian ELF file; nil for anything else or a file without one.
    static func ofFile(_ path: String) -> [UInt8]? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        func read(_ offset: UInt64, _ count: Int) -> Data? {
            guard (try? file.seek(toOffset: offset)) != nil, let data = try? file.read(upToCount: count), data.count == count
            else { return nil }
            return data
        }
        guard let header = read(0, 64), header.starts(with: [0x7F, 0x45, 0x4C, 0x46]), header[4] == 2, header[5] == 1 else {
            return nil
        }
        let phoff = header.littleEndian(UInt64.self, at: 32)
        let phentsize = Int(header.littleEndian(UInt16.self, at: 54)), phnum = Int(header.littleEndian(UInt16.self, at: 56))
        guard (56...256).contains(phentsize), phnum <= 512, let table = read(phoff, phentsize * phnum) else { return nil }
        for i in 0..<phnum {
            let at = i * phentsize
            // PT_NOTE; its bytes in the file, then the notes.
            guard table.littleEndian(UInt32.self, at: at) == 4 else { continue }
            let offset = table.littleEndian(UInt64.self, at: at + 8), size = table.littleEndian(UInt64.self, at: at + 32)
            let alignment = max(4, Int(min(table.littleEndian(UInt64.self, at: at + 48), 8)))
            guard size >= 12, size <= 1 << 16, let notes = read(offset, Int(size)) else { continue }
            if let id = notes.withUnsafeBytes({ buildID(notes: $0, alignment: alignment) }) { return id }
        }
        return nil
    }

    /// The descriptor of the `GNU` note of type 3 (`NT_GNU_BUILD_ID`) in a run of ELF notes (each a
    /// 12-byte header of name size, descriptor size and type, then the name and the descriptor, each
    /// padded to `alignment`); nil when there is none or the notes run past their segment.
    static func buildID(notes: UnsafeRawBufferPointer, alignment: Int) -> [UInt8]? {
        func padded(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }
        var offset = 0
        while offset + 12 <= notes.count {
            let nameSize = Int(notes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            let descriptorSize = Int(notes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
            let type = notes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            let descriptor = offset + 12 + padded(nameSize)
            guard nameSize <= notes.count, descriptorSize <= notes.count, descriptor + descriptorSize <= notes.count else {
                return nil
            }
            if type == 3, nameSize == 4, Array(notes[(offset + 12)..<(offset + 16)]) == Array("GNU\0".utf8), descriptorSize >= 8 {
                return Array(notes[descriptor..<(descriptor + descriptorSize)])
            }
            offset = descriptor + padded(descriptorSize)
        }
        return nil
    }
}

extension Data {
    /// The little-endian integer at `offset` (the caller checked the bounds).
    fileprivate func littleEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(littleEndian: withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) })
    }
}
