import Foundation
import VigieMedia
import VigieVision

/// Names from the roster read in the picture, tolerant of OCR errors: every part of a name (in
/// either order) on consecutive words, each within a small edit distance (a part may be read as two
/// words). Marks OCR makes of a card's edge or a speck between two words ("|", a lone letter it is
/// not sure of) do not part them.
public enum StudentNameDetector {
    public static func matches(in document: TextDocument, roster: [String]) -> [TextMatch] {
        let names = roster.map { name in
            name.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map { fold(String($0)) }.filter { !$0.isEmpty }
        }
        .filter { !$0.isEmpty }
        var out: [TextMatch] = []
        for passage in document.passages {
            let read = passage.words.map { (word: $0, token: fold($0.text)) }.filter { !isSpeck($0.token, $0.word) }
            let tokens = read.map(\.token)
            for parts in names {
                let orders = parts.count > 1 ? [parts, Array(parts.reversed())] : [parts]
                guard parts.count > 1 || (parts.first?.count ?? 0) >= 4 else { continue }
                for order in orders where tokens.count >= order.count {
                    for start in 0...(tokens.count - order.count) {
                        guard let end = matchedEnd(order, in: tokens, from: start) else { continue }
                        let words = read[start..<end].map(\.word)
                        guard let box = words.box else { continue }
                        out.append(TextMatch(key: "text.student-name.roster", evidence: words.map(\.text).joined(separator: " "), box: box))
                    }
                }
            }
        }
        return TextPatterns.unique(out)
    }

    /// Where the name's `parts` end when they are read from `start` on, each part one word or words
    /// OCR parted within it (`split`: "Trem blay", a wide gap between two letters of a name in
    /// Carlito, liberation seed 47's gen-058; a lone letter beside a name is not part of it); nil
    /// when they are not.
    static func matchedEnd(_ parts: [String], in tokens: [String], from start: Int) -> Int? {
        var i = start
        var witnessed = false, shortOff = false
        for part in parts {
            if i < tokens.count, let distance = distance(tokens[i], part) {
                witnessed =
                    witnessed || (distance == 0 && part.count >= shortPartWitness) || (distance <= 1 && part.count >= longPartWitness)
                i += 1
            } else if let pieces = split(part, in: tokens, at: i) {
                i += pieces
            } else if i < tokens.count, part.count <= 3, !shortOff, oneLetterOff(tokens[i], part) {
                shortOff = true
                i += 1
            } else {
                return nil
            }
        }
        // A short part one letter off ("ZOÉ" read "LOE") only beside another read letter for letter,
        // or a long one read within a letter.
        return !shortOff || witnessed ? i : nil
    }

    /// How many words, two or three of two letters or more, a name's `part` was read as from token `i`
    /// on ("Trem blay"; "Leb la nc" on a line turned 13 degrees, a part of six letters or more), the
    /// closer reading when both are close ("Leb la" is within two letters of "Leblanc"); nil when
    /// neither is. Three pieces may hold lone letters when they spell the part exactly around a
    /// piece of three letters or more (italic serif print parted at its joins: "M urph y",
    /// independent set 52, DejaVu Serif Italic turned 9 degrees).
    static func split(_ part: String, in tokens: [String], at i: Int) -> Int? {
        var best: (pieces: Int, distance: Int)?
        for pieces in 2...(part.count >= 6 ? 3 : 2) where i + pieces <= tokens.count {
            let read = tokens[i..<(i + pieces)], joined = read.joined()
            let whole = read.allSatisfy { $0.count >= 2 }
            let spelt = pieces == 3 && read.contains { $0.count >= 3 } && joined == part
            guard whole || spelt, let d = distance(joined, part) else { continue }
            if d < best?.distance ?? .max { best = (pieces, d) }
        }
        return best?.pieces
    }

    /// A part of a name read exactly, at least this long, vouches for a short part one letter off;
    /// so does a part of `longPartWitness` letters or more read one letter off ("Bergeron-Lavo/e").
    static let shortPartWitness = 5
    static let longPartWitness = 10

    /// Same length, one letter different.
    static func oneLetterOff(_ read: String, _ part: String) -> Bool {
        read.count == part.count && zip(read, part).filter { $0 != $1 }.count == 1
    }

    /// A word with no letter, or a single letter read with little confidence.
    static func isSpeck(_ token: String, _ word: RecognizedWord) -> Bool {
        token.isEmpty || (token.count == 1 && word.confidence < 50)
    }

    /// Lower case, no accents, letters only.
    static func fold(_ s: String) -> String {
        TextPatterns.folded(s).filter(\.isLetter)
    }

    /// Within the OCR tolerance: exact for short names, one edit up to 6 letters, two beyond.
    static func close(_ read: String, _ name: String) -> Bool { distance(read, name) != nil }

    /// The edit distance from a name to what was read, when within the OCR tolerance; nil beyond.
    static func distance(_ read: String, _ name: String) -> Int? {
        guard !read.isEmpty else { return nil }
        let tolerance = name.count <= 3 ? 0 : name.count <= 6 ? 1 : 2
        guard abs(read.count - name.count) <= tolerance else { return nil }
        let d = editDistance(Array(read), Array(name), limit: tolerance)
        return d <= tolerance ? d : nil
    }

    /// Levenshtein distance, stopping early past `limit`.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        var previous = Array(0...b.count)
        for i in 1...Swift.max(1, a.count) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...Swift.max(1, b.count) where !b.isEmpty {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            if current.min() ?? 0 > limit { return limit + 1 }
            previous = current
        }
        return previous[b.count]
    }
}
