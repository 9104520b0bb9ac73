import Foundation
import VigieMedia

/// Reading by lines: the learned detector (`TextLineDetector`) finds the lines of text on the working
/// copy; each is cut level, from the working copy when its letters are large enough there and from
/// the picture at full resolution otherwise, and read by Tesseract as one line.
extension TextReader {
    /// Detectors created on first use and kept for the process: one per core. What bounds their
    /// buffers is `NetworkAllowance` (one network run per core, face or text) and `secondLookTurn`:
    /// with one detector for two workers, a worker that reached its text while the other's ran
    /// waited (90 mixed photos, 2 jobs: 80 s against 73 s, peak 361 MB against 382 MB).
    static let lineDetectors = HandlePool(limit: Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)) {
        try TextLineDetector()
    }

    /// Second looks run one at a time in the process: each holds its picture at full resolution and
    /// runs the network on its largest inputs (parts of up to `OCRTuning.maxNetworkPixels`). With two
    /// at once, 90 mixed photos peaked at 384 and 402 MB (one text detector: 358 and 372 MB); one at
    /// a time, 379 and 386 MB.
    static let secondLookTurn = Allowance(capacity: 1)

    /// Runs `body` with a line detector from the pool, the network's buffers kept from one of its
    /// runs to the next and handed back at the end (`TextLineDetector.keepingBuffers`).
    static func withLineDetector<T>(_ body: (TextLineDetector) throws -> T) throws -> T {
        try lineDetectors.withHandle { detector in try detector.keepingBuffers { try body(detector) } }
    }

    /// Whether the text model can be loaded: throws `TextModelError` when it cannot.
    public static func prepareLineDetector() throws {
        try lineDetectors.withHandle { _ in }
    }

    /// Reads `grey` (the picture as `page` says) line by line. The detector runs on the whole picture
    /// at `OCRTuning.detectorLongSide`; where the lines it finds are low there (small print, where
    /// the lines of a card run together), and where rows of letter-like marks show print too small
    /// for it (not rows large enough for it where it saw no text), it runs again on that part of the
    /// picture at full resolution. Pieces of one line are joined, and each line is read from full
    /// resolution when it is too low in the working copy. A picture without rows of small print gets
    /// a glance at `OCRTuning.glanceLongSide` first, and is done when it shows no line there.
    static func readLines(
        _ grey: GreyImage, in page: Geometry, full fullImage: () throws -> GreyImage, deadline: ContinuousClock.Instant?
    ) throws -> RecognizedText {
        let longSide = Swift.max(grey.width, grey.height)
        let side = Swift.min(OCRTuning.detectorLongSide, Swift.max(64, NetworkSide.roundedUp(longSide * 2)))
        // Print too small for the detector (capitals under about 8 network pixels) shows as rows of
        // letter-like marks in the working copy: looked at again at full resolution. Rows running
        // down the picture too (a card turned a quarter), found on it transposed (EXIF orientation
        // 5): the longest few.
        let levelRows = TextProposals.lookedAt(TextProposals.rows(in: grey), count: OCRTuning.maxRefinedRegions)
        let uprightRows = TextProposals.rows(in: grey.oriented(5)).prefix(OCRTuning.maxUprightRows)
        // Each with the height of its print.
        let rows =
            levelRows.map { (line: TextLine(row: $0), print: $0.printHeight) }
            + uprightRows.map { (line: TextLine(row: $0).transposed(), print: $0.printHeight) }
        // The glance and the first look with the network's buffers kept between them.
        let first = try withLineDetector { detector -> (lines: [TextLine], peaks: [Double])? in
            if rows.isEmpty {
                // No row of small print: a glance at the picture small first (a quarter of the
                // pixels). Print larger than rows of marks shows there; a picture without a line
                // there is done.
                let glanceSide = Swift.min(side, OCRTuning.glanceLongSide)
                if try detector.lines(in: grey, longSide: glanceSide, threshold: OCRTuning.lineThreshold).isEmpty { return nil }
            }
            return try detector.lines(in: grey, longSide: side, threshold: OCRTuning.lineThreshold, probes: rows.map(\.line.box))
        }
        guard let (coarse, peaks) = first else { return RecognizedText(words: []) }
        if let deadline, ContinuousClock.now >= deadline { throw timeUp }
        // Network pixels per working pixel; lines low in the network are looked at again.
        let network = Double(side) / Double(longSide)
        let isLow = { (l: TextLine) in l.height * network < OCRTuning.refineBelowNetworkHeight }
        // The rows looked at again: not those whose print is large enough for this look where it
        // saw no text at all (leaves, bricks, a fence). A row's print is measured across it: the box
        // of a tilted row is higher than its print.
        let looked = zip(rows, peaks).filter { row, peak in
            row.print * network < OCRTuning.rowSeenNetworkHeight || peak > OCRTuning.rowSeenPeak
        }
        .map(\.0)
        guard !coarse.isEmpty || !looked.isEmpty else { return RecognizedText(words: []) }
        // Every line in displayed pixels from here on.
        var lines = coarse.filter { !isLow($0) }.map { $0.scaled(by: page.scale) }
        // (seed, the height of its line or of its row's print, found by the detector?)
        let low = coarse.filter(isLow).map { ($0, $0.height, true) } + looked.map { ($0.line, $0.print, false) }
        var full: GreyImage?
        var fullTried = false
        func fullResolution() -> GreyImage? {
            guard !fullTried else { return full }
            fullTried = true
            guard page.scale > 1.01, let f = try? fullImage(), f.width == page.displayWidth, f.height == page.displayHeight else {
                return nil
            }
            full = f
            return f
        }
        if !low.isEmpty {
            // The second look: at full resolution, else on the working copy itself; the network's
            // buffers kept from one part to the next (the full-resolution picture is decoded first,
            // while the network holds none).
            let source = fullResolution() ?? grey
            let factor = source.width == grey.width ? 1 : page.scale
            let regions = refinementRegions(low, width: grey.width, height: grey.height).prefix(OCRTuning.maxRefinedRegions)
            try secondLookTurn.withShare(1) {
                try withLineDetector { detector in
                    for (region, lowest, detected) in regions {
                        let box = Region(
                            x: Int(Double(region.x) * factor), y: Int(Double(region.y) * factor),
                            width: Int(Double(region.width) * factor), height: Int(Double(region.height) * factor))
                        guard let crop = source.cropped(to: box), crop.width >= 16, crop.height >= 16 else { continue }
                        // Around lines the detector found, enlarged twice (it finds lines from about 8
                        // pixels high); around rows of marks only (at least 6 working pixels high), as
                        // they are; either no larger than shows the part's lowest line
                        // `OCRTuning.secondLookLineHeight` high.
                        let enlarge = detected || factor == 1 ? 2 : 1
                        let cropSide = secondLookSide(width: crop.width, height: crop.height, enlarge: enlarge, lowest: lowest * factor)
                        // A part is grown around lines along them: its lines run along its long side,
                        // and a large part is run in bands that way (of columns for a part higher than
                        // wide), sharing more rows than the first look's (its lines are higher there).
                        let found = try detector.lines(
                            in: crop, longSide: Swift.max(64, cropSide), threshold: OCRTuning.lineThreshold,
                            overlap: OCRTuning.secondLookBandOverlap, columns: crop.height > crop.width)
                        lines += found.map { l in
                            var m = lengthened(l, at: box, width: crop.width, within: source.width)
                            m.centreX += Double(Swift.max(0, box.x))
                            m.centreY += Double(Swift.max(0, box.y))
                            return m.scaled(by: page.scale / factor)
                        }
                        if let deadline, ContinuousClock.now >= deadline { throw timeUp }
                    }
                }
            }
        }
        // The most probable lines, pieces of one line joined, in reading order: top to bottom.
        let chosen = alongTheirRows(joinedAlongRows(Array(lines.sorted { $0.score > $1.score }.prefix(OCRTuning.maxLines))))
            .sorted { ($0.centreY, $0.centreX) < ($1.centreY, $1.centreX) }
        guard !chosen.isEmpty else { return RecognizedText(words: []) }
        return try engines.withHandle { engine in
            var words: [RecognizedWord] = []
            for (number, line) in chosen.enumerated() {
                // From full resolution when the line is too low in the working copy; else the working copy.
                var source = grey, toDisplay = page.scale
                if page.scale > 1.01, line.height / page.scale < OCRTuning.lineMinWorkingHeight, let full = fullResolution() {
                    source = full
                    toDisplay = 1
                }
                let read = try readLine(line.scaled(by: 1 / toDisplay), from: source, engine: engine, firstLine: number, deadline: deadline)
                words += read.map { word in
                    var w = word
                    w.box = scaled(word.box, by: toDisplay, within: page)
                    w.lineAngle = line.angle
                    return w
                }
            }
            return RecognizedText(words: words, linesRead: chosen.count)
        }
    }

    /// The long side of the detector's input for a part of `width` x `height` pixels looked at again,
    /// enlarged `enlarge` times: at most `OCRTuning.refinedLongSide`, but a long strip (parts merged
    /// across the picture) is not shrunk below `OCRTuning.refinedMinScale` of its pixels (small print
    /// in it would be lost), within `OCRTuning.refinedMaxPixels` network pixels; and no larger than
    /// shows the part's lowest line or row of marks (`lowest` pixels high) at
    /// `OCRTuning.secondLookLineHeight`. A multiple of 32.
    static func secondLookSide(width: Int, height: Int, enlarge: Int, lowest: Double) -> Int {
        let long = Swift.max(width, height), short = Swift.max(1, Swift.min(width, height))
        let within = Int((Double(OCRTuning.refinedMaxPixels) * Double(long) / Double(short)).squareRoot())
        let floor = NetworkSide.roundedDown(Swift.min(Int(Double(long) * OCRTuning.refinedMinScale), within))
        let side = Swift.max(floor, Swift.min(OCRTuning.refinedLongSide, NetworkSide.roundedUp(enlarge * long)))
        let enough = Int((Double(long) * OCRTuning.secondLookLineHeight / Swift.max(1, lowest)).rounded(.up))
        return Swift.min(side, NetworkSide.roundedUp(enough))
    }

    /// A line found in a part looked at again (`part`, `width` pixels wide, of a picture
    /// `pictureWidth` wide) that runs into the part's left or right edge may go on beyond it: parts
    /// are grown around rows of marks, and thin print makes no marks ("Fiche : 811007" in a light face,
    /// its part starting inside the F, read "iche : 811007"). Such a line, running across the part, is
    /// lengthened by its height on that side, unless that edge is the picture's.
    static func lengthened(_ line: TextLine, at part: Region, width: Int, within pictureWidth: Int) -> TextLine {
        guard abs(line.angle) < 45 else { return line }
        let box = line.box
        let before = box.x <= 1 && part.x > 0, after = box.maxX >= width - 1 && part.x + width < pictureWidth
        guard before || after else { return line }
        let t = line.angle * .pi / 180, step = line.height / 2
        let shift = (after ? step : 0) - (before ? step : 0)
        var out = line
        out.width += (before ? line.height : 0) + (after ? line.height : 0)
        out.centreX += shift * cos(t)
        out.centreY += shift * sin(t)
        return out
    }

    /// Lines that are pieces of one line joined: the detector parts a line where its words lie far
    /// apart (a label and its value), and Tesseract reads each piece's neighbour into its margin. Two
    /// pieces join when they run the same way (within `OCRTuning.rowAngle` degrees), are about as
    /// high (within `OCRTuning.rowHeightRatio`), lie on one row (their centres within a third of
    /// their height across it) and less than `OCRTuning.rowGap` heights apart along it.
    static func joinedAlongRows(_ lines: [TextLine]) -> [TextLine] {
        lines.mergedPairwise { $0.joined(with: $1) }
    }

    /// Short lines set along the rows they stand on. The detector's direction for a word of one to
    /// three letters (a line less long than `OCRTuning.shortLine` times its height) is little more
    /// than a guess (a grade sheet turned 13 degrees: its marks at 0, -8 and 84 degrees), and a column
    /// of such words, one a row (the marks of a sheet, far from their names), it may find as one
    /// line running down across the rows: Tesseract then reads a lone "B" lying on its side ("co").
    /// The rows are the longer lines about them, as high within `OCRTuning.rowHeightRatio`, the
    /// short line or column beside them along their direction within `OCRTuning.shortLineReach`
    /// heights: a short line takes the direction of the nearest row running through it, and a line
    /// running across at least two rows (45 degrees or more off) is cut into one short line a row,
    /// each along its row and as high, and kept whole beside its pieces. Other lines are kept as
    /// they are.
    static func alongTheirRows(_ lines: [TextLine]) -> [TextLine] {
        func isShort(_ l: TextLine) -> Bool { l.width < OCRTuning.shortLine * l.height }
        /// Where a line lies against a row's axis: the place where the axis runs through it, the
        /// line's extent along the axis and across it there, and how far beside the row that is (in
        /// row heights).
        struct Crossing {
            let x: Double, y: Double, along: Double, across: Double, gap: Double
        }
        /// Where `line` lies against `row`'s axis; nil when the axis misses it or `line` is not as
        /// thick as `row` is high.
        func crossing(_ line: TextLine, _ row: TextLine, thickness: Double) -> Crossing? {
            let high = Swift.max(thickness, row.height), low = Swift.max(1, Swift.min(thickness, row.height))
            guard high <= OCRTuning.rowHeightRatio * low else { return nil }
            let d = (line.angle - row.angle) * .pi / 180, cd = abs(cos(d)), sd = abs(sin(d))
            let (u, v) = row.offset(of: line)
            // The line's extent along the row and across it.
            let along = line.width * cd + line.height * sd, across = line.width * sd + line.height * cd
            guard abs(v) <= across / 2, abs(u) >= row.width / 2 else { return nil }
            let gap = (abs(u) - row.width / 2 - along / 2) / Swift.max(1, row.height)
            guard gap <= OCRTuning.shortLineReach else { return nil }
            // The place on the line's own axis where the row's axis crosses it (its centre when the
            // two run about the same way).
            let k = sin(d)
            var x = line.centreX, y = line.centreY
            if abs(k) > 0.5 {
                let a = line.angle * .pi / 180
                let at = Swift.max(-line.width / 2, Swift.min(line.width / 2, -v / k))
                x += at * cos(a)
                y += at * sin(a)
            }
            return Crossing(x: x, y: y, along: along, across: across, gap: gap)
        }
        let long = lines.indices.filter { !isShort(lines[$0]) }
        // Lines running across two rows or more: columns of short words.
        var pieces: [Int: [TextLine]] = [:]
        for i in long {
            let column = lines[i]
            let rows = long.filter { lines[$0].turn(from: column) >= 45 }.compactMap { j in
                crossing(column, lines[j], thickness: column.height).map { (lines[j], $0) }
            }
            var cut: [TextLine] = []
            for (row, p) in rows.sorted(by: { $0.1.gap < $1.1.gap }) {
                // One piece a row: a second line of the same row gives none.
                guard !cut.contains(where: { hypot($0.centreX - p.x, $0.centreY - p.y) < row.height / 2 }) else { continue }
                cut.append(
                    TextLine(
                        centreX: p.x, centreY: p.y, width: p.along, height: Swift.min(p.across, Swift.max(row.height, column.height)),
                        angle: row.angle, score: column.score))
            }
            if cut.count >= 2 { pieces[i] = cut }
        }
        let rows = long.filter { pieces[$0] == nil }
        var out: [TextLine] = []
        for (i, line) in lines.enumerated() {
            if let cut = pieces[i] {
                // The line itself is read too: text that does run down beside level rows (a card
                // turned a quarter beside a level one) has the same shape as a column of marks.
                out += [line] + cut
                continue
            }
            guard isShort(line) else {
                out.append(line)
                continue
            }
            let nearest = rows.compactMap { j in
                crossing(line, lines[j], thickness: Swift.min(line.width, line.height)).map { (lines[j], $0) }
            }
            .min { $0.1.gap < $1.1.gap }
            guard let (row, p) = nearest, row.turn(from: line) > OCRTuning.shortLineTurn else {
                out.append(line)
                continue
            }
            out.append(
                TextLine(
                    centreX: line.centreX, centreY: line.centreY, width: p.along,
                    height: Swift.min(p.across, Swift.max(row.height, Swift.min(line.width, line.height))), angle: row.angle,
                    score: line.score))
        }
        return out
    }

    /// Parts of a `width` x `height` picture to look at again around `seeds` (lines, the height of
    /// their print, and whether the detector found them), each with the lowest print it holds and
    /// whether it holds a line the detector found: each line's box grown by its height above and
    /// below and three times that before and after (the rest of a line the coarse look cut short),
    /// overlapping ones merged; the most probable first.
    static func refinementRegions(_ seeds: [(TextLine, Double, Bool)], width: Int, height: Int) -> [(Region, Double, Bool)] {
        let regions: [(box: Region, score: Double, lowest: Double, detected: Bool)] = seeds.map { l, print, detected in
            let b = l.box, m = Int(l.height.rounded(.up))
            let x0 = Swift.max(0, b.x - 3 * m), y0 = Swift.max(0, b.y - m)
            let x1 = Swift.min(width, b.maxX + 3 * m), y1 = Swift.min(height, b.maxY + m)
            return (Region(x: x0, y: y0, width: x1 - x0, height: y1 - y0), l.score * l.width * l.height, print, detected)
        }
        let merged = regions.mergedPairwise { a, b in
            a.box.intersects(b.box) ? (a.box.union(b.box), a.score + b.score, Swift.min(a.lowest, b.lowest), a.detected || b.detected) : nil
        }
        return merged.sorted { $0.score > $1.score }.map { ($0.box, $0.lowest, $0.detected) }
    }

    /// Reads one line of `source` (the line in its pixels): cut level at a height Tesseract reads
    /// well, read as one line; a line running up or down the picture is read both ways and the more
    /// legible reading kept. A line read with a word still unsure (after its smoothed reading, when
    /// enlarged) is read again cut `OCRTuning.smallerReadFactor` as large, the more legible reading
    /// kept: Tesseract misreads some print at one size and not at another (set 71's "Tél. : 06 14 96
    /// 35 31" in Liberation Mono, 32 px high enlarged to 48: "Tél.:.:.06.14 06. 25.34."; at 34,
    /// whole). A line of a machine-readable zone is read in that zone's alphabet, and
    /// again across the picture when it may run on: the detector leaves out the runs of filler (`<`)
    /// that end most of its lines. Boxes in `source`'s pixels.
    static func readLine(
        _ line: TextLine, from source: GreyImage, engine: TesseractEngine, firstLine: Int, deadline: ContinuousClock.Instant?
    ) throws -> [RecognizedWord] {
        let angles = abs(line.angle) > 45 ? [line.angle, line.angle > 0 ? line.angle - 180 : line.angle + 180] : [line.angle]
        var best: (score: Double, words: [RecognizedWord])?
        for angle in angles {
            var found = try readCut(line, angle: angle, from: source, engine: engine, firstLine: firstLine, deadline: deadline)
            if let zone = machineReadableRun(found), angles.count == 1 {
                var longer = line
                longer.width = line.width + 2 * reach(of: line, in: source, within: line.width)
                let again = try readCut(
                    longer, angle: angle, from: source, characters: OCRTuning.machineReadableAlphabet, engine: engine, firstLine: firstLine,
                    deadline: deadline)
                // Kept only when it reads as a zone's line (a run with fillers in it; the rule
                // needs two): a long word of capitals and digits alone (a permanent code, a name in
                // capitals) read in the zone's alphabet loses its spaces and its label, and a
                // card's edge after it may read "<<" as a word of its own.
                if holdsZoneRun(again, atLeast: zone) { found = again }
            } else if angles.count == 1, hasUnsureWord(found),
                enlargement(of: line, to: smallerReadHeight) < enlargement(of: line, to: OCRTuning.lineReadHeight)
            {
                // (A line so low that both cuts are enlarged the most would be read the same again.)
                let smaller = try readCut(
                    line, angle: angle, from: source, height: smallerReadHeight, engine: engine, firstLine: firstLine, deadline: deadline)
                if legibility(smaller) > legibility(found) { found = smaller }
            }
            let score = legibility(found)
            if score > best?.score ?? -1 { best = (score, found) }
        }
        return best?.words ?? []
    }

    /// The length of the longest word of a reading in a machine-readable zone's alphabet (capitals,
    /// digits and `<`), when it is long enough to be one's: nil otherwise.
    static func machineReadableRun(_ words: [RecognizedWord]) -> Int? {
        let run =
            words.map { word in
                word.text.split { !($0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "<")) }.map(\.count).max() ?? 0
            }
            .max() ?? 0
        return run >= OCRTuning.machineReadableRun ? run : nil
    }

    /// Whether a word of a reading holds a run of at least `length` capitals, digits and fillers with
    /// `OCRTuning.machineReadableKeptFillers` fillers (`<`, read `«` at times) in it.
    static func holdsZoneRun(_ words: [RecognizedWord], atLeast length: Int) -> Bool {
        words.contains { word in
            word.text.split { !($0.isASCII && ($0.isUppercase || $0.isNumber)) && !isFiller($0) }.contains { run in
                run.count >= length && run.filter(isFiller).count >= OCRTuning.machineReadableKeptFillers
            }
        }
    }

    /// A machine-readable zone's filler: `<`, read `«` at times.
    public static func isFiller(_ c: Character) -> Bool { c == "<" || c == "«" }

    /// The fillers of a reading.
    static func fillers(_ words: [RecognizedWord]) -> Int {
        words.reduce(0) { $0 + $1.text.filter(isFiller).count }
    }

    /// How far, at most `limit`, `line` may run on both ways along itself before it leaves `source`.
    static func reach(of line: TextLine, in source: GreyImage, within limit: Double) -> Double {
        let t = line.angle * .pi / 180, c = abs(cos(t)), s = abs(sin(t))
        func room(_ centre: Double, _ side: Int, _ d: Double) -> Double {
            d < 1e-6 ? .infinity : Swift.min(centre, Double(side) - centre) / d
        }
        let free = Swift.min(room(line.centreX, source.width, c), room(line.centreY, source.height, s)) - line.width / 2
        return Swift.max(0, Swift.min(limit, free))
    }

    /// A line enlarged past smoothing (`cut`, read as `found`) with nothing read or a word read at a
    /// confidence under `OCRTuning.rereadBelowConfidence`, read again smoothed: the more legible
    /// reading, with the image it was read from. An enlarged photo's grain and JPEG edges make
    /// Tesseract doubt a letter ("Your grade: B-" in a 21 px italic read "Your grade: De", "De" at 39).
    static func readAgainSmoothed(
        _ cut: GreyImage, _ found: [RecognizedWord], engine: TesseractEngine, firstLine: Int, deadline: ContinuousClock.Instant?
    ) throws -> (GreyImage, [RecognizedWord]) {
        guard found.isEmpty || hasUnsureWord(found) else { return (cut, found) }
        let smooth = cut.smoothed()
        let again = try engine.read(smooth, firstLine: firstLine, deadline: deadline)
        return legibility(again) > legibility(found) ? (smooth, again) : (cut, found)
    }

    /// Whether a reading holds a word read unsurely (under `OCRTuning.rereadBelowConfidence`).
    static func hasUnsureWord(_ words: [RecognizedWord]) -> Bool {
        words.contains { $0.confidence < OCRTuning.rereadBelowConfidence }
    }

    /// The height a line still read unsurely is cut to the second time (`readLine`).
    static let smallerReadHeight = OCRTuning.lineReadHeight * OCRTuning.smallerReadFactor

    /// How many times `line` is enlarged to be cut `height` high: at most `OCRTuning.lineMaxEnlargement`.
    static func enlargement(of line: TextLine, to height: Double) -> Double {
        Swift.min(OCRTuning.lineMaxEnlargement, height / Swift.max(1, line.height))
    }

    /// Reads `line` cut at `angle` out of `source` (with only `characters` when given); boxes in
    /// `source`'s pixels.
    static func readCut(
        _ line: TextLine, angle: Double, from source: GreyImage, characters: String? = nil, height: Double = OCRTuning.lineReadHeight,
        engine: TesseractEngine, firstLine: Int, deadline: ContinuousClock.Instant?
    ) throws -> [RecognizedWord] {
        let scale = enlargement(of: line, to: height)
        let pad = Swift.max(4, Int((line.height * scale * OCRTuning.linePadding).rounded()))
        let w = Int((line.width * scale).rounded()) + 4 * pad, h = Int((line.height * scale).rounded()) + 2 * pad
        guard w >= 8, h >= 8, w <= 16384, h <= 4096,
            var cut = source.cut(centre: line.centreX, line.centreY, angle: angle, scale: scale, width: w, height: h)
        else { return [] }
        // Large print's grain, smoothed (`OCRTuning.smoothUpToEnlargement`), once for every reading
        // of the cut.
        if scale <= OCRTuning.smoothUpToEnlargement { cut = cut.smoothed() }
        // Light print on a dark ground is turned to dark on light, which Tesseract reads best: its own
        // inverted try on single lines misreads digits ("97" as "oh").
        if cut.hasDarkGround(margin: pad) { cut = cut.inverted() }
        cut = cut.withoutRules(lineHeight: line.height * scale, margin: pad)
        // Letters leaning (a card seen from one side, italics) are stood upright: Tesseract reads a
        // leaning capital I as "/" and T as "Y".
        var toCut: (Double, Double) -> (x: Double, y: Double) = { ($0, $1) }
        let slant = cut.slantAtEnds(limit: OCRTuning.slantLimit, step: OCRTuning.slantStep)
        var asCut: GreyImage?
        if Swift.max(abs(slant.left), abs(slant.right)) >= OCRTuning.slantMin {
            // A lean measured on one piece alone (a short line) may be one glyph's diagonal ("32/50":
            // the slash stood upright reads "|"): the line is read as cut too, the more legible kept.
            if slant.pieces == 1 { asCut = cut }
            (cut, toCut) = cut.sheared(left: slant.left, right: slant.right)
        }
        var found = try engine.read(cut, characters: characters, firstLine: firstLine, deadline: deadline)
        if let asCut {
            let plain = try engine.read(asCut, characters: characters, firstLine: firstLine, deadline: deadline)
            if legibility(plain) > legibility(found) { (cut, toCut, found) = (asCut, { ($0, $1) }, plain) }
        }
        if characters == nil, scale > OCRTuning.smoothUpToEnlargement {
            (cut, found) = try readAgainSmoothed(cut, found, engine: engine, firstLine: firstLine, deadline: deadline)
        }
        // A line of a machine-readable zone (runs of the filler `<`) is read again in its own
        // alphabet: Tesseract reads the filler before a check digit as a letter ("<4" as "k").
        if characters == nil, fillers(found) >= OCRTuning.machineReadableFillers {
            found = try engine.read(cut, characters: OCRTuning.machineReadableAlphabet, firstLine: firstLine, deadline: deadline)
        }
        // Each word's box back in the source: its corners turned back about the line's centre.
        let t = angle * .pi / 180, c = cos(t), s = sin(t)
        return found.map { word -> RecognizedWord in
            let b = word.box
            let corners = [(b.x, b.y), (b.maxX, b.y), (b.x, b.maxY), (b.maxX, b.maxY)].map { p -> (x: Double, y: Double) in
                let q = toCut(Double(p.0), Double(p.1))
                let dx = (q.x - Double(w) / 2) / scale, dy = (q.y - Double(h) / 2) / scale
                return (line.centreX + c * dx - s * dy, line.centreY + s * dx + c * dy)
            }
            let xs = corners.map(\.x), ys = corners.map(\.y)
            let x0 = Swift.max(0, Int((xs.min() ?? 0).rounded(.down))), y0 = Swift.max(0, Int((ys.min() ?? 0).rounded(.down)))
            let x1 = Swift.min(source.width, Int((xs.max() ?? 0).rounded(.up)))
            let y1 = Swift.min(source.height, Int((ys.max() ?? 0).rounded(.up)))
            var out = word
            out.box = Region(x: x0, y: y0, width: Swift.max(1, x1 - x0), height: Swift.max(1, y1 - y0))
            out.line = firstLine
            return out
        }
    }
}

