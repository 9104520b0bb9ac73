import CVips
import Foundation
import Testing
import VigieTestSupport

@testable import VigieMedia

private let fullResolutionFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// Pearson correlation of two pictures brought to the same small size: near 1 when they show the
/// same thing the same way up, low when one is turned or another picture.
/// A 4000x3000 JPEG made from a fixture photo with a student-ID card painted on it, written to `path`.
private func paintCardPhoto(to path: String) throws {
    let card = TextCardPainter.Card(
        text: "Student ID 4829175", font: "DejaVu Sans", capHeight: 28, paper: [250, 250, 248], ink: [20, 20, 25], angle: 0, blur: 0,
        place: (0.3, 0.6))
    try TextCardPainter.paint(
        base: fullResolutionFixtures.appendingPathComponent("metadata/no-metadata.jpg").path, width: 4000, height: 3000, cards: [card],
        output: path)
}

private func likeness(_ a: GreyImage, _ b: GreyImage) -> Double {
    let x = a.resampled(64, 48), y = b.resampled(64, 48)
    let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices {
        sxy += (x[i] - mx) * (y[i] - my)
        sxx += (x[i] - mx) * (x[i] - mx)
        syy += (y[i] - my) * (y[i] - my)
    }
    return sxy / (sxx * syy).squareRoot()
}

@Suite("Full-resolution grey for OCR re-reads")
struct FullResolutionTests {
    /// HEIF has no shrink-on-load: the grey comes out of the one decode that made the working copy.
    @Test func heifKeepsItsGreyFromTheOneDecode() throws {
        let path = fullResolutionFixtures.appendingPathComponent("metadata/gps-exif-at-eof.heic").path
        // An allowance of its own: the process-wide one is shared with tests running alongside.
        let decodes = Allowance(capacity: 32_000_000)
        let loaded = MediaLoader.load(path: path, limits: DecodeLimits(), decodes: decodes)
        let image = try #require(loaded.image)
        let full = try #require(loaded.fullResolution)
        #expect(full.isDecoded)
        let grey = try full.image()
        #expect(grey.width == image.displayWidth && grey.height == image.displayHeight)
        #expect(likeness(grey, image.luma()) > 0.99)
        #expect(decodes.held == 0)
    }

