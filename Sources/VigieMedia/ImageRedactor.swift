import CVips
import Foundation

/// How a region of a publish-ready copy is made unreadable.
public enum RedactionStyle: String, Sendable, Codable, CaseIterable {
    /// Gaussian blur of the region alone, its strength proportional to the region's size.
    case blur
    /// A coarse mosaic: the region shrunk by averaging, then enlarged by repeating pixels.
    case pixelate
    /// A solid black box.
    case box
}

/// A publish-ready copy in memory: the picture as displayed (orientation in the pixels), at most the
/// requested size, with regions redacted, encoded with its colour profile and nothing else.
public struct RedactedImage: Sendable {
    /// JPEG (quality 92, no chroma subsampling), or PNG when the picture has transparency.
    public let bytes: [UInt8]
    public let format: ImageFormat
    public let width: Int
    public let height: Int
    /// Pixels of the copy per displayed pixel of the original (1 when it was not made smaller).
    public let scale: Double
    /// True when the original's ICC profile is in the copy.
    public let keptColourProfile: Bool
    /// A small JPEG of the copy (the HTML report's "after"), only when `render` was asked for one.
    public var thumbnail: JPEGThumbnail? = nil
}

/// Draws redactions with libvips: blur (`vips_gaussblur` on the extracted region, inserted back),
/// pixelate (shrink, then nearest-neighbour zoom) or box (`vips_draw_rect`).
public enum ImageRedactor {
    /// Gaussian sigma for a region: a fifth of its longer side (at least 4 px). A face of 100 px
    /// gets sigma 20 once its margin is added: every detail smaller than the face's own features is
    /// gone, so sharpening has nothing to bring back (tested with an unsharp mask).
    public static func blurSigma(width: Int, height: Int) -> Double { Swift.max(4, Double(Swift.max(width, height)) / 5) }

    /// Mosaic cell for a region: a sixth of its longer side (at least 6 px), about four cells across
    /// the face itself once its margin is added.
    public static func pixelBlock(width: Int, height: Int) -> Int { Swift.max(6, Swift.max(width, height) / 6) }

    /// `box` grown by `margin` times its width on the left and right and times its height above and
    /// below (at least 2 px each side), clipped to a `width` x `height` picture.
    public static func grow(_ box: Region, margin: Double, width: Int, height: Int) -> Region {
        let dx = Swift.max(2, Int((Double(box.width) * margin).rounded(.up)))
        let dy = Swift.max(2, Int((Double(box.height) * margin).rounded(.up)))
        let x0 = Swift.max(0, box.x - dx), y0 = Swift.max(0, box.y - dy)
        let x1 = Swift.min(width, box.maxX + dx), y1 = Swift.min(height, box.maxY + dy)
        return Region(x: x0, y: y0, width: Swift.max(0, x1 - x0), height: Swift.max(0, y1 - y0))
    }

