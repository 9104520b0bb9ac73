import CVips
import Foundation
import Synchronization

/// libvips set up once per process: no operation cache (every file is seen once), one worker thread
/// per image (Vigie parallelises across images), and only the loaders Vigie supports.
public enum Vips {
    private static let started: Bool = {
        guard vigie_vips_init("vigie") == 0 else { return false }
        vips_cache_set_max(0)
        vips_cache_set_max_mem(0)
        vips_cache_set_max_files(0)
        vips_concurrency_set(1)
        // Hostile files must not reach loaders Vigie does not need (ImageMagick, PDF, SVG, FITS...):
        // block every loader and every untrusted operation, then allow back the formats Vigie checks.
        vips_block_untrusted_set(1)
        vips_operation_block_set("VipsForeignLoad", 1)
        for loader in [
            "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif",
            "VipsForeignLoadTiff", "VipsForeignLoadHeif",
        ] {
            vips_operation_block_set(loader, 0)
        }
        // Savers stay available for `vigie clean` conversions; the ImageMagick and untrusted
        // savers are covered by vips_block_untrusted_set.
        return true
    }()

    /// Starts libvips; throws when it cannot start (a broken installation).
    public static func start() throws {
        guard started else { throw MediaError(.unreadable, "libvips could not start") }
    }

    private static let errorLock = Mutex(())

    /// Reads and clears libvips' global error buffer. The buffer is shared by all threads, so a
    /// message may mix in another image's error: it is only ever shown as an underlying detail.
    package static func takeError(removing path: String? = nil) -> String {
        var text = errorLock.withLock { _ -> String in
            guard let cString = vips_error_buffer() else { return "" }
            defer { vips_error_clear() }
            return String(cString: cString)
        }
        if let path, !path.isEmpty {
            text = text.replacingOccurrences(of: path, with: "<file>")
        }
        // Keep the first line only; libvips repeats itself per failing operation.
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return String(line.prefix(200))
    }
}

/// The one owner of a `VipsImage *`: unreferenced in `deinit`.
package final class VipsImageHandle {
    package let pointer: UnsafeMutablePointer<VipsImage>

    package init(_ pointer: UnsafeMutablePointer<VipsImage>) { self.pointer = pointer }
    deinit { vigie_vips_unref(pointer) }

    package var width: Int { Int(vips_image_get_width(pointer)) }
    package var height: Int { Int(vips_image_get_height(pointer)) }
    var bands: Int { Int(vips_image_get_bands(pointer)) }

    /// Number of pages or frames (1 for single images).
    var pageCount: Int { Int(vips_image_get_n_pages(pointer)) }

    /// Height of one page for multi-page images.
    var pageHeight: Int { Int(vips_image_get_page_height(pointer)) }

    func int(_ name: String) -> Int? {
        guard vips_image_get_typeof(pointer, name) != 0 else { return nil }
        var value: Int32 = 0
        guard vips_image_get_int(pointer, name, &value) == 0 else {
            _ = Vips.takeError()
            return nil
        }
        return Int(value)
    }

    func blob(_ name: String) -> [UInt8]? {
        guard vips_image_get_typeof(pointer, name) != 0 else { return nil }
        var data: UnsafeRawPointer?
        var length: Int = 0
        guard vips_image_get_blob(pointer, name, &data, &length) == 0, let data, length > 0 else {
            _ = Vips.takeError()
            return nil
        }
        return [UInt8](UnsafeRawBufferPointer(start: data, count: length))
    }

    /// Copies the pixels out, top to bottom (this is where decoding actually happens for lazy images).
    /// They are computed a band of rows at a time straight into the Swift array: no second copy of
    /// the whole picture is ever held, and sequential images are read in the order they allow.
    func pixels(path: String?) throws -> [UInt8] {
        let w = width, h = height, pel = vigie_vips_sizeof_pel(pointer)
        let (count, overflow) = (w * pel).multipliedReportingOverflow(by: h)
        guard w > 0, h > 0, !overflow else { throw MediaError(.corrupt, "the pixel data could not be decoded") }
        let rowBytes = w * pel
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            // count > 0 (checked above), so the buffer has an address.
            guard let base = buffer.baseAddress else { return }
            try forEachBand(path: path) { y, rows, row in
                for r in 0..<rows { (base + (y + r) * rowBytes).initialize(from: row(r), count: rowBytes) }
                initialized = (y + rows) * rowBytes
            }
        }
    }

    /// Computes the pixels top to bottom, a band of about 1 MB of rows at a time (an even number of
    /// rows but for the last band): `body` gets the band's first row, its row count and each row's
    /// bytes, valid until it returns.
    func forEachBand(
        path: String?, _ body: (_ y: Int, _ rows: Int, _ row: (Int) -> UnsafePointer<UInt8>) throws -> Void
    ) throws {
        let w = width, h = height, pel = vigie_vips_sizeof_pel(pointer)
        guard w > 0, h > 0 else { throw MediaError(.corrupt, "the pixel data could not be decoded") }
        guard let region = vips_region_new(pointer) else {
            throw MediaError(.corrupt, "the pixel data could not be decoded", underlying: Vips.takeError(removing: path))
        }
        defer { vigie_vips_region_unref(region) }
        let rowsPerBand = Swift.max(2, Swift.min(h, (1 << 20) / Swift.max(1, w * pel)) & ~1)
        var y = 0
        while y < h {
            let rows = Swift.min(rowsPerBand, h - y)
            var rect = VipsRect(left: 0, top: Int32(y), width: Int32(w), height: Int32(rows))
            guard vips_region_prepare(region, &rect) == 0 else {
                throw MediaError(.corrupt, "the pixel data could not be decoded", underlying: Vips.takeError(removing: path))
            }
            var starts = [UnsafePointer<UInt8>]()
            starts.reserveCapacity(rows)
            for r in 0..<rows {
                guard let start = vigie_vips_region_addr(region, 0, Int32(y + r)) else {
                    throw MediaError(.corrupt, "the pixel data could not be decoded")
                }
                starts.append(UnsafePointer(start))
            }
            try body(y, rows, { starts[$0] })
            y += rows
        }
    }
}
