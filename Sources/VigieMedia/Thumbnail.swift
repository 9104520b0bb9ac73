import CVips
import Foundation

/// A small JPEG of a picture as displayed, for the HTML report.
public struct JPEGThumbnail: Sendable, Equatable {
    public let bytes: [UInt8]
    /// Pixel size of the JPEG.
    public let width: Int
    public let height: Int
}

extension DecodedImage {
    /// Shrinks this working copy with libvips to fit inside `longSide` pixels (never enlarging), covers
    /// each of `regions` (pixels of the picture as displayed) in the pixels themselves, then encodes a
    /// JPEG without metadata. Covering happens before encoding, so what a region showed (a student
    /// number, a grade) is not in the thumbnail at all; the cover is a flat patch of the region's mean
    /// colour, a margin wider than the region so resampling cannot leak its edges.
    public func thumbnail(longSide: Int = 320, covering regions: [TextBox] = []) throws -> JPEGThumbnail {
        try Vips.start()
        let source: VipsImageHandle = try pixels.withUnsafeBytes { buffer in
            guard
                let p = vips_image_new_from_memory_copy(buffer.baseAddress, buffer.count, Int32(width), Int32(height), 3, VIPS_FORMAT_UCHAR)
            else { throw MediaError(.corrupt, "the thumbnail could not be made", underlying: Vips.takeError()) }
            return VipsImageHandle(p)
        }
        var out: UnsafeMutablePointer<VipsImage>?
        guard vigie_vips_thumbnail_image(source.pointer, Int32(longSide), &out) == 0, let shrunk = out else {
            throw MediaError(.corrupt, "the thumbnail could not be made", underlying: Vips.takeError())
        }
        let small = VipsImageHandle(shrunk)
        var px = try small.pixels(path: nil)
        let w = small.width, h = small.height
        guard small.bands == 3, px.count == w * h * 3 else { throw MediaError(.corrupt, "unexpected thumbnail pixel layout") }
        let sx = Double(w) / Double(Swift.max(displayWidth, 1)), sy = Double(h) / Double(Swift.max(displayHeight, 1))
        for r in regions {
            let x0 = Int((Double(r.x) * sx).rounded(.down)) - 2, x1 = Int((Double(r.maxX) * sx).rounded(.up)) + 2
            let y0 = Int((Double(r.y) * sy).rounded(.down)) - 2, y1 = Int((Double(r.maxY) * sy).rounded(.up)) + 2
            Self.cover(&px, width: w, height: h, x0: x0, y0: y0, x1: x1, y1: y1)
        }
        let covered: VipsImageHandle = try px.withUnsafeBytes { buffer in
            guard let p = vips_image_new_from_memory_copy(buffer.baseAddress, buffer.count, Int32(w), Int32(h), 3, VIPS_FORMAT_UCHAR)
            else { throw MediaError(.corrupt, "the thumbnail could not be made", underlying: Vips.takeError()) }
            return VipsImageHandle(p)
        }
        var data: UnsafeMutableRawPointer?
        var length = 0
        guard vigie_vips_jpeg_buffer(covered.pointer, 80, &data, &length) == 0, let data else {
            throw MediaError(.corrupt, "the thumbnail could not be encoded", underlying: Vips.takeError())
        }
        defer { vigie_vips_free(data) }
        return JPEGThumbnail(bytes: [UInt8](UnsafeRawBufferPointer(start: data, count: length)), width: w, height: h)
    }

    /// Fills a rectangle (clamped to the image) of interleaved RGB pixels with its mean colour.
    static func cover(_ px: inout [UInt8], width: Int, height: Int, x0: Int, y0: Int, x1: Int, y1: Int) {
        let left = Swift.max(0, x0), right = Swift.min(width, x1), top = Swift.max(0, y0), bottom = Swift.min(height, y1)
        guard left < right, top < bottom else { return }
        var sum = [0, 0, 0]
        for y in top..<bottom {
            for x in left..<right {
                for c in 0..<3 { sum[c] += Int(px[(y * width + x) * 3 + c]) }
            }
        }
        let n = (right - left) * (bottom - top)
        let mean = sum.map { UInt8($0 / n) }
        for y in top..<bottom {
            for x in left..<right {
                for c in 0..<3 { px[(y * width + x) * 3 + c] = mean[c] }
            }
        }
    }
}
