import CTesseract
import Foundation
import VigieMedia

/// One word read in a picture: its text, Tesseract's confidence (0-100), its box in displayed pixels,
/// the text line it belongs to (words of one line share `line`) and that line's direction.
public struct RecognizedWord: Sendable, Equatable, Codable {
    public var text: String
    public var confidence: Double
    public var box: Region
    public var line: Int
    /// The direction of the word's line as the text detector found it, in degrees clockwise
    /// (`TextLine.angle`); nil when not known (a caption, a made-up document). A line of one word
    /// has no other measure of its tilt.
    public var lineAngle: Double?

    public init(text: String, confidence: Double, box: Region, line: Int, lineAngle: Double? = nil) {
        self.text = text
        self.confidence = confidence
        self.box = box
        self.line = line
        self.lineAngle = lineAngle
    }

    /// How many letters and digits the word holds.
    public var alphanumericCount: Int { text.filter { $0.isLetter || $0.isNumber }.count }

    /// Read with some confidence and long enough to be text: a reading with none is not text.
    var isLegible: Bool { confidence >= 50 && alphanumericCount >= 3 }
}

/// Everything read in one picture, in reading order.
public struct RecognizedText: Sendable, Equatable, Codable {
    public var words: [RecognizedWord]
    /// How many lines of text were read.
    public var linesRead: Int

    public init(words: [RecognizedWord], linesRead: Int = 0) {
        self.words = words
        self.linesRead = linesRead
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

    /// Reads a grey image holding one line of text (Tesseract's single-line mode, one Otsu threshold);
    /// boxes come back in the image's own pixels, every word on line `firstLine`. With `characters`,
    /// only those are read. Tesseract stops at `deadline` (its monitor's deadline); a reading cut
    /// short throws `.tooSlow`, since what it missed may be what matters.
    func read(_ grey: GreyImage, characters: String? = nil, firstLine: Int, deadline: ContinuousClock.Instant? = nil) throws
        -> [RecognizedWord]
    {
        guard grey.width >= 8, grey.height >= 8 else { return [] }
        // Only these characters, when given (a machine-readable zone's alphabet).
        if let characters { _ = TessBaseAPISetVariable(handle, "tessedit_char_whitelist", characters) }
        defer { if characters != nil { _ = TessBaseAPISetVariable(handle, "tessedit_char_whitelist", "") } }
        let monitor = try deadline.map { deadline -> OpaquePointer? in
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw TextReader.timeUp }
            let ms = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            let m = TessMonitorCreate()
            TessMonitorSetDeadlineMSecs(m, Int32(clamping: Swift.max(1, ms)))
            return m
        }
        defer { if let m = monitor { TessMonitorDelete(m) } }
        TessBaseAPISetPageSegMode(handle, PSM_SINGLE_LINE)
        grey.pixels.withUnsafeBufferPointer { p in
            TessBaseAPISetImage(handle, p.baseAddress, Int32(grey.width), Int32(grey.height), 1, Int32(grey.width))
        }
        // The working copy carries no useful resolution; 300 ppi is what Tesseract is tuned for.
        TessBaseAPISetSourceResolution(handle, 300)
        defer { TessBaseAPIClear(handle) }
        // Tesseract's own threads would compete with the other workers' engines.
        OpenMPEnvironment.runSeriallyOnThisThread()
        let status = TessBaseAPIRecognize(handle, monitor ?? nil)
        if let deadline, ContinuousClock.now >= deadline { throw TextReader.timeUp }
        guard status == 0, let iterator = TessBaseAPIGetIterator(handle) else { return [] }
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
            words.append(
                RecognizedWord(
                    text: trimmed, confidence: confidence,
                    box: Region(x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top)),
                    line: Swift.max(line, firstLine)))
        } while TessResultIteratorNext(iterator, RIL_WORD) != 0
        return words
    }
}

