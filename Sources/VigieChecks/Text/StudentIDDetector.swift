import Foundation
import VigieMedia

/// Student identification numbers in read text: labelled numbers (English and French labels; the
/// label and its number may be parted by rules or a card's edges, read "|", "||", "~", "," or a
/// bracket, or by a mark read unsurely: `TextDocument.isUnsureMark`; "de l'élève" with its l read as
/// a 1 or an I; "d'élève" alone, the word before it misread: "Womero d'élève"), Quebec permanent
/// codes with a plausible birth date, and district patterns.
public enum StudentIDDetector {
    /// A pupil or student, in French (and "student" after a French label: "ID étudiant").
    static let pupil = #"(?:[ée]l[èée]ve|[ée]tudiant|student)"#
    /// "ID" whose I OCR read as another upright stroke ("\D#", "|D#", "1D#", "lD#", "/D#": a bold or
    /// slanted I), only before "#" or "no" (a "1D" alone may be anything), or after "student"
    /// (`label`: "Student 1D: 7448870").
    static let misreadID = #"(?<![\p{L}\d.\\|/])[\\|/1l]d\s*(?:#|no\.?|n[o°º])"#
    /// "d'" or "de l'" before the pupil ("No d'élève", "Fiche de l'élève"), the l read as a 1, an I
    /// or a bar at times.
    static let ofThe = #"(?:d[’'`]\s*|de\s+[l1I|][’'`]\s*)"#
    /// The labels of a student number.
    static let label =
        #"(?:(?:student|pupil|learner)\s*(?:[i1l|\\]\.?d\b\.?|no\.?|number|n[o°º]|#)|(?<![\p{L}.])i\.?d\b\.?\s*(?:#|no\.?|n[o°º]|number)?|"#
        + misreadID + #"|\bn[o°º]\.?\s*"# + ofThe + "?" + pupil + #"|n?um[ée]ro\s*"# + ofThe + "?" + pupil
        + #"|(?:code|identifiant)\s+"# + pupil + #"|(?<![\p{L}])"# + ofThe + pupil
        + #"(?![\p{L}])|m?atricule|\bfiche\b|code\s+permanent|permanent\s+code)(?:\s+(?:"# + ofThe + #"|de\s+)?"# + pupil + #")?"#
    /// A number of four digits or more (some read as letters), up to three letters before it.
    static let idNumber = #"([A-Z]{0,3}[\-]?[0-9OIlSB][0-9OIlSB \-]{3,16}[0-9OIlSB])"#
    static let labelled = TextPatterns.regex(
        label + #"(?:\s*[:#.,;~_\-–—|'‘’"«»\[\](){}])*\s*(?:n[o°º]\.?\s*)?[:#]?\s*"# + idNumber)
    /// A line that is a label alone, a table's column heading ("Élève  Matricule" over rows of names
    /// and numbers): not "ID" alone, which heads many tables.
    static let heading = TextPatterns.regex(#"^\s*(?!i\.?d\.?\s*:?\s*$)"# + label + #"\s*[:#.]?\s*$"#)
    static let number = TextPatterns.regex(#"^"# + idNumber + #"$"#)

    /// Numbers in a table's column under its student-number heading: a line, or a part of one between
    /// bars, that is the label alone (`heading`), and under it, within three of its heights, a word
    /// that is a student number (`isStudentNumber`) across the heading's width (scene set 2: "Élève |
    /// Matricule" and "Nom | Student ID" over names and numbers).
    static func columns(in document: TextDocument) -> [TextMatch] {
        var out: [TextMatch] = []
        // A table's cells parted by its rules (read as bars) may be read as one line, and a tilted
        // table's heading on to the line before it ("Hugo Fontaine | Matricule"): each part of a
        // line between words of no letter or digit is a heading of its own.
        let cells = document.lines.flatMap { line in
            line.words.split { $0.alphanumericCount == 0 }.map { TextDocument.Passage(words: Array($0)) }
        }
        for line in cells where !TextPatterns.matches(heading, line).isEmpty {
            guard let head = line.words.box else { continue }
            let h = Swift.max(1, line.words.map(\.box.height).min() ?? 1)
            let under = document.words.filter { w in w.isUnder(heading: head, height: h) && isStudentNumber(w.text) }
            guard let first = under.min(by: { $0.box.y < $1.box.y }) else { continue }
            out.append(TextMatch(key: "text.student-id.labelled", evidence: line.text + " " + first.text, box: head.union(first.box)))
        }
        return out
    }

    /// A word that is a student number alone (`number`, `hasStudentNumberDigits`).
    static func isStudentNumber(_ text: String) -> Bool {
        let range = NSRange(location: 0, length: text.utf16.count)
        return number.firstMatch(in: text, range: range) != nil && hasStudentNumberDigits(text)
    }

    /// Five or more digits once OCR's confusions are undone, at least four of them read as digits.
    static func hasStudentNumberDigits(_ id: String) -> Bool {
        id.filter(\.isNumber).count >= 4 && TextPatterns.digits(id).count >= 5
    }

    // Case-sensitive: permanent codes are printed in capitals.
    static let permanentCode: NSRegularExpression = {
        guard
            let r = try? NSRegularExpression(
                pattern: #"(?<![A-Za-z0-9])([A-Z]{4})\s?([0-9OIlS]{2})\s?([0-9OIlS]{2})\s?([0-9OIlS]{2})\s?([0-9OIlS]{2})(?![A-Za-z0-9])"#)
        else {
            preconditionFailure("invalid built-in pattern")
        }
        return r
    }()

    /// A permanent code under its label, where OCR may have dropped or merged a digit group or
    /// parted the code anywhere ("BGNG1 7571491", "C LA011030896"), read a letter O as a zero and a
    /// J as a brace or bracket ("CLO} 2811 1865"): four letters (three at least true capitals), then
    /// the day and month (checked), then at least two more digits.
    static let labelledPermanentCode = TextPatterns.regex(
        #"(?:code\s+permanent|permanent\s+code)\s*[:#.\-]?\s*([A-Z0](?:\s?[A-Z0}\]]){3})\s?([0-9OIlS]\s?[0-9OIlS])\s?([0-9OIlS]\s?[0-9OIlS])((?:\s?[0-9OIlS]){2,4})(?![A-Za-z0-9])"#
    )

    public static func matches(in document: TextDocument, patterns: [StudentIDPattern] = []) -> [TextMatch] {
        let passages = document.passages + TextDocument.withoutUnsureMarks(document.passages)
        var out = TextPatterns.find(document, [labelled], key: "text.student-id.labelled", passages: passages) { m, passage in
            hasStudentNumberDigits(passage.string(m.range(at: 1))) ? m.range : nil
        }
        out += columns(in: document)
        out += TextPatterns.find(document, [permanentCode], key: "text.student-id.permanent-code", passages: document.lines) { m, passage in
            let parts = (2...5).map { TextPatterns.digits(passage.string(m.range(at: $0))) }
            guard parts.allSatisfy({ $0.count == 2 }) else { return nil }
            return plausiblePermanentCodeDate(day: parts[0], month: parts[1], year: parts[2]) ? m.range : nil
        }
        out += TextPatterns.find(document, [labelledPermanentCode], key: "text.student-id.permanent-code", passages: passages) {
            m, passage in
            guard passage.string(m.range(at: 1)).filter({ $0.isLetter }).count >= 3 else { return nil }
            let day = TextPatterns.digits(passage.string(m.range(at: 2))), month = TextPatterns.digits(passage.string(m.range(at: 3)))
            let rest = TextPatterns.digits(passage.string(m.range(at: 4)))
            guard day.count == 2, month.count == 2, rest.count >= 2 else { return nil }
            // The year may be the group that was lost: any year, leap years included.
            let year = rest.count >= 4 ? String(rest.prefix(2)) : "00"
            return plausiblePermanentCodeDate(day: day, month: month, year: year) ? m.range : nil
        }
        for pattern in patterns {
            guard let regex = try? pattern.compiled() else { continue }
            let labels = pattern.labels.map { $0.lowercased() }
            out += TextPatterns.find(document, [regex], key: "text.student-id.district") { m, passage in
                guard !labels.isEmpty else { return m.range }
                let before = (passage.text as NSString).substring(to: m.range.location).lowercased()
                return labels.contains(where: { before.contains($0) }) ? m.range : nil
            }
        }
        return TextPatterns.unique(out)
    }

    /// DDMMYY of a permanent code: a real day of a month, the month with 50 added for girls.
    static func plausiblePermanentCodeDate(day: String, month: String, year: String) -> Bool {
        guard let d = Int(day), var m = Int(month), let y = Int(year) else { return false }
        if m > 50 { m -= 50 }
        guard (1...12).contains(m), d >= 1 else { return false }
        let days = [31, y % 4 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }
}
