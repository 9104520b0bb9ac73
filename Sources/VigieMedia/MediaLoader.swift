import CVips
import Foundation

/// Limits applied before and while decoding, so that hostile files cost little.
public struct DecodeLimits: Sendable, Equatable {
    /// Largest pixel count of one frame, judged from the header before decoding.
    public var maxPixels: Int = 100_000_000
    /// Most frames or pages.
    public var maxFrames: Int = 2_000
    /// Largest file read into memory.
    public var maxFileBytes: Int = 1 << 30
    /// Long side of the working copy every check shares.
    public var workingSize: Int = 2048
    /// Largest picture whose full-resolution grey is kept from a decode that had to read every pixel
    /// anyway (HEIF, AVIF): 50 MB a worker at most; larger pictures are decoded again if OCR needs them.
    public var maxKeptGreyPixels: Int = 50_000_000
    /// Longest time one file may take to check, in seconds; a file that takes longer is reported as
    /// an error, never passed. Each stage checks it (OCR inside Tesseract too).
    public var maxSecondsPerFile: Double = 30

    public init() {}

    /// The limit a file's container header already exceeds (pixels of one frame, frames), before
    /// anything is decoded; nil when the header is within the limits or says nothing.
    public func exceeded(by m: MediaMetadata) -> MediaError? {
        if m.width > 0, m.height > 0, m.width.multipliedReportingOverflow(by: m.height).overflow || m.width * m.height > maxPixels {
            return MediaError(.tooLarge, "more pixels than the limit")
        }
        if m.frameCount > maxFrames { return MediaError(.tooLarge, "more frames than the limit") }
        return nil
    }
}

/// A file as Vigie loaded it: its metadata, a working-size decode, or why either failed.
public struct LoadedMedia: Sendable {
    public let format: ImageFormat
    public let fileSize: Int
    /// Nil when the container could not be parsed.
    public let metadata: MediaMetadata?
    /// Nil when the pixels could not be decoded (or were not decoded because of a limit).
    public let image: DecodedImage?
    /// The picture at full resolution in grey, for OCR's re-reads (nil when `image` is nil).
    public var fullResolution: FullResolutionGrey? = nil
    /// The first failure, if any. A loaded file with an error is never clear.
    public let error: MediaError?
}