/// Reads the text in a picture, line by line: the lines found by the text detector
/// (`TextLineDetector`), each cut level and read by Tesseract (`TextLineReading.swift`). Boxes come
/// back in displayed image pixels.
public enum TextReader {
    /// One engine per worker, created on first use and kept for the process.
    static let engines = HandlePool { try TesseractEngine() }

    static let timeUp = MediaError(.tooSlow, "reading the text took longer than the time limit")

    /// Starts the first engine (about 0.1 s: two languages) and the first text detector, each on a
    /// thread of its own, while the run starts its other work; a reading waits for them rather than
    /// starting others. A process may leave without waiting for them only through `_exit` (its
    /// libraries' static objects must not go away under a thread still starting).
    public static func prewarm() {
        engines.prewarm()
        lineDetectors.prewarm()
    }

    /// Where OCR's pixels lie in the picture: the factor from the working copy to displayed pixels,
    /// and the displayed size (which full-resolution lines are cut from).
    struct Geometry {
        var scale: Double
        var displayWidth: Int
        var displayHeight: Int
    }

    /// What decides what the engines read, for the detection cache's identity: Tesseract's version
    /// and the language data files they load (`eng`, `fra`), found where Tesseract looks for them
    /// (`TESSDATA_PREFIX`, else Debian's folders). Nil when the files are not found.
    public static func engineFiles(environment: [String: String] = ProcessInfo.processInfo.environment) -> (
        version: String, languageFiles: [String]
    )? {
        var folders = ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/local/share/tessdata"]
        if let prefix = environment["TESSDATA_PREFIX"], !prefix.isEmpty { folders = [prefix, prefix + "/tessdata"] }
        for folder in folders {
            let files = ["eng", "fra"].map { "\(folder)/\($0).traineddata" }
            if files.allSatisfy({ FileManager.default.isReadableFile(atPath: $0) }) {
                return (TessVersion().map { String(cString: $0) } ?? "unknown", files)
            }
        }
        return nil
    }

    /// Reads `image` (the working-size decode of `path`) line by line (`readLines`). Lines too small
    /// in the working copy are read from `fullResolution` (default: decoded from `path` when one
    /// needs it). Throws when the OCR engine or the text detector cannot start, or `.tooSlow` when
    /// the reading is not finished by `deadline`.
    public static func read(
        path: String, image: DecodedImage, fullResolution: FullResolutionGrey? = nil, deadline: ContinuousClock.Instant? = nil
    ) throws -> RecognizedText {
        let full = { try (fullResolution ?? FullResolutionGrey(path: path)).image() }
        return try readLines(image.luma(), in: Geometry(image), full: full, deadline: deadline)
    }

    /// How much of a reading is legible: letters and digits, weighted by confidence above 40.
    static func legibility(_ words: [RecognizedWord]) -> Double {
        words.reduce(0.0) { $0 + Swift.max(0, $1.confidence - 40) * Double($1.alphanumericCount) }
    }

    static func scaled(_ box: Region, by scale: Double, within image: Geometry) -> Region {
        scaled(box, by: (scale, scale), within: image)
    }

    /// `box` scaled by a factor across and one down, its edges rounded outwards, within the picture.
    static func scaled(_ box: Region, by scale: (x: Double, y: Double), within image: Geometry) -> Region {
        let x = Int((Double(box.x) * scale.x).rounded(.down)), y = Int((Double(box.y) * scale.y).rounded(.down))
        let maxX = Swift.min(image.displayWidth, Int((Double(box.maxX) * scale.x).rounded(.up)))
        let maxY = Swift.min(image.displayHeight, Int((Double(box.maxY) * scale.y).rounded(.up)))
        return Region(x: x, y: y, width: Swift.max(1, maxX - x), height: Swift.max(1, maxY - y))
    }
}

extension TextReader.Geometry {
    init(_ image: DecodedImage) {
        self.init(scale: image.scale, displayWidth: image.displayWidth, displayHeight: image.displayHeight)
    }
}
