import Foundation
import Testing
import VigieMedia
import VigieTestSupport
import VigieVision

@Suite("OCR re-reads at full resolution")
struct FullResolutionReadTests {
    /// Small print is re-read from the full-resolution grey of a turned JPEG (EXIF orientation 6),
    /// and found where the card is as displayed.
    @Test func smallPrintOfATurnedJPEGIsFoundWhereItIsDisplayed() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-full-read-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let path = work.appendingPathComponent("turned.jpg").path
        let card = TextCardPainter.Card(
            text: "Student ID 4829175", font: "DejaVu Sans", capHeight: 28, paper: [250, 250, 248], ink: [20, 20, 25], angle: 0, blur: 0,
            place: (0.3, 0.6))
        let painted = try TextCardPainter.paint(
            base: fixtures.appendingPathComponent("metadata/no-metadata.jpg").path, width: 4000, height: 3000, cards: [card], output: path)
        try ExifTool.setOrientation(6, of: path)
        let loaded = MediaLoader.load(path: path)
        let image = try #require(loaded.image)
        let full = try #require(loaded.fullResolution)

        // The small print is re-read from it, and found where the card is as displayed.
        let text = try TextReader.read(path: path, image: image, fullResolution: full)
        #expect(text.linesRead >= 1)
        let number = try #require(text.words.first { $0.text.contains("4829175") }, "\(text.words.map(\.text))")
        let box = try #require(painted.first)
        // Orientation 6 turns the stored picture a quarter turn clockwise: stored (x, y) shows at
        // (height - 1 - y, x).
        let shown = Region(x: 3000 - box.maxY, y: box.x, width: box.height, height: box.width)
        let grown = Region(x: shown.x - 100, y: shown.y - 100, width: shown.width + 200, height: shown.height + 200)
        #expect(grown.containsCentre(of: number.box), "\(number.box) not in \(shown)")
    }
}
