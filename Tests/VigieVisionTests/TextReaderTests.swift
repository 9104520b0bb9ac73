import Foundation
import Testing
import VigieMedia
import VigieTestSupport

@testable import VigieVision

private let textFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures/text")

@Suite("OCR engine")
struct TextReaderTests {
    func read(_ name: String) throws -> (RecognizedText, DecodedImage) {
        let path = textFixtures.appendingPathComponent(name).path
        let loaded = MediaLoader.load(path: path)
        let image = try #require(loaded.image)
        return (try TextReader.read(path: path, image: image), image)
    }

    /// The fixture photo resized to 12 MP with `cards` painted on it: the card boxes and the decoded
    /// picture, given to `body`; the file is removed afterwards.
    func withPainted<T>(_ cards: [TextCardPainter.Card], name: String, _ body: (String, [Region], DecodedImage) throws -> T) throws -> T {
        let base = textFixtures.deletingLastPathComponent().appendingPathComponent("metadata/no-metadata.jpg").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-ocr-\(getpid())-\(name).jpg").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let boxes = try TextCardPainter.paint(base: base, width: 4000, height: 3000, cards: cards, output: out)
        return try body(out, boxes, try #require(MediaLoader.load(path: out).image))
    }

    /// The first word holding `expected`, which must lie where `card` was painted (it may lean out
    /// of it by the tilt).
    @discardableResult
    func expectWord(_ expected: String, in text: RecognizedText, on card: Region) throws -> RecognizedWord {
        let word = try #require(text.words.first { $0.text.contains(expected) }, "\(text.words.map(\.text))")
        let grown = Region(x: card.x - 200, y: card.y - 200, width: card.width + 400, height: card.height + 400)
        #expect(grown.containsCentre(of: word.box), "\(word.box) not in \(card)")
        return word
    }

    @Test func readsARealParagraphWithBoxesInsideThePicture() throws {
        let (text, image) = try read("contact-paragraph.png")
        let joined = text.words.map(\.text).joined(separator: " ")
        #expect(joined.contains("opencode@microsoft.com"))
        #expect(joined.contains("555-1234"))
        for w in text.words {
            #expect(w.box.x >= 0 && w.box.y >= 0 && w.box.maxX <= image.displayWidth && w.box.maxY <= image.displayHeight)
        }
        // Words of one line share a line number and run left to right.
        let first = try #require(text.words.first { $0.text == "This" })
        #expect(text.words.filter { $0.line == first.line }.count >= 5)
    }

    /// The thread that reads makes Tesseract's OpenMP regions serial on itself (no environment
    /// variable, no re-execution); a thread that never read keeps the runtime's default.
    @Test func aReadingThreadRunsTesseractAlone() throws {
        let path = textFixtures.appendingPathComponent("contact-paragraph.png").path
        let image = try #require(MediaLoader.load(path: path).image)
        /// Runs `body` on a new thread and returns the thread's max-active-levels afterwards.
        func levels(after body: @escaping @Sendable () -> Void) -> Int? {
            let done = DispatchSemaphore(value: 0)
            let result = LevelsBox()
            let thread = Thread {
                body()
                result.value = OpenMPEnvironment.maxActiveLevelsOnThisThread
                done.signal()
            }
            thread.start()
            done.wait()
            return result.value
        }
        let untouched = levels(after: {})
        #expect(untouched != nil, "Tesseract has no OpenMP runtime here")
        #expect((untouched ?? 0) > 0)
        let read = levels(after: { _ = try? TextReader.read(path: path, image: image) })
        #expect(read == 0)
    }

    /// A reading that cannot finish before its deadline is an error, never a shorter reading.
    @Test func aReadingPastItsDeadlineThrows() throws {
        let path = textFixtures.appendingPathComponent("phototest.tif").path
        let image = try #require(MediaLoader.load(path: path).image)
        for deadline in [ContinuousClock.now, ContinuousClock.now + .milliseconds(5)] {
            #expect(throws: MediaError(.tooSlow, "reading the text took longer than the time limit")) {
                _ = try TextReader.read(path: path, image: image, deadline: deadline)
            }
        }
        // With time enough, the same page reads in full.
        let text = try TextReader.read(path: path, image: image, deadline: .now + .seconds(60))
        #expect(text.words.map(\.text).joined(separator: " ").contains("quick brown dog"))
    }

