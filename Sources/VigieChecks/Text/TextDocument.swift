import Foundation
import VigieMedia
import VigieVision

/// Text read in a picture, arranged for the text detectors: lines of words with their boxes, and
/// passages (a line, or a line with the one beneath it) to match patterns on.
public struct TextDocument: Sendable {
    /// A run of words searched as one string; each word keeps its place in the string.
    public struct Passage: Sendable {
        public let text: String
        public let words: [RecognizedWord]
        /// UTF-16 range of each word in `text` (NSRegularExpression works in UTF-16).
        let ranges: [NSRange]

        init(words: [RecognizedWord]) {
            var text = ""
            var ranges: [NSRange] = []
            for (i, word) in words.enumerated() {
                if i > 0 { text += " " }
                let start = text.utf16.count
                text += word.text
                ranges.append(NSRange(location: start, length: text.utf16.count - start))
            }
            self.text = text
            self.words = words
            self.ranges = ranges
        }

        /// Where the words a match touches are in `words`.
        func indices(in range: NSRange) -> [Int] {
            ranges.indices.filter { NSIntersectionRange(ranges[$0], range).length > 0 }
        }

        /// The words a match touches.
        public func words(in range: NSRange) -> [RecognizedWord] { indices(in: range).map { words[$0] } }

        /// The box of the words a match touches.
        public func box(of range: NSRange) -> Region? {
            words(in: range).box
        }

        public func string(_ range: NSRange) -> String { (text as NSString).substring(with: range) }
    }

    /// Lines in reading order, words sorted left to right.
    public let lines: [Passage]
    /// Each line followed by the line beneath it when there is one (labels above values, on cards).
    public let pairs: [Passage]
    public let words: [RecognizedWord]

    public init(_ text: RecognizedText) {
        let words = text.words
        var byLine: [Int: [RecognizedWord]] = [:]
        for w in words { byLine[w.line, default: []].append(w) }
        // Words in the order they were read: each line is read alone, and a slanted line's word may be
        // boxed over its neighbours' ("diffuser" from the line's start in "Ne pas diffuser", "Fiche"
        // on to "l'élève" in "Fiche de l'élève"), so no order of boxes is the line's.
        let read = byLine.keys.sorted().compactMap { byLine[$0] }.filter { !$0.isEmpty }
        let lineWords = Self.joinTiltedLines(read)
        self.words = words
        self.lines = lineWords.map(Passage.init(words:))
        var pairs: [Passage] = []
        for (i, line) in lineWords.enumerated() {
            if let j = Self.lineBelow(i, lineWords) { pairs.append(Passage(words: line + lineWords[j])) }
        }
        // A line joined to another may have a line beneath it other than the one its first part
        // had (a menu's "Assignments" run on to "Student ID" beside it, then "Library" beneath the
        // menu taken for what is beneath): the lines as read are paired too, where joining changed them.
        if read.count != lineWords.count {
            let kept = Set(lineWords.map { $0.map(\.box) })
            for (i, line) in read.enumerated() where !kept.contains(line.map(\.box)) {
                if let j = Self.lineBelow(i, read) { pairs.append(Passage(words: line + read[j])) }
            }
        }
        self.pairs = pairs
    }