    /// The one pass keeps the colour as luma and 2x2-averaged chroma, not as RGB: the working copy made
    /// from them is libvips' own thumbnail of the file up to rounding, odd sizes included, and the grey
    /// is the luma of every pixel. (Sharp edges of saturated colour, which HEIC and JPEG cameras do not
    /// store either, smear by a pixel: the generated picture keeps its sharp edges in luma.)
    /// With `heif`, the planes come straight from libheif (no RGB at all): the grey is then the luma
    /// plane, within rounding of the luma of libheif's RGB.
    @Test(arguments: [("metadata/gps-exif-at-eof.heic", false), ("metadata/gps-exif-at-eof.heic", true), ("generated", false)])
    func theOnePassGivesLibvipsThumbnailAndTheExactGrey(file: String, heif: Bool) throws {
        try Vips.start()
        var path = fullResolutionFixtures.appendingPathComponent(file).path
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-pass-\(getpid())-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: work) }
        if file == "generated" {
            // Odd sizes; colour in smooth gradients and detail in sharp-edged squares of light and
            // dark (the same change to R, G and B: luma only), as in photos.
            let (w, h) = (301, 203)
            var rgb = [UInt8](repeating: 0, count: w * h * 3)
            for y in 0..<h {
                for x in 0..<w {
                    let i = (y * w + x) * 3
                    let shift = [-60, 0, 60][(x / 25 + y / 25) % 3]
                    rgb[i] = UInt8(70 + x * 115 / w + shift)
                    rgb[i + 1] = UInt8(70 + y * 115 / h + shift)
                    rgb[i + 2] = UInt8(185 - x * 115 / w + shift)
                }
            }
            try Data(try PNGWriter.encode(width: w, height: h, rgb: rgb)).write(to: work)
            path = work.path
        }
        let size = file == "generated" ? 128 : 2048
        let pass = try MediaLoader.decodeWhole(path: path, workingSize: size, heif: heif)
        if heif { #expect(try MediaLoader.heifPlanes(path: path, maxPixels: 100_000_000) != nil) }
        // The reference: libvips' thumbnail of the whole decoded picture (no shrink-on-load, which
        // for JPEG scales in the DCT and is another picture).
        var out: UnsafeMutablePointer<VipsImage>?
        let opened = VipsImageHandle(try #require(vigie_vips_open(path)))
        try #require(vigie_vips_thumbnail_image(opened.pointer, Int32(size), &out) == 0)
        let reference = try MediaLoader.rgb8(VipsImageHandle(try #require(out)), path: path, displayWidth: 0, displayHeight: 0)
        #expect(pass.image.width == reference.width && pass.image.height == reference.height)
        var total = 0, worst = [Int]()
        for i in reference.pixels.indices {
            let d = abs(Int(pass.image.pixels[i]) - Int(reference.pixels[i]))
            total += d
            worst.append(d)
        }
        worst.sort()
        let mean = Double(total) / Double(reference.pixels.count)
        let p99 = worst[worst.count * 99 / 100]
        #expect(mean < 1.5, "mean difference \(mean)")
        #expect(p99 <= 12, "99th percentile \(p99)")
        // The grey is exact: the luma of each pixel of the full picture.
        var full: UnsafeMutablePointer<VipsImage>?
        full = vigie_vips_open_sequential(path)
        let whole = try MediaLoader.rgb8(VipsImageHandle(try #require(full)), path: path, displayWidth: 0, displayHeight: 0)
        if heif {
            let luma = whole.luma()
            #expect(pass.grey.width == luma.width && pass.grey.height == luma.height)
            let differences = zip(pass.grey.pixels, luma.pixels).map { abs(Int($0) - Int($1)) }.sorted()
            #expect(Double(differences.reduce(0, +)) / Double(differences.count) < 0.75)
            #expect(differences[differences.count * 999 / 1000] <= 2)
        } else {
            #expect(pass.grey == whole.luma())
        }
    }

    /// A still WebP's grey comes from the luma plane libwebp decodes to, not from libvips' RGBA decode:
    /// the same picture, turned as displayed (EXIF orientation 6 here).
    @Test func aWebPGreyComesFromItsLumaPlaneAsDisplayed() throws {
        try Vips.start()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-webp-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let path = work.appendingPathComponent("turned.webp").path
        let jpeg = VipsImageHandle(
            try #require(vigie_vips_open(fullResolutionFixtures.appendingPathComponent("faces/three-faces.jpg").path)))
        try #require(vigie_vips_save_webp(jpeg.pointer, path) == 0)
        try ExifTool.setOrientation(6, of: path)

        let loaded = MediaLoader.load(path: path)
        let image = try #require(loaded.image)
        let full = try #require(loaded.fullResolution)
        #expect(!full.isDecoded)
        let grey = try full.image()
        #expect(grey.width == image.displayWidth && grey.height == image.displayHeight)
        #expect(grey.width == jpeg.height && grey.height == jpeg.width)
        #expect(likeness(grey, image.luma()) > 0.98)
        // The same grey as libvips' path, within rounding.
        let viaVips = try FullResolutionGrey.grey(of: VipsImageHandle(try #require(vigie_vips_open_sequential(path))), path: path)
        #expect(viaVips.width == grey.width && viaVips.height == grey.height)
        let difference = zip(grey.pixels, viaVips.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        #expect(Double(difference) / Double(grey.pixels.count) < 1.5)
        #expect(try FullResolutionGrey.webpGrey(path: path, maxFileBytes: 1 << 30) != nil)
    }

    /// Other formats decode it when a re-read needs it, turned as displayed (EXIF orientation 6 here).
    @Test func aTurnedJPEGIsDecodedOnDemandAsDisplayed() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-full-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let path = work.appendingPathComponent("turned.jpg").path
        try paintCardPhoto(to: path)
        try ExifTool.setOrientation(6, of: path)

        let loaded = MediaLoader.load(path: path)
        let image = try #require(loaded.image)
        #expect(image.displayWidth == 3000 && image.displayHeight == 4000)
        let full = try #require(loaded.fullResolution)
        #expect(!full.isDecoded)
        let grey = try full.image()
        #expect(full.isDecoded)  // decoded once, then kept
        #expect(grey.width == 3000 && grey.height == 4000)
        #expect(likeness(grey, image.luma()) > 0.98)
    }

    @Test func aJPEGIsScaledInTheDecoderOnlyNearTheWorkingSize() {
        #expect(MediaLoader.jpegShrink(longSide: 4032, workingSize: 2048) == 2)
        #expect(MediaLoader.jpegShrink(longSide: 3900, workingSize: 2048) == 2)
        #expect(MediaLoader.jpegShrink(longSide: 3880, workingSize: 2048) == 1)
        #expect(MediaLoader.jpegShrink(longSide: 3264, workingSize: 2048) == 1)
        #expect(MediaLoader.jpegShrink(longSide: 8064, workingSize: 2048) == 4)
        #expect(MediaLoader.jpegShrink(longSide: 16384, workingSize: 2048) == 8)
        #expect(MediaLoader.jpegShrink(longSide: 1200, workingSize: 2048) == 1)
    }

    /// A 12 MP JPEG's working copy comes from libjpeg's half-size decode (2000 px, not 2048): the
    /// same picture, within rounding, as the whole decode shrunk to that size; turned as displayed.
    @Test(arguments: [1, 6])
    func aLargeJPEGIsDecodedAtHalfSize(orientation: Int) throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-shrink-\(getpid())-\(orientation)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let path = work.appendingPathComponent("large.jpg").path
        try paintCardPhoto(to: path)
        if orientation != 1 { try ExifTool.setOrientation(orientation, of: path) }
        let image = try #require(MediaLoader.load(path: path).image)
        let turned = orientation == 6
        #expect(image.width == (turned ? 1500 : 2000) && image.height == (turned ? 2000 : 1500))
        #expect(image.displayWidth == (turned ? 3000 : 4000) && image.displayHeight == (turned ? 4000 : 3000))
        var out: UnsafeMutablePointer<VipsImage>?
        try #require(vigie_vips_thumbnail_file(path, 2000, &out) == 0)
        let whole = try MediaLoader.rgb8(VipsImageHandle(try #require(out)), path: path, displayWidth: 0, displayHeight: 0)
        #expect(whole.width == image.width && whole.height == image.height)
        let differences = zip(image.pixels, whole.pixels).map { abs(Int($0) - Int($1)) }.sorted()
        #expect(Double(differences.reduce(0, +)) / Double(differences.count) < 1.5)
        #expect(differences[differences.count * 99 / 100] <= 8)
    }

    @Test func aFileThatCannotBeDecodedIsAnErrorEachTime() throws {
        let full = FullResolutionGrey(path: "/nonexistent/vigie-\(getpid()).jpg")
        #expect(throws: MediaError.self) { try full.image() }
        #expect(throws: MediaError.self) { try full.image() }
    }

    @Test func cropsClipToThePicture() throws {
        let grey = GreyImage(width: 4, height: 3, pixels: Array(0..<12))
        #expect(grey.cropped(to: Region(x: 1, y: 1, width: 2, height: 2))?.pixels == [5, 6, 9, 10])
        #expect(grey.cropped(to: Region(x: 3, y: -1, width: 5, height: 2))?.pixels == [3])
        #expect(grey.cropped(to: Region(x: 4, y: 0, width: 2, height: 2)) == nil)
    }

    /// Pixels come out of libvips a band of rows at a time into the Swift array: every row, in order,
    /// across band boundaries.
    @Test func pixelsCopyEveryRowAcrossBands() throws {
        try Vips.start()
        let (w, h) = (701, 3001)  // 2,103 bytes a row: 498 rows a band, the last one short
        let pattern = (0..<(w * h * 3)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / (w * 3)) }
        let handle: VipsImageHandle = try pattern.withUnsafeBytes { buffer in
            let p = try #require(
                vips_image_new_from_memory_copy(buffer.baseAddress, buffer.count, Int32(w), Int32(h), 3, VIPS_FORMAT_UCHAR))
            return VipsImageHandle(p)
        }
        #expect(try handle.pixels(path: nil) == pattern)
    }
}

@Suite("Shared allowance")
struct AllowanceTests {
    /// Shares never add up past the allowance; a share larger than all of it runs alone, not never.
    @Test func sharesNeverExceedTheAllowance() async throws {
        let allowance = Allowance(capacity: 16)
        let counter = Counter()
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<12 {
                group.addTask {
                    let share = [10, 5, 100][i % 3]
                    allowance.withShare(share) {
                        counter.enter(Swift.min(share, 16))
                        usleep(2_000)
                        counter.leave(Swift.min(share, 16))
                    }
                }
            }
        }
        #expect(counter.peak <= 16)
        #expect(counter.peak >= 10)
        #expect(allowance.held == 0)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private(set) var peak = 0
        func enter(_ n: Int) {
            lock.lock()
            now += n
            peak = Swift.max(peak, now)
            lock.unlock()
        }
        func leave(_ n: Int) {
            lock.lock()
            now -= n
            lock.unlock()
        }
    }
}