    @Test func readsAnEnglishTestPage() throws {
        let (text, _) = try read("phototest.tif")
        let joined = text.words.map(\.text).joined(separator: " ")
        #expect(joined.contains("quick brown dog"))
    }

    @Test func readsSmallTiltedPrintOnAGeneratedTwelveMegapixelPhoto() throws {
        let base = textFixtures.deletingLastPathComponent().appendingPathComponent("metadata/no-metadata.jpg").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-ocr-\(getpid())-tilted.jpg").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let card = TextCardPainter.Card(
            text: "Student ID 4829175", font: "DejaVu Sans", capHeight: 28, paper: [250, 250, 248], ink: [20, 20, 25],
            angle: 9, blur: 0.7, place: (0.3, 0.6))
        let boxes = try TextCardPainter.paint(base: base, width: 4000, height: 3000, cards: [card], output: out)
        let loaded = MediaLoader.load(path: out)
        let image = try #require(loaded.image)
        #expect(image.scale > 1.9)  // the card is too small to read in the working copy alone
        let text = try TextReader.read(path: out, image: image)
        let number = try #require(text.words.first { $0.text.contains("4829175") }, "\(text.words.map(\.text))")
        #expect(text.linesRead >= 1)
        // The box is where the card was painted (it may lean out of it by the tilt).
        let card0 = try #require(boxes.first)
        let grown = Region(x: card0.x - 200, y: card0.y - 200, width: card0.width + 400, height: card0.height + 400)
        #expect(grown.containsCentre(of: number.box), "\(number.box) not in \(card0)")
    }

    /// A small picture (a web copy, a card saved small) has print too small for Tesseract: it is read
    /// enlarged, and its boxes come back in its own pixels.
    @Test func readsSmallPrintOfASmallPictureEnlarged() throws {
        let base = textFixtures.deletingLastPathComponent().appendingPathComponent("metadata/no-metadata.jpg").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-ocr-\(getpid())-small.png").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let card = TextCardPainter.Card(
            text: "Tel. 514-555-0187", font: "DejaVu Sans", capHeight: 6, paper: [250, 250, 248], ink: [20, 20, 25], angle: 0, blur: 0,
            place: (0.4, 0.6))
        let boxes = try TextCardPainter.paint(base: base, width: 480, height: 360, cards: [card], output: out)
        let image = try #require(MediaLoader.load(path: out).image)
        let read = try TextReader.read(path: out, image: image)
        let word = try #require(read.words.first { $0.text.contains("555-0187") }, "\(read.words.map(\.text))")
        let card0 = try #require(boxes.first)
        #expect(card0.contains(word.box), "\(word.box) not in \(card0)")
    }

    /// A picture without rows of small print gets a glance first: large print there (capitals too
    /// high for a row of marks) is still read in full, and a plain picture stops at the glance.
    @Test func largePrintWithoutRowsIsReadAfterTheGlance() throws {
        let card = TextCardPainter.Card(
            text: "CONFIDENTIEL", font: "DejaVu Sans", capHeight: 260, paper: [250, 250, 248], ink: [20, 20, 25], angle: 0, blur: 0,
            place: (0.2, 0.4))
        try withPainted([card], name: "large-print") { path, boxes, image in
            #expect(TextProposals.rows(in: image.luma()).isEmpty)
            let text = try TextReader.read(path: path, image: image)
            try expectWord("CONFIDENTIEL", in: text, on: try #require(boxes.first))
        }
        let plain = DecodedImage(
            width: 2048, height: 1536, pixels: [UInt8](repeating: 128, count: 2048 * 1536 * 3), displayWidth: 2048, displayHeight: 1536)
        #expect(try TextReader.read(path: "plain", image: plain).linesRead == 0)
    }

    /// A card's font that Pango does not find is drawn in its fallback without a word: the painter
    /// tells it, so an evaluation set cannot hold another font than it says.
    @Test func painterTellsAFontFromItsFallback() throws {
        #expect(try TextCardPainter.rendersOwnFont("Nimbus Roman,"))
        #expect(try TextCardPainter.rendersOwnFont("DejaVu Sans"))
        #expect(try TextCardPainter.rendersOwnFont("DejaVu Sans ExtraLight"))
        #expect(try TextCardPainter.rendersOwnFont("Open Sans Condensed, Bold"))
        // "Roman" read as a style, "Demi" as nothing: the family is not found.
        #expect(try !TextCardPainter.rendersOwnFont("Nimbus Roman"))
        #expect(try !TextCardPainter.rendersOwnFont("URW Gothic Demi"))
    }

    /// An evaluation's cards are painted apart: a card that would cover one painted before it moves
    /// to a free place (without randomness); without `apart` it stays where it was asked to be.
    @Test func painterKeepsCardsApartWhenAsked() throws {
        let base = textFixtures.deletingLastPathComponent().appendingPathComponent("metadata/no-metadata.jpg").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-apart-\(getpid()).jpg").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        func card(_ text: String, angle: Double) -> TextCardPainter.Card {
            TextCardPainter.Card(
                text: text, font: "DejaVu Sans", capHeight: 60, paper: [250, 250, 248], ink: [20, 20, 25], angle: angle, blur: 0,
                place: (0.5, 0.5))
        }
        let cards = [card("STUDENT NUMBER 4829175", angle: 8), card("ROOM 12", angle: -10)]
        let over = try TextCardPainter.paint(base: base, width: 4000, height: 3000, cards: cards, output: out)
        #expect(over[0].intersects(over[1]))
        let apart = try TextCardPainter.paint(base: base, width: 4000, height: 3000, cards: cards, output: out, apart: true)
        #expect(apart[0] == over[0])
        #expect(!apart[0].intersects(apart[1]))
    }

    /// The lines of a tilted light-on-dark card are found at the card's tilt, and each is read on its
    /// own line: the name, the label and the number.
    @Test func findsAndReadsEachLineOfATiltedCard() throws {
        let card = TextCardPainter.Card(
            text: "STUDENT ID\nAdam Moreau\nID: 4636656", font: "Nimbus Roman,", capHeight: 26, paper: [70, 20, 25], ink: [245, 240, 235],
            angle: -8, blur: 0.5, place: (0.3, 0.25))
        try withPainted([card], name: "tilted-card") { path, boxes, image in
            let card0 = try #require(boxes.first)
            let lines = try TextLineDetector().lines(in: image.luma(), longSide: 960).filter { l in
                card0.contains(Region(x: Int(l.centreX * image.scale), y: Int(l.centreY * image.scale), width: 1, height: 1))
            }
            #expect(!lines.isEmpty)
            for line in lines { #expect(abs(line.angle + 8) < 3, "\(line)") }
            let text = try TextReader.read(path: path, image: image)
            let words = ["STUDENT", "Moreau", "4636656"].map { w in text.words.first { $0.text.contains(w) } }
            #expect(words.allSatisfy { $0 != nil }, "\(text.words.map(\.text))")
            #expect(Set(words.compactMap { $0?.line }).count == 3)
            for word in words.compactMap({ $0 }) {
                let grown = Region(x: card0.x - 100, y: card0.y - 100, width: card0.width + 200, height: card0.height + 200)
                #expect(grown.contains(word.box), "\(word.box) not in \(card0)")
            }
        }
    }

    /// Cards seen from one side (a phone held at an angle) lean their letters, more toward one end:
    /// each line is stood upright before it is read, so that a leaning capital I is not read "/"
    /// nor a T "Y".
    @Test func readsCardsSeenFromOneSide() throws {
        let cards = [
            TextCardPainter.Card(
                text: "ID# 51115308", font: "Nimbus Sans Narrow Bold", capHeight: 41, paper: [45, 45, 50], ink: [240, 240, 235],
                angle: -6, blur: 0.4, place: (0.7, 0.55), keystone: -0.26, keystoneVertical: true),
            TextCardPainter.Card(
                text: "STUDENT CARD\nADAM MOREAU\nSTUDENT NO. 908492402", font: "URW Bookman Light", capHeight: 24,
                paper: [230, 240, 228], ink: [20, 80, 30], angle: -2.3, blur: 0, place: (0.3, 0.6), keystone: 0.22,
                keystoneVertical: true),
        ]
        try withPainted(cards, name: "perspective") { path, boxes, image in
            let text = try TextReader.read(path: path, image: image)
            let read = text.words.map(\.text)
            #expect(read.contains("ID#") && read.contains("51115308"), "\(read)")
            #expect(read.filter { $0 == "STUDENT" }.count == 2, "\(read)")
            try expectWord("908492402", in: text, on: try #require(boxes.last))
        }
    }

    /// Small print tilted 12 degrees, too small for the whole-picture look to see (a grey card, light
    /// print on a dark one): its row of marks is measured across the tilt, not by its box (as high as
    /// the print plus its length times the tilt), so it gets its second look.
    @Test(arguments: [
        ("Nimbus Sans Narrow", [190.0, 185, 175], [70.0, 70, 80], 0.9),
        ("Open Sans Light", [40.0, 40, 45], [230.0, 230, 225], 0.4),
    ])
    func readsSmallPrintTiltedTwelveDegrees(font: String, paper: [Double], ink: [Double], place: Double) throws {
        let card = TextCardPainter.Card(
            text: "PRIVATE AND CONFIDENTIAL", font: font, capHeight: 18, paper: paper, ink: ink, angle: -12, blur: 0.9,
            place: (place, place > 0.5 ? 0.9 : 0.85), keystone: -0.13, keystoneVertical: true)
        // One file per case: the cases run at once.
        try withPainted([card], name: "tilted-small-\(font.filter(\.isLetter))") { path, boxes, image in
            let text = try TextReader.read(path: path, image: image)
            try expectWord("CONFIDENTIAL", in: text, on: try #require(boxes.first))
        }
    }

    /// A line with a long run of capitals and digits (a name in capitals, a permanent code) is read
    /// again in a machine-readable zone's alphabet, but that reading, without fillers, is not kept:
    /// the line keeps its spaces and its label.
    @Test func aLongRunOfCapitalsIsNoMachineReadableZone() throws {
        let cards = [
            TextCardPainter.Card(
                text: "FÉLICITATIONS JACOB OUELLET !", font: "DejaVu Serif Condensed", capHeight: 50, paper: [252, 252, 252],
                ink: [40, 40, 120], angle: 8, blur: 0, place: (0.2, 0.2)),
            TextCardPainter.Card(
                text: "Code permanent : BWNK02111073", font: "DejaVu Sans", capHeight: 40, paper: [255, 245, 205], ink: [120, 60, 0],
                angle: -4, blur: 0, place: (0.6, 0.8)),
        ]
        try withPainted(cards, name: "capitals") { path, boxes, image in
            let text = try TextReader.read(path: path, image: image)
            let read = text.words.map(\.text)
            #expect(read.contains("JACOB") && read.contains("OUELLET"), "\(read)")
            #expect(read.contains("permanent") && read.contains("BWNK02111073"), "\(read)")
            #expect(boxes.count == 2)
        }
    }

    /// The machine-readable zone of an identity card, a small picture, is read whole: its lines are
    /// cut from the picture's own pixels and brought to a height Tesseract reads.
    @Test func readsTheMachineReadableZoneOfASmallIdentityCard() throws {
        let path = textFixtures.appendingPathComponent("id-card-small.jpg").path
        let image = try #require(MediaLoader.load(path: path).image)
        let text = try TextReader.read(path: path, image: image)
        let zone = text.words.filter { $0.text.filter { $0 == "<" }.count >= 5 }
        #expect(!zone.isEmpty, "\(text.words.map(\.text))")
        for word in zone {
            #expect(Region(x: 0, y: 0, width: image.displayWidth, height: image.displayHeight).contains(word.box))
        }
    }

    @Test func proposalsFindARowOfPrintAndItsTilt() throws {
        // A white card with a dark row of text, drawn by the painter, then read back as grey.
        let base = textFixtures.deletingLastPathComponent().appendingPathComponent("metadata/no-metadata.jpg").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-ocr-\(getpid())-row.jpg").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let card = TextCardPainter.Card(
            text: "CONFIDENTIAL REPORT", font: "DejaVu Sans", capHeight: 24, paper: [250, 250, 250], ink: [10, 10, 10],
            angle: -8, blur: 0, place: (0.5, 0.5))
        try TextCardPainter.paint(base: base, width: 1600, height: 1200, cards: [card], output: out)
        let image = try #require(MediaLoader.load(path: out).image)
        let rows = TextProposals.rows(in: image.luma())
        let best = try #require(rows.first)
        // vips rotates counter-clockwise for a negative angle: the row leans clockwise in the picture.
        #expect(abs(abs(best.angle) - 8) < 2.5, "\(best.angle)")
    }

    /// Light print on a dark ground (a chalkboard, a navy badge) is proposed as a row of light marks
    /// and read in negative at full resolution: too small for the working copy alone.
    @Test func readsSmallLightPrintOnADarkGround() throws {
        let card = TextCardPainter.Card(
            text: "Student ID 7305918", font: "DejaVu Sans", capHeight: 24, paper: [28, 40, 92], ink: [245, 245, 240],
            angle: -5, blur: 0.7, place: (0.7, 0.3))
        try withPainted([card], name: "dark") { path, boxes, image in
            let card0 = try #require(boxes.first)
            let rows = TextProposals.rows(in: image.luma())
            let onCard = rows.filter { row in
                card0.containsCentre(of: TextReader.scaled(row.box, by: image.scale, within: TextReader.Geometry(image)))
            }
            #expect(onCard.contains { $0.light }, "\(onCard)")
            try expectWord("7305918", in: try TextReader.read(path: path, image: image), on: card0)
        }
    }

    /// A card over a dark scene: the row of print is proposed although its first or last mark may be
    /// the card's edge against the scene (left out of the measure of a plain ground).
    @Test(arguments: [(24.0, "Résultat : 42/50"), (80.0, "Matricule 4417305")])
    func proposesACardOverADarkScene(capHeight: Double, text: String) throws {
        // A dark panel (a blackboard, a shaded wall), then the card on it.
        let panel = TextCardPainter.Card(
            text: "MMMMMMMMMMMMMMMM\nMMMMMMMMMMMMMMMM\nMMMMMMMMMMMMMMMM", font: "DejaVu Sans", capHeight: 120, paper: [35, 30, 28],
            ink: [35, 30, 28],
            angle: 0, blur: 0, place: (0.5, 0.5))
        let card = TextCardPainter.Card(
            text: text, font: "Nimbus Sans", capHeight: capHeight, paper: [250, 250, 248], ink: [20, 20, 25], angle: 4, blur: 0.7,
            place: (0.5, 0.5))
        try withPainted([panel, card], name: "scene-\(Int(capHeight))") { _, boxes, image in
            let rows = TextProposals.rows(in: image.luma())
            #expect(
                rows.contains {
                    !$0.light && $0.marks >= 8
                        && boxes[1].containsCentre(of: TextReader.scaled($0.box, by: image.scale, within: TextReader.Geometry(image)))
                }, "\(rows.prefix(4))")
        }
    }

    /// A navy badge over a dark scene (its ground runs on into the scene) and a grade sheet whose
    /// marks sit far right of its names, both tilted and too small for the working copy: the card is
    /// cut out of the scene and every line is read.
    @Test(arguments: [
        ("Hello, my name is\nStudent ID 7305918", "DejaVu Serif", [28.0, 40, 92], [245.0, 215, 60], ["7305918"]),
        (
            "Lambert    83\nMoreau     71\nDubois     63\nGirard     61", "DejaVu Sans Mono", [250.0, 250, 248], [20.0, 20, 25],
            ["Lambert", "83", "Girard", "61"]
        ),
    ])
    func readsEveryLineOfACardOverADarkScene(text: String, font: String, paper: [Double], ink: [Double], expected: [String]) throws {
        let panel = TextCardPainter.Card(
            text: "MMMMMMMMMMMMMMMM\nMMMMMMMMMMMMMMMM\nMMMMMMMMMMMMMMMM", font: "DejaVu Sans", capHeight: 120, paper: [30, 36, 60],
            ink: [30, 36, 60],
            angle: 0, blur: 0, place: (0.4, 0.5))
        let card = TextCardPainter.Card(
            text: text, font: font, capHeight: 22, paper: paper, ink: ink, angle: -9, blur: 0.7, place: (0.4, 0.5))
        try withPainted([panel, card], name: "badge-\(expected[0])") { path, boxes, image in
            let read = try TextReader.read(path: path, image: image)
            for word in expected { try expectWord(word, in: read, on: boxes[1]) }
        }
    }

    /// A merged region holding a light card and a dark badge at other tilts, in a 12 MP photo: the
    /// badge's address is read as well as the card.
    @Test func readsBothCardsOfAMergedRegion() throws {
        let card = TextCardPainter.Card(
            text: "Room 214", font: "Nimbus Sans", capHeight: 30, paper: [250, 250, 248], ink: [20, 20, 25], angle: 5, blur: 0,
            place: (0.42, 0.5))
        let badge = TextCardPainter.Card(
            text: "7243 Maple Street", font: "DejaVu Serif", capHeight: 24, paper: [28, 40, 92], ink: [245, 245, 240], angle: -12,
            blur: 0.7, place: (0.58, 0.52))
        try withPainted([card, badge], name: "two-cards") { path, boxes, image in
            let read = try TextReader.read(path: path, image: image)
            try expectWord("Room", in: read, on: boxes[0])
            try expectWord("Maple", in: read, on: boxes[1])
        }
    }

    /// A row of 16 hollow letter-like marks along `slope` on a white card (grey 240) over a lighter
    /// grey scene (180), and `trailing` more past the card's right side, on the scene: a row that
    /// runs off its card. With `bracket`, a "[" 36 high ends the row on the card, its foot 12 px
    /// below the baseline (the card's edge taken for a letter).
    func markedRow(slope: Double, trailing: Int = 0, bracket: Bool = false) -> (image: GreyImage, card: Region) {
        let w = 900, h = 400
        var pixels = [UInt8](repeating: 180, count: w * h)
        // The card's right side falls between the 16th mark and the next.
        let card = Region(x: 40, y: 60, width: trailing > 0 ? 474 : 600, height: 280)
        for y in card.y..<card.maxY { for x in card.x..<card.maxX { pixels[y * w + x] = 240 } }
        func top(_ x: Int) -> Int { 200 + Int((slope * Double(x - 70)).rounded()) }
        for k in 0..<(16 + trailing) {
            let x = 70 + k * 28, y = top(x)
            for j in y..<(y + 24) {
                for i in x..<(x + 20) where j < y + 3 || j >= y + 21 || i < x + 3 || i >= x + 17 { pixels[j * w + i] = 20 }
            }
        }
        if bracket {
            let x = 70 + 16 * 28, y = top(x)
            for j in y..<(y + 36) { for i in x..<(x + 7) where i < x + 3 || j < y + 3 || j >= y + 33 { pixels[j * w + i] = 20 } }
        }
        return (GreyImage(width: w, height: h, pixels: pixels), card)
    }

    /// A sheet of names in capitals of 16 px (the least the issue asks for) on a 12 MP photo, as
    /// forms seed 127's gen-028 (17 px, stop 45): in the 2048 px working copy its capitals are 8 px
    /// high and its small letters about 5. Letters from 5 px make its rows; from 6, only capitals
    /// and digits counted, too few for a row.
    @Test func smallLettersOfSmallPrintMakeARow() throws {
        let card = TextCardPainter.Card(
            text: "Bernard    65%\nGirard     64%\nMartin     86%\nMoreau     C+", font: "Nimbus Mono PS Bold", capHeight: 16,
            paper: [62, 62, 66], ink: [240, 236, 205], angle: -4, blur: 0, place: (0.6, 0.6))
        try withPainted([card], name: "small-sheet") { _, boxes, image in
            let card0 = try #require(boxes.first)
            func onCard(_ rows: [TextProposals.Row]) -> [TextProposals.Row] {
                rows.filter { card0.containsCentre(of: TextReader.scaled($0.box, by: image.scale, within: TextReader.Geometry(image))) }
            }
            let grey = image.luma()
            #expect(!onCard(TextProposals.rows(in: grey)).isEmpty)
            #expect(onCard(TextProposals.rows(in: grey, minHeight: 6)).isEmpty)
        }
    }

    /// "Note : 93 %" in small print: two words of three and four marks, too short for a row each,
    /// and set apart by a colon with spaces around it (French writes it so) wider than letters are
    /// spaced (in a proportional font, and wider in a monospace one, where a space is as wide as a
    /// letter). With the colon in the gap they make one row; without it, none.
    @Test(arguments: [true, false], [22, 31])
    func aColonBetweenWordsKeepsTheirRow(colon: Bool, space: Int) {
        let w = 400, h = 200
        var pixels = [UInt8](repeating: 240, count: w * h)
        func box(_ x: Int, _ y: Int, _ width: Int, _ height: Int, ring: Bool) {
            for j in y..<(y + height) {
                for i in x..<(x + width) where !ring || j < y + 2 || j >= y + height - 2 || i < x + 2 || i >= x + width - 2 {
                    pixels[j * w + i] = 20
                }
            }
        }
        var x = 40
        for _ in 0..<4 {
            box(x, 80, 10, 14, ring: true)
            x += 13
        }
        // A gap of 25 px (1.8 letters' heights) or 34 px (2.4, monospace): a colon of two 3 px dots
        // in its middle.
        if colon {
            box(x + space / 2 - 3, 84, 3, 3, ring: false)
            box(x + space / 2 - 3, 90, 3, 3, ring: false)
        }
        x += space
        for _ in 0..<3 {
            box(x, 80, 10, 14, ring: true)
            x += 13
        }
        let rows = TextProposals.rows(in: GreyImage(width: w, height: h, pixels: pixels)).filter { !$0.light }
        #expect(rows.map(\.marks) == (colon ? [7] : []), "\(rows)")
    }

    /// Marks spaced like words (three words of three letters) keep a place among the rows looked at
    /// again before a longer row of marks spaced evenly (the folds of a curtain, a wire grid), which
    /// ranks first by its marks; the rows ranked first keep theirs (a word in a monospace font is
    /// spaced evenly too).
    @Test func rowsSpacedLikeWordsKeepAPlace() throws {
        let w = 900, h = 400
        var pixels = [UInt8](repeating: 240, count: w * h)
        func mark(_ x: Int, _ y: Int) {
            for j in y..<(y + 24) {
                for i in x..<(x + 20) where j < y + 3 || j >= y + 21 || i < x + 3 || i >= x + 17 { pixels[j * w + i] = 20 }
            }
        }
        for k in 0..<16 { mark(60 + k * 28, 80) }  // evenly spaced: gaps of 8
        var x = 60
        for _ in 0..<3 {
            for _ in 0..<3 {
                mark(x, 260)
                x += 26  // letters 6 apart
            }
            x += 18  // words 24 apart
        }
        let rows = TextProposals.rows(in: GreyImage(width: w, height: h, pixels: pixels)).filter { !$0.light }
        #expect(rows.count == 2, "\(rows)")
        let even = try #require(rows.first), words = try #require(rows.last)
        #expect(even.marks == 16 && even.gapVariation < 0.1, "\(even)")
        #expect(words.marks == 9 && words.gapVariation >= OCRTuning.wordGapVariation, "\(words)")
        #expect(TextProposals.lookedAt(rows, count: 1, wordSpaced: 0) == [even])
        #expect(TextProposals.lookedAt(rows, count: 1, wordSpaced: 1) == [words])
        #expect(TextProposals.lookedAt(rows, count: 2, wordSpaced: 1) == [even, words])
        #expect(TextProposals.lookedAt([even, even], count: 2, wordSpaced: 1) == [even, even])
    }

    /// A row's tilt is the median slope between its marks' feet: a mark below the baseline (the
    /// card's edge, a slash, a descender) does not pull it by degrees as a least-squares line did.
    @Test func aRowsTiltIsNotPulledByAMarkBelowItsBaseline() throws {
        let slope = tan(-5 * Double.pi / 180)
        let (image, _) = markedRow(slope: slope, bracket: true)
        let row = try #require(TextProposals.rows(in: image).first)
        #expect(row.marks == 17, "\(row)")
        #expect(abs(row.angle - -5) < 0.2, "\(row.angle)")
        #expect(TextProposals.medianSlope(xs: [0, 1, 2, 3, 4], ys: [0, 1, 2, 3, 40]) == 1)
    }

    /// A row that runs off its card on to the scene is kept, without the marks on the scene: their
    /// ground is not the card's, and counted in, it made the row's ground too busy to be print.
    @Test func aRowRunningOffItsCardKeepsItsMarksOnTheCard() throws {
        let (image, card) = markedRow(slope: 0.05, trailing: 4)
        let row = try #require(TextProposals.rows(in: image).first { !$0.light })
        #expect(row.marks == 16 && row.box.maxX <= card.maxX, "\(row)")
    }
}

/// One thread's answer handed to the test's thread (the semaphore orders the accesses).
private final class LevelsBox: @unchecked Sendable {
    var value: Int?
}
