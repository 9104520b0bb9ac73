import CVips
import Foundation
import Synchronization

/// A picture as displayed at full resolution, in grey: what OCR re-reads small print from. Decoded at
/// most once per file, and only when asked, unless the decoder had to decode every pixel anyway
/// (HEIF and AVIF have no shrink-on-load): then it is kept from that decode, so the file is not
/// decoded a second time. One byte a pixel: 12 MB for a 12-megapixel photo, against 36 MB for the
/// colour picture libvips would otherwise hold for random access.
public final class FullResolutionGrey: Sendable {
    private let path: String
    private let format: ImageFormat?
    private let orientation: Int
    private let maxFileBytes: Int
    private let made: Mutex<Result<GreyImage, MediaError>?>

    /// `decoded`: the grey picture when the loader already made it. `format` and `orientation` (the
    /// file's, as the loader found them) let a still WebP be read from its luma plane.
    public init(
        path: String, decoded: GreyImage? = nil, format: ImageFormat? = nil, orientation: Int = 1,
        maxFileBytes: Int = DecodeLimits().maxFileBytes
    ) {
        self.path = path
        self.format = format
        self.orientation = orientation
        self.maxFileBytes = maxFileBytes
        self.made = Mutex(decoded.map { .success($0) })
    }

    /// True once the grey picture is in memory: kept from the loader's decode, or decoded by a first
    /// `image()` (tests).
    public var isDecoded: Bool { made.withLock { $0 != nil } }

    /// The grey picture, decoded from the file the first time (one sequential pass). Callers wait for
    /// a decode in progress rather than start a second one.
    public func image() throws -> GreyImage {
        try made.withLock { made in
            if let made { return try made.get() }
            let result = decode()
            made = result
            return try result.get()
        }
    }

    private func decode() -> Result<GreyImage, MediaError> {
        do {
            try Vips.start()
            if format == .webp, let grey = try Self.webpGrey(path: path, maxFileBytes: maxFileBytes) {
                return .success(grey.oriented(orientation))
            }
            guard let raw = vigie_vips_open_sequential(path) else {
                throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
            }
            return .success(try Self.grey(of: VipsImageHandle(raw), path: path))
        } catch let error as MediaError {
            return .failure(error)
        } catch {
            return .failure(MediaError(.corrupt, "the image could not be decoded"))
        }
    }

    /// A still WebP without alpha, from the luma plane libwebp decodes to (libvips decodes WebP to RGBA
    /// all at once and copies it through its pipeline: about 160 MB for 10 megapixels, against 15 MB
    /// here); orientation not applied. Nil for the other WebPs, which go through libvips.
    static func webpGrey(path: String, maxFileBytes: Int) throws -> GreyImage? {
        let bytes = try MediaLoader.readBytes(path: path, limit: maxFileBytes)
        var width: Int32 = 0, height: Int32 = 0
        guard vigie_webp_plain_size(bytes, bytes.count, &width, &height) == 1 else { return nil }
        let (w, h) = (Int(width), Int(height))
        var failed = false
        let pixels = [UInt8](unsafeUninitializedCapacity: w * h) { buffer, initialized in
            failed = vigie_webp_grey(bytes, bytes.count, buffer.baseAddress, width, height) != 0
            initialized = failed ? 0 : w * h
        }
        guard !failed else { throw MediaError(.corrupt, "the image could not be decoded") }
        return GreyImage(width: w, height: h, pixels: pixels)
    }

    /// `image` (a whole file's picture, orientation not yet applied) decoded to grey, as displayed:
    /// 8-bit sRGB from libvips a band of rows at a time, made grey here with integer Rec. 601 weights
    /// (libvips' recombination works in floating point and cost as much as the JPEG decode itself),
    /// then turned by the picture's orientation.
    static func grey(of image: VipsImageHandle, path: String?) throws -> GreyImage {
        var out: UnsafeMutablePointer<VipsImage>?
        guard vigie_vips_to_srgb8(image.pointer, &out) == 0, let p = out else {
            throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
        }
        let rgb = VipsImageHandle(p)
        let w = rgb.width, h = rgb.height
        guard rgb.bands == 3, w > 0, h > 0 else { throw MediaError(.corrupt, "unexpected pixel layout") }
        var pixels = [UInt8](repeating: 0, count: w * h)
        try pixels.withUnsafeMutableBufferPointer { grey in
            try rgb.forEachBand(path: path) { y, rows, row in
                for r in 0..<rows {
                    let src = row(r), start = (y + r) * w
                    for x in 0..<w { grey[start + x] = DecodedImage.luma601(src[3 * x], src[3 * x + 1], src[3 * x + 2]) }
                }
            }
        }
        return GreyImage(width: w, height: h, pixels: pixels).oriented(Int(vips_image_get_orientation(image.pointer)))
    }
}

extension GreyImage {
    /// The pixels inside `box` (clipped to the picture); nil when nothing of it is inside.
    public func cropped(to box: Region) -> GreyImage? {
        let x0 = Swift.max(0, box.x), y0 = Swift.max(0, box.y)
        let x1 = Swift.min(width, box.maxX), y1 = Swift.min(height, box.maxY)
        guard x0 < x1, y0 < y1 else { return nil }
        let w = x1 - x0
        var out = [UInt8](repeating: 0, count: w * (y1 - y0))
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                // Neither is empty: the crop holds at least a pixel.
                guard let to0 = dst.baseAddress, let from0 = src.baseAddress else { return }
                for y in y0..<y1 {
                    let from = y * width + x0, to = (y - y0) * w
                    to0.advanced(by: to).update(from: from0.advanced(by: from), count: w)
                }
            }
        }
        return GreyImage(width: w, height: y1 - y0, pixels: out)
    }
}
