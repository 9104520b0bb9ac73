import CTesseract
import Foundation
import VigieMedia

/// One word read in a picture: its text, Tesseract's confidence (0-100), its box in displayed pixels
/// and the text line it belongs to (words of one line share `line`).
public struct RecognizedWord: Sendable, Equatable, Codable {
    public var text: String
    public var confidence: Double
    public var box: Region
    public var line: Int

    public init(text: String, confidence: Double, box: Region, line: Int) {
        self.text = text
        self.confidence = confidence
        self.box = box
        self.line = line
    }

    /// How many letters and digits the word holds.
    public var alphanumericCount: Int { text.filter { $0.isLetter || $0.isNumber }.count }

    /// Read with some confidence and long enough to be text: a reading with none is not text.
    var isLegible: Bool { confidence >= 50 && alphanumericCount >= 3 }
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
        /// A region cut around text already found. Automatic segmentation too: sparse-text mode
        /// (PSM 11) returned nothing on cards over foliage that automatic mode reads in full.
        case region

        var mode: TessPageSegMode {
            switch self {
            case .auto: PSM_AUTO
            case .region: PSM_AUTO
            }
        }
    }

    /// How Tesseract tells print from its ground.
    enum Threshold {
        /// One threshold for the whole image (Otsu), Tesseract's default.
        case global
        /// A threshold per tile of the image (Leptonica's adaptive Otsu): print on a card in a
        /// region whose scene is darker or lighter than the card, that one threshold loses.
        case tiled
    }

    /// Reads a grey image; boxes come back in the image's own pixels, lines numbered from `firstLine`.
    /// Tesseract stops at `deadline` (its monitor's deadline); a reading cut short throws `.tooSlow`,
    /// since what it missed may be what matters.
    func read(
        _ grey: GreyImage, layout: Layout, threshold: Threshold = .global, firstLine: Int, deadline: ContinuousClock.Instant? = nil
    ) throws -> [RecognizedWord] {
        guard grey.width >= 8, grey.height >= 8 else { return [] }
        let monitor = try deadline.map { deadline -> OpaquePointer? in
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw TextReader.timeUp }
            let ms = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            let m = TessMonitorCreate()
            TessMonitorSetDeadlineMSecs(m, Int32(clamping: Swift.max(1, ms)))
            return m
        }
        defer { if let m = monitor { TessMonitorDelete(m) } }
        TessBaseAPISetPageSegMode(handle, layout.mode)
        // 0: one Otsu threshold for the whole image; 1: Otsu per tile (Leptonica).
        _ = TessBaseAPISetVariable(handle, "thresholding_method", threshold == .tiled ? "1" : "0")
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

/// Reads the text in a picture: a first pass on the shared working-size decode, then the regions
/// that may hold small print (digits, words near labels, small low-confidence words) read again at
/// full resolution from the file. Boxes come back in displayed image pixels.
public enum TextReader {
    /// One engine per worker, created on first use and kept for the process.
    private static let engines = HandlePool { try TesseractEngine() }

    static let timeUp = MediaError(.tooSlow, "reading the text took longer than the time limit")

    /// Starts the first engine (about 0.2 s: two languages) on a thread of its own while the run
    /// starts its other work; a reading waits for it rather than starting a second.
    public static func prewarm() { engines.prewarm() }

    /// Waits for an engine started by `prewarm`; call before the process exits.
    public static func waitForPrewarm() { engines.waitForPrewarm() }

    /// Where OCR's pixels lie in the picture: the factor from the pixels read to displayed pixels, and
    /// the displayed size (which full-resolution re-reads are cut from).
    struct Geometry {
        var scale: Double
        var displayWidth: Int
        var displayHeight: Int
    }