    /// A document from plain text, one line per line, with made-up boxes (20 px high words, 10 px a
    /// character, 30 px between lines): detectors can be tested on strings.
    public init(plain: String) {
        var words: [RecognizedWord] = []
        for (lineIndex, line) in plain.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var x = 0
            for token in line.split(separator: " ") {
                words.append(
                    RecognizedWord(
                        text: String(token), confidence: 90, box: Region(x: x, y: lineIndex * 30, width: token.count * 10, height: 20),
                        line: lineIndex))
                x += (token.count + 1) * 10
            }
        }
        self.init(RecognizedText(words: words))
    }

    /// OCR splits a tilted line where its baseline steps: a line that starts just right of where
    /// another ends, at about the same height (or where the line's tilt brings it), its print about
    /// as high, continues it. And two regions read again may each
    /// hold part of one line of large print: a line that starts inside another, at its height, and
    /// runs on past its end is the rest of it. Where the two readings overlap, each word is read
    /// twice: the reading with more letters and digits is kept (one region cut "naissance" to
    /// "aissance", the other cut the date after it).
    static func joinTiltedLines(_ lines: [[RecognizedWord]]) -> [[RecognizedWord]] {
        var lines = lines
        var joined = true
        while joined {
            joined = false
            search: for i in lines.indices {
                // A line's last word a speck (one letter or mark read with little confidence: a
                // sign's edge in the scene) does not say where it ends.
                guard let start = lines[i].first, let last = lines[i].last(where: { !isSpeck($0) }) ?? lines[i].last else { continue }
                let h = Swift.max(1, last.box.height)
                // Along the direction the detector found the line in, the next line's start is
                // higher or lower by the tilt, and each word's box is higher than its print.
                let slope = (last.lineAngle == nil ? start : last).lineSlope ?? 0
                let lastPrint = last.printHeight(slope: slope)
                func ratio(_ a: Double, _ b: Double) -> Double { Swift.max(a, b) / Swift.max(1, Swift.min(a, b)) }
                for j in lines.indices where j != i {
                    guard let first = lines[j].first, let end = lines[j].last else { continue }
                    let gap = first.box.x - last.box.maxX
                    let dy = Double((first.box.y + first.box.height / 2) - (last.box.y + last.box.height / 2))
                    let run = Double((first.box.x + first.box.width / 2) - (last.box.x + last.box.width / 2))
                    let off = Swift.min(abs(dy), abs(dy - slope * run))
                    let heights = Swift.min(ratio(Double(h), Double(first.box.height)), ratio(lastPrint, first.printHeight(slope: slope)))
                    guard gap <= 2 * h, off <= Double(h) * 3 / 4, heights < 1.8 else { continue }
                    if gap >= -h / 2 {
                        lines[i] += lines[j]
                    } else if first.box.x > start.box.x, end.box.maxX > last.box.maxX + h, let line = stitched(lines[i], lines[j]) {
                        lines[i] = line
                    } else {
                        continue
                    }
                    lines.remove(at: j)
                    joined = true
                    break search
                }
            }
        }
        return lines
    }

    /// A mark with no letter or digit ("|", "_"), or one letter or digit read with under 50
    /// confidence.
    static func isSpeck(_ word: RecognizedWord) -> Bool {
        word.alphanumericCount == 0 || (word.alphanumericCount == 1 && word.confidence < 50)
    }

    /// Two readings of one line, `second` starting inside `first`: the words of both, but where a
    /// word of one overlaps words of the other along the line (by half the narrower), only the
    /// reading with more letters and digits (the more confident on a tie), in order along the line.
    /// Nil when overlapping words are not readings of the same word ("aissance" is one of
    /// "naissance", "17/09/2" one of "17/09/2018"): two lines of a tilted card, one below the other.
    /// Short words (three letters or digits at most) may be read two ways ("NO." and "10.") where
    /// the readings agree on a word of three or more: the more confident reading is kept.
    static func stitched(_ first: [RecognizedWord], _ second: [RecognizedWord]) -> [RecognizedWord]? {
        func overlap(_ a: RecognizedWord, _ b: RecognizedWord) -> Bool {
            let common = Swift.min(a.box.maxX, b.box.maxX) - Swift.max(a.box.x, b.box.x)
            return 2 * common > Swift.min(a.box.width, b.box.width)
        }
        func sameWord(_ a: RecognizedWord, _ b: RecognizedWord) -> Bool {
            let x = a.text.lowercased().filter { $0.isLetter || $0.isNumber }
            let y = b.text.lowercased().filter { $0.isLetter || $0.isNumber }
            let (short, long) = x.count <= y.count ? (x, y) : (y, x)
            // One holds the other (a reading cut by its region's side), or they differ by a letter in three.
            guard !short.isEmpty, !long.contains(short) else { return true }
            return StudentNameDetector.editDistance(Array(x), Array(y), limit: short.count / 3) <= short.count / 3
        }
        var out = first
        var anchored = false, disagreements = 0
        for word in second {
            let twins = out.indices.filter { overlap(out[$0], word) }
            for k in twins {
                if sameWord(out[k], word) {
                    if Swift.min(out[k].alphanumericCount, word.alphanumericCount) >= 3 { anchored = true }
                } else if out[k].alphanumericCount <= 3 && word.alphanumericCount <= 3 {
                    disagreements += 1
                } else {
                    return nil
                }
            }
            let theirs = twins.map { out[$0].alphanumericCount }.reduce(0, +)
            let confidence = twins.map { out[$0].confidence }.min() ?? 0
            guard twins.isEmpty || word.alphanumericCount > theirs || (word.alphanumericCount == theirs && word.confidence > confidence)
            else { continue }
            for k in twins.reversed() { out.remove(at: k) }
            out.append(word)
        }
        guard disagreements == 0 || anchored else { return nil }
        return out.sorted { $0.box.x < $1.box.x }
    }

    /// Index of the line right beneath line `i`: starts below it within two line heights and overlaps
    /// it horizontally. On a tilted card the boxes of two lines overlap (each box is as high as the
    /// tilt makes it): there a line is beneath when its words' middle lies below line `i` run on
    /// along its tilt (the angle the text detector found it at; without one, its words' middles), by
    /// half to three times its lowest word (each word's height less what the tilt adds to its box).
    static func lineBelow(_ i: Int, _ lines: [[RecognizedWord]]) -> Int? {
        func centre(_ w: RecognizedWord) -> (x: Double, y: Double) {
            (Double(w.box.x) + Double(w.box.width) / 2, Double(w.box.y) + Double(w.box.height) / 2)
        }
        guard let a = lines[i].box else { return nil }
        let h = Swift.max(1, lines[i].map(\.box.height).max() ?? 1)
        let ends = (centre(lines[i][0]), centre(lines[i][lines[i].count - 1]))
        // Along the direction the detector found the line in; without one, along its words (their
        // boxes are as high as the tilt makes them, so two words' middles may lie level on a tilted
        // line: "Student ID" at 5 degrees, its value's line then taken for the same line).
        let along = ends.1.x - ends.0.x > 1 ? (ends.1.y - ends.0.y) / (ends.1.x - ends.0.x) : 0
        let slope = lines[i][0].lineSlope ?? along
        let low = Swift.max(1, lines[i].map { $0.printHeight(slope: slope) }.min() ?? 1)
        var best: (Int, Double)?
        for j in lines.indices where j != i {
            guard let b = lines[j].box, b.x < a.maxX, a.x < b.maxX else { continue }
            let gap = b.y - a.maxY
            var distance: Double
            if b.y > a.y + h / 2, gap < 2 * h {
                distance = Double(gap)
            } else {
                let middles = lines[j].map(centre)
                let x = middles.map(\.x).reduce(0, +) / Double(middles.count)
                let y = middles.map(\.y).reduce(0, +) / Double(middles.count)
                let below = y - (ends.0.y + slope * (x - ends.0.x))
                guard abs(slope) > 0.05, below > low / 2, below < 3 * low else { continue }
                distance = below - low
            }
            if best.map({ distance < $0.1 }) ?? true { best = (j, distance) }
        }
        return best?.0
    }

    /// Every passage: lines first, then pairs.
    public var passages: [Passage] { lines + pairs }

    /// The passages that hold an unsure mark (`isUnsureMark`), again without it: a label's colon
    /// read as letters parts the label from its value ("No d'éléve oe 6216545", the colon of large
    /// bold print read "oe" at 27).
    static func withoutUnsureMarks(_ passages: [Passage]) -> [Passage] {
        passages.compactMap { passage in
            let kept = passage.words.filter { !isUnsureMark($0) }
            return kept.count < passage.words.count && !kept.isEmpty ? Passage(words: kept) : nil
        }
    }

    /// One or two letters or marks, no digit, read with under 50 confidence.
    static func isUnsureMark(_ word: RecognizedWord) -> Bool {
        word.confidence < 50 && word.alphanumericCount <= 2 && !word.text.contains(where: \.isNumber)
    }
}

