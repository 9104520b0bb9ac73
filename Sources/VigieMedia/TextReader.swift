import CTesseract
import CVips
import Foundation

/// A rectangle in displayed image pixels (after orientation), as the OCR reports words.
public struct TextBox: Sendable, Equatable, Hashable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    /// The smallest box holding both.
    public func union(_ other: TextBox) -> TextBox {
        let x0 = Swift.min(x, other.x), y0 = Swift.min(y, other.y)
        return TextBox(x: x0, y: y0, width: Swift.max(maxX, other.maxX) - x0, height: Swift.max(maxY, other.maxY) - y0)
    }

    /// True when the centre of `other` lies inside this box.
    public func containsCentre(of other: TextBox) -> Bool {
        let cx = other.x + other.width / 2, cy = other.y + other.height / 2
        return cx >= x && cx < maxX && cy >= y && cy < maxY
    }

    public func intersects(_ other: TextBox) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
}

/// One word read in a picture: its text, Tesseract's confidence (0-100), its box in displayed pixels
/// and the text line it belongs to (words of one line share `line`).
public struct RecognizedWord: Sendable, Equatable, Codable {
    public var text: String
    public var confidence: Double
    public var box: TextBox
    public var line: Int

    public init(text: String, confidence: Double, box: TextBox, line: Int) {
        self.text = text
        self.confidence = confidence
        self.box = box
        self.line = line
    }
}

/// Everything read in one picture, in reading order.
public struct RecognizedText: Sendable, Equatable, Codable {
    public var words: [RecognizedWord]
    /// How many regions were read again at full resolution.
    public var rereadRegions: Int

    public init(words: [RecognizedWord], rereadRegions: Int = 0) {
        self.words = words
        self.rereadRegions = rereadRegions
    }
}

/// The one owner of a `TessBaseAPI *`, initialised with English and French from the system tessdata.
/// Never used by two threads at once: `TextReader` lends engines through a `HandlePool`.
final class TesseractEngine {
    typealias Handle = OpaquePointer
    let handle: Handle

    init(languages: String = "eng+fra") throws {
        vigie_leptonica_quiet()
        guard let api = TessBaseAPICreate() else { throw MediaError(.unreadable, "the OCR engine could not be created") }
        // Tesseract's own diagnostics would go to stderr: Vigie reports per file instead.
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        guard TessBaseAPIInit3(api, nil, languages) == 0 else {
            TessBaseAPIDelete(api)
            throw MediaError(.unreadable, "the OCR engine could not load its languages (tesseract-ocr-eng, tesseract-ocr-fra)")
        }
        handle = api
    }

    deinit { TessBaseAPIDelete(handle) }

    /// Page segmentation modes Vigie uses.
    enum Layout {
        /// Automatic page segmentation: a whole photo.
        case auto
        /// A region cut around text already found: sparse text, in any layout.
        case region

        var mode: TessPageSegMode {
            switch self {
            case .auto: PSM_AUTO
            case .region: PSM_SPARSE_TEXT
            }
        }
    }

    /// Reads a grey image; boxes come back in the image's own pixels, lines numbered from `firstLine`.
    func read(_ grey: GreyImage, layout: Layout, firstLine: Int) -> [RecognizedWord] {
        guard grey.width >= 8, grey.height >= 8 else { return [] }
        TessBaseAPISetPageSegMode(handle, layout.mode)
        grey.pixels.withUnsafeBufferPointer { p in
            TessBaseAPISetImage(handle, p.baseAddress, Int32(grey.width), Int32(grey.height), 1, Int32(grey.width))
        }
        // The working copy carries no useful resolution; 300 ppi is what Tesseract is tuned for.
        TessBaseAPISetSourceResolution(handle, 300)
        defer { TessBaseAPIClear(handle) }
        guard TessBaseAPIRecognize(handle, nil) == 0, let iterator = TessBaseAPIGetIterator(handle) else { return [] }
        defer { TessResultIteratorDelete(iterator) }
        var words: [RecognizedWord] = []
        var line = firstLine - 1
        let page = TessResultIteratorGetPageIteratorConst(iterator)
        repeat {
            if TessPageIteratorIsAtBeginningOf(page, RIL_TEXTLINE) != 0 { line += 1 }
            guard let cText = TessResultIteratorGetUTF8Text(iterator, RIL_WORD) else { continue }
            let text = String(cString: cText)
            TessDeleteText(cText)
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard TessPageIteratorBoundingBox(page, RIL_WORD, &left, &top, &right, &bottom) != 0 else { continue }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let confidence = Double(TessResultIteratorConfidence(iterator, RIL_WORD))
            words.append(RecognizedWord(
                text: trimmed, confidence: confidence,
                box: TextBox(x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top)),
                line: Swift.max(line, firstLine)))
        } while TessResultIteratorNext(iterator, RIL_WORD) != 0
        return words
    }
}

/// Reads the text in a picture: a first pass on the shared working-size decode, then the regions
/// that may hold small print (digits, words near labels, small low-confidence words) read again at
/// full resolution from the file. Boxes come back in displayed image pixels.
public enum TextReader {
    /// One engine per worker, created on first use and kept for the process.
    private static let engines = HandlePool { try TesseractEngine() }

