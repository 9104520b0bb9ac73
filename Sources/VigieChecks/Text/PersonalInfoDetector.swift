import Foundation
import VigieMedia
import VigieVision

/// Personal information in read text: phone numbers (North American and French), e-mail addresses,
/// street addresses (English and French forms, Canadian postal codes), dates of birth next to birth
/// words, card numbers passing Luhn, Canadian SINs passing Luhn, US SSNs.
public enum PersonalInfoDetector {
    static let phoneNA = TextPatterns.regex(
        #"(?<![\d])(?:\+?1[\s.\-]?)?(?:\(\s*[2-9]\d{2}\s*\)|[2-9]\d{2})[\s.\-]?[2-9]\d{2}[\s.\-]\d{4}(?![\d])"#)
    /// A French number's groups apart by spaces, dots or dashes, or by a speck OCR read as a degree
    /// sign or a middle dot ("09°03 72°19 95").
    static let phoneFR = TextPatterns.regex(#"(?<![\d])(?:\+33\s?(?:\(0\))?\s?[1-9]|0[1-9])(?:[\s.\-°·]\d{2}){4}(?![\d])"#)
    /// A French number whose two-digit groups OCR joined in part ("03 70 819417" on a tilted card):
    /// ten digits from 0 and a digit not 0, spaces, dots or dashes only between two-digit groups, at
    /// least two of them (a bare ten-digit number may be anything).
    static let phoneFRJoined = TextPatterns.regex(#"(?<![\d])0[1-9](?:[\s.\-]?\d{2}){4}(?![\d])"#)
    /// An international number: `+` or `00`, a country code, then groups of digits (9 to 15 in all
    /// after the `+` or `00`).
    static let phoneInternational = TextPatterns.regex(
        #"(?<![\d+])(?:\+|00)[1-9]\d{0,2}(?:\s?\(0\))?(?:[\s.\-]?\d{1,4}){2,6}(?![\d])"#)
    /// A phone number after its label, its ten digits grouped in any way or not at all ("Tél :
    /// 0612345678", "Phone: 514 5550187"; OCR joins groups on a tilted card: "06 60 103239"); one
    /// zero may be read as a letter O ("Portable 09 70 58 O1 62").
    static let phoneLabelled = TextPatterns.regex(
        #"(?<![\p{L}])(?:t[ée]l[ée]?(?:phone)?|phone|cell(?:ulaire)?|mobile|portable|fax)\.?\s*[:#.]?\s*(\d(?:[\s.\-]?[\dO]){9})(?![\d])"#)
    /// OCR parts a tilted address after a dot at times ("lucas.bernard@gmail. com"), or loses the
    /// dot ("landry@orange fr"): a space is taken there before a common ending.
    static let email = TextPatterns.regex(
        #"[A-Z0-9._%+\-]+\s?[@©]\s?[A-Z0-9\-]+(?:\.[A-Z0-9\-]+)*(?:\.[A-Z]{2,}|\.?\s(?:com|ca|fr|org|net|edu|qc\.ca|be|ch)\b)"#)
    /// An address at a common mail provider, read with the line's spaces left out
    /// (`TextPatterns.findSqueezed`): OCR parts a tilted or monospaced address anywhere
    /// ("raphael.dion@out look. fr"), or loses its ending ("hugo35@ yahoo": not for providers named
    /// by common words, "Snacks @ free!").
    static let squeezedEmail = TextPatterns.regex(
        #"[a-z0-9._%+\-]{2,}[@©](?:(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|videotron|sympatico|laposte|wanadoo|proton(?:mail)?|gmx)(?:\.[a-z]{2,}|(?![a-z]))|(?:live|msn|bell|orange|free|sfr|aol)\.[a-z]{2,})"#
    )
    /// Between an address's number and its street, a mark OCR made of a comma or a speck ("7337, ¢
    /// chemin du Lac", independent set 56, URW Gothic turned 14 degrees).
    static let markAfterNumber = #"(?:\s+[^\p{L}\d\s]{1,2})?"#
    static let streetEN = TextPatterns.regex(
        #"(?<![\d])\d{1,5}[A-Z]?,?"# + markAfterNumber
            + #"\s+((?:[\p{L}][\p{L}'’\-]*\.?\s+){1,3})(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|way|crescent|cres|place|pl|terrace|terr?|highway|hwy|parkway|pkwy|circle|cir|square|sq|trail|trl|close|row|plaza|alley)(?![\p{L}])\.?"#
    )
    static let streetFR = TextPatterns.regex(
        #"(?<![\d])\d{1,5}(?:\s?(?:bis|ter))?,?"# + markAfterNumber
            + #"\s+(?:rue|avenue|av\.?|boulevard|boul\.|bd|chemin|ch\.|route|rang|place|all[ée]e|impasse|mont[ée]e|c[ôo]te|quai|cours|promenade|croissant|terrasse)\s+(?:(?:de|du|des|la|le|l[’']|d[’'])\s*){0,2}[\p{L}][\p{L}'’\-]+"#
    )
    static let postalCodeCA: NSRegularExpression = {
        guard
            let r = try? NSRegularExpression(
                pattern: #"(?<![A-Za-z0-9])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d(?![A-Za-z0-9])"#)
        else {
            preconditionFailure("invalid built-in pattern")
        }
        return r
    }()
    /// A United States state and ZIP code after a town: "Springfield, IL 62704".
    static let zipUS: NSRegularExpression = {
        let states =
            "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
        guard let r = try? NSRegularExpression(pattern: #"\p{L},\s*(?:"# + states + #")\s+\d{5}(?:-\d{4})?(?![\d])"#) else {
            preconditionFailure("invalid built-in pattern")
        }
        return r
    }()
    /// Words that say a date is a birth date. "Né le" may come without its space ("Néle": OCR joins
    /// two short words); not "nele" without the accent (a given name). The O of "D.O.B." may be read
    /// as a zero, and its D too when the dots are read ("0.0.B."); "Born:" may be read "Bom:" (r and
    /// n run together), only before its colon.
    static let birthWords =
        #"(?<![\p{L}])(?:born|bom(?=\s*:)|birth|birthday|birthdate|d\.?[o0]\.?b\.?|(?<!\d)0\.[o0]\.\s?b\.?|date\s+of\s+birth|n(?:[ée](?:e|\(e\))?\s+|é(?:e|\(e\))?)le|naissance|date\s+de\s+naissance)(?![\p{L}])"#
    static let birthWord = TextPatterns.regex(birthWords)
    static let months =
        #"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janv(?:ier)?|f[ée]v(?:r(?:ier)?)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[ûu]t|sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?)\.?"#
    /// A date: digits (day first or year first), or a day and a month name with a year of two or four
    /// digits ("14 March, 2012", "14-Mar-2012", "the 14th of March 2012", "March 14 2012"). Slashes
    /// set apart by spaces, or read as upright strokes (an italic slash: "26 | 06 | 2010"), with a
    /// year of four digits; both slashes read as ones between a day and a month of two digits
    /// ("1510112016" for 15/01/2016).
    static let date = TextPatterns.regex(
        #"(?<![\d])(?:(?:0[1-9]|[12]\d|3[01])1(?:0[1-9]|1[0-2])1(?:19|20)\d{2}|\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2}|\d{1,2}\s*[/|]\s*\d{1,2}\s*[/|]\s*(?:19|20)\d{2}|(?:19|20)\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}|\d{1,2}(?:er|st|nd|rd|th)?(?:\s+of)?[\s/\-]+"#
            + months + #"(?:\s*,\s*|[\s/\-]+)(?:19|20)?\d{2}|"# + months + #"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)?\d{2})(?![\d])"#)
    /// A month and year of birth right after a birth word ("Born: July 2013", "Date de naissance :
    /// mars 2012"), a word of one or two characters allowed before the month (a day OCR could not
    /// read: "Born: a July 2013").
    static let birthMonth = TextPatterns.regex(birthWords + #"\s*[:\-]?\s*(?:\S{1,2}\s+)?"# + months + #",?\s+(?:19|20)\d{2}(?![\d])"#)
    static let longNumber = TextPatterns.regex(#"(?<![\d])(?:\d[\s\-]?){12,18}\d(?![\d])"#)
    static let sin = TextPatterns.regex(#"(?<![\d])\d{3}[\s\-]\d{3}[\s\-]\d{3}(?![\d])"#)
    static let sinLabelled = TextPatterns.regex(
        #"(?:\bSIN\b|\bNAS\b|social\s+insurance|assurance\s+sociale)\D{0,16}?(\d{3}[\s\-]?\d{3}[\s\-]?\d{3})(?![\d])"#)
    /// A US social security number; a hyphen may be read with a space beside it ("887- 16-7717").
    static let ssn = TextPatterns.regex(#"(?<![\d])(\d{3})(?:\s?-\s?|\s)(\d{2})(?:\s?-\s?|\s)(\d{4})(?![\d])"#)

    /// A machine-readable zone of a passport or identity card (it encodes name, birth date and
    /// document number): capitals, digits and filler `<`, at least three fillers (a zone pads its
    /// lines with them; a card's "Code permanent : FOUA01081130" read as "B<COFOUA01081130<" has two).
    static let machineReadableZone = TextPatterns.regex(#"(?<![A-Za-z0-9<«])(?-i:[A-Z0-9<«]{14,})(?![A-Za-z0-9<«])"#)

    /// Whether an address's number and the words after it are one piece of print: a number less than
    /// half as tall as the lowest of the street's words, or more than twice their height away from
    /// them, is something else read on the same line (a speck beside the "W" of a street sign). The
    /// lowest, not the middle: on a tilted line a long word's box is much higher than its print
    /// ("2811 boul. Saint-Joseph" tilted 11 degrees: boxes 68, 72 and 142 px high).
    ///
    /// A number's box far narrower than its digits need (a quarter of its height a digit) is
    /// Tesseract's box for a stroke of it, not the print ("1514" boxed 8 x 18 px on a tilted card):
    /// it tells nothing of the number's height.
    ///
    /// The lowest word is looked for among all the words of two letters or more after the number on
    /// its line, not only those of the match: Tesseract may box a word of a tilted line with parts
    /// of the lines around it (independent set 50's "789 boul. René-Lévesque Ouest", P052 Bold turned
    /// 7 degrees: "boul." boxed 110 px high for 43 px of print, "Ouest" 64).
    static func isOnePrint(_ words: [RecognizedWord], line rest: [RecognizedWord]) -> Bool {
        guard let number = words.first, words.count >= 2 else { return true }
        let heights = words.dropFirst().map(\.box.height).sorted()
        let height = heights[heights.count / 2]
        let lowest = rest.filter { $0.alphanumericCount >= 2 }.map(\.box.height).min().map { Swift.min($0, heights[0]) } ?? heights[0]
        let gap = words[1].box.x - number.box.maxX
        let boxed = 4 * number.box.width >= number.box.height * number.text.count
        return (!boxed || 2 * number.box.height >= lowest) && gap <= 2 * Swift.max(height, number.box.height)
    }

    /// Whether the words a street match touches are one print (`isOnePrint`), against the words after
    /// its number on the line.
    static func isOnePrint(_ m: NSTextCheckingResult, _ p: TextDocument.Passage) -> Bool {
        let indices = p.indices(in: m.range)
        guard let first = indices.first else { return true }
        // A mark between the number and the street is no word of it.
        let words = indices.map { p.words[$0] }.enumerated().filter { $0.offset == 0 || $0.element.alphanumericCount > 0 }.map(\.element)
        return isOnePrint(words, line: Array(p.words[(first + 1)...]))
    }

    public static func matches(in document: TextDocument) -> [TextMatch] {
        let lines = document.lines
        var out = TextPatterns.find(document, [phoneNA, phoneFR], key: "text.personal-info.phone", passages: lines)
        out += TextPatterns.find(document, [phoneFRJoined], key: "text.personal-info.phone", passages: lines) { m, p in
            p.string(m.range).filter { !$0.isNumber }.count >= 2 ? m.range : nil
        }
        out += TextPatterns.find(document, [phoneInternational], key: "text.personal-info.phone", passages: lines) { m, p in
            // Counted after the "+" or "00" ("006158467" is a student number's zeros, not a country).
            let number = p.string(m.range)
            let digits = number.filter(\.isNumber).count - (number.hasPrefix("00") ? 2 : 0)
            return (9...15).contains(digits) ? m.range : nil
        }
        let unmarked = lines + TextDocument.withoutUnsureMarks(lines)
        out += TextPatterns.find(document, [phoneLabelled], key: "text.personal-info.phone", passages: unmarked) { m, p in
            let number = p.string(m.range(at: 1))
            guard number.filter(\.isNumber).count >= 9 else { return nil }
            let d = Array(TextPatterns.digits(number))
            let french = d[0] == "0" && d[1] != "0"
            let northAmerican = "23456789".contains(d[0]) && "23456789".contains(d[3])
            return french || northAmerican ? m.range : nil
        }
        out += TextPatterns.find(document, [email], key: "text.personal-info.email", passages: lines)
        out += TextPatterns.findSqueezed(document, squeezedEmail, key: "text.personal-info.email")
        // A street name has a vowel: "7 GPTL DR" is OCR read in a script it is not.
        out += TextPatterns.find(document, [streetEN], key: "text.personal-info.address", passages: lines) { m, p in
            p.string(m.range(at: 1)).lowercased().contains { "aeiouyàâäéèêëîïôöùûü".contains($0) } && isOnePrint(m, p)
                ? m.range : nil
        }
        out += TextPatterns.find(document, [streetFR], key: "text.personal-info.address", passages: lines) { m, p in
            isOnePrint(m, p) ? m.range : nil
        }
        out += TextPatterns.find(document, [postalCodeCA, zipUS], key: "text.personal-info.address", passages: lines)
        out += TextPatterns.find(document, [date], key: "text.personal-info.birth-date") { m, p in
            let before = NSRange(location: 0, length: m.range.location)
            return birthWord.firstMatch(in: p.text, range: before) != nil ? m.range : nil
        }
        out += TextPatterns.find(document, [birthMonth], key: "text.personal-info.birth-date")
        out += TextPatterns.find(document, [longNumber], key: "text.personal-info.card", passages: lines) { m, p in
            let d = p.string(m.range).filter(\.isNumber)
            guard (13...19).contains(d.count), let first = d.first, "3456".contains(first) else { return nil }
            return TextPatterns.luhn(d) ? m.range : nil
        }
        out += TextPatterns.find(document, [sin], key: "text.personal-info.sin", passages: lines) { m, p in
            let d = p.string(m.range).filter(\.isNumber)
            guard let first = d.first, first != "0", first != "8" else { return nil }
            return TextPatterns.luhn(d) ? m.range : nil
        }
        out += TextPatterns.find(document, [sinLabelled], key: "text.personal-info.sin") { m, p in
            TextPatterns.luhn(p.string(m.range(at: 1)).filter(\.isNumber)) ? m.range : nil
        }
        out += TextPatterns.find(document, [ssn], key: "text.personal-info.ssn", passages: lines) { m, p in
            let area = p.string(m.range(at: 1)), group = p.string(m.range(at: 2)), serial = p.string(m.range(at: 3))
            guard area != "000", area != "666", !area.hasPrefix("9"), group != "00", serial != "0000" else { return nil }
            return m.range
        }
        out += TextPatterns.find(document, [machineReadableZone], key: "text.personal-info.identity-document", passages: lines) { m, p in
            p.string(m.range).filter(TextReader.isFiller).count >= 3 ? m.range : nil
        }
        return TextPatterns.unique(out)
    }
}