/// One thing a text detector found: what kind (a catalogue key), the words (masked in messages), and
/// where, in displayed pixels.
public struct TextMatch: Sendable, Equatable {
    public let key: String
    public let evidence: String
    public let box: Region

    public init(key: String, evidence: String, box: Region) {
        self.key = key
        self.evidence = evidence
        self.box = box
    }
}

/// How read text is shown in messages.
public enum Evidence {
    /// `485920` → `48••••`: the first two characters, then a dot for each further character that is
    /// not a space (at most eight), so a report never carries what was read.
    public static func mask(_ text: String) -> String {
        let compact = text.filter { !$0.isWhitespace }
        let head = String(compact.prefix(2))
        return head + String(repeating: "•", count: Swift.min(8, Swift.max(1, compact.count - 2)))
    }

    public static func show(_ text: String, reveal: Bool) -> String { reveal ? text : mask(text) }
}

/// Helpers shared by the text detectors.
enum TextPatterns {
    static func regex(_ pattern: String) -> NSRegularExpression {
        // Patterns are literals of this module, tested: a bad one is a programming error.
        guard let r = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else {
            preconditionFailure("invalid built-in pattern: \(pattern)")
        }
        return r
    }

    static func matches(_ regex: NSRegularExpression, _ passage: TextDocument.Passage) -> [NSTextCheckingResult] {
        regex.matches(in: passage.text, range: NSRange(location: 0, length: passage.text.utf16.count))
    }

