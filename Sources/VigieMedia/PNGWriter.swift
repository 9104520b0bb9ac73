import CZlib
import Foundation

/// A minimal PNG encoder (8-bit RGB, no filtering) for generated pictures: evaluation sets and tests
/// write the images Vigie then reads back through its normal loader.
public enum PNGWriter {
    public static func encode(width: Int, height: Int, rgb: [UInt8]) throws -> [UInt8] {
        precondition(rgb.count == width * height * 3, "pixel buffer does not match its size")
        var raw = [UInt8]()
        raw.reserveCapacity(height * (width * 3 + 1))
        for y in 0..<height {
            raw.append(0)
            raw += rgb[(y * width * 3)..<((y + 1) * width * 3)]
        }
        var size = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(size))
        let status = compressed.withUnsafeMutableBufferPointer { out in
            raw.withUnsafeBufferPointer { input in compress2(out.baseAddress, &size, input.baseAddress, uLong(input.count), 6) }
        }
        guard status == Z_OK else { throw MediaError(.writeFailed, "zlib could not compress") }
        compressed.removeSubrange(Int(size)...)

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ data: [UInt8]) {
            let typed = Array(type.utf8) + data
            png += bigEndian(UInt32(data.count)) + typed
            let crc = typed.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            png += bigEndian(UInt32(crc))
        }
        chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0])
        chunk("IDAT", compressed)
        chunk("IEND", [])
        return png
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
}
