import Foundation
import Testing
import VigieMedia
import VigieTestSupport

@testable import VigieVision

/// The learned text-line detector (PP-OCRv4 over OpenCV DNN).
@Suite("Text-line detector")
struct TextLineDetectorTests {
    /// A line is cut level: a dark bar turned by 20 degrees comes out as a level bar in the middle.
    @Test func aLineIsCutLevel() throws {
        let w = 400, h = 300
        let t = 20 * Double.pi / 180
        var pixels = [UInt8](repeating: 255, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                // Along the line (u) and across it (v), from the centre (200, 150).
                let dx = Double(x) - 200, dy = Double(y) - 150
                let u = dx * cos(t) + dy * sin(t), v = -dx * sin(t) + dy * cos(t)
                if abs(u) < 100, abs(v) < 10 { pixels[y * w + x] = 0 }
            }
        }
        let grey = GreyImage(width: w, height: h, pixels: pixels)
        let cut = try #require(grey.cut(centre: 200, 150, angle: 20, scale: 2, width: 480, height: 80))
        func at(_ x: Int, _ y: Int) -> UInt8 { cut.pixels[y * cut.width + x] }
        // The bar, 200 x 20 enlarged twice, centred: 400 x 40 from (40, 20).
        #expect(at(240, 40) < 40)
        #expect(at(50, 40) < 40 && at(430, 40) < 40)
        #expect(at(240, 10) > 215 && at(240, 70) > 215)
        #expect(at(20, 40) > 215 && at(460, 40) > 215)
    }

    /// Strokes leaning more toward one end of a line (a card seen from one side) are measured at
    /// both ends and stood upright; upright strokes are left as they are.
    @Test func leaningStrokesAreStoodUpright() throws {
        let w = 640, h = 64
        /// Strokes 4 pixels wide every `period` in the middle rows, leaning by `lean(x)` (pixels right
        /// per pixel up).
        func strokes(every period: Int = 16, _ lean: (Double) -> Double) -> GreyImage {
            var pixels = [UInt8](repeating: 240, count: w * h)
            for y in 16..<48 {
                for x in 0..<w {
                    let up = Double(h) / 2 - Double(y)
                    let base = Double(x) - lean(Double(x)) * up
                    if base >= 8, base < Double(w - 8), Int(base) % period < 4 { pixels[y * w + x] = 20 }
                }
            }
            return GreyImage(width: w, height: h, pixels: pixels)
        }
        let upright = strokes { _ in 0 }
        let level = upright.slantAtEnds(limit: OCRTuning.slantLimit, step: OCRTuning.slantStep)
        #expect(level.left == 0 && level.right == 0)
        // A cut with no piece inked enough to measure (a faint or empty line) is left as it is.
        var faint = [UInt8](repeating: 240, count: w * h)
        for x in stride(from: 10, to: w, by: 100) { faint[32 * w + x] = 20 }
        let none = GreyImage(width: w, height: h, pixels: faint).slantAtEnds(limit: OCRTuning.slantLimit, step: OCRTuning.slantStep)
        #expect(none.left == 0 && none.right == 0)
        // Leaning right by 0.3 at the left end, upright at the right: a shear of about 0.3 to 0 (a
        // row's shift right per pixel below the middle) stands them up.
        let leaning = strokes { x in 0.3 * (1 - x / Double(w)) }
        let slant = leaning.slantAtEnds(limit: OCRTuning.slantLimit, step: OCRTuning.slantStep)
        #expect(abs(slant.left - 0.3) <= 0.07 && abs(slant.right) <= 0.07, "\(slant)")
        // A card turned away at its top (a vertical keystone): strokes leaning 0.8 one way at the
        // left end and the other way at the right (strokes further apart than they lean across the
        // line, so that only one shear stands them all up).
        let turned = strokes(every: 32) { x in 0.8 - 1.6 * x / Double(w) }.slantAtEnds(
            limit: OCRTuning.slantLimit, step: OCRTuning.slantStep)
        #expect(turned.left >= 0.55 && turned.right <= -0.55, "\(turned)")
        let (stood, source) = leaning.sheared(left: slant.left, right: slant.right)
        #expect(stood.width > w && stood.height == h)
        // Each column of the result is all ink or all ground across the strokes' rows, but at their
        // edges (a pixel of interpolation each side).
        var mixed = 0
        for x in 0..<stood.width {
            let inked = (20..<44).filter { stood.pixels[$0 * stood.width + x] < 128 }.count
            if inked > 2 && inked < 22 { mixed += 1 }
        }
        #expect(mixed <= stood.width / 20, "\(mixed) columns half inked")
        // `source` takes a point of the result back to where its pixel came from.
        var astray = 0
        for y in 0..<h {
            for x in 0..<stood.width {
                let p = source(Double(x), Double(y))
                let sx = Swift.max(0, Swift.min(w - 1, Int(p.x.rounded())))
                if abs(Int(stood.pixels[y * stood.width + x]) - Int(leaning.pixels[y * w + sx])) > 110 { astray += 1 }
            }
        }
        #expect(astray == 0)
    }

    /// A part looked at again is seen whole at up to 1024 px; a strip merged across a photo is not
    /// shrunk below half its pixels, within 1.2 million network pixels; and a part whose lines are
    /// all large is seen no larger than shows its lowest line 32 network pixels high.
    @Test func secondLooksKeepHalfTheirPixels() {
        #expect(TextReader.secondLookSide(width: 300, height: 100, enlarge: 2, lowest: 12) == 608)
        #expect(TextReader.secondLookSide(width: 900, height: 300, enlarge: 2, lowest: 12) == 1024)
        // A strip across a 12 MP photo with 20 px print: half its pixels, not 1024 / 2792 of them.
        #expect(TextReader.secondLookSide(width: 2792, height: 496, enlarge: 2, lowest: 20) == 1376)
        // A part as large as the photo: within the budget.
        let side = TextReader.secondLookSide(width: 4000, height: 3000, enlarge: 1, lowest: 12)
        #expect(side > 1024 && side * side * 3 / 4 <= OCRTuning.refinedMaxPixels)
        // A card's lines 88 px high at full resolution: 1236 * 32 / 88 = 450, so 480 and not 1024.
        #expect(TextReader.secondLookSide(width: 1236, height: 308, enlarge: 2, lowest: 88) == 480)
        // The same strip with 120 px print: the cap wins over the half of its pixels.
        #expect(TextReader.secondLookSide(width: 2792, height: 496, enlarge: 2, lowest: 120) == 768)
    }

    /// A row's print is measured across it: a tilted row's box is higher than its print.
    @Test func aTiltedRowsPrintIsMeasuredAcrossIt() {
        let level = TextProposals.Row(box: Region(x: 0, y: 0, width: 400, height: 24), angle: 0, marks: 20, plainness: 1, letter: 18)
        #expect(level.printHeight == 24)
        // 18 px capitals tilted 13 degrees over 400 px: a box 116 px high.
        let tilted = TextProposals.Row(box: Region(x: 0, y: 0, width: 400, height: 116), angle: 13, marks: 20, plainness: 1, letter: 18)
        #expect(abs(tilted.printHeight - (116 - 400 * tan(13 * Double.pi / 180))) < 0.01)
        #expect(tilted.printHeight < 30)
        // Never less than its letters.
        let steep = TextProposals.Row(box: Region(x: 0, y: 0, width: 400, height: 60), angle: 13, marks: 20, plainness: 1, letter: 18)
        #expect(steep.printHeight == 18)
    }

    /// Pieces of one line join along their row (a label and its value far apart); a line below, or
    /// one running another way, does not.
    @Test func piecesOfOneLineJoinAlongTheirRow() throws {
        let label = TextLine(centreX: 100, centreY: 100, width: 100, height: 20, angle: 0, score: 0.8)
        let value = TextLine(centreX: 215, centreY: 102, width: 60, height: 22, angle: 1, score: 0.9)
        let line = try #require(label.joined(with: value))
        #expect(abs(line.width - 195) < 1 && abs(line.centreX - 147.5) < 1 && line.height == 22 && line.score == 0.9)
        let below = TextLine(centreX: 100, centreY: 125, width: 100, height: 20, angle: 0, score: 0.8)
        #expect(label.joined(with: below) == nil)
        let across = TextLine(centreX: 200, centreY: 100, width: 100, height: 20, angle: 30, score: 0.8)
        #expect(label.joined(with: across) == nil)
        let far = TextLine(centreX: 400, centreY: 100, width: 100, height: 20, angle: 0, score: 0.8)
        #expect(label.joined(with: far) == nil)
        #expect(TextReader.joinedAlongRows([label, below, value]).count == 2)
    }

    /// A column of one-letter marks (a grade sheet's, far from their names) found as one line
    /// running down across the names' rows is cut into one line a row, each along its row; a short
    /// line the detector turned takes its row's direction; a line running down with no rows about
    /// it stays as it is.
    @Test func shortLinesGoAlongTheirRows() throws {
        let names = [466.0, 504, 542, 580].map { y in TextLine(centreX: 1387, centreY: y, width: 118, height: 25, angle: 1, score: 0.9) }
        let column = TextLine(centreX: 1558, centreY: 565, width: 68, height: 24, angle: 90, score: 0.9)
        let turned = TextLine(centreX: 1570, centreY: 468, width: 44, height: 34, angle: 84, score: 0.9)
        let out = TextReader.alongTheirRows(names + [column, turned])
        #expect(out.count == 8)
        // The column is kept whole beside its pieces (text that does run down looks the same).
        #expect(out.contains(column))
        let pieces = out.filter { abs($0.centreX - 1558) < 5 && $0 != column }.sorted { $0.centreY < $1.centreY }
        try #require(pieces.count == 2)
        #expect(abs(pieces[0].centreY - 545) < 3 && abs(pieces[1].centreY - 584) < 3)
        #expect(pieces.allSatisfy { $0.angle == 1 && $0.height <= 25 && $0.width < 30 })
        let levelled = try #require(out.first { abs($0.centreX - 1570) < 1 })
        #expect(levelled.angle == 1 && levelled.width > 35 && levelled.height <= 34)
        // Alone, the column is a line running down.
        #expect(TextReader.alongTheirRows([column]) == [column])
        // A long line is left as the detector found it.
        #expect(TextReader.alongTheirRows(names) == names)
    }

    /// A machine-readable zone's line is told by a long run of its alphabet; light print on a dark
    /// ground by the ground's side of the Otsu threshold.
    @Test func machineReadableRunsAndDarkGrounds() {
        func words(_ texts: [String]) -> [RecognizedWord] {
            texts.map { RecognizedWord(text: $0, confidence: 90, box: Region(x: 0, y: 0, width: 10, height: 10), line: 0) }
        }
        #expect(TextReader.machineReadableRun(words(["IDD<<T220001293<<<<"])) == 19)
        #expect(TextReader.machineReadableRun(words(["Student", "ID", "4829175"])) == nil)
        // A zone's reading is kept for a run with fillers in it, not for fillers apart from the run
        // (a card's edge after a permanent code read "<<").
        #expect(TextReader.holdsZoneRun(words(["IDD<<T220001293<<<<"]), atLeast: 12))
        #expect(TextReader.holdsZoneRun(words(["P«CANMARTIN«SARAH"]), atLeast: 12))
        #expect(!TextReader.holdsZoneRun(words(["CECBSUSSWWNY", "<<"]), atLeast: 12))
        #expect(!TextReader.holdsZoneRun(words(["ECBS<<10860"]), atLeast: 12))
        var pixels = [UInt8](repeating: 30, count: 100 * 40)
        for y in 15..<25 { for x in 10..<90 where x % 4 < 2 { pixels[y * 100 + x] = 230 } }
        let light = GreyImage(width: 100, height: 40, pixels: pixels)
        #expect(light.hasDarkGround(margin: 10))
        #expect(!GreyImage(width: 100, height: 40, pixels: pixels.map { 255 - $0 }).hasDarkGround(margin: 10))
    }

    /// A frame and a rule across a line are wiped out, tilted a pixel or not, dark on light or light
    /// on dark; strokes of letters, a "|" as high as the line and a short dash stay.
    @Test func rulesAreWipedOutAndLettersStay() {
        let w = 300, h = 72, lineHeight = 48.0, margin = 12
        for dark in [true, false] {
            let (ink, ground): (UInt8, UInt8) = dark ? (20, 230) : (230, 20)
            var pixels = [UInt8](repeating: ground, count: w * h)
            func paint(_ xs: Range<Int>, _ ys: Range<Int>) { for y in ys { for x in xs { pixels[y * w + x] = ink } } }
            // Letters: upright strokes 36 px high, bars 20 px long, a "|" 48 px high, a dash 30 px.
            for x in stride(from: 30, to: 240, by: 24) {
                paint(x..<(x + 5), 18..<54)
                paint(x..<(x + 20), 18..<23)
            }
            paint(250..<253, 12..<60)
            paint(260..<290, 34..<38)
            // A frame: a rule above, level; a rule below, down a pixel every 60; sides as high as the cut.
            paint(0..<w, 4..<6)
            for x in 0..<w { paint(x..<(x + 1), (64 + x / 60)..<(66 + x / 60)) }
            paint(2..<4, 0..<h)
            paint(295..<297, 0..<h)
            let cleaned = GreyImage(width: w, height: h, pixels: pixels).withoutRules(lineHeight: lineHeight, margin: margin)
            func isInk(_ x: Int, _ y: Int) -> Bool { cleaned.pixels[y * w + x] == ink }
            for x in stride(from: 10, to: 290, by: 7) {
                #expect(!isInk(x, 4) && !isInk(x, 5), "rule above at x \(x), ink on \(dark ? "light" : "dark")")
                #expect(!isInk(x, 64 + x / 60) && !isInk(x, 65 + x / 60), "rule below at x \(x)")
            }
            for y in 0..<h { #expect(!isInk(2, y) && !isInk(296, y), "sides at y \(y)") }
            for x in stride(from: 30, to: 240, by: 24) {
                #expect(isInk(x + 2, 30) && isInk(x + 10, 20), "letter at x \(x)")
            }
            #expect(isInk(251, 30) && isInk(251, 14) && isInk(251, 57))
            #expect(isInk(275, 35))
        }
        // Nothing to wipe out (grain, a stroke 32 px high in a cut 48 px high): the very image.
        let stroke = LineSmoothingTests.grainyStroke(width: 120, height: 48)
        let plain = GreyImage(
            width: 120, height: 48,
            pixels: (0..<(120 * 48)).map { i in (8..<40).contains(i / 120) ? stroke.pixels[i] : stroke.pixels[i] | 0xC0 })
        #expect(plain.withoutRules(lineHeight: 32, margin: 8).pixels == plain.pixels)
    }

    /// A line whose card's frame runs 8 px above and below its print, as Vigie cut it out of a photo
    /// (set 43): Tesseract reads nothing as it is, the line once the frame is wiped out.
    @Test func aFramedLineIsReadOnceItsFrameIsWipedOut() throws {
        let cut = try #require(MediaLoader.load(path: Fixtures.path("text/framed-line-cut.png")).image).luma()
        let (before, after) = try TextReader.engines.withHandle { engine in
            (
                try engine.read(cut, firstLine: 0).map(\.text).joined(separator: " "),
                try engine.read(cut.withoutRules(lineHeight: 36 * 1.32, margin: 12), firstLine: 0).map(\.text).joined(separator: " ")
            )
        }
        #expect(!before.contains("66%"), "\(before)")
        #expect(after.contains("Mark:") && after.contains("66%"), "\(after)")
    }

    /// A line enlarged with a letter read unsurely is read again smoothed, the more legible kept
    /// (set 43's "Your grade: B-", DejaVu Serif Italic, as Vigie cut it: "De" at a confidence of
    /// 39 as cut); a line read surely is not read again.
    @Test func aLineReadUnsurelyIsReadAgainSmoothed() throws {
        let cut = try #require(MediaLoader.load(path: Fixtures.path("text/italic-grade-cut.png")).image).luma()
        let (first, kept, again) = try TextReader.engines.withHandle { engine in
            let first = try engine.read(cut, firstLine: 0)
            let kept = try TextReader.readAgainSmoothed(cut, first, engine: engine, firstLine: 0, deadline: nil)
            let sure = first.map { w in
                var s = w
                s.confidence = 90
                return s
            }
            return (first, kept, try TextReader.readAgainSmoothed(cut, sure, engine: engine, firstLine: 0, deadline: nil))
        }
        #expect(!first.map(\.text).contains("B-"), "\(first.map(\.text))")
        #expect(first.contains { $0.confidence < OCRTuning.rereadBelowConfidence })
        #expect(kept.1.map(\.text).contains("B-"), "\(kept.1.map(\.text))")
        #expect(kept.0 == cut.smoothed())
        #expect(again.0 == cut && again.1.map(\.text) == first.map(\.text))
    }

    /// A line still read unsurely is read again cut smaller, the more legible reading kept: set 71's
    /// "Tél. : 06 14 96 35 31" (Liberation Mono, 26 px capitals at -5.6 degrees), the line as the
    /// detector found it, 32 px high: enlarged to `OCRTuning.lineReadHeight` Tesseract reads
    /// "Tél.:.:.06.14 06. 25.34.", smoothed or not; cut 0.7 times as large, the whole number.
    @Test func aLineReadUnsurelyIsReadAgainSmaller() throws {
        let grey = try #require(MediaLoader.load(path: Fixtures.path("text/mono-phone-line.png")).image).luma()
        let line = TextLine(centreX: 293.256, centreY: 91.053, width: 504.41, height: 32.478, angle: -5.479, score: 0.8)
        let (asCut, read) = try TextReader.engines.withHandle { engine in
            (
                try TextReader.readCut(line, angle: line.angle, from: grey, engine: engine, firstLine: 0, deadline: nil),
                try TextReader.readLine(line, from: grey, engine: engine, firstLine: 0, deadline: nil)
            )
        }
        let before = asCut.map(\.text).joined(separator: " "), after = read.map(\.text).joined(separator: " ")
        #expect(asCut.contains { $0.confidence < OCRTuning.rereadBelowConfidence })
        #expect(!before.contains("06 14 96 35 31"), "\(before)")
        #expect(after.contains("Tél.") && after.contains("06 14 96 35 31"), "\(after)")
        #expect(TextReader.legibility(read) > TextReader.legibility(asCut))
    }

    /// Run in bands of rows (the network's memory bounded), the detector finds the lines it finds on
    /// the whole input, those across a seam between bands included, at the same places.
    @Test func bandsFindTheLinesOfTheWholeInput() throws {
        let path = Fixtures.path("text/phototest.tif")
        let grey = try #require(MediaLoader.load(path: path).image).luma()
        let detector = try TextLineDetector()
        // The page as it is, in bands of rows; turned a quarter (its lines running down), in bands of
        // columns. Bands of at most 960 x 256 network pixels: four over this page's 960 x 736.
        for (page, columns) in [(grey, false), (grey.oriented(6), true)] {
            let whole = try detector.lines(in: page, longSide: 960, threshold: 0.5, maxPixels: 0)
            let banded = try detector.lines(in: page, longSide: 960, threshold: 0.5, maxPixels: 960 * 256, columns: columns)
            #expect(whole.count >= 8)
            #expect(banded.count == whole.count)
            for line in whole {
                let twin = banded.first { abs($0.centreX - line.centreX) < 4 && abs($0.centreY - line.centreY) < 4 }
                let same = twin.map { abs($0.width - line.width) < 0.05 * line.width && abs($0.height - line.height) < 0.15 * line.height }
                #expect(same == true, "\(line) \(String(describing: twin))")
            }
        }
    }

    /// A large line tilted 14 degrees in a wide part looked at again (3410 x 1092 px, run at 1696 px
    /// in three bands of rows) climbs across two seams: sharing `OCRTuning.secondLookBandOverlap`
    /// rows, the bands find it about as the part run whole does. Sharing the whole picture's 64, the
    /// map put together forked at the line's end: a box 1.6 times as high, a mean probability of
    /// 0.48, the line lost (set 39, a photo's part kept as the fixture).
    @Test func aTiltedLineAcrossTheSeamsOfAPartLookedAtAgainIsFound() throws {
        let loaded = MediaLoader.load(path: Fixtures.path("text/tilted-line-part.jpg"))
        let grey = try #require(loaded.fullResolution).image()
        #expect(grey.width == 3410 && grey.height == 1092)
        let detector = try TextLineDetector()
        let whole = try detector.lines(in: grey, longSide: 1696, threshold: 0.5, maxPixels: 0)
        let line = try #require(whole.first)
        #expect(whole.count == 1 && line.width > 10 * line.height && abs(line.angle - 14) < 1, "\(whole)")
        let seams = OCRTuning.secondLookBandOverlap
        let banded = try detector.lines(in: grey, longSide: 1696, threshold: 0.5, overlap: seams)
        let twin = try #require(banded.first, "no line with \(seams) rows shared")
        #expect(banded.count == 1 && abs(twin.height - line.height) < 0.2 * line.height, "\(twin) \(line)")
        #expect(abs(twin.width - line.width) < 0.05 * line.width && abs(twin.angle - line.angle) < 1, "\(twin) \(line)")
        #expect(hypot(twin.centreX - line.centreX, twin.centreY - line.centreY) < 0.2 * line.height, "\(twin) \(line)")
        // What the narrower overlap did (the reason for the wider one).
        #expect(try detector.lines(in: grey, longSide: 1696, threshold: 0.5, overlap: OCRTuning.bandOverlap).isEmpty)
        // Bands sharing less than 32 rows are refused.
        #expect(throws: MediaError.self) { try detector.lines(in: grey, longSide: 1696, overlap: 16) }
    }

    /// A line found in a part looked at again that runs into the part's left or right edge is
    /// lengthened by its height there (thin print beyond it made no marks), unless that edge is the
    /// picture's; other lines are kept as found.
    @Test func aLineRunningIntoAPartsEdgeIsLengthened() {
        let part = Region(x: 500, y: 200, width: 300, height: 80)
        // "iche : 811007" found from the part's left edge.
        let cut = TextLine(centreX: 60, centreY: 40, width: 120, height: 26, angle: 0, score: 0.8)
        let longer = TextReader.lengthened(cut, at: part, width: 300, within: 4000)
        #expect(longer.width == 146 && longer.centreX == 47 && longer.centreY == 40 && longer.height == 26)
        // Into the right edge, tilted: lengthened along its direction.
        let t = 10 * Double.pi / 180
        let right = TextLine(centreX: 250, centreY: 40, width: 100, height: 20, angle: 10, score: 0.8)
        let r = TextReader.lengthened(right, at: part, width: 300, within: 4000)
        #expect(r.width == 120 && abs(r.centreX - (250 + 10 * cos(t))) < 1e-9 && abs(r.centreY - (40 + 10 * sin(t))) < 1e-9)
        // Both edges: longer on both sides, in place.
        let across = TextLine(centreX: 150, centreY: 40, width: 299, height: 20, angle: 0, score: 0.8)
        let both = TextReader.lengthened(across, at: part, width: 300, within: 4000)
        #expect(both.width == 339 && both.centreX == 150)
        // The picture's own edges, a line inside the part, a line running down it: as found.
        #expect(TextReader.lengthened(cut, at: Region(x: 0, y: 200, width: 300, height: 80), width: 300, within: 4000) == cut)
        #expect(TextReader.lengthened(right, at: Region(x: 3700, y: 200, width: 300, height: 80), width: 300, within: 4000) == right)
        let inside = TextLine(centreX: 150, centreY: 40, width: 100, height: 20, angle: 0, score: 0.8)
        #expect(TextReader.lengthened(inside, at: part, width: 300, within: 4000) == inside)
        let down = TextLine(centreX: 10, centreY: 40, width: 60, height: 20, angle: 90, score: 0.8)
        #expect(TextReader.lengthened(down, at: part, width: 300, within: 4000) == down)
    }

    /// The peak probability inside parts of the picture: high over each line found, low on the
    /// blank margin and on a plain picture, nothing outside the picture.
    @Test func probesGiveThePeakProbabilityOfText() throws {
        let path = Fixtures.path("text/phototest.tif")
        let grey = try #require(MediaLoader.load(path: path).image).luma()
        let detector = try TextLineDetector()
        let lines = try detector.lines(in: grey, longSide: 960, threshold: 0.5)
        #expect(lines.count >= 8)
        let margin = Region(x: 0, y: 0, width: grey.width / 20, height: grey.height / 20)
        let outside = Region(x: grey.width + 10, y: 0, width: 50, height: 50)
        let probed = try detector.lines(in: grey, longSide: 960, threshold: 0.5, probes: lines.map(\.box) + [margin, outside])
        #expect(probed.lines == lines)
        // The most probable first, and a smaller limit keeps the most probable.
        #expect(lines.map(\.score) == lines.map(\.score).sorted(by: >))
        #expect(try detector.lines(in: grey, longSide: 960, threshold: 0.5, limit: 3) == Array(lines.prefix(3)))
        #expect(probed.peaks.count == lines.count + 2)
        #expect(probed.peaks.prefix(lines.count).allSatisfy { $0 > 0.9 })
        #expect(probed.peaks[lines.count] < 0.3)
        #expect(probed.peaks[lines.count + 1] == 0)
        let plain = GreyImage(width: 640, height: 480, pixels: [UInt8](repeating: 128, count: 640 * 480))
        let peaks = try detector.lines(in: plain, longSide: 640, probes: [Region(x: 0, y: 0, width: 640, height: 480)]).peaks
        #expect(peaks.count == 1 && peaks[0] < 0.3)
    }

    /// The network hands its buffers back after each run (or each `keepingBuffers`) and runs at any
    /// shape: lines do not depend on what ran before, in a session or out of it (OpenCV 4.6 with
    /// layers fused gave other maps once a Net had run at another shape).
    @Test func linesDoNotDependOnThePreviousRun() throws {
        let grey = try #require(MediaLoader.load(path: Fixtures.path("text/phototest.tif")).image).luma()
        let detector = try TextLineDetector()
        let before = try detector.lines(in: grey, longSide: 960, threshold: 0.5)
        #expect(before.count >= 8)
        let wide = GreyImage(width: 1200, height: 300, pixels: [UInt8](repeating: 200, count: 1200 * 300))
        #expect(try detector.lines(in: wide, longSide: 1216, threshold: 0.5).isEmpty)
        #expect(try detector.lines(in: grey, longSide: 960, threshold: 0.5) == before)
        let inSession = try detector.keepingBuffers {
            _ = try detector.lines(in: grey, longSide: 480, threshold: 0.5)
            return try detector.lines(in: grey, longSide: 960, threshold: 0.5)
        }
        #expect(inSession == before)
    }

    /// A picture without text gives no line, and nothing is read.
    @Test func aPlainPictureHasNoLine() throws {
        let grey = GreyImage(width: 640, height: 480, pixels: [UInt8](repeating: 128, count: 640 * 480))
        #expect(try TextLineDetector().lines(in: grey, longSide: 640).isEmpty)
    }

    @Test func aMissingModelIsAClearError() throws {
        #expect(throws: TextModelError.self) { try TextLineDetector(modelPath: "/nonexistent/ppocrv4-det.onnx") }
        do {
            _ = try TextLineDetector(modelPath: "/nonexistent/ppocrv4-det.onnx")
        } catch {
            #expect("\(error)".contains("scripts/setup.sh"))
            #expect("\(error)".contains("ppocrv4-det.onnx"))
        }
        // A file that is not a model fails to load, with the same pointer.
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-junk-\(getpid()).onnx")
        try Data("not a model".utf8).write(to: junk)
        defer { try? FileManager.default.removeItem(at: junk) }
        #expect(throws: TextModelError.self) { try TextLineDetector(modelPath: junk.path) }
    }

    @Test func modelPathFollowsTheEnvironment() {
        #expect(TextLineDetector.defaultModelPath(environment: ["VIGIE_MODEL_DIR": "/opt/m", "HOME": "/h"]) == "/opt/m/ppocrv4-det.onnx")
    }
}