    /// Longest side, in full-resolution pixels, of one region read again.
    static let maxRegionSide = 2400
    /// Most regions read again per picture (bounds the cost on pictures full of text).
    static let maxRegions = 6

    /// Reads `image` (the working-size decode of `path`). Throws when the OCR engine cannot start.
    public static func read(path: String, image: DecodedImage) throws -> RecognizedText {
        try engines.withHandle { engine in
            let grey = image.luma()
            let scale = image.scale
            var words = engine.read(grey, layout: .auto, firstLine: 0).map { word in
                var w = word
                w.box = scaled(word.box, by: scale, within: image)
                return w
            }
            // Full resolution only helps when the working copy was shrunk noticeably.
            guard scale > 1.2 else { return RecognizedText(words: words) }
            let regions = candidateRegions(words, image: image)
            guard !regions.isEmpty, let raw = vigie_vips_open_oriented(path) else {
                _ = Vips.takeError()
                return RecognizedText(words: words)
            }
            let full = VipsImageHandle(raw)
            guard full.width == image.displayWidth, full.height == image.displayHeight else { return RecognizedText(words: words) }
            var nextLine = (words.map(\.line).max() ?? 0) + 1
            var reread = 0
            for region in regions {
                var out: UnsafeMutablePointer<VipsImage>?
                guard vigie_vips_region_grey8(full.pointer, Int32(region.x), Int32(region.y), Int32(region.width), Int32(region.height), &out) == 0,
                    let p = out
                else {
                    _ = Vips.takeError()
                    continue
                }
                let handle = VipsImageHandle(p)
                guard let pixels = try? handle.pixels(path: path), pixels.count == handle.width * handle.height else { continue }
                let found = engine.read(GreyImage(width: handle.width, height: handle.height, pixels: pixels), layout: .region, firstLine: nextLine)
                reread += 1
                guard !found.isEmpty else { continue }
                nextLine = (found.map(\.line).max() ?? nextLine) + 1
                // The full-resolution reading replaces the first pass inside the region.
                words.removeAll { region.containsCentre(of: $0.box) }
                words += found.map { word in
                    var w = word
                    w.box = TextBox(x: word.box.x + region.x, y: word.box.y + region.y, width: word.box.width, height: word.box.height)
                    return w
                }
            }
            return RecognizedText(words: words, rereadRegions: reread)
        }
    }

    static func scaled(_ box: TextBox, by scale: Double, within image: DecodedImage) -> TextBox {
        let x = Int((Double(box.x) * scale).rounded(.down)), y = Int((Double(box.y) * scale).rounded(.down))
        let maxX = Swift.min(image.displayWidth, Int((Double(box.maxX) * scale).rounded(.up)))
        let maxY = Swift.min(image.displayHeight, Int((Double(box.maxY) * scale).rounded(.up)))
        return TextBox(x: x, y: y, width: Swift.max(1, maxX - x), height: Swift.max(1, maxY - y))
    }

    /// Regions worth a full-resolution reading, in displayed pixels: lines holding digits or `@`, and
    /// small words read with low confidence, widened to take in labels beside them, merged, and
    /// bounded in number and size.
    static func candidateRegions(_ words: [RecognizedWord], image: DecodedImage) -> [TextBox] {
        let scale = image.scale
        // Text already large in the working copy was read as well as it can be.
        let smallHeight = 28.0 * scale
        var seeds: [TextBox] = []
        for word in words where Double(word.box.height) < smallHeight {
            let hasDigit = word.text.contains(where: \.isNumber)
            let hasAt = word.text.contains("@")
            let unsure = word.confidence < 75 && word.text.count >= 2
            if hasDigit || hasAt || unsure {
                let lineBox = words.filter { $0.line == word.line }.map(\.box).reduce(word.box) { $0.union($1) }
                seeds.append(lineBox)
            }
        }
        var regions: [TextBox] = seeds.map { box in
            let h = Swift.max(box.height, Int(8 * scale))
            let x0 = Swift.max(0, box.x - 6 * h), y0 = Swift.max(0, box.y - 2 * h)
            let x1 = Swift.min(image.displayWidth, box.maxX + 6 * h), y1 = Swift.min(image.displayHeight, box.maxY + 2 * h)
            return TextBox(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        }
        // Merge overlapping regions until none overlap.
        var merged = true
        while merged {
            merged = false
            outer: for i in regions.indices {
                for j in regions.indices where j > i && regions[i].intersects(regions[j]) {
                    regions[i] = regions[i].union(regions[j])
                    regions.remove(at: j)
                    merged = true
                    break outer
                }
            }
        }
        return regions
            .map { r in
                // Keep regions within the size limit, centred on what they held.
                let w = Swift.min(r.width, maxRegionSide), h = Swift.min(r.height, maxRegionSide)
                return TextBox(x: r.x + (r.width - w) / 2, y: r.y + (r.height - h) / 2, width: w, height: h)
            }
            .filter { $0.width >= 16 && $0.height >= 16 }
            .sorted { $0.width * $0.height > $1.width * $1.height }
            .prefix(maxRegions)
            .map { $0 }
    }
}