    /// How much a picture is enlarged before it is read: nil for a picture whose working copy is
    /// smaller than the picture (a photo) or whose long side is `OCRTuning.smallPictureSide` or more.
    static func enlargement(of image: DecodedImage) -> Double? {
        let side = Swift.max(image.displayWidth, image.displayHeight)
        guard image.width == image.displayWidth, image.height == image.displayHeight, side > 0, side < OCRTuning.smallPictureSide else {
            return nil
        }
        return Swift.min(4, OCRTuning.enlargedSide / Double(side))
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

    /// Reads `image` (the working-size decode of `path`). Small print is re-read from `fullResolution`
    /// (default: decoded from `path` when a region needs it); a small picture is read enlarged, from
    /// the working copy, which is then the picture at full resolution. Throws when the OCR engine
    /// cannot start, or `.tooSlow` when the reading is not finished by `deadline`.
    public static func read(
        path: String, image: DecodedImage, fullResolution: FullResolutionGrey? = nil, deadline: ContinuousClock.Instant? = nil
    ) throws -> RecognizedText {
        guard let k = enlargement(of: image) else {
            let full = { try (fullResolution ?? FullResolutionGrey(path: path)).image() }
            return try read(image.luma(), in: Geometry(image), full: full, deadline: deadline)
        }
        let big = image.luma().enlarged(by: k)
        let geometry = Geometry(scale: 1, displayWidth: big.width, displayHeight: big.height)
        var text = try read(big, in: geometry, full: { big }, deadline: deadline)
        // Boxes back in the picture's pixels (each side was rounded on its own when enlarged).
        let factors = (x: Double(image.displayWidth) / Double(big.width), y: Double(image.displayHeight) / Double(big.height))
        let picture = Geometry(image)
        for i in text.words.indices { text.words[i].box = scaled(text.words[i].box, by: factors, within: picture) }
        return text
    }

    /// Reads `grey`, which lies in the picture as `page` says; `full` gives the picture at full
    /// resolution (displayed size) when a region is read again.
    static func read(
        _ grey: GreyImage, in page: Geometry, full fullImage: () throws -> GreyImage, deadline: ContinuousClock.Instant?
    ) throws -> RecognizedText {
        try engines.withHandle { engine in
            let scale = page.scale
            let whole = Region(x: 0, y: 0, width: grey.width, height: grey.height)
            var words: [RecognizedWord] = []
            for angle in OCRTuning.firstPassAngles {
                let turned = grey.rotated(angle)
                let found = try engine.read(turned, layout: .auto, firstLine: (words.map(\.line).max() ?? -1) + 1, deadline: deadline)
                words += found.map { word in
                    var w = word
                    w.box = scaled(
                        unrotated(word.box, angle: angle, rotatedSize: (turned.width, turned.height), region: whole), by: scale,
                        within: page)
                    return w
                }
            }
            let rows = TextProposals.rows(in: grey)
            let regions = candidateRegions(words, rows: rows, page: page)
            guard !regions.isEmpty, let full = try? fullImage(), full.width == page.displayWidth, full.height == page.displayHeight
            else { return RecognizedText(words: words) }
            var nextLine = (words.map(\.line).max() ?? 0) + 1
            var reread = 0
            for candidate in regions {
                let region = candidate.box, preferred = candidate.angle
                guard let whole = full.cropped(to: region) else { continue }
                let factor = reduction(of: region)
                let cut = factor > 1 ? whole.downsampled(by: factor) : whole
                // The card the text is on, cut out of the scene, as dark print on white; else the
                // region as it is, light print on a dark ground read in negative. A region that
                // merged two cards (a badge beside a sheet) has the other card read as well.
                let cores = candidate.cores.map { $0.moved(by: -region.x, -region.y).scaled(down: factor) }
                let cards = CardIsolation.cards(in: cut, cores: cores)
                var views: [(image: GreyImage, angle: Double, once: Bool)] = cards.map { card in
                    // The card of the heaviest line at the region's angle; another at its own line's tilt.
                    let tilt = -atan(card.line.slope) * 180 / .pi
                    return (card.image, card.line == cores.first ? preferred : abs(tilt) > 3 ? tilt : 0, false)
                }
                // The heaviest line's card not cut out: the region as it is. When other cards were
                // cut out (a card on a white shirt, which its ground runs on into, beside a poster),
                // after them, and only if they gave nothing legible: once, at the region's angle.
                if cards.first?.line != cores.first {
                    let plain = candidate.light ? GreyImage(width: cut.width, height: cut.height, pixels: cut.pixels.map { 255 - $0 }) : cut
                    views.append((plain, preferred, !cards.isEmpty))
                }
                var found: [RecognizedWord] = []
                for view in views {
                    if view.once, found.contains(where: \.isLegible) { continue }
                    let reading = try readRegion(
                        view.image, angle: view.angle, once: view.once, engine: engine, firstLine: nextLine, deadline: deadline)
                    let words =
                        reading
                        // A word on a side of the cut that is not the picture's was cut through: left out.
                        .filter { !$0.edges.cutThrough(region, width: page.displayWidth, height: page.displayHeight) }
                        .map { reading in
                            var w = reading.word
                            let b = reading.word.box
                            w.box = Region(
                                x: region.x + b.x * factor, y: region.y + b.y * factor,
                                width: Swift.min(b.width * factor, region.width - b.x * factor),
                                height: Swift.min(b.height * factor, region.height - b.y * factor))
                            return w
                        }
                    // The other views' words where the first read none.
                    found += words.filter { w in !found.contains { $0.box.intersects(w.box) } }
                    nextLine = (found.map(\.line).max() ?? nextLine - 1) + 1
                }
                reread += 1
                guard !found.isEmpty else { continue }
                // The full-resolution reading replaces the first pass inside the region, but for the
                // lines the region does not hold whole (large print around a clipped region).
                let cutLines = Set(words.filter { region.containsCentre(of: $0.box) && !region.contains($0.box) }.map(\.line))
                let isReplaced = { (w: RecognizedWord) in region.containsCentre(of: w.box) && !cutLines.contains(w.line) }
                // A reading that makes less of the region than the words it would replace is dropped.
                guard legibility(found) >= legibility(words.filter(isReplaced)) else { continue }
                words.removeAll(where: isReplaced)
                words += found
            }
            return RecognizedText(words: words, rereadRegions: reread)
        }
    }

    /// Reads a region's picture (`level`: print as it should be read, level or at `preferred` degrees):
    /// at the measured tilt, or at each of `OCRTuning.angles` when none was measured (0), and with a
    /// threshold per tile when one for the whole picture gives nothing legible; `once`: at
    /// `preferred` only, with one threshold. The most legible reading, boxes in `level`'s pixels.
    static func readRegion(
        _ level: GreyImage, angle preferred: Double, once: Bool = false, engine: TesseractEngine, firstLine: Int,
        deadline: ContinuousClock.Instant?
    ) throws -> [(word: RecognizedWord, edges: Edges)] {
        let frame = Region(x: 0, y: 0, width: level.width, height: level.height)
        var best: (score: Double, words: [(word: RecognizedWord, edges: Edges)])?
        // A measured tilt is read at once; a region around words read level gets a few tilts.
        var tries = (preferred == 0 && !once ? OCRTuning.angles : [preferred]).map {
            (angle: $0, threshold: TesseractEngine.Threshold.global)
        }
        var attempt = 0
        while attempt < tries.count {
            let (angle, threshold) = tries[attempt]
            let turned = level.rotated(angle)
            let found = try engine.read(turned, layout: .region, threshold: threshold, firstLine: firstLine, deadline: deadline)
            let score = legibility(found)
            if score > (best?.score ?? 0) {
                best = (
                    score,
                    found.map { word in
                        var w = word
                        w.box = unrotated(word.box, angle: angle, rotatedSize: (turned.width, turned.height), region: frame)
                        return (w, Edges(of: word.box, angle: angle, rotatedSize: (turned.width, turned.height), region: frame))
                    }
                )
            }
            // A confident reading needs no other angle; one with nothing legible is not text. But a
            // reading with no word at all may be one threshold for the whole region losing the
            // print that a threshold per tile keeps (a card lighter or darker than the scene around
            // it): that is tried once, at the same angle.
            let legible = found.filter(\.isLegible)
            attempt += 1
            if found.isEmpty && !once && threshold == .global && !tries.contains(where: { $0.threshold == .tiled }) {
                tries.insert((angle, .tiled), at: attempt)
                continue
            }
            if angle == tries[0].angle && legible.isEmpty { break }
            if !legible.isEmpty, found.filter({ $0.text.count >= 2 }).allSatisfy({ $0.confidence >= 80 }) { break }
        }
        return best?.words ?? []
    }

    /// The sides of a region's picture a word reaches (within two pixels).
    struct Edges: Equatable {
        var left, top, right, bottom: Bool

        /// Whether one of them is a side of `region` that is not a side of the picture: the word
        /// was cut through.
        func cutThrough(_ region: Region, width: Int, height: Int) -> Bool {
            (left && region.x > 0) || (top && region.y > 0) || (right && region.maxX < width) || (bottom && region.maxY < height)
        }
    }

    /// A point of a region turned by `angle` degrees clockwise, back in the region's pixels.
    static func unrotated(point: (Int, Int), angle: Double, rotatedSize: (Int, Int), region: Region) -> (x: Double, y: Double) {
        let t = angle * .pi / 180, c = cos(t), s = sin(t)
        let dx = Double(point.0) - Double(rotatedSize.0) / 2, dy = Double(point.1) - Double(rotatedSize.1) / 2
        return (dx * c + dy * s + Double(region.width) / 2, -dx * s + dy * c + Double(region.height) / 2)
    }

    /// How many times smaller than full resolution a region is read: a region larger than the limit
    /// holds large print (margins grow with the letters) and is read at a half or a third.
    static func reduction(of region: Region) -> Int {
        (Swift.max(region.width, region.height) + OCRTuning.maxRegionSide - 1) / OCRTuning.maxRegionSide
    }

    /// How much of a reading is legible: letters and digits, weighted by confidence above 40.
    static func legibility(_ words: [RecognizedWord]) -> Double {
        words.reduce(0.0) { $0 + Swift.max(0, $1.confidence - 40) * Double($1.alphanumericCount) }
    }

    /// The slope (dy/dx) of a line of words: least squares through the middles of its words; 0 for
    /// fewer than two words, or words too close to show one.
    static func lineSlope(_ line: [RecognizedWord]) -> Double {
        guard line.count >= 2 else { return 0 }
        let xs = line.map { Double($0.box.x) + Double($0.box.width) / 2 }, ys = line.map { Double($0.box.y) + Double($0.box.height) / 2 }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        let sxx = xs.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        let span = (xs.max() ?? 0) - (xs.min() ?? 0)
        guard sxx > 0, span >= 2 * Double(line.map(\.box.height).min() ?? 0) else { return 0 }
        let slope = zip(xs, ys).map { ($0 - mx) * ($1 - my) }.reduce(0, +) / sxx
        return Swift.max(-0.4, Swift.min(0.4, slope))
    }

    /// A box found in a region turned by `angle` degrees clockwise (`GreyImage.rotated`), back in displayed pixels: the
    /// box of its four corners turned back about the centres.
    static func unrotated(_ box: Region, angle: Double, rotatedSize: (Int, Int), region: Region) -> Region {
        guard angle != 0 else { return Region(x: box.x + region.x, y: box.y + region.y, width: box.width, height: box.height) }
        let corners = [(box.x, box.y), (box.maxX, box.y), (box.x, box.maxY), (box.maxX, box.maxY)].map {
            unrotated(point: $0, angle: angle, rotatedSize: rotatedSize, region: region)
        }
        let minX = corners.map(\.x).min() ?? 0, maxX = corners.map(\.x).max() ?? 0
        let minY = corners.map(\.y).min() ?? 0, maxY = corners.map(\.y).max() ?? 0
        let x0 = Swift.max(0, Int(minX)), y0 = Swift.max(0, Int(minY))
        let x1 = Swift.min(region.width, Int(maxX.rounded(.up))), y1 = Swift.min(region.height, Int(maxY.rounded(.up)))
        return Region(x: region.x + x0, y: region.y + y0, width: Swift.max(1, x1 - x0), height: Swift.max(1, y1 - y0))
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

    /// A region to read again: its box and reading angle (degrees) in displayed pixels, the
    /// polarity its proposals saw, and the lines of text it was proposed for, heaviest first.
    public struct Candidate: Sendable, Equatable {
        public var box: Region
        public var angle: Double
        public var light: Bool
        public var cores: [CardIsolation.Line]
    }

    /// Regions worth a full-resolution reading, in displayed pixels: around lines of words of two or
    /// more letters or digits (tilted text reads as fragments at first) and rows of letter-like
    /// marks, widened to take in the rest of a card or label, merged, and bounded in number and size.
    public static func candidateRegions(_ words: [RecognizedWord], rows: [TextProposals.Row], image: DecodedImage) -> [Candidate] {
        candidateRegions(words, rows: rows, page: Geometry(image))
    }

    static func candidateRegions(_ words: [RecognizedWord], rows: [TextProposals.Row], page image: Geometry) -> [Candidate] {
        let scale = image.scale
        // Each seed: its box, weight, reading angle, polarity (light print), margins around it (x, y)
        // in displayed pixels, its line of text, and whether its tilt was measured: a row's always, a
        // word's only when its line has words enough to show it (tilted text reads as fragments).
        var seeds: [(box: Region, weight: Double, angle: Double, light: Bool, pad: (Int, Int), core: CardIsolation.Line, measured: Bool)] =
            []
        // Each line's box, tilt and letter height, worked out once for all its words.
        let lines = Dictionary(grouping: words, by: \.line).mapValues { line -> (box: Region, slope: Double, letter: Int) in
            let box = line.dropFirst().reduce(line[0].box) { $0.union($1.box) }
            let slope = lineSlope(line)
            let letter = Swift.max(Int(8 * scale), line.map { $0.box.height - Int(abs(slope) * Double($0.box.width)) }.min() ?? box.height)
            return (box, slope, letter)
        }
        for word in words {
            let alnum = word.alphanumericCount
            guard alnum >= 2, word.confidence >= 20, let (lineBox, slope, letter) = lines[word.line] else { continue }
            let h = Swift.max(lineBox.height, Int(8 * scale))
            let tilted = abs(slope) > tan(3 * .pi / 180)
            seeds.append(
                (
                    lineBox, word.confidence * Double(alnum), tilted ? -atan(slope) * 180 / .pi : 0, false, (8 * h, 3 * h),
                    CardIsolation.Line(box: lineBox, slope: slope, letter: letter), tilted
                ))
        }
        // Rows of either polarity, the plainest and longest first.
        for row in rows.prefix(3 * OCRTuning.maxRegions) {
            // A row's tilt is turned back to level for the reading.
            // Margins of the lines next to it and of what may follow on its line (a grade sheet's marks,
            // far right of its names); the clutter around the card is then left out (`CardIsolation`).
            let tilt = abs(tan(row.angle * .pi / 180)) * Double(row.box.width)
            let letter = Int(Swift.max(6, Double(row.box.height) - tilt) * scale)
            let box = scaled(row.box, by: scale, within: image)
            seeds.append(
                (
                    box, 80 * Double(row.marks) * row.plainness, -row.angle, row.light, (8 * letter, 2 * letter),
                    CardIsolation.Line(
                        box: box, slope: tan(row.angle * .pi / 180), letter: Int(Double(Swift.max(6, row.letter)) * scale)), true
                ))
        }
        var regions: [Region] = seeds.map { seed in
            let box = seed.box, (px, py) = seed.pad
            let x0 = Swift.max(0, box.x - px), y0 = Swift.max(0, box.y - py)
            let x1 = Swift.min(image.displayWidth, box.maxX + px), y1 = Swift.min(image.displayHeight, box.maxY + py)
            return Region(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        }
        var weights = seeds.map(\.weight)
        var tilts = seeds.map(\.angle)
        var polarities = seeds.map(\.light)
        // The weight behind a region's tilt and polarity: its heaviest row's, 0 without rows.
        var measured = seeds.map { $0.measured ? $0.weight : 0 }
        var cores = seeds.map { [($0.core, $0.weight)] }
        // Merge overlapping regions until none overlap.
        var merged = true
        while merged {
            merged = false
            outer: for i in regions.indices {
                for j in regions.indices where j > i && regions[i].intersects(regions[j]) {
                    // Regions merge when neither is then read at a lower resolution: regions that
                    // would grow past the size limit stay apart (and may overlap), and two regions
                    // of large print past it (read at half resolution) make one.
                    let union = regions[i].union(regions[j])
                    guard reduction(of: union) <= Swift.min(reduction(of: regions[i]), reduction(of: regions[j])) else { continue }
                    regions[i] = union
                    regions.remove(at: j)
                    if measured[j] > measured[i] {
                        tilts[i] = tilts[j]
                        polarities[i] = polarities[j]
                        measured[i] = measured[j]
                    }
                    measured.remove(at: j)
                    weights[i] += weights[j]
                    weights.remove(at: j)
                    cores[i] += cores[j]
                    cores.remove(at: j)
                    tilts.remove(at: j)
                    polarities.remove(at: j)
                    merged = true
                    break outer
                }
            }
        }
        let candidates = regions.indices.sorted { weights[$0] > weights[$1] }
            .map { i -> Candidate in
                let r = regions[i]
                // Keep regions within twice the size limit (read at half resolution), centred on what
                // they held.
                let w = Swift.min(r.width, 2 * OCRTuning.maxRegionSide), h = Swift.min(r.height, 2 * OCRTuning.maxRegionSide)
                return Candidate(
                    box: Region(x: r.x + (r.width - w) / 2, y: r.y + (r.height - h) / 2, width: w, height: h), angle: tilts[i],
                    light: polarities[i], cores: cores[i].sorted { $0.1 > $1.1 }.map(\.0))
            }
            .filter { $0.box.width >= 16 && $0.box.height >= 16 }
        // A region whose lines all lie in a heavier one read at the same tilt (within 2 degrees) and
        // at no lower resolution is read there: regions too large to merge overlap, and one card
        // would otherwise take the places of the small print elsewhere.
        var kept: [Candidate] = []
        for candidate in candidates where kept.count < OCRTuning.maxRegions {
            let readThere = { (k: Candidate) in
                abs(k.angle - candidate.angle) <= 2 && reduction(of: k.box) <= reduction(of: candidate.box)
                    && candidate.cores.allSatisfy { k.box.contains($0.box) }
            }
            guard !kept.contains(where: readThere) else { continue }
            kept.append(candidate)
        }
        return kept
    }
}

extension TextReader.Edges {
    /// The sides reached by a word whose box is `box` in the region turned by `angle` degrees
    /// (`rotatedSize`): where the middles of its box's sides lie, turned back. The corners of a
    /// tilted word's box lie beyond the word, and often beyond the region.
    init(of box: Region, angle: Double, rotatedSize: (Int, Int), region: Region) {
        let cx = box.x + box.width / 2, cy = box.y + box.height / 2
        let middles = [(box.x, cy), (box.maxX, cy), (cx, box.y), (cx, box.maxY)].map {
            TextReader.unrotated(point: $0, angle: angle, rotatedSize: rotatedSize, region: region)
        }
        left = middles.contains { $0.x <= 2 }
        top = middles.contains { $0.y <= 2 }
        right = middles.contains { $0.x >= Double(region.width - 2) }
        bottom = middles.contains { $0.y >= Double(region.height - 2) }
    }
}

extension TextReader.Geometry {
    init(_ image: DecodedImage) {
        self.init(scale: image.scale, displayWidth: image.displayWidth, displayHeight: image.displayHeight)
    }
}

extension GreyImage {
    /// The image `factor` times smaller on each side, each pixel the mean of its block.
    public func downsampled(by factor: Int) -> GreyImage {
        guard factor > 1 else { return self }
        let w = Swift.max(1, width / factor), h = Swift.max(1, height / factor)
        var out = [UInt8](repeating: 0, count: w * h)
        pixels.withUnsafeBufferPointer { src in
            for v in 0..<h {
                for u in 0..<w {
                    var sum = 0
                    for y in (v * factor)..<(v * factor + factor) {
                        for x in (u * factor)..<(u * factor + factor) { sum += Int(src[y * width + x]) }
                    }
                    out[v * w + u] = UInt8(sum / (factor * factor))
                }
            }
        }
        return GreyImage(width: w, height: h, pixels: out)
    }

    /// The image `factor` times larger on each side (Catmull-Rom bicubic, one direction then the
    /// other): enlarged letters keep sharper edges than with bilinear.
    public func enlarged(by factor: Double) -> GreyImage {
        guard factor > 1, width > 0, height > 0 else { return self }
        let w = Swift.max(1, Int((Double(width) * factor).rounded())), h = Swift.max(1, Int((Double(height) * factor).rounded()))
        // For each output pixel along one side: its four source pixels (clamped to the edges) and weights.
        func taps(_ count: Int, from side: Int) -> [(index: [Int], weight: [Float])] {
            let ratio = Double(side) / Double(count)
            return (0..<count).map { o in
                let x = (Double(o) + 0.5) * ratio - 0.5, x0 = Int(x.rounded(.down)), t = x - Double(x0)
                let weight = [
                    ((-0.5 * t + 1) * t - 0.5) * t, (1.5 * t - 2.5) * t * t + 1, ((-1.5 * t + 2) * t + 0.5) * t, (0.5 * t - 0.5) * t * t,
                ]
                return ((x0 - 1...x0 + 2).map { Swift.min(side - 1, Swift.max(0, $0)) }, weight.map(Float.init))
            }
        }
        let across = taps(w, from: width), down = taps(h, from: height)
        var rows = [Float](repeating: 0, count: w * height)
        pixels.withUnsafeBufferPointer { src in
            for y in 0..<height {
                let line = y * width
                for (u, tap) in across.enumerated() {
                    var sum: Float = 0
                    for k in 0..<4 { sum += Float(src[line + tap.index[k]]) * tap.weight[k] }
                    rows[y * w + u] = sum
                }
            }
        }
        var out = [UInt8](repeating: 0, count: w * h)
        for (v, tap) in down.enumerated() {
            let r0 = tap.index[0] * w, r1 = tap.index[1] * w, r2 = tap.index[2] * w, r3 = tap.index[3] * w
            let w0 = tap.weight[0], w1 = tap.weight[1], w2 = tap.weight[2], w3 = tap.weight[3]
            for u in 0..<w {
                let value = rows[r0 + u] * w0 + rows[r1 + u] * w1 + rows[r2 + u] * w2 + rows[r3 + u] * w3
                out[v * w + u] = UInt8(Swift.min(255, Swift.max(0, value.rounded())))
            }
        }
        return GreyImage(width: w, height: h, pixels: out)
    }

    /// The image turned by `degrees` clockwise about its centre (bilinear), on a canvas large enough
    /// for all of it; the corners are white.
    public func rotated(_ degrees: Double) -> GreyImage {
        guard degrees != 0, width > 1, height > 1 else { return self }
        let t = degrees * .pi / 180, c = cos(t), s = sin(t)
        let w = Int((abs(Double(width) * c) + abs(Double(height) * s)).rounded(.up))
        let h = Int((abs(Double(width) * s) + abs(Double(height) * c)).rounded(.up))
        let cx = Double(w) / 2, cy = Double(h) / 2, ox = Double(width) / 2, oy = Double(height) / 2
        var out = [UInt8](repeating: 255, count: w * h)
        pixels.withUnsafeBufferPointer { src in
            for v in 0..<h {
                let dy = Double(v) + 0.5 - cy
                for u in 0..<w {
                    let dx = Double(u) + 0.5 - cx
                    // Source point: the inverse turn.
                    let x = dx * c + dy * s + ox - 0.5, y = -dx * s + dy * c + oy - 0.5
                    guard x >= 0, y >= 0, x < Double(width - 1), y < Double(height - 1) else { continue }
                    let x0 = Int(x), y0 = Int(y), fx = x - Double(x0), fy = y - Double(y0)
                    let i = y0 * width + x0
                    let top = Double(src[i]) * (1 - fx) + Double(src[i + 1]) * fx
                    let bottom = Double(src[i + width]) * (1 - fx) + Double(src[i + width + 1]) * fx
                    out[v * w + u] = UInt8((top * (1 - fy) + bottom * fy).rounded())
                }
            }
        }
        return GreyImage(width: w, height: h, pixels: out)
    }
}