    /// Opens `path` as displayed, scales it so that its long side is at most `longSide` (nil: full
    /// size), redacts `regions` (pixels of the original as displayed) in `style`, and encodes the
    /// result with only the colour profile (libvips' own EXIF block is cut out by the same surgery as
    /// `vigie clean`). Animated and multi-page files are refused: every frame would need its own checks.
    /// `strength` scales the blur sigma and the mosaic cell (1: the sizes above). With `thumbnailLongSide`,
    /// a small JPEG of the redacted pixels is made from the copy still in memory (nothing is decoded again).
    public static func render(
        path: String, regions: [Region], style: RedactionStyle, longSide: Int?, maxPixels: Int, strength: Double = 1,
        thumbnailLongSide: Int? = nil
    ) throws -> RedactedImage {
        try Vips.start()
        guard let raw = vigie_vips_open_oriented(path) else {
            throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
        }
        var image = VipsImageHandle(raw)
        guard image.pageCount <= 1 else { throw MediaError(.unsupported, "animated and multi-page images cannot be redacted") }
        guard image.width * image.height <= maxPixels else { throw MediaError(.tooLarge, "the image has more pixels than the limit") }
        let displayWidth = image.width, displayHeight = image.height
        let keptProfile = image.blob("icc-profile-data") != nil

        var scale = 1.0
        if let longSide, Swift.max(displayWidth, displayHeight) > longSide {
            scale = Double(longSide) / Double(Swift.max(displayWidth, displayHeight))
            var out: UnsafeMutablePointer<VipsImage>?
            guard vigie_vips_resize_by(image.pointer, scale, &out) == 0, let resized = out else {
                throw MediaError(.corrupt, "the image could not be resized", underlying: Vips.takeError(removing: path))
            }
            image = VipsImageHandle(resized)
        }
        // Decode once: each redaction reads the same pixels instead of decoding the file again.
        guard let inMemory = vips_image_copy_memory(image.pointer) else {
            throw MediaError(.corrupt, "the pixel data could not be decoded", underlying: Vips.takeError(removing: path))
        }
        image = VipsImageHandle(inMemory)
        let w = image.width, h = image.height
        for region in regions {
            // Outward rounding: a scaled region never loses a pixel row or column of what it covers.
            let x0 = Swift.max(0, Int((Double(region.x) * scale).rounded(.down)))
            let y0 = Swift.max(0, Int((Double(region.y) * scale).rounded(.down)))
            let x1 = Swift.min(w, Int((Double(region.maxX) * scale).rounded(.up)))
            let y1 = Swift.min(h, Int((Double(region.maxY) * scale).rounded(.up)))
            guard x1 > x0, y1 > y0 else { continue }
            let (rw, rh) = (x1 - x0, y1 - y0)
            let amount: Double
            switch style {
            case .blur: amount = blurSigma(width: rw, height: rh) * strength
            case .pixelate: amount = Double(pixelBlock(width: rw, height: rh)) * strength
            case .box: amount = 0
            }
            let code: Int32 = style == .blur ? 0 : (style == .pixelate ? 1 : 2)
            var out: UnsafeMutablePointer<VipsImage>?
            guard vigie_vips_redact_area(image.pointer, Int32(x0), Int32(y0), Int32(rw), Int32(rh), code, amount, &out) == 0,
                let redacted = out
            else {
                throw MediaError(.corrupt, "a region could not be redacted", underlying: Vips.takeError(removing: path))
            }
            image = VipsImageHandle(redacted)
        }

        // The report's picture is a nicety: when it cannot be made the copy is written all the same.
        var thumbnail: JPEGThumbnail?
        if let thumbnailLongSide {
            var srgb: UnsafeMutablePointer<VipsImage>?
            if vigie_vips_to_srgb8(image.pointer, &srgb) == 0, let s = srgb {
                thumbnail = try? JPEGThumbnail.make(
                    VipsImageHandle(s), longSide: thumbnailLongSide, displayWidth: w, displayHeight: h, covering: [], blurring: [])
            } else {
                _ = Vips.takeError(removing: path)
            }
        }

        var buffer: UnsafeMutableRawPointer?
        var length = 0
        var isPNG: Int32 = 0
        guard vigie_vips_convert_clean(image.pointer, Int32(Reencoder.jpegQuality), &isPNG, &buffer, &length) == 0, let buffer else {
            throw MediaError(.corrupt, "the redacted copy could not be encoded", underlying: Vips.takeError(removing: path))
        }
        defer { vigie_vips_free(buffer) }
        let encoded = ByteReader([UInt8](UnsafeRawBufferPointer(start: buffer, count: length)))
        let bytes =
            isPNG != 0 ? try PNGStripper.strip(encoded, orientation: 1).bytes : try JPEGStripper.strip(encoded, orientation: 1).bytes
        return RedactedImage(
            bytes: bytes, format: isPNG != 0 ? .png : .jpeg, width: w, height: h, scale: scale, keptColourProfile: keptProfile,
            thumbnail: thumbnail)
    }

    /// Writes a strongly sharpened copy of `path` (unsharp mask) as a JPEG at `output`: an attacker's
    /// first try at undoing a blur. For tests and evaluation; not used when cleaning files.
    public static func writeSharpened(path: String, output: String) throws {
        try Vips.start()
        guard let raw = vigie_vips_open_oriented(path) else {
            throw MediaError(.unreadable, "the image cannot be opened", underlying: Vips.takeError())
        }
        let image = VipsImageHandle(raw)
        var out: UnsafeMutablePointer<VipsImage>?
        guard vigie_vips_sharpen_strongly(image.pointer, &out) == 0, let s = out else {
            throw MediaError(.corrupt, "the image cannot be sharpened", underlying: Vips.takeError())
        }
        let sharpened = VipsImageHandle(s)
        guard vigie_vips_save_jpeg(sharpened.pointer, output) == 0 else {
            throw MediaError(.unreadable, "the image cannot be saved", underlying: Vips.takeError())
        }
    }
}