extension GreyImage {
    /// Whether most of the pixels within `margin` of the top and bottom sides (the ground around a
    /// line cut out with that margin) are darker than the image's Otsu threshold.
    func hasDarkGround(margin: Int) -> Bool {
        guard width > 0, height > 2 * margin, margin > 0 else { return false }
        let threshold = otsuThreshold()
        var dark = 0, count = 0
        for y in Array(0..<margin) + Array((height - margin)..<height) {
            for x in 0..<width {
                if Int(pixels[y * width + x]) <= threshold { dark += 1 }
                count += 1
            }
        }
        return 2 * dark > count
    }

    /// The image with its rules wiped out: a card's frame, a table's lines, a line to write on. A rule
    /// is ink thinner than `OCRTuning.ruleThickness` of `lineHeight` across it, running along unbroken
    /// for more than `OCRTuning.ruleLengthAcross` of `lineHeight` across the image (a step of a pixel
    /// up or down allowed: a tilted rule) or more than `OCRTuning.ruleLengthDown` of the image's
    /// height down it: longer and thinner than any stroke of a letter. Its pixels, and those next to
    /// them, take the ground's median grey. Ink is the fewer of Otsu's two classes within the line
    /// (the image less `margin` above and below and twice that either side). In Tesseract's
    /// single-line mode a frame close around a line makes it read nothing ("Mark: 66%" on a card
    /// framed 8 px above and below its print) or a stroke of the frame as "|".
    func withoutRules(lineHeight: Double, margin: Int) -> GreyImage {
        let w = width, h = height, n = w * h
        guard w > 4 * margin, h > 2 * margin, lineHeight > 0 else { return self }
        let threshold = otsuThreshold()
        var dark = 0, count = 0
        for y in margin..<(h - margin) {
            for x in (2 * margin)..<(w - 2 * margin) where Int(pixels[y * w + x]) <= threshold { dark += 1 }
            count += w - 4 * margin
        }
        let inkIsDark = 2 * dark <= count
        func flags(_ f: (Int) -> Bool) -> [Bool] {
            [Bool](unsafeUninitializedCapacity: n) { b, c in
                for i in 0..<n { b[i] = f(i) }
                c = n
            }
        }
        let ink = pixels.withUnsafeBufferPointer { p in flags { (Int(p[$0]) <= threshold) == inkIsDark } }
        let thin = Int32(Swift.min(Double(Int32.max), OCRTuning.ruleThickness * lineHeight))
        let acrossLimit = Int32(Swift.min(Double(Int32.max), OCRTuning.ruleLengthAcross * lineHeight))
        let downLimit = Int32(OCRTuning.ruleLengthDown * Double(h))
        let down = Self.runs(ink, width: w, height: h, across: false), along = Self.runs(ink, width: w, height: h, across: true)
        // Ink thin across a row (a rule across may run through it) and thin across a column; each
        // widened by a pixel across its direction, for a tilted rule's steps.
        let thinDown = flags { ink[$0] && down[$0] <= thin }, thinAlong = flags { ink[$0] && along[$0] <= thin }
        let thinDownWide = flags { i in thinDown[i] || (i >= w && thinDown[i - w]) || (i + w < n && thinDown[i + w]) }
        let thinAlongWide = flags { i in
            thinAlong[i] || (i % w > 0 && thinAlong[i - 1]) || (i % w + 1 < w && thinAlong[i + 1])
        }
        // Where a rule across meets one down (a frame's corner), neither is thin: each passes
        // through the ink within two pixels of the other, found first alone.
        let longAlong = Self.runs(thinDownWide, width: w, height: h, across: true)
        let longDown = Self.runs(thinAlongWide, width: w, height: h, across: false)
        let nearDown = Self.grown(flags { thinAlong[$0] && longDown[$0] > downLimit }, width: w, height: h, by: 2)
        let nearAcross = Self.grown(flags { thinDown[$0] && longAlong[$0] > acrossLimit }, width: w, height: h, by: 2)
        let passAlong = flags { thinDownWide[$0] || (nearDown[$0] && ink[$0]) }
        let passDown = flags { thinAlongWide[$0] || (nearAcross[$0] && ink[$0]) }
        let alongRuns = Self.runs(passAlong, width: w, height: h, across: true)
        let downRuns = Self.runs(passDown, width: w, height: h, across: false)
        let rule = flags { ink[$0] && ((passAlong[$0] && alongRuns[$0] > acrossLimit) || (passDown[$0] && downRuns[$0] > downLimit)) }
        guard rule.contains(true) else { return self }
        // The rule and the pixels next to it take the ground's median grey.
        var histogram = [Int](repeating: 0, count: 256)
        for i in 0..<n where !ink[i] { histogram[Int(pixels[i])] += 1 }
        let grounds = histogram.reduce(0, +)
        var ground = inkIsDark ? 255 : 0, seen = 0
        for grey in 0..<256 where grounds > 0 {
            seen += histogram[grey]
            if 2 * seen >= grounds {
                ground = grey
                break
            }
        }
        var out = pixels
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                if rule[i] || (x > 0 && rule[i - 1]) || (x + 1 < w && rule[i + 1]) || (y > 0 && rule[i - w]) || (y + 1 < h && rule[i + w]) {
                    out[i] = UInt8(ground)
                }
            }
        }
        return GreyImage(width: w, height: h, pixels: out)
    }

    /// The length of the run of `mask` each pixel is in, along rows (`across`) or down columns; 0
    /// outside the mask.
    static func runs(_ mask: [Bool], width w: Int, height h: Int, across: Bool) -> [Int32] {
        var out = [Int32](repeating: 0, count: w * h)
        let (lines, length, step, lineStep) = across ? (h, w, 1, w) : (w, h, w, 1)
        mask.withUnsafeBufferPointer { m in
            out.withUnsafeMutableBufferPointer { o in
                for l in 0..<lines {
                    var i = l * lineStep
                    let end = i + length * step
                    while i < end {
                        guard m[i] else {
                            i += step
                            continue
                        }
                        let start = i
                        while i < end, m[i] { i += step }
                        let run = Int32((i - start) / step)
                        for j in stride(from: start, to: i, by: step) { o[j] = run }
                    }
                }
            }
        }
        return out
    }

    /// `mask` grown by `by` pixels across and down (a square).
    static func grown(_ mask: [Bool], width w: Int, height h: Int, by r: Int) -> [Bool] {
        /// `mask` grown by `r` pixels along rows (`across`) or down columns.
        func spread(_ mask: [Bool], across: Bool) -> [Bool] {
            var out = [Bool](repeating: false, count: w * h)
            mask.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    for y in 0..<h {
                        for x in 0..<w where m[y * w + x] {
                            if across {
                                for dx in Swift.max(0, x - r)...Swift.min(w - 1, x + r) { o[y * w + dx] = true }
                            } else {
                                for dy in Swift.max(0, y - r)...Swift.min(h - 1, y + r) { o[dy * w + x] = true }
                            }
                        }
                    }
                }
            }
            return out
        }
        return spread(spread(mask, across: true), across: false)
    }

    /// The image in negative.
    func inverted() -> GreyImage {
        GreyImage(width: width, height: height, pixels: pixels.map { 255 - $0 })
    }

    /// The image through a 5-tap binomial filter (1 4 6 4 1, sigma 1 px) across and down, the
    /// edges repeated: grain falls to about a third of its standard deviation, strokes a few pixels
    /// wide stay.
    func smoothed() -> GreyImage {
        let w = width, h = height
        guard w >= 5, h >= 5 else { return self }
        let taps = [1, 4, 6, 4, 1]
        var across = [Int](repeating: 0, count: w * h)
        for y in 0..<h {
            let row = y * w
            for x in 0..<w {
                var sum = 0
                for (j, tap) in taps.enumerated() { sum += tap * Int(pixels[row + Swift.min(w - 1, Swift.max(0, x + j - 2))]) }
                across[row + x] = sum
            }
        }
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                var sum = 0
                for (j, tap) in taps.enumerated() { sum += tap * across[Swift.min(h - 1, Swift.max(0, y + j - 2)) * w + x] }
                out[y * w + x] = UInt8((sum + 128) / 256)
            }
        }
        return GreyImage(width: w, height: h, pixels: out)
    }

    /// Otsu's threshold: the grey that best separates the image's pixels into two classes.
    func otsuThreshold() -> Int {
        var histogram = [Int](repeating: 0, count: 256)
        for p in pixels { histogram[Int(p)] += 1 }
        let total = Double(pixels.count)
        let sum = histogram.enumerated().reduce(0.0) { $0 + Double($1.offset * $1.element) }
        var below = 0.0, belowSum = 0.0, best = 0.0, threshold = 127
        for t in 0..<256 {
            below += Double(histogram[t])
            belowSum += Double(t * histogram[t])
            let above = total - below
            guard below > 0, above > 0 else { continue }
            let mb = belowSum / below, ma = (sum - belowSum) / above
            let between = below * above * (mb - ma) * (mb - ma)
            if between > best {
                best = between
                threshold = t
            }
        }
        return threshold
    }

    /// The slant of the dark print on a line cut level (light ground), at its left and right ends:
    /// the shear (a row's shift right per pixel below the middle) that stands its strokes upright.
    /// A card seen from one side leans its letters more toward one end (its upright strokes meet at
    /// a vanishing point), and italics lean all of them: the slant is found in pieces of the line
    /// about `OCRTuning.slantPiece` heights long, and a straight line fitted through them (weighted
    /// by their ink). In each piece, the shear kept among those of `step` up to `limit` each way is
    /// the one whose columns of ink are most uneven (upright strokes pile their ink into few
    /// columns: the sum of the squared counts), when that beats the piece as it is by
    /// `OCRTuning.slantMinGain`. Past the first and last pieces, their slant. (0, 0) when no piece
    /// holds ink enough to measure, or when fewer than two pieces lean by `OCRTuning.slantMin`; with
    /// the number of pieces measured.
    func slantAtEnds(limit: Double, step: Double) -> (left: Double, right: Double, pieces: Int) {
        guard width > 0, height > 0, step > 0 else { return (0, 0, 0) }
        let threshold = otsuThreshold()
        let piece = Swift.max(8, Int(OCRTuning.slantPiece * Double(height)))
        let reach = Int((limit * Double(height) / 2).rounded(.up)) + 1
        var columns = [Int](repeating: 0, count: piece + 2 * reach)
        let steps = Int((limit / step).rounded(.down))
        // (middle of the piece, its slant, its ink)
        var found: [(x: Double, k: Double, ink: Double)] = []
        for start in stride(from: 0, to: width, by: piece) {
            let end = Swift.min(width, start + piece)
            var ink: [(x: Int, dy: Double)] = []
            for y in 0..<height {
                for x in start..<end where Int(pixels[y * width + x]) <= threshold {
                    ink.append((x - start, Double(y) - Double(height) / 2))
                }
            }
            // A piece with little ink (the margins, a gap between words) says nothing.
            guard Double(ink.count) >= OCRTuning.slantMinInk * Double((end - start) * height) else { continue }
            func unevenness(_ k: Double) -> Double {
                for i in columns.indices { columns[i] = 0 }
                for p in ink { columns[reach + p.x + Int((k * p.dy).rounded())] += 1 }
                return columns.reduce(0.0) { $0 + Double($1 * $1) }
            }
            let level = unevenness(0)
            var best = (shear: 0.0, score: level)
            for i in -steps...steps where i != 0 {
                let k = Double(i) * step
                let score = unevenness(k)
                if score > best.score { best = (k, score) }
            }
            let k = best.score > level * (1 + OCRTuning.slantMinGain) ? best.shear : 0
            found.append((Double(start + end) / 2, k, Double(ink.count)))
        }
        // One piece leaning among level ones is a letter's diagonal strokes ("y", "W"), not a lean.
        let leaning = found.filter { abs($0.k) >= OCRTuning.slantMin }.count
        guard !found.isEmpty, leaning >= Swift.min(2, found.count) else { return (0, 0, found.count) }
        // Weighted least squares: k = a + b x.
        let total = found.reduce(0) { $0 + $1.ink }
        let mx = found.reduce(0) { $0 + $1.ink * $1.x } / total, mk = found.reduce(0) { $0 + $1.ink * $1.k } / total
        let sxx = found.reduce(0) { $0 + $1.ink * ($1.x - mx) * ($1.x - mx) }
        let sxk = found.reduce(0) { $0 + $1.ink * ($1.x - mx) * ($1.k - mk) }
        let b = found.count > 1 && sxx > 0 ? sxk / sxx : 0
        // Not run on past the pieces measured: beyond the first and the last, their slant.
        let first = found.map(\.x).min() ?? 0, last = found.map(\.x).max() ?? 0
        func at(_ x: Double) -> Double { Swift.max(-limit, Swift.min(limit, mk + b * (Swift.max(first, Swift.min(last, x)) - mx))) }
        return (at(0), at(Double(width)), found.count)
    }

    /// The image sheared by `left` at its left side and `right` at its right side, and linearly in
    /// between (a row's shift right per pixel below the middle), on a canvas wider by the largest
    /// shift, the image in its middle; beyond the image, its nearest edge. With `source(x, y)`, which
    /// takes a point of the result back to the image.
    func sheared(left: Double, right: Double) -> (image: GreyImage, source: (Double, Double) -> (x: Double, y: Double)) {
        let grow = Int((Swift.max(abs(left), abs(right)) * Double(height)).rounded(.up))
        let outWidth = width + grow, offset = Double(grow) / 2, middle = Double(height) / 2
        let span = Double(Swift.max(1, width))
        let source = { (x: Double, y: Double) -> (x: Double, y: Double) in
            let u = x - offset
            let k = left + (right - left) * Swift.max(0, Swift.min(1, u / span))
            return (u - k * (y - middle), y)
        }
        var out = [UInt8](repeating: 255, count: outWidth * height)
        for y in 0..<height {
            let row = y * width
            for x in 0..<outWidth {
                let sx = Swift.max(0, Swift.min(Double(width - 1), source(Double(x), Double(y)).x))
                let x0 = Int(sx), x1 = Swift.min(width - 1, x0 + 1), f = sx - Double(x0)
                let v = Double(pixels[row + x0]) * (1 - f) + Double(pixels[row + x1]) * f
                out[y * outWidth + x] = UInt8(Swift.max(0, Swift.min(255, v.rounded())))
            }
        }
        return (GreyImage(width: outWidth, height: height, pixels: out), source)
    }
}

extension TextLine {
    /// A row of letter-like marks as a level line, scored by half its plainness.
    init(row: TextProposals.Row) {
        self.init(
            centreX: Double(row.box.x) + Double(row.box.width) / 2, centreY: Double(row.box.y) + Double(row.box.height) / 2,
            width: Double(row.box.width), height: Double(row.box.height), angle: 0, score: 0.5 * row.plainness)
    }

    /// A level line found on a picture transposed (EXIF orientation 5), in the picture's own pixels:
    /// running down it.
    func transposed() -> TextLine {
        TextLine(centreX: centreY, centreY: centreX, width: width, height: height, angle: 90, score: score)
    }
}

extension Array {
    /// The elements with pairs merged until no pair merges: the first pair (`i` < `j`) `merge` joins
    /// is replaced by its result at `i`, and the search starts again.
    func mergedPairwise(_ merge: (Element, Element) -> Element?) -> [Element] {
        var items = self
        var merged = true
        while merged {
            merged = false
            search: for i in items.indices {
                for j in items.indices where j > i {
                    guard let union = merge(items[i], items[j]) else { continue }
                    items[i] = union
                    items.remove(at: j)
                    merged = true
                    break search
                }
            }
        }
        return items
    }
}