    /// Case and accents folded away ("Élève" and "eleve" compare equal), as OCR and people often
    /// drop accents and capitals.
    static func folded(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Digits of a token read by OCR, with the usual confusions in numbers undone (O→0, l/I/|→1, S→5, B→8).
    static func digits(_ s: String) -> String {
        String(
            s.compactMap { c -> Character? in
                switch c {
                case "0"..."9": c
                case "O", "o", "D": "0"
                case "l", "I", "|", "i": "1"
                case "S", "s": "5"
                case "B": "8"
                case "Z", "z": "2"
                default: nil
                }
            })
    }

    /// Luhn checksum over a string of digits.
    static func luhn(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == digits.count, values.count >= 2 else { return false }
        var sum = 0
        for (i, d) in values.reversed().enumerated() {
            if i % 2 == 1 {
                let x = d * 2
                sum += x > 9 ? x - 9 : x
            } else {
                sum += d
            }
        }
        return sum % 10 == 0
    }

    /// Keeps one match per box and key: the same words found through a line and through a pair.
    static func unique(_ matches: [TextMatch]) -> [TextMatch] {
        var out: [TextMatch] = []
        for m in matches
        where !out.contains(where: {
            $0.key == m.key && ($0.box == m.box || $0.box.containsCentre(of: m.box) || m.box.containsCentre(of: $0.box))
        }) {
            out.append(m)
        }
        return out
    }

    /// Runs `regex` on each line with its spaces left out: OCR splits a word of a tilted, spaced-out
    /// or italic line in two ("d'inter vention", "Report Ca rd"). For phrases long enough not to be
    /// met by chance across words; the evidence is the words the match touches.
    static func findSqueezed(_ document: TextDocument, _ regex: NSRegularExpression, key: String) -> [TextMatch] {
        var out: [TextMatch] = []
        for line in document.lines {
            // The line without its spaces, and the word each UTF-16 unit of it comes from.
            var squeezed = "", owner: [Int] = []
            for (i, word) in line.words.enumerated() {
                // A word of upright strokes alone is an edge or a mark OCR could not read ("Report |
                // Card" on a spaced-out line), not a letter of the phrase.
                guard !word.text.allSatisfy({ $0 == "|" }) else { continue }
                let text = word.text.filter { !$0.isWhitespace }
                squeezed += text
                owner += Array(repeating: i, count: text.utf16.count)
            }
            for m in regex.matches(in: squeezed, range: NSRange(location: 0, length: squeezed.utf16.count)) {
                let touched = Set(owner[m.range.location..<(m.range.location + m.range.length)]).sorted().map { line.words[$0] }
                guard let box = touched.box else { continue }
                out.append(TextMatch(key: key, evidence: touched.map(\.text).joined(separator: " "), box: box))
            }
        }
        return out
    }

    /// Runs `regexes` on every passage and keeps matches that `accept` validates (given the match),
    /// returning the evidence (the matched text) and its box.
    static func find(
        _ document: TextDocument, _ regexes: [NSRegularExpression], key: String, passages: [TextDocument.Passage]? = nil,
        accept: (NSTextCheckingResult, TextDocument.Passage) -> NSRange? = { m, _ in m.range }
    ) -> [TextMatch] {
        var out: [TextMatch] = []
        for passage in passages ?? document.passages {
            for regex in regexes {
                for m in matches(regex, passage) {
                    guard let range = accept(m, passage), let box = passage.box(of: range) else { continue }
                    out.append(TextMatch(key: key, evidence: passage.string(range), box: box))
                }
            }
        }
        return unique(out)
    }
}

extension RecognizedWord {
    /// The slope (dy/dx) of the direction the text detector found the word's line in; nil without
    /// one, or past 45 degrees.
    var lineSlope: Double? { lineAngle.flatMap { abs($0) < 45 ? tan($0 * .pi / 180) : nil } }

    /// The height of the word's print on a line of `slope`: a tilted word's box is higher than its
    /// print by its width times the tilt; no less than a third of the box.
    func printHeight(slope: Double) -> Double {
        Swift.max(Double(box.height) / 3, Double(box.height) - abs(slope) * Double(box.width))
    }

    /// Whether the word stands in the column under a table's `heading` (a box, with the height of
    /// its print): across the heading's width, its top at least half a height below the heading's
    /// top and no more than three heights below its bottom.
    func isUnder(heading: Region, height: Int) -> Bool {
        box.x < heading.maxX && box.maxX > heading.x && box.y >= heading.y + height / 2 && box.y <= heading.maxY + 3 * height
    }
}

extension Collection<RecognizedWord> {
    /// The box around the words; nil when there are none.
    var box: Region? {
        guard let first else { return nil }
        return dropFirst().reduce(first.box) { $0.union($1.box) }
    }
}

extension Region {
    /// The same rectangle as an OCR box (both are in displayed image pixels).
    public init(_ box: Region) { self.init(x: box.x, y: box.y, width: box.width, height: box.height) }
}

extension Check {
    /// The findings of a text rule: what `detect` finds in the read text, at its place, with the
    /// evidence masked unless the settings reveal it. None when OCR did not run.
    func textFindings(in asset: Asset, _ detect: (TextDocument) -> [TextMatch]) -> [Finding] {
        guard let text = asset.text else { return [] }
        return detect(TextDocument(text)).map { match in
            finding(match.key, [Evidence.show(match.evidence, reveal: asset.textSettings.revealText)], region: Region(match.box))
        }
    }
}
