import CVips
import Foundation
import Testing

@testable import VigieMedia

private let fullResolutionFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// Pearson correlation of two pictures brought to the same small size: near 1 when they show the
/// same thing the same way up, low when one is turned or another picture.
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

    /// Other formats decode it when a re-read needs it, turned as displayed (EXIF orientation 6 here).
    @Test func aTurnedJPEGIsDecodedOnDemandAsDisplayed() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-full-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let path = work.appendingPathComponent("turned.jpg").path
        let card = TextCardPainter.Card(
            text: "Student ID 4829175", font: "DejaVu Sans", capHeight: 28, paper: [250, 250, 248], ink: [20, 20, 25], angle: 0, blur: 0,
            place: (0.3, 0.6))
        let painted = try TextCardPainter.paint(
            base: fullResolutionFixtures.appendingPathComponent("metadata/no-metadata.jpg").path, width: 4000, height: 3000, cards: [card], output: path)
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: "/usr/bin/exiftool")
        tool.arguments = ["-q", "-n", "-Orientation=6", "-overwrite_original", path]
        try tool.run()
        tool.waitUntilExit()
        try #require(tool.terminationStatus == 0)

        let loaded = MediaLoader.load(path: path)
        let image = try #require(loaded.image)
        #expect(image.displayWidth == 3000 && image.displayHeight == 4000)
        let full = try #require(loaded.fullResolution)
        #expect(!full.isDecoded)
        let grey = try full.image()
        #expect(full.isDecoded)  // decoded once, then kept
        #expect(grey.width == 3000 && grey.height == 4000)
        #expect(likeness(grey, image.luma()) > 0.98)

        // The small print is re-read from it, and found where the card is as displayed.
        let text = try TextReader.read(path: path, image: image, fullResolution: full)
        #expect(text.rereadRegions >= 1)
        let number = try #require(text.words.first { $0.text.contains("4829175") }, "\(text.words.map(\.text))")
        let box = try #require(painted.first)
        // Orientation 6 turns the stored picture a quarter turn clockwise: stored (x, y) shows at
        // (height - 1 - y, x).
        let shown = TextBox(x: 3000 - box.maxY, y: box.x, width: box.height, height: box.width)
        let grown = TextBox(x: shown.x - 100, y: shown.y - 100, width: shown.width + 200, height: shown.height + 200)
        #expect(grown.containsCentre(of: number.box), "\(number.box) not in \(shown)")
    }

    @Test func aFileThatCannotBeDecodedIsAnErrorEachTime() throws {
        let full = FullResolutionGrey(path: "/nonexistent/vigie-\(getpid()).jpg")
        #expect(throws: MediaError.self) { try full.image() }
        #expect(throws: MediaError.self) { try full.image() }
    }

    @Test func cropsClipToThePicture() throws {
        let grey = GreyImage(width: 4, height: 3, pixels: Array(0..<12))
        #expect(grey.cropped(to: TextBox(x: 1, y: 1, width: 2, height: 2))?.pixels == [5, 6, 9, 10])
        #expect(grey.cropped(to: TextBox(x: 3, y: -1, width: 5, height: 2))?.pixels == [3])
        #expect(grey.cropped(to: TextBox(x: 4, y: 0, width: 2, height: 2)) == nil)
    }

    /// Pixels come out of libvips a band of rows at a time into the Swift array: every row, in order,
    /// across band boundaries.
    @Test func pixelsCopyEveryRowAcrossBands() throws {
        try Vips.start()
        let (w, h) = (701, 3001)  // 2,103 bytes a row: 498 rows a band, the last one short
        let pattern = (0..<(w * h * 3)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / (w * 3)) }
        let handle: VipsImageHandle = try pattern.withUnsafeBytes { buffer in
            let p = try #require(vips_image_new_from_memory_copy(buffer.baseAddress, buffer.count, Int32(w), Int32(h), 3, VIPS_FORMAT_UCHAR))
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
