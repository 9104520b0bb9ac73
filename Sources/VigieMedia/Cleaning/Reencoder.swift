import CVips
import Foundation

/// Cleaning for formats without a lossless path in Vigie: TIFF is decoded and written again as a
/// deflate TIFF (pixels identical, proven by decoding both); HEIC/HEIF/AVIF are converted to JPEG
/// (quality 92, no chroma subsampling) or, with transparency, to PNG, with the orientation applied to
/// the pixels and the ICC profile kept. Only the colour profile and layout fields survive.
public enum Reencoder {
    public static let jpegQuality = 92

    public static func clean(path: String, format: ImageFormat, metadata: MediaMetadata, tiff: TIFFStructure?) throws -> StrippedImage {
        try Vips.start()
        let image: VipsImageHandle
        switch format {
        case .tiff:
            if let all = vigie_vips_open_all_pages(path, 1) {
                image = VipsImageHandle(all)
            } else {
                _ = Vips.takeError()
                // Pages of different sizes: allowed only when the others are reduced-resolution copies
                // (previews), which cleaning removes anyway.
                guard let tiff, onlyReducedResolutionPages(tiff), let first = vigie_vips_open_all_pages(path, 0) else {
                    throw MediaError(.unsupported, "a multi-page TIFF whose pages differ in size cannot be cleaned")
                }
                image = VipsImageHandle(first)
            }
        case .heif, .avif:
            guard let opened = vigie_vips_open(path) else {
                throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
            }
            image = VipsImageHandle(opened)
        default:
            throw MediaError(.unsupported, "this format is cleaned losslessly")
        }
        var tally = RemovalTally()
        if image.blob("icc-profile-data") != nil { tally.keep("ICC profile") }
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        var isPNG: Int32 = 0
        let status: Int32
        if format == .tiff {
            status = vigie_vips_tiff_clean(image.pointer, &buffer, &length)
            if (image.int("orientation") ?? 1) != 1 { tally.keep("orientation") }
        } else {
            status = vigie_vips_convert_clean(image.pointer, Int32(jpegQuality), &isPNG, &buffer, &length)
            if (metadata.orientation ?? 1) != 1 { tally.keep("orientation (applied to the pixels)") }
        }
        guard status == 0, let buffer else {
            throw MediaError(.corrupt, "the image could not be encoded again", underlying: Vips.takeError(removing: path))
        }
        defer { vigie_vips_free(buffer) }
        var bytes = [UInt8](UnsafeRawBufferPointer(start: buffer, count: length))
        // libvips' JPEG and PNG savers write a small EXIF block of their own (resolution, software):
        // the same surgery as for any JPEG or PNG takes it out.
        if format != .tiff {
            bytes =
                isPNG != 0
                ? try PNGStripper.strip(ByteReader(bytes), orientation: 1).bytes
                : try JPEGStripper.strip(ByteReader(bytes), orientation: 1).bytes
        }
        // Sizes are not measured here: the file was rebuilt, not cut.
        if !metadata.exif.isEmpty { tally.remove("EXIF", nil) }
        if !metadata.xmp.isEmpty { tally.remove("XMP", nil) }
        if !metadata.iptc.isEmpty { tally.remove("IPTC", nil) }
        if !metadata.previews.isEmpty { tally.remove("embedded previews", nil) }
        let outFormat: ImageFormat = format == .tiff ? .tiff : (isPNG != 0 ? .png : .jpeg)
        return StrippedImage(
            bytes: bytes, format: outFormat, method: format == .tiff ? .reencoded : .converted, removed: tally.parts, kept: tally.kept)
    }

    static func onlyReducedResolutionPages(_ tiff: TIFFStructure) -> Bool {
        let subfileTypes = tiff.entries.filter { $0.directory == .ifd1 && $0.tag == 0x00FE }.compactMap { $0.integer() }
        return subfileTypes.count == tiff.pageCount - 1 && subfileTypes.allSatisfy { $0 & 1 == 1 }
    }
}

/// Full decodes for the pixel proofs: every pixel of both images, as stored (no orientation applied
/// unless asked), compared exactly or within a tolerance.
public enum PixelComparison {
    public struct Pixels: Sendable, Equatable {
        public let width: Int
        public let height: Int
        public let bands: Int
        public let data: [UInt8]
    }

    /// Decodes an in-memory image completely. `applyOrientation` rotates it as displayed.
    public static func decode(_ bytes: [UInt8], allPages: Bool = false, applyOrientation: Bool = false, srgb8: Bool = false, maxPixels: Int)
        throws -> Pixels
    {
        try Vips.start()
        guard let opened = bytes.withUnsafeBytes({ vigie_vips_open_buffer($0.baseAddress, $0.count, allPages ? 1 : 0) }) else {
            throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError())
        }
        return try decode(VipsImageHandle(opened), applyOrientation: applyOrientation, srgb8: srgb8, maxPixels: maxPixels)
    }

    /// Decodes a file completely (the HEIF loader reads its own files more reliably than a memory copy).
    public static func decode(path: String, applyOrientation: Bool = false, srgb8: Bool = false, maxPixels: Int) throws -> Pixels {
        try Vips.start()
        guard let opened = vigie_vips_open(path) else {
            throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
        }
        return try decode(VipsImageHandle(opened), applyOrientation: applyOrientation, srgb8: srgb8, maxPixels: maxPixels)
    }

    static func decode(_ opened: VipsImageHandle, applyOrientation: Bool, srgb8: Bool, maxPixels: Int) throws -> Pixels {
        var handle = opened
        let (pixels, overflow) = handle.width.multipliedReportingOverflow(by: handle.height)
        guard !overflow, pixels <= maxPixels * Swift.max(1, handle.pageCount) else {
            throw MediaError(.tooLarge, "more pixels than the limit")
        }
        if applyOrientation {
            var out: UnsafeMutablePointer<VipsImage>?
            guard vigie_vips_autorot(handle.pointer, &out) == 0, let rotated = out else {
                throw MediaError(.corrupt, "the image could not be rotated", underlying: Vips.takeError())
            }
            handle = VipsImageHandle(rotated)
        }
        if srgb8 {
            // Same 8-bit sRGB on both sides, whatever the bit depth and colour space stored.
            var out: UnsafeMutablePointer<VipsImage>?
            guard vigie_vips_to_srgb8(handle.pointer, &out) == 0, let converted = out else {
                throw MediaError(.corrupt, "the image could not be converted to RGB", underlying: Vips.takeError())
            }
            handle = VipsImageHandle(converted)
        }
        let data = try handle.pixels(path: nil)
        return Pixels(width: handle.width, height: handle.height, bands: handle.bands, data: data)
    }

    /// Peak signal-to-noise ratio in dB between two decodes of the same size and bands (8-bit);
    /// nil when the shapes differ. Identical images give +infinity.
    public static func psnr(_ a: Pixels, _ b: Pixels) -> Double? {
        guard a.width == b.width, a.height == b.height, a.bands == b.bands, a.data.count == b.data.count, !a.data.isEmpty else {
            return nil
        }
        var sum = 0.0
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                var acc = 0
                for i in 0..<pa.count {
                    let d = Int(pa[i]) - Int(pb[i])
                    acc += d * d
                }
                sum = Double(acc)
            }
        }
        let mse = sum / Double(a.data.count)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }
}
