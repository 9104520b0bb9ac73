import CExif
import Foundation

/// The one owner of a libexif `ExifData *`.
final class ExifDataHandle {
    private let pointer: UnsafeMutablePointer<ExifData>

    /// Loads an "Exif\0\0"-prefixed blob. libexif keeps unknown tags (they may carry identifying data)
    /// and does not rewrite maker notes.
    init?(_ blob: [UInt8]) {
        guard let p = exif_data_new() else { return nil }
        exif_data_unset_option(p, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS)
        exif_data_unset_option(p, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION)
        exif_data_set_option(p, EXIF_DATA_OPTION_DONT_CHANGE_MAKER_NOTE)
        blob.withUnsafeBufferPointer { buf in
            exif_data_load_data(p, buf.baseAddress, UInt32(clamping: buf.count))
        }
        pointer = p
    }

    deinit { exif_data_unref(pointer) }

    func entries() -> [ExifEntry] {
        let bigEndian = exif_data_get_byte_order(pointer) == EXIF_BYTE_ORDER_MOTOROLA
        let directories: [(ExifIfd, ExifDirectory)] = [
            (EXIF_IFD_0, .ifd0), (EXIF_IFD_EXIF, .exif), (EXIF_IFD_GPS, .gps),
            (EXIF_IFD_INTEROPERABILITY, .interoperability), (EXIF_IFD_1, .ifd1),
        ]
        var result: [ExifEntry] = []
        for (ifd, directory) in directories {
            guard let content = vigie_exif_ifd(pointer, ifd), let list = content.pointee.entries else { continue }
            for i in 0..<Int(content.pointee.count) {
                guard let e = list[i]?.pointee else { continue }
                let value: [UInt8] = e.data.map { [UInt8](UnsafeBufferPointer(start: $0, count: Int(e.size))) } ?? []
                result.append(
                    ExifEntry(
                        directory: directory, tag: UInt16(e.tag.rawValue), type: UInt16(e.format.rawValue),
                        count: Int(e.components), value: value, bigEndian: bigEndian))
            }
        }
        return result
    }

    func thumbnail() -> [UInt8]? {
        guard let data = pointer.pointee.data, pointer.pointee.size > 0 else { return nil }
        return [UInt8](UnsafeBufferPointer(start: data, count: Int(pointer.pointee.size)))
    }
}
