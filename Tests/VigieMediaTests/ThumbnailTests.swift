import Foundation
import Testing

@testable import VigieMedia

/// Decodes JPEG bytes through the normal loader (a temporary file).
private func decodedJPEG(_ bytes: [UInt8]) throws -> DecodedImage {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-thumb-\(UUID().uuidString).jpg")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(bytes).write(to: url)
    let loaded = MediaLoader.load(path: url.path)
    #expect(loaded.format == .jpeg)
    return try #require(loaded.image)
}

/// Standard deviation of the luma in a rectangle.
private func spread(_ image: DecodedImage, x0: Int, y0: Int, x1: Int, y1: Int) -> Double {
    let grey = image.luma()
    var values: [Double] = []
    for y in y0..<y1 { for x in x0..<x1 { values.append(Double(grey[x, y])) } }
    let mean = values.reduce(0, +) / Double(values.count)
    return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
}

@Suite("Report thumbnails")
struct ThumbnailTests {
    /// A 1280x960 working copy of a 2560x1920 picture: vertical black and white stripes 8 px wide
    /// (text-like detail that survives shrinking to 320 px as 2 px stripes).
    let striped: DecodedImage = {
        var px = [UInt8](repeating: 0, count: 1280 * 960 * 3)
        for y in 0..<960 {
            for x in 0..<1280 where (x / 8) % 2 == 0 {
                let i = (y * 1280 + x) * 3
                px[i] = 255
                px[i + 1] = 255
                px[i + 2] = 255
            }
        }
        return DecodedImage(width: 1280, height: 960, pixels: px, displayWidth: 2560, displayHeight: 1920)
    }()

    @Test func fitsTheLongSideAndIsAJPEGWithoutMetadata() throws {
        let t = try striped.thumbnail(longSide: 320)
        #expect(t.width == 320 && t.height == 240)
        #expect(t.bytes.starts(with: [0xFF, 0xD8, 0xFF]))
        // No EXIF (APP1) segment: the thumbnail says nothing about the file.
        #expect(!t.bytes.prefix(64).starts(with: [0xFF, 0xD8, 0xFF, 0xE1]))
        let back = try decodedJPEG(t.bytes)
        #expect(back.width == 320 && back.height == 240)
        // Not covered: the stripes are still there.
        #expect(spread(back, x0: 100, y0: 100, x1: 140, y1: 140) > 60)
    }

    @Test func regionsAreCoveredInThePixels() throws {
        // A region in displayed pixels (the full 2560x1920 picture): 800..1600 x 600..1000, that is
        // 100..200 x 75..125 in the thumbnail.
        let region = Region(x: 800, y: 600, width: 800, height: 400)
        let t = try striped.thumbnail(longSide: 320, covering: [region])
        let back = try decodedJPEG(t.bytes)
        // Inside the region nothing is left of the stripes, edges included.
        #expect(spread(back, x0: 100, y0: 75, x1: 200, y1: 125) < 4)
        // Outside, the picture is untouched.
        #expect(spread(back, x0: 220, y0: 75, x1: 300, y1: 125) > 60)
        #expect(spread(back, x0: 100, y0: 150, x1: 200, y1: 200) > 60)
    }

    @Test func facesAreBlurredInThePixels() throws {
        // A face in displayed pixels: 800..1600 x 600..1000, that is 100..200 x 75..125 in the thumbnail.
        let face = Region(x: 800, y: 600, width: 800, height: 400)
        let plain = try decodedJPEG(try striped.thumbnail(longSide: 320).bytes)
        let blurred = try decodedJPEG(try striped.thumbnail(longSide: 320, blurring: [face]).bytes)
        // The stripes' detail is gone inside: a spread of a tenth of what it was, at most.
        let before = spread(plain, x0: 100, y0: 75, x1: 200, y1: 125)
        let after = spread(blurred, x0: 100, y0: 75, x1: 200, y1: 125)
        #expect(before > 60 && after < before / 10, "spread \(before) before, \(after) after")
        // Outside, the pixels are those of the plain thumbnail (up to JPEG noise).
        let (a, b) = (plain.luma(), blurred.luma())
        var sum = 0, n = 0
        for y in 0..<240 {
            for x in 0..<320 where !(95..<205).contains(x) || !(70..<130).contains(y) {
                sum += abs(Int(a[x, y]) - Int(b[x, y]))
                n += 1
            }
        }
        #expect(Double(sum) / Double(n) < 2, "outside the face changed by \(Double(sum) / Double(n)) on average")
    }

    @Test func theRedactedCopyGivesItsThumbnailOnlyWhenAskedAndItShowsTheRedaction() throws {
        let photo = fixtures.appendingPathComponent("faces/one-face.jpg").path
        let original = try #require(MediaLoader.load(path: photo).image)
        let (w, h) = (original.displayWidth, original.displayHeight)
        // The top-left quarter boxed: black in the copy's thumbnail, the rest as in the original's.
        let quarter = Region(x: 0, y: 0, width: w / 2, height: h / 2)
        let plain = try ImageRedactor.render(path: photo, regions: [quarter], style: .box, longSide: nil, maxPixels: 100_000_000)
        #expect(plain.thumbnail == nil)
        let copy = try ImageRedactor.render(
            path: photo, regions: [quarter], style: .box, longSide: nil, maxPixels: 100_000_000, thumbnailLongSide: 320)
        let t = try #require(copy.thumbnail)
        #expect(t.bytes.starts(with: [0xFF, 0xD8, 0xFF]))
        let after = try decodedJPEG(t.bytes)
        let before = try decodedJPEG(try original.thumbnail(longSide: 320).bytes)
        try #require(after.width == before.width && after.height == before.height && max(after.width, after.height) == min(320, max(w, h)))
        let (a, b) = (after.luma(), before.luma())
        var dark = 0, diff = 0, n = 0
        for y in 0..<(after.height / 2 - 3) { for x in 0..<(after.width / 2 - 3) { dark += Int(a[x, y]) } }
        for y in (after.height / 2 + 3)..<after.height {
            for x in (after.width / 2 + 3)..<after.width {
                diff += abs(Int(a[x, y]) - Int(b[x, y]))
                n += 1
            }
        }
        #expect(Double(dark) / Double((after.height / 2 - 3) * (after.width / 2 - 3)) < 10)
        #expect(Double(diff) / Double(n) < 4)
    }

    @Test func smallPicturesAreNotEnlarged() throws {
        let small = DecodedImage(
            width: 100, height: 50, pixels: [UInt8](repeating: 128, count: 100 * 50 * 3), displayWidth: 100, displayHeight: 50)
        let t = try small.thumbnail(longSide: 320)
        #expect(t.width == 100 && t.height == 50)
    }

    @Test func coverClampsToTheImage() {
        var px = [UInt8](repeating: 0, count: 4 * 4 * 3)
        px[0] = 255
        DecodedImage.cover(&px, width: 4, height: 4, x0: -5, y0: -5, x1: 2, y1: 2)
        // Mean of the top-left 2x2 red channel: 255 / 4.
        #expect(px[0] == 63 && px[3] == 63 && px[(4 + 1) * 3] == 63)
        #expect(px[2 * 3] == 0)
        DecodedImage.cover(&px, width: 4, height: 4, x0: 10, y0: 10, x1: 20, y1: 20)  // outside: nothing happens
    }
}
