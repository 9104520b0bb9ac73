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
    /// colour, a margin wider than the region so resampling cannot leak its edges. Each of `faces` is
    /// made unrecognisable the same way, before encoding (a coarse mosaic, then blurred: see
    /// `JPEGThumbnail.faceMosaicCell`).
    public func thumbnail(longSide: Int = 320, covering regions: [Region] = [], blurring faces: [Region] = []) throws -> JPEGThumbnail {
        try Vips.start()
        let source: VipsImageHandle = try pixels.withUnsafeBytes { buffer in
            guard
                let p = vips_image_new_from_memory_copy(buffer.baseAddress, buffer.count, Int32(width), Int32(height), 3, VIPS_FORMAT_UCHAR)
            else { throw MediaError(.corrupt, "the thumbnail could not be made", underlying: Vips.takeError()) }
            return VipsImageHandle(p)
        }
        return try JPEGThumbnail.make(
            source, longSide: longSide, displayWidth: displayWidth, displayHeight: displayHeight, covering: regions, blurring: faces)
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

extension JPEGThumbnail {
    /// Mosaic cell that makes a face of the thumbnail unrecognisable: a quarter of the region's longer
    /// side (at least 2 px), about four cells across, coarser than the copy's own redaction since the
    /// report needs only to show where a face was. The mosaic is then blurred (sigma half a cell) into
    /// a soft blob: a plain Gaussian blur as wide as the region would smear its edge pixels inwards.
    static func faceMosaicCell(width: Int, height: Int) -> Int { Swift.max(2, Swift.max(width, height) / 4) }

    /// Shrinks `source` (8-bit sRGB, 3 bands) to fit inside `longSide` pixels, blurs `faces` and covers
    /// `regions` (both in pixels of a `displayWidth` x `displayHeight` picture) in the pixels, and
    /// encodes a JPEG without metadata: what was blurred or covered is not in the bytes at all.
    static func make(
        _ source: VipsImageHandle, longSide: Int, displayWidth: Int, displayHeight: Int, covering regions: [Region],
        blurring faces: [Region]
    ) throws -> JPEGThumbnail {
        var out: UnsafeMutablePointer<VipsImage>?
        guard vigie_vips_thumbnail_image(source.pointer, Int32(longSide), &out) == 0, let shrunk = out else {
            throw MediaError(.corrupt, "the thumbnail could not be made", underlying: Vips.takeError())
        }
        var small = VipsImageHandle(shrunk)
        let w = small.width, h = small.height
        let sx = Double(w) / Double(Swift.max(displayWidth, 1)), sy = Double(h) / Double(Swift.max(displayHeight, 1))
        /// A region in thumbnail pixels, grown by 2 px so that resampling cannot leak its edges (not clamped).
        func scaled(_ r: Region) -> (x0: Int, y0: Int, x1: Int, y1: Int) {
            (
                Int((Double(r.x) * sx).rounded(.down)) - 2, Int((Double(r.y) * sy).rounded(.down)) - 2,
                Int((Double(r.maxX) * sx).rounded(.up)) + 2, Int((Double(r.maxY) * sy).rounded(.up)) + 2
            )
        }
        for face in faces {
            let s = scaled(face)
            let x0 = Swift.max(0, s.x0), y0 = Swift.max(0, s.y0), x1 = Swift.min(w, s.x1), y1 = Swift.min(h, s.y1)
            guard x1 > x0, y1 > y0 else { continue }
            let cell = faceMosaicCell(width: x1 - x0, height: y1 - y0)
            // Style 1: mosaic, then style 0: Gaussian blur, on the area alone (see `vigie_vips_redact_area`).
            for (style, amount) in [(Int32(1), Double(cell)), (Int32(0), Swift.max(1, Double(cell) / 2))] {
                var result: UnsafeMutablePointer<VipsImage>?
                guard
                    vigie_vips_redact_area(small.pointer, Int32(x0), Int32(y0), Int32(x1 - x0), Int32(y1 - y0), style, amount, &result)
                        == 0,
                    let done = result
                else { throw MediaError(.corrupt, "the thumbnail could not be made", underlying: Vips.takeError()) }
                small = VipsImageHandle(done)
            }
        }
        var px = try small.pixels(path: nil)
        guard small.bands == 3, px.count == w * h * 3 else { throw MediaError(.corrupt, "unexpected thumbnail pixel layout") }
        for r in regions {
            let s = scaled(r)
            DecodedImage.cover(&px, width: w, height: h, x0: s.x0, y0: s.y0, x1: s.x1, y1: s.y1)
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
}
