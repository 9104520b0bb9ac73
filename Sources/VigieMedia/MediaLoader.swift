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
    /// Longest video whose frames are checked, in seconds. A video's time limit is
    /// `maxSecondsPerFile` for each started minute of it.
    public var maxVideoSeconds: Double = 3 * 3600

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
        guard case .image(let format) = try sniffContent(path: path) else { return nil }
        return format
    }

    /// Sniffs an image or a video or audio container from the start of a file; nil when it is neither.
    public static func sniffContent(path: String) throws -> SniffedContent? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw MediaError(.unreadable, "the file cannot be opened") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: MediaContainer.headLength)) ?? Data()
        return SniffedContent.sniff([UInt8](head))
    }

    public static func readBytes(path: String, limit: Int) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw MediaError(.unreadable, "the file cannot be read", underlying: String(cString: strerror(errno)))
        }
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

    /// `bytes`, when given, are the file's content already read (by the detection cache's hash):
    /// the file is not read again.
    public static func load(path: String, limits: DecodeLimits = DecodeLimits(), bytes: [UInt8]? = nil) -> LoadedMedia {
        load(path: path, limits: limits, decodes: fullDecodes, bytes: bytes)
    }

    /// `decodes` is the allowance full HEIF/AVIF decodes share: the process-wide one, or a test's own.
    static func load(path: String, limits: DecodeLimits, decodes: Allowance, bytes given: [UInt8]? = nil) -> LoadedMedia {
        let bytes: [UInt8]
        do {
            try Vips.start()
            bytes = try given ?? readBytes(path: path, limit: limits.maxFileBytes)
        } catch {
            return LoadedMedia(
                format: .jpeg, fileSize: 0, metadata: nil, image: nil,
                error: error as? MediaError ?? MediaError(.unreadable, "the file cannot be read"))
        }
        let container = readContainer(bytes, limits: limits)
        guard let format = container.format else {
            return LoadedMedia(format: .jpeg, fileSize: bytes.count, metadata: nil, image: nil, error: container.error)
        }
        var metadata = container.metadata
        // A container Vigie's own reader finds broken (or over the limits) is an error whatever the
        // pixels hold, and is not handed to a decoder: hostile headers (a chunk claiming 2 GB, say)
        // cost libpng or libspng a gigabyte and seconds before they give up.
        var firstError = container.error
        if firstError != nil {
            return LoadedMedia(format: format, fileSize: bytes.count, metadata: metadata, image: nil, error: firstError)
        }
        var image: DecodedImage?
        var full: FullResolutionGrey?
        do {
            let decoded = try decode(path: path, format: format, limits: limits, decodes: decodes, metadata: &metadata)
            image = decoded.image
            full = FullResolutionGrey(
                path: path, decoded: decoded.grey, format: format, orientation: decoded.orientation, maxFileBytes: limits.maxFileBytes)
        } catch let e as MediaError {
            firstError = firstError ?? e
        } catch {
            firstError = firstError ?? MediaError(.corrupt, "the image could not be decoded")
        }
        var loaded = LoadedMedia(format: format, fileSize: bytes.count, metadata: metadata, image: image, error: firstError)
        loaded.fullResolution = full
        return loaded
    }

    /// A file's container read from its bytes without decoding any pixel: its format (nil when the
    /// content is not a supported image), its metadata and the first error (unsupported content, a
    /// broken structure, a header over the limits). What a check of a cached file reads.
    public static func readContainer(_ bytes: [UInt8], limits: DecodeLimits) -> (
        format: ImageFormat?, metadata: MediaMetadata?, error: MediaError?
    ) {
        guard let format = ImageFormat.sniff(Array(bytes.prefix(64))) else {
            return (nil, nil, MediaError(.unsupported, "the content is not a supported image format"))
        }
        var metadata: MediaMetadata?
        var firstError: MediaError?
        do {
            metadata = try MetadataReader.read(ByteReader(bytes), format: format, maxFrames: limits.maxFrames)
            firstError = metadata?.structureError
        } catch let e as MediaError {
            firstError = e
        } catch {
            firstError = MediaError(.corrupt, "the file structure is broken")
        }
        if let m = metadata, let exceeded = limits.exceeded(by: m) { return (format, m, exceeded) }
        return (format, metadata, firstError)
    }

    /// Header check with libvips, then one decode to the working size (shrink-on-load where the format
    /// has it); compares embedded previews with it. HEIF and AVIF decode every pixel whatever the size
    /// asked: their full-resolution grey comes out of the same decode.
    static func decode(
        path: String, format: ImageFormat, limits: DecodeLimits, decodes: Allowance, metadata: inout MediaMetadata?
    ) throws -> (image: DecodedImage, grey: GreyImage?, orientation: Int) {
        // The header is let go before decoding: libvips' WebP loader allocates the whole RGBA frame
        // when the file is opened (40 MB for 10 megapixels).
        let (width, pages, frameHeight, orientation, hasICC): (Int, Int, Int, Int, Bool) = try {
            guard let raw = vigie_vips_open_sequential(path) else {
                throw MediaError(.corrupt, "the image header could not be read", underlying: Vips.takeError(removing: path))
            }
            let header = VipsImageHandle(raw)
            let pages = Swift.max(1, header.pageCount)
            let frameHeight = pages > 1 && header.pageHeight > 0 ? header.pageHeight : header.height
            return (header.width, pages, frameHeight, header.int("orientation") ?? 1, header.blob("icc-profile-data") != nil)
        }()
        let (pixels, overflow) = width.multipliedReportingOverflow(by: frameHeight)
        guard !overflow, pixels <= limits.maxPixels else { throw MediaError(.tooLarge, "more pixels than the limit") }
        guard pages <= limits.maxFrames else { throw MediaError(.tooLarge, "more frames than the limit") }
        let swap = orientation >= 5 && orientation <= 8
        let displayWidth = swap ? frameHeight : width
        let displayHeight = swap ? width : frameHeight
        if metadata != nil, hasICC { metadata?.hasICCProfile = true }

        /// libvips' shrink-on-load decode of the file to the working size (a JPEG scaled in libjpeg
        /// when that keeps the working copy near the working size).
        func thumbnailOfFile() throws -> DecodedImage {
            var out: UnsafeMutablePointer<VipsImage>?
            let shrink = format == .jpeg ? jpegShrink(longSide: Swift.max(width, frameHeight), workingSize: limits.workingSize) : 1
            let status =
                shrink > 1
                ? vigie_vips_thumbnail_jpeg_shrunk(path, Int32(shrink), Int32(limits.workingSize), &out)
                : vigie_vips_thumbnail_file(path, Int32(limits.workingSize), &out)
            guard status == 0, let thumb = out else {
                throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
            }
            return try rgb8(VipsImageHandle(thumb), path: path, displayWidth: displayWidth, displayHeight: displayHeight)
        }
        var grey: GreyImage?
        let image: DecodedImage
        if format == .heif || format == .avif {
            // libheif decodes every pixel whatever the size asked, and holds its planes (1.5 bytes a
            // pixel, more while a grid is put together) until the pass below is done: such decodes
            // share one allowance of pixels across workers, so two large ones do not add up.
            image = try decodes.withShare(pixels) {
                guard pixels <= limits.maxKeptGreyPixels, pages == 1 else { return try thumbnailOfFile() }
                // One decode gives the grey at full resolution and the colour at half resolution,
                // from which the working copy is made (libheif has already turned the picture: no
                // orientation to apply).
                // The file's whole time limit bounds the direct HEVC decode (checked between tiles).
                let whole = try decodeWhole(
                    path: path, workingSize: limits.workingSize, maxPixels: limits.maxPixels, heif: true,
                    secondsLeft: limits.maxSecondsPerFile)
                grey = whole.grey
                return DecodedImage(
                    width: whole.image.width, height: whole.image.height, pixels: whole.image.pixels,
                    displayWidth: displayWidth, displayHeight: displayHeight)
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
        return (image, grey, orientation)
    }

    /// The factor libjpeg scales a JPEG by while decoding it (its DCT scaling: 1, 2, 4 or 8): the
    /// largest that keeps the working copy's long side at 95% of the working size or more, so that
    /// a 12 MP photo (4032 px) is decoded at 2016 px, in about half the time of a whole decode
    /// (docs/BENCHMARKS.md). An 8 MP photo (3264 px) is decoded whole: at 1632 px its print would
    /// be a fifth smaller for OCR.
    static func jpegShrink(longSide: Int, workingSize: Int) -> Int {
        for shrink in [8, 4, 2] where (longSide + shrink - 1) / shrink * 100 >= workingSize * 95 { return shrink }
        return 1
    }

    /// Pixels being decoded by libheif at once, across workers: two phone photos (up to 16 megapixels
    /// each) decode together; a larger picture waits for room, and one over 32 megapixels decodes
    /// alone. (Holding two 12-megapixel photos to one at a time cost 10-15% of a run's time and saved
    /// no memory once large blocks were handed back to the system.)
    static let fullDecodes = Allowance(capacity: 32_000_000)

    /// A file's first image read in one top-to-bottom pass, without holding its colour pixels: the
    /// grey at full resolution (Rec. 601 luma, as `DecodedImage.luma`), and the working copy (long side
    /// at most `workingSize`). The colour is kept as luma and chroma, the chroma averaged over 2x2
    /// pixels (what JPEG and HEIC store anyway): 1.5 bytes a pixel instead of the 3 of RGB. The working
    /// copy's luma is the full grey resized with libvips, its chroma the half-size planes resized to
    /// it; resizing is linear, so this is the thumbnail of the RGB picture up to rounding.
    static func decodeWhole(
        path: String, workingSize: Int, maxPixels: Int = DecodeLimits().maxPixels, heif: Bool = false, secondsLeft: Double = 0
    ) throws -> (grey: GreyImage, image: DecodedImage) {
        if heif, let planes = try heifPlanes(path: path, maxPixels: maxPixels, secondsLeft: secondsLeft) {
            return try workingCopy(
                luma: planes.luma, width: planes.width, height: planes.height, chroma: planes.chroma, workingSize: workingSize,
                path: path)
        }
        guard let raw = vigie_vips_open_sequential(path) else {
            throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
        }
        let rgb = try srgb8(VipsImageHandle(raw), path: path)
        let w = rgb.width, h = rgb.height, cw = (w + 1) / 2, ch = (h + 1) / 2
        var luma = [UInt8](repeating: 0, count: w * h)
        var chroma = [UInt8](repeating: 0, count: cw * ch * 2)
        try luma.withUnsafeMutableBufferPointer { lumaBuffer in
            try chroma.withUnsafeMutableBufferPointer { chromaBuffer in
                // Both hold at least a pixel: the picture has one (srgb8 checked its size).
                guard let l = lumaBuffer.baseAddress, let c = chromaBuffer.baseAddress else { return }
                try rgb.forEachBand(path: path) { y0, rows, row in
                    var r = 0
                    while r < rows {
                        // Rows y and y + 1 (the last row of an odd height counts once).
                        let top = row(r), pair = r + 1 < rows
                        let bottom = pair ? row(r + 1) : top
                        let y = y0 + r
                        let topOut = l + y * w
                        let bottomOut = pair ? topOut + w : topOut
                        let chromaOut = c + (y / 2) * cw * 2
                        for bx in 0..<cw {
                            let x = 2 * bx, x1 = Swift.min(x + 1, w - 1)
                            let a = top + 3 * x, b = top + 3 * x1, d = bottom + 3 * x, e = bottom + 3 * x1
                            topOut[x] = DecodedImage.luma601(a[0], a[1], a[2])
                            topOut[x1] = DecodedImage.luma601(b[0], b[1], b[2])
                            bottomOut[x] = DecodedImage.luma601(d[0], d[1], d[2])
                            bottomOut[x1] = DecodedImage.luma601(e[0], e[1], e[2])
                            // Duplicated edge pixels weigh as the others: a 2x2 mean either way.
                            let sr: Int = sum4(a, b, d, e, 0), sg: Int = sum4(a, b, d, e, 1), sb: Int = sum4(a, b, d, e, 2)
                            // Cb and Cr (JPEG's full-range BT.601), times 4 and in 1/65536ths.
                            let cbSum: Int = -11058 * sr - 21710 * sg + 32768 * sb
                            let crSum: Int = 32768 * sr - 27439 * sg - 5329 * sb
                            let cb: Int = cbSum / 4 + (128 << 16) + (1 << 15)
                            let cr: Int = crSum / 4 + (128 << 16) + (1 << 15)
                            chromaOut[2 * bx] = UInt8(clamping: cb >> 16)
                            chromaOut[2 * bx + 1] = UInt8(clamping: cr >> 16)
                        }
                        r += 2
                    }
                }
            }
        }
        return try workingCopy(luma: luma, width: w, height: h, chroma: chroma, workingSize: workingSize, path: path)
    }

    /// Which decoder gives a HEIF file's planes: HEVC pictures straight through libavcodec, with
    /// libheif for the rest and whenever the direct path fails (`automatic`), or one of them alone
    /// (tests and benchmarks).
    public enum HEIFDecoder: Sendable { case automatic, libheif, libavcodec }

    /// A HEIF or AVIF file's luma and chroma (Cb, Cr interleaved at half size), full range, without
    /// RGB anywhere; nil when the picture is of a kind left to libvips (alpha, more than 8 bits, not
    /// 4:2:0, a matrix other than BT.601's, whose luma would not be the grey's), or, with
    /// `.libavcodec`, one the direct path does not handle.
    /// `secondsLeft` (0: no limit) bounds the direct path, which then fails as too slow instead of
    /// handing over to libheif.
    public static func heifPlanes(path: String, maxPixels: Int, decoder: HEIFDecoder = .automatic, secondsLeft: Double = 0) throws -> (
        luma: [UInt8], chroma: [UInt8], width: Int, height: Int
    )? {
        switch decoder {
        case .libheif: return try libheifPlanes(path: path, maxPixels: maxPixels)
        case .libavcodec: return try hevcPlanes(path: path, maxPixels: maxPixels, secondsLeft: secondsLeft)
        case .automatic:
            // Fail closed: any other error of the direct path is left to libheif, whose own failure
            // is the file's error.
            do {
                if let planes = try hevcPlanes(path: path, maxPixels: maxPixels, secondsLeft: secondsLeft) { return planes }
            } catch let error as MediaError where error.code == .tooSlow {
                throw error
            } catch {}
            return try libheifPlanes(path: path, maxPixels: maxPixels)
        }
    }

    /// A HEIC file's primary picture decoded by libavcodec (`HEVCImagePlan`); nil when not handled.
    static func hevcPlanes(path: String, maxPixels: Int, secondsLeft: Double = 0) throws -> (
        luma: [UInt8], chroma: [UInt8], width: Int, height: Int
    )? {
        let r = ByteReader(try readBytes(path: path, limit: DecodeLimits().maxFileBytes))
        guard case .plan(let plan) = try HEVCImagePlan.make(r) else { return nil }
        let (p, full, _) = try plan.decode(r, maxPixels: maxPixels, secondsLeft: secondsLeft)
        return p.y.withUnsafeBufferPointer { y in
            p.cb.withUnsafeBufferPointer { cb in
                p.cr.withUnsafeBufferPointer { cr in
                    // Every plane holds at least a pixel: the plan's sizes are positive.
                    guard let yp = y.baseAddress, let cbp = cb.baseAddress, let crp = cr.baseAddress else { return nil }
                    return fullRangePlanes(
                        y: yp, yStride: p.width, cb: cbp, cbStride: p.chromaWidth, cr: crp, crStride: p.chromaWidth, width: p.width,
                        height: p.height, chromaWidth: p.chromaWidth, chromaHeight: p.chromaHeight, full: full)
                }
            }
        }
    }

    /// A HEIF or AVIF file's planes as libheif decodes them.
    static func libheifPlanes(path: String, maxPixels: Int) throws -> (luma: [UInt8], chroma: [UInt8], width: Int, height: Int)? {
        var planes = vigie_heif_planes()
        let status = vigie_heif_decode_420(path, maxPixels, &planes)
        defer { vigie_heif_planes_free(&planes) }
        guard status != 1 else { return nil }
        guard status == 0, let yp = planes.y, let cbp = planes.cb, let crp = planes.cr else {
            throw MediaError(.corrupt, "the image could not be decoded")
        }
        return fullRangePlanes(
            y: yp, yStride: Int(planes.yStride), cb: cbp, cbStride: Int(planes.cbStride), cr: crp, crStride: Int(planes.crStride),
            width: Int(planes.width), height: Int(planes.height), chromaWidth: Int(planes.chromaWidth),
            chromaHeight: Int(planes.chromaHeight), full: planes.fullRange != 0)
    }

    /// Luma and interleaved chroma, packed, studio range (16-235 luma, 16-240 chroma) brought to full range.
    static func fullRangePlanes(
        y yp: UnsafePointer<UInt8>, yStride: Int, cb cbp: UnsafePointer<UInt8>, cbStride: Int, cr crp: UnsafePointer<UInt8>,
        crStride: Int, width w: Int, height h: Int, chromaWidth cw: Int, chromaHeight ch: Int, full: Bool
    ) -> (luma: [UInt8], chroma: [UInt8], width: Int, height: Int) {
        var lumaTable = [UInt8](repeating: 0, count: 256), chromaTable = [UInt8](repeating: 0, count: 256)
        for v in 0..<256 {
            let studioLuma: Int = ((v - 16) * 510 + 219) / 438
            let studioChroma: Double = (Double(v) - 128) * 255 / 224
            lumaTable[v] = full ? UInt8(v) : UInt8(clamping: studioLuma)
            chromaTable[v] = full ? UInt8(v) : UInt8(clamping: 128 + Int(studioChroma.rounded()))
        }
        var luma = [UInt8](repeating: 0, count: w * h)
        var chroma = [UInt8](repeating: 0, count: cw * ch * 2)
        luma.withUnsafeMutableBufferPointer { out in
            for y in 0..<h {
                let row = yp + y * yStride
                for x in 0..<w { out[y * w + x] = lumaTable[Int(row[x])] }
            }
        }
        chroma.withUnsafeMutableBufferPointer { out in
            for y in 0..<ch {
                let b = cbp + y * cbStride, r = crp + y * crStride
                for x in 0..<cw {
                    out[(y * cw + x) * 2] = chromaTable[Int(b[x])]
                    out[(y * cw + x) * 2 + 1] = chromaTable[Int(r[x])]
                }
            }
        }
        return (luma, chroma, w, h)
    }

    /// The grey and the working copy from full-resolution luma and 2x2 chroma (Cb, Cr interleaved).
    static func workingCopy(
        luma: [UInt8], width w: Int, height h: Int, chroma: [UInt8], workingSize: Int, path: String
    ) throws -> (grey: GreyImage, image: DecodedImage) {
        let cw = (w + 1) / 2, ch = (h + 1) / 2
        let grey = GreyImage(width: w, height: h, pixels: luma)
        let small = try resized(luma, width: w, height: h, bands: 1, path: path) { source, out in
            vigie_vips_thumbnail_image(source, Int32(workingSize), &out)
        }
        let (sw, sh) = (small.width, small.height)
        // The chroma planes are about the working size already (half of a picture twice as large):
        // they are sampled bilinearly as the RGB is rebuilt. Only a larger picture's are first
        // reduced by libvips, so that no detail is skipped over.
        var colour = (width: cw, height: ch, pixels: chroma)
        if cw > sw * 5 / 4 || ch > sh * 5 / 4 {
            colour = try resized(chroma, width: cw, height: ch, bands: 2, path: path) { source, out in
                vigie_vips_resize_to(source, Int32(sw), Int32(sh), &out)
            }
        }
        // Back to RGB at the working size: the inverse of the matrix above, in 1/65536ths.
        var pixels = [UInt8](repeating: 0, count: sw * sh * 3)
        let scaleX = Double(colour.width) / Double(sw), scaleY = Double(colour.height) / Double(sh)
        // Where each output column falls among the chroma columns, and its weight, computed once.
        let columns: [(Int, Int, Int)] = (0..<sw).map { x in
            let fx = Swift.max(0, Swift.min(Double(colour.width - 1), (Double(x) + 0.5) * scaleX - 0.5))
            let x0 = Int(fx)
            return (x0, Swift.min(colour.width - 1, x0 + 1), Int((fx - Double(x0)) * 256))
        }
        small.pixels.withUnsafeBufferPointer { yp in
            colour.pixels.withUnsafeBufferPointer { cp in
                pixels.withUnsafeMutableBufferPointer { out in
                    let cwid = colour.width
                    for y in 0..<sh {
                        let fy = Swift.max(0, Swift.min(Double(colour.height - 1), (Double(y) + 0.5) * scaleY - 0.5))
                        let y0 = Int(fy), y1 = Swift.min(colour.height - 1, y0 + 1), wy = Int((fy - Double(y0)) * 256)
                        let row0 = y0 * cwid * 2, row1 = y1 * cwid * 2
                        for x in 0..<sw {
                            let (x0, x1, wx) = columns[x]
                            let a = row0 + x0 * 2, b = row0 + x1 * 2, d = row1 + x0 * 2, e = row1 + x1 * 2
                            // Bilinear chroma, in 1/65536ths, centred on zero.
                            let cb: Int = bilinear(cp[a], cp[b], cp[d], cp[e], wx, wy) - (128 << 16)
                            let cr: Int = bilinear(cp[a + 1], cp[b + 1], cp[d + 1], cp[e + 1], wx, wy) - (128 << 16)
                            let l: Int = Int(yp[y * sw + x]) << 16 + (1 << 15)
                            let o = (y * sw + x) * 3
                            out[o] = UInt8(clamping: (l + (cr * 91881) >> 16) >> 16)
                            out[o + 1] = UInt8(clamping: (l - (cb * 22554) >> 16 - (cr * 46802) >> 16) >> 16)
                            out[o + 2] = UInt8(clamping: (l + (cb * 116130) >> 16) >> 16)
                        }
                    }
                }
            }
        }
        return (grey, DecodedImage(width: sw, height: sh, pixels: pixels, displayWidth: w, displayHeight: h))
    }

    /// Bilinear mix of four bytes with weights in 1/256ths, in 1/65536ths.
    @inline(__always) private static func bilinear(_ a: UInt8, _ b: UInt8, _ d: UInt8, _ e: UInt8, _ wx: Int, _ wy: Int) -> Int {
        let top: Int = Int(a) * (256 - wx) + Int(b) * wx
        let bottom: Int = Int(d) * (256 - wx) + Int(e) * wx
        return top * (256 - wy) + bottom * wy
    }

    @inline(__always) private static func sum4(
        _ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ d: UnsafePointer<UInt8>, _ e: UnsafePointer<UInt8>, _ band: Int
    ) -> Int {
        let ab: Int = Int(a[band]) + Int(b[band])
        let de: Int = Int(d[band]) + Int(e[band])
        return ab + de
    }

    /// 8-bit planes of `bands` interleaved bands, resized by libvips with `operation`.
    private static func resized(
        _ planes: [UInt8], width: Int, height: Int, bands: Int, path: String,
        _ operation: (UnsafeMutablePointer<VipsImage>, inout UnsafeMutablePointer<VipsImage>?) -> Int32
    ) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        try planes.withUnsafeBytes { buffer in
            guard
                let memory = vips_image_new_from_memory(
                    buffer.baseAddress, buffer.count, Int32(width), Int32(height), Int32(bands), VIPS_FORMAT_UCHAR)
            else { throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path)) }
            let source = VipsImageHandle(memory)
            var out: UnsafeMutablePointer<VipsImage>?
            guard operation(source.pointer, &out) == 0, let result = out else {
                throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
            }
            let handle = VipsImageHandle(result)
            var cast: UnsafeMutablePointer<VipsImage>?
            guard vigie_vips_cast_uchar(handle.pointer, &cast) == 0, let c = cast else {
                throw MediaError(.corrupt, "the image could not be decoded", underlying: Vips.takeError(removing: path))
            }
            let bytes = VipsImageHandle(c)
            let pixels = try bytes.pixels(path: path)
            guard bytes.bands == bands, pixels.count == bytes.width * bytes.height * bands else {
                throw MediaError(.corrupt, "unexpected pixel layout")
            }
            return (bytes.width, bytes.height, pixels)
        }
    }

    /// `image` converted to 8-bit sRGB, three bands (lazy: nothing is decoded yet).
    static func srgb8(_ image: VipsImageHandle, path: String) throws -> VipsImageHandle {
        var rgbOut: UnsafeMutablePointer<VipsImage>?
        guard vigie_vips_to_srgb8(image.pointer, &rgbOut) == 0, let rgb = rgbOut else {
            throw MediaError(.corrupt, "the image could not be converted to RGB", underlying: Vips.takeError(removing: path))
        }
        let handle = VipsImageHandle(rgb)
        guard handle.bands == 3, vigie_vips_sizeof_pel(handle.pointer) == 3 else { throw MediaError(.corrupt, "unexpected pixel layout") }
        return handle
    }

    /// `image`'s pixels as 8-bit sRGB owned by Swift, for a picture displayed at `displayWidth` x
    /// `displayHeight`.
    static func rgb8(_ image: VipsImageHandle, path: String, displayWidth: Int, displayHeight: Int) throws -> DecodedImage {
        let rgbHandle = try srgb8(image, path: path)
        let data = try rgbHandle.pixels(path: path)
        guard data.count == rgbHandle.width * rgbHandle.height * 3 else { throw MediaError(.corrupt, "unexpected pixel layout") }
        return DecodedImage(
            width: rgbHandle.width, height: rgbHandle.height, pixels: data, displayWidth: displayWidth, displayHeight: displayHeight)
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