/// Reads a file once: bytes, container metadata, header limits, then one decode at working size.
public enum MediaLoader {
    /// Sniffs the format from the start of a file; nil when it is not a supported image.
    public static func sniff(path: String) throws -> ImageFormat? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw MediaError(.unreadable, "the file cannot be opened") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)) ?? Data()
        return ImageFormat.sniff([UInt8](head))
    }

    public static func readBytes(path: String, limit: Int) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw MediaError(.unreadable, "the file cannot be read", underlying: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw MediaError(.unreadable, "not a regular file") }
        guard Int(info.st_size) <= limit else { throw MediaError(.tooLarge, "the file is larger than the size limit") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw MediaError(.unreadable, "the file cannot be opened") }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            guard data.count <= limit else { throw MediaError(.tooLarge, "the file is larger than the size limit") }
            return [UInt8](data)
        } catch let error as MediaError {
            throw error
        } catch {
            throw MediaError(.unreadable, "the file cannot be read")
        }
    }

    public static func load(path: String, limits: DecodeLimits = DecodeLimits()) -> LoadedMedia {
        load(path: path, limits: limits, decodes: fullDecodes)
    }

    /// `decodes` is the allowance full HEIF/AVIF decodes share: the process-wide one, or a test's own.
    static func load(path: String, limits: DecodeLimits, decodes: Allowance) -> LoadedMedia {
        let bytes: [UInt8]
        do {
            try Vips.start()
            bytes = try readBytes(path: path, limit: limits.maxFileBytes)
        } catch {
            return LoadedMedia(format: .jpeg, fileSize: 0, metadata: nil, image: nil, error: error as? MediaError ?? MediaError(.unreadable, "the file cannot be read"))
        }
        guard let format = ImageFormat.sniff(Array(bytes.prefix(64))) else {
            return LoadedMedia(format: .jpeg, fileSize: bytes.count, metadata: nil, image: nil, error: MediaError(.unsupported, "the content is not a supported image format"))
        }
        let reader = ByteReader(bytes)
        var metadata: MediaMetadata?
        var firstError: MediaError?
        do {
            metadata = try MetadataReader.read(reader, format: format, maxFrames: limits.maxFrames)
            firstError = metadata?.structureError
        } catch let e as MediaError {
            firstError = e
        } catch {
            firstError = MediaError(.corrupt, "the file structure is broken")
        }
        if let m = metadata, let exceeded = limits.exceeded(by: m) {
            return LoadedMedia(format: format, fileSize: bytes.count, metadata: m, image: nil, error: exceeded)
        }
        // A container Vigie's own reader finds broken is an error whatever the pixels hold, and is not
        // handed to a decoder: hostile headers (a chunk claiming 2 GB, say) cost libpng or libspng
        // a gigabyte and seconds before they give up.
        if firstError != nil {
            return LoadedMedia(format: format, fileSize: bytes.count, metadata: metadata, image: nil, error: firstError)
        }
        var image: DecodedImage?
        var full: FullResolutionGrey?
        do {
            let decoded = try decode(path: path, format: format, limits: limits, decodes: decodes, metadata: &metadata)
            image = decoded.image
            full = FullResolutionGrey(path: path, decoded: decoded.grey)
        } catch let e as MediaError {
            firstError = firstError ?? e
        } catch {
            firstError = firstError ?? MediaError(.corrupt, "the image could not be decoded")
        }
        var loaded = LoadedMedia(format: format, fileSize: bytes.count, metadata: metadata, image: image, error: firstError)
        loaded.fullResolution = full
        return loaded
    }

    /// Header check with libvips, then one decode to the working size (shrink-on-load where the format
    /// has it); compares embedded previews with it. HEIF and AVIF decode every pixel whatever the size
    /// asked: their full-resolution grey comes out of the same decode.
    static func decode(
        path: String, format: ImageFormat, limits: DecodeLimits, decodes: Allowance, metadata: inout MediaMetadata?
    ) throws -> (image: DecodedImage, grey: GreyImage?) {
        guard let raw = vigie_vips_open_sequential(path) else {
            throw MediaError(.corrupt, "the image header could not be read", underlying: Vips.takeError(removing: path))
        }
        let header = VipsImageHandle(raw)
        let pages = Swift.max(1, header.pageCount)
        let frameHeight = pages > 1 && header.pageHeight > 0 ? header.pageHeight : header.height
        let (pixels, overflow) = header.width.multipliedReportingOverflow(by: frameHeight)
        guard !overflow, pixels <= limits.maxPixels else { throw MediaError(.tooLarge, "more pixels than the limit") }
        guard pages <= limits.maxFrames else { throw MediaError(.tooLarge, "more frames than the limit") }
        let orientation = header.int("orientation") ?? 1
        let swap = orientation >= 5 && orientation <= 8
        let displayWidth = swap ? frameHeight : header.width
        let displayHeight = swap ? header.width : frameHeight
        if metadata != nil, header.blob("icc-profile-data") != nil { metadata?.hasICCProfile = true }

        /// libvips' shrink-on-load decode of the file to the working size.
        func thumbnailOfFile() throws -> DecodedImage {
            var out: UnsafeMutablePointer<VipsImage>?
            guard vigie_vips_thumbnail_file(path, Int32(limits.workingSize), &out) == 0, let thumb = out else {
                throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
            }
            return try rgb8(VipsImageHandle(thumb), path: path, displayWidth: displayWidth, displayHeight: displayHeight)
        }
        var grey: GreyImage?
        let image: DecodedImage
        if format == .heif || format == .avif {
            // libheif decodes every pixel whatever the size asked, and libvips holds them while the
            // file is open (3 bytes a pixel, and the planes they came from): such decodes share one
            // allowance of pixels across workers, so two large ones do not add up.
            image = try decodes.withShare(pixels) {
                guard pixels <= limits.maxKeptGreyPixels, pages == 1 else { return try thumbnailOfFile() }
                // One pass over the decode: its pixels are copied out a band of rows at a time while
                // libheif holds them, then libheif lets go; the grey and the working copy are both made
                // from that copy (libheif has already turned the picture: no orientation to apply).
                let full = try decodeWhole(path: path)
                grey = full.luma()
                return try full.pixels.withUnsafeBytes { buffer in
                    guard
                        let memory = vips_image_new_from_memory(
                            buffer.baseAddress, buffer.count, Int32(full.width), Int32(full.height), 3, VIPS_FORMAT_UCHAR)
                    else { throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path)) }
                    let source = VipsImageHandle(memory)
                    var out: UnsafeMutablePointer<VipsImage>?
                    guard vigie_vips_thumbnail_image(source.pointer, Int32(limits.workingSize), &out) == 0, let thumb = out else {
                        throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
                    }
                    return try rgb8(VipsImageHandle(thumb), path: path, displayWidth: displayWidth, displayHeight: displayHeight)
                }
            }
        } else {
            image = try thumbnailOfFile()
        }

        if var m = metadata, !m.previews.isEmpty {
            let main = image.luma()
            for i in m.previews.indices {
                var grey: GreyImage?
                if let bytes = m.previews[i].bytes {
                    grey = greyPreview(bytes)
                } else if m.previews[i].kind == .heifThumbnail, let t = vigie_vips_open_heif_thumbnail(path) {
                    grey = greyImage(VipsImageHandle(t))
                }
                _ = Vips.takeError()
                guard let grey else { continue }
                // Previews are stored unrotated, like the main image's pixels before orientation.
                // HEIF thumbnails come out of libheif already transformed.
                let oriented = m.previews[i].kind == .heifThumbnail ? grey : grey.oriented(m.orientation ?? 1)
                m.previews[i].framing = PreviewComparator.framing(preview: oriented, main: main)
            }
            metadata = m
        }
        return (image, grey)
    }

    /// Pixels being decoded by libheif at once, across workers: two phone photos (up to 16 megapixels
    /// each) decode together; a larger picture waits for room, and one over 32 megapixels decodes
    /// alone. (Holding two 12-megapixel photos to one at a time cost 10-15% of a run's time and saved
    /// no memory once large blocks were handed back to the system.)
    static let fullDecodes = Allowance(capacity: 32_000_000)

    /// Every pixel of a file's first image as 8-bit sRGB, read in one top-to-bottom pass.
    static func decodeWhole(path: String) throws -> DecodedImage {
        guard let raw = vigie_vips_open_sequential(path) else {
            throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
        }
        let source = VipsImageHandle(raw)
        return try rgb8(source, path: path, displayWidth: source.width, displayHeight: source.height)
    }

    /// `image`'s pixels as 8-bit sRGB owned by Swift, for a picture displayed at `displayWidth` x
    /// `displayHeight`.
    static func rgb8(_ image: VipsImageHandle, path: String, displayWidth: Int, displayHeight: Int) throws -> DecodedImage {
        var rgbOut: UnsafeMutablePointer<VipsImage>?
        guard vigie_vips_to_srgb8(image.pointer, &rgbOut) == 0, let rgb = rgbOut else {
            throw MediaError(.corrupt, "the image could not be converted to RGB", underlying: Vips.takeError(removing: path))
        }
        let rgbHandle = VipsImageHandle(rgb)
        let data = try rgbHandle.pixels(path: path)
        guard rgbHandle.bands == 3, data.count == rgbHandle.width * rgbHandle.height * 3 else {
            throw MediaError(.corrupt, "unexpected pixel layout")
        }
        return DecodedImage(width: rgbHandle.width, height: rgbHandle.height, pixels: data, displayWidth: displayWidth, displayHeight: displayHeight)
    }

    static func greyPreview(_ bytes: [UInt8]) -> GreyImage? {
        var out: UnsafeMutablePointer<VipsImage>?
        let status = bytes.withUnsafeBytes { vigie_vips_thumbnail_buffer($0.baseAddress, $0.count, 128, &out) }
        guard status == 0, let p = out else { return nil }
        return greyImage(VipsImageHandle(p))
    }

    static func greyImage(_ image: VipsImageHandle) -> GreyImage? {
        var small: UnsafeMutablePointer<VipsImage>?
        guard vigie_vips_thumbnail_image(image.pointer, 128, &small) == 0, let s = small else { return nil }
        let smallHandle = VipsImageHandle(s)
        var greyOut: UnsafeMutablePointer<VipsImage>?
        guard vigie_vips_to_grey8(smallHandle.pointer, &greyOut) == 0, let g = greyOut else { return nil }
        let handle = VipsImageHandle(g)
        guard handle.bands == 1, let px = try? handle.pixels(path: nil), px.count == handle.width * handle.height else { return nil }
        return GreyImage(width: handle.width, height: handle.height, pixels: px)
    }
}
