import Foundation
import VigieMedia
import VigieVision

/// Marks and results in read text: letter grades, numbers, percentages and fractions next to grade
/// words, report cards, and grade sheets (a column of names beside a column of marks). A grade level
/// ("Grade 5 science fair", "5e année") is not a mark.
public enum GradeDetector {
    /// "Cote" (a mark in Quebec), not the surname Côté read without its accents after a first name
    /// ("Zoé Côté  3" on a team's list): capitalised, it starts its line or follows no word.
    static let cote = #"(?:(?-i:cote)|(?<![\p{L}.]\s{1,3})(?-i:Cote|COTE))"#
    static let gradeWords =
        #"(?:grades?|marks?|scores?|results?|notes?|r[ée]sultats?|"# + cote
        + #"s?|total|moyenne|average|points|pts|[ée]valuation|tests?|quiz|exam|examen|contr[ôo]le)"#
    /// Words that qualify a mark word ("Note finale", "Moyenne générale", "Overall").
    static let qualifiers = #"(?:final|finale|globale?|g[ée]n[ée]rale?|overall)"#
    /// A grade word, or two read without the space between them ("Quizscore 10/10").
    static let gradeWord = TextPatterns.regex(#"(?<![\p{L}])"# + gradeWords + #"(?:"# + gradeWords + #")?(?![\p{L}])"#)

    /// "Grade: A+", "Note : B-", "Result B", "Final: C", "Note finale : A-", "Overall grade B". Not
    /// "Finals B" (a tournament's pool). Ending the line, the letter may be what OCR makes of a
    /// letter grade: "Bt" or "Bx" for "B+" (the plus read as a t, or as an x at a slant), "À" for "A"
    /// (read in French). A "C" with its sign may be read small ("Your grade: c+"; the only one of A
    /// to F whose small letter is its capital made small). The colon may be read as a semicolon
    /// ("Final grade; B-"), here and before a number.
    static let letter = TextPatterns.regex(
        #"(?<![\p{L}])(?:(?:grade|mark|score|result|note|r[ée]sultat|"# + cote + #")s?(?:\s+"# + qualifiers
            + #")?|final)\s*[:;=\-]?\s*((?-i:[A-F])[+\-]?(?![\p{L}\d])|(?-i:c)[+\-](?![\p{L}\d])|(?-i:[A-F][tx]|À)(?=\s*$))"#
    )
    /// "Score 85", "Note : 17,5", "Grade: 92" (a colon and two digits: a grade level has neither),
    /// "Moyenne générale : 80", "Résultat : 36/59": a fraction right after a mark word, whatever its
    /// denominator (OCR reads "50" as "59"; a test may be out of 45), a zero of it read as a letter
    /// ("19,5/2Q").
    static let number = TextPatterns.regex(
        #"(?<![\p{L}])(?:(?:(?:mark|result|note|r[ée]sultat|"# + cote + #"|moyenne|average)s?(?:\s+"# + qualifiers
            + #")?|scores?)\s*[:;=]?|grade\s*[:;])\s*(\d{1,3}(?:[.,]\d{1,2})?)(?:\s*/\s*(\d(?:\d|(?-i:[OQD])){0,2}))?(?![\d/]|(?-i:[OQD]))(?!\s*[\-–—:]\s*\d)"#
    )
    /// A fraction whose slash OCR read as a 1: its top, the 1, and the bottom one a test is marked
    /// out of (groups 1 and 2).
    static let slashReadAsOne = #"(\d{1,3})1(5|10|20|25|50|100)"#
    /// "Mark: 10125": a fraction right after a mark word whose slash OCR read as a 1 ("10/25"), the
    /// bottom one a test is marked out of, four digits or more ending the line (not after "score":
    /// a game's score of 1250 is no mark).
    static let lostSlash = TextPatterns.regex(
        #"(?<![\p{L}])(?:mark|result|note|r[ée]sultat|"# + cote + #")s?\s*[:=]?\s*(?=\d{4})"# + slashReadAsOne + #"(?=\s*$)"#
    )
    /// The same fraction on the line beneath its label ("RÉSULTAT DE L'EXAMEN" over "22150" for
    /// 22/50): a line of the number alone, under a line holding a mark word and no digit.
    static let lostSlashBelow = TextPatterns.regex(
        #"(?<![\p{L}])(?:mark|result|note|r[ée]sultat|"# + cote + #")s?(?![\p{L}])[^\d]*\s(?=\d{4,6}$)"# + slashReadAsOne + #"$"#
    )
    /// "Grade" or "grades" ending the text before a fraction, without a colon ("Grade 4/5").
    static let gradeLevelBefore = TextPatterns.regex(#"(?<![\p{L}])grades?\s*$"#)
    static let fraction = TextPatterns.regex(#"(?<![\d/])(\d{1,3}(?:[.,]\d{1,2})?)\s*/\s*(5|10|15|20|25|30|40|50|60|100)(?![\d/])"#)
    /// What stands between a test's word and its mark when the test is numbered: "Test 2 : ".
    static let numberedTest = TextPatterns.regex(#"^\s*\d{1,2}\s*[:\-–]\s*$"#)
    static let percent = TextPatterns.regex(#"(?<![\d])(\d{1,3}(?:[.,]\d)?)\s*%"#)
    static let reportCard = TextPatterns.regex(
        #"report\s+card|progress\s+report|\btranscript\b|bulletin(?!\s+(?:board|d[’']information|de\s+nouvelles|m[ée]t[ée]o))|relev[ée]\s+de\s+notes|carnet\s+de\s+notes"#
    )
    /// The report cards' phrases, spaces left out (`TextPatterns.findSqueezed`): an italic "Card" read
    /// "Ca rd", a tilted "Bulletin" read "Bul letin". No letter after the English ones: "Weather
    /// report Cardinals" is a scoreboard.
    static let squeezedReportCard = TextPatterns.regex(
        #"(?:reportcard|progressreport)s?(?!\p{L})|relev[ée]denotes|carnetdenotes|bulletin(?!board|d[’']information|denouvelles|m[ée]t[ée]o)"#
    )

    /// A number written with a decimal point or comma ("17,5"); nil when it is none.
    static func decimal<S: StringProtocol>(_ text: S) -> Double? {
        Double(text.replacingOccurrences(of: ",", with: "."))
    }

    public static func matches(in document: TextDocument) -> [TextMatch] {
        var out = TextPatterns.find(document, [letter], key: "text.grade.mark", passages: document.lines)
        // A label on the line above its mark ("Final grade" over "A-"): the mark ends the pair.
        out += TextPatterns.find(document, [letter], key: "text.grade.mark", passages: document.pairs) { m, p in
            m.range.location + m.range.length == p.text.utf16.count ? m.range : nil
        }
        // A percentage followed, on its line or at the start of the line beneath, by what it is a
        // share of or how it moved is no mark ("72 % of students", "45 % des élèves", "rose 12 %
        // this year"); not one before "en", "for" or "pour" ("Note : 85 % en français"). Its
        // words, the number before a "%" read apart included.
        // Sought only where a percentage may be a mark (a number rule or a grade word matched).
        lazy var shares = Set(
            document.passages.flatMap { p in
                p.words.indices.dropLast().filter { i in
                    p.words[i].text.hasSuffix("%") && shareWords.contains(folded(p.words[i + 1].text))
                }
                .flatMap { i in p.words[i].text == "%" && i > 0 ? [p.words[i].box, p.words[i - 1].box] : [p.words[i].box] }
            })
        let isShare = { (m: NSTextCheckingResult, p: TextDocument.Passage) in p.words(in: m.range).contains { shares.contains($0.box) } }
        out += TextPatterns.find(document, [number], key: "text.grade.mark", passages: document.lines) { m, p in
            if isShare(m, p) { return nil }
            let value = decimal(p.string(m.range(at: 1))) ?? 999
            // A zero of the denominator read as a letter: O and D as in numbers read anywhere, and Q.
            let outOf =
                m.range(at: 2).location == NSNotFound
                ? 100 : Double(TextPatterns.digits(p.string(m.range(at: 2)).replacingOccurrences(of: "Q", with: "0"))) ?? 0
            return value <= Swift.min(100, outOf) ? m.range : nil
        }
        // The lost slash's two numbers, the top one no more than the bottom one.
        func parted(_ m: NSTextCheckingResult, _ p: TextDocument.Passage) -> NSRange? {
            let (a, b) = (Double(p.string(m.range(at: 1))) ?? 999, Double(p.string(m.range(at: 2))) ?? 0)
            return a <= b ? m.range : nil
        }
        out += TextPatterns.find(document, [lostSlash], key: "text.grade.mark", passages: document.lines, accept: parted)
        out += TextPatterns.find(document, [lostSlashBelow], key: "text.grade.mark", passages: document.pairs) { m, p in
            // Beneath its label, the number is its line's first word.
            guard let i = p.indices(in: m.range(at: 1)).first,
                i > 0, p.words[i - 1].line != p.words[i].line
            else { return nil }
            return parted(m, p)
        }
        let withGradeWord = document.passages.filter { !TextPatterns.matches(gradeWord, $0).isEmpty }
        out += TextPatterns.find(document, [fraction], key: "text.grade.mark", passages: withGradeWord) { m, p in
            let numerator = p.string(m.range(at: 1))
            let a = decimal(numerator) ?? 999
            let b = Double(p.string(m.range(at: 2))) ?? 0
            // "Grade 4/5": a class of two grade levels, not a mark.
            let before = NSRange(location: 0, length: m.range.location)
            if b == a + 1, b <= 12, gradeLevelBefore.firstMatch(in: p.text, range: before) != nil { return nil }
            // A count of slides or pages ("Slide 19/20" under "Grade 6 spring concert").
            let previous = p.string(before).split(whereSeparator: \.isWhitespace).last.map { folded(String($0)) }
            if let previous, countWords.contains(previous) { return nil }
            // Three digits over 20 or less: a half mark on a French scale whose comma OCR lost
            // ("14,5/20" read "145/20").
            let lostComma = numerator.count == 3 && numerator.allSatisfy(\.isNumber) && b <= 20 && a / 10 <= b
            return a <= b || lostComma ? m.range : nil
        }
        // A percentage after a grade word, with no number between them but the test's own before a
        // colon or a dash ("Test 2 : 85 %"): not one after a grade level ("Grade 7 | 62% of our
        // goal reached!") or before the word ("Sale: 36% off" over "Note to parents").
        out += TextPatterns.find(document, [percent], key: "text.grade.mark", passages: withGradeWord) { m, p in
            if isShare(m, p) { return nil }
            let a = decimal(p.string(m.range(at: 1))) ?? 999
            let labels = gradeWord.matches(in: p.text, range: NSRange(location: 0, length: m.range.location))
            let labelled = labels.contains { label in
                let end = label.range.location + label.range.length
                let between = p.string(NSRange(location: end, length: m.range.location - end))
                return !between.contains(where: \.isNumber)
                    || numberedTest.firstMatch(in: between, range: NSRange(between.startIndex..., in: between)) != nil
            }
            return a <= 100 && labelled ? m.range : nil
        }
        out += TextPatterns.find(document, [reportCard], key: "text.grade.report-card", passages: document.lines)
        out += TextPatterns.findSqueezed(document, squeezedReportCard, key: "text.grade.report-card")
        out += gradeSheets(document)
        return TextPatterns.unique(out)
    }

    static let markToken = TextPatterns.regex(#"^(?:\d{1,3}(?:[.,]\d{1,2})?\s*%?|\d{1,3}(?:[.,]\d)?/\d{1,3}|(?-i:[A-F])[+\-]?)$"#)
    /// A name on a sheet: capitalised ("Martin"), or in capitals as class lists write surnames
    /// ("MARTIN").
    static let nameToken = TextPatterns.regex(#"^(?-i:\p{Lu}[\p{Ll}'’\-]+|\p{Lu}[\p{Lu}'’\-]+),?$"#)
    /// Capitals are also what OCR makes of glyphs it cannot read (a Hebrew page read as "DINTN 24",
    /// "NTI D"): a name in capitals, and the mark beside it, count only when read with at least this
    /// confidence (0-100; a grade sheet's words in capitals were read at 85-96).
    static let capitalsMinConfidence = 60.0
    static func inCapitals(_ w: RecognizedWord) -> Bool { !w.text.contains(where: \.isLowercase) }
    /// Words that label rows of numbers on signs and scoreboards, not people (compared as `folded`).
    static let notNames: Set<String> = Set(
        [
            "room", "salle", "local", "grade", "page", "table", "step", "étape", "level", "niveau", "bus", "gym", "floor", "étage",
            "exit", "sortie", "door", "porte", "week", "semaine", "day", "jour", "period", "période", "group", "groupe", "team", "équipe",
            "home", "away", "guest", "guests", "visitor", "visitors", "visiteurs", "locaux", "score", "total", "quarter", "inning",
            "round", "manche", "set", "lap", "tour", "gate", "quai", "track", "voie", "lane", "court", "terrain", "field",
            "row", "rang", "rangée", "seat", "siège", "chapter", "chapitre", "lesson", "leçon", "unit", "unité", "exercise", "exercice",
            // A date is a month or a day and a number ("April 28", "Jeudi 21", "Aujourd'hui 11"), not a
            // name and its mark.
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tomorrow", "lundi", "mardi",
            "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "aujourd'hui", "demain",
        ].map(folded))
    /// Words before a fraction that make it a count, not a mark ("Slide 19/20", "Page 3/10").
    static let countWords: Set<String> = [
        "slide", "slides", "diapo", "diapositive", "page", "pages", "question", "questions", "step", "etape", "item", "photo",
    ]
    /// Words after a percentage that make it a share of something or a change, not a mark (compared
    /// as `folded`).
    static let shareWords: Set<String> = [
        "of", "de", "des", "du", "contre", "against", "off", "more", "less", "plus", "moins", "this", "cette", "ce", "higher",
        "lower", "up", "down", "increase", "hausse", "baisse",
    ]
    /// Words before a number that say what it is: its number ("no", "n°"), the minutes of a time
    /// ("11 h 45"). Compared as `folded`.
    static let numberWords: Set<String> = ["no", "n°", "nº", "no.", "num", "numero", "number", "nr", "h"]
    /// A table's heading that says its rows are not students' marks: over the names, what they name
    /// ("Équipe", "Team": standings); over the numbers, what they count ("Salle", "Room": a timetable
    /// of rooms). Compared without accents, as OCR often drops them.
    static let notSheetHeadings: Set<String> = [
        "team", "teams", "equipe", "equipes", "house", "maison", "club", "room", "rooms", "salle", "salles", "local", "locaux",
        "page", "pages", "bus", "seat", "siege", "row", "rang", "rangee", "door", "porte", "gate", "quai", "voie", "track", "lane",
    ]
    /// Whether one of `cells` has a word of `notSheetHeadings` over it, within three of its heights,
    /// capitalised as a heading is (not "Art club on Tuesday" on a notice above a sheet).
    static func isHeaded(_ cells: [RecognizedWord], _ words: [RecognizedWord]) -> Bool {
        cells.contains { cell in
            words.contains { w in
                let above = cell.box.y - w.box.maxY
                return (0..<3 * Swift.max(cell.box.height, 1)).contains(above) && w.box.x < cell.box.maxX && cell.box.x < w.box.maxX
                    && w.text.first(where: \.isLetter)?.isUppercase == true && notSheetHeadings.contains(folded(w.text))
            }
        }
    }
    /// Words that say a column of numbers is marks: a heading ("Note", "Score", "Résultat") or a
    /// title ("Dictée du 12 mars", "Math test"). Compared as `folded`, singular or plural. Not
    /// "points" or "total" (standings and house points), nor "results" in English (a race's).
    static let sheetWords: Set<String> = [
        "note", "notes", "mark", "marks", "grade", "grades", "score", "scores", "resultat", "resultats", "cote", "cotes", "moyenne",
        "average", "evaluation", "test", "tests", "quiz", "exam", "examen", "controle", "dictee", "bulletin", "quizzes",
    ]
    /// The heading of a sheet's column of names.
    static let rowHeadings: Set<String> = ["eleve", "eleves", "nom", "noms", "prenom", "name", "names", "student", "students", "pupil"]
    /// A mark that is a number alone (no "%", no "/20", no letter): as much a jersey's, an age, a
    /// lane or a count of books read as a mark.
    static func isBare(_ mark: RecognizedWord) -> Bool {
        let text = mark.text.trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
        return !text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "." || $0 == "," }
    }
    /// Whether a word of `document` above `bottom` (the top of a sheet's last row) says its numbers
    /// are marks (`sheetWords`); "Grade" before a number is a grade level ("Grade 4 choir").
    static func saysMarks(_ document: TextDocument, above bottom: Int) -> Bool {
        document.lines.contains { line in
            line.words.indices.contains { i in
                let w = line.words[i], word = folded(w.text)
                let singular = word.hasSuffix("s") ? String(word.dropLast()) : word
                guard w.box.maxY <= bottom, sheetWords.contains(word) || sheetWords.contains(singular) else { return false }
                let next = i + 1 < line.words.count ? line.words[i + 1].text.first : nil
                if word.hasPrefix("grade"), next?.isNumber == true { return false }
                // "Cote" after a first name is the surname Côté ("Zoé Côté"); after "Élève" or
                // "Nom", a column's heading.
                if word.hasPrefix("cote"), i > 0, w.text.first?.isUppercase == true {
                    return rowHeadings.contains(folded(line.words[i - 1].text))
                }
                return true
            }
        }
    }
    /// A word as `TextPatterns.folded`, its punctuation trimmed.
    static func folded(_ text: String) -> String {
        TextPatterns.folded(text.trimmingCharacters(in: .punctuationCharacters))
    }
    /// Titles of staff: a list of teachers beside their rooms ("Mme Tremblay 12", "M. Gagnon 14").
    static let honorifics: Set<String> = ["mme", "mmes", "mlle", "madame", "monsieur", "mrs", "mr", "ms", "miss", "dr", "prof"]
    /// A title, or "M." (Monsieur).
    static func isTitle(_ text: String) -> Bool {
        let bare = text.lowercased().trimmingCharacters(in: .punctuationCharacters)
        return honorifics.contains(bare) || text == "M."
    }

    /// Whether `regex` matches `word` once (the patterns here are anchored: the whole word).
    static func isWhole(_ regex: NSRegularExpression, _ word: RecognizedWord) -> Bool {
        TextPatterns.matches(regex, TextDocument.Passage(words: [word])).count == 1
    }

    /// A mark as a sheet writes it, a word of its own: a letter grade, a number up to 100, or a
    /// fraction whose top is at most its bottom ("13/20"). A full stop or comma read after a number
    /// ("12/20.") is no part of it; after a letter it is an initial ("Emma B.").
    static func isMark(_ word: RecognizedWord) -> Bool {
        var w = word
        if w.text.contains(where: \.isNumber) {
            while let c = w.text.last, c == "." || c == "," { w.text.removeLast() }
        }
        guard isWhole(markToken, w) else { return false }
        if w.text.contains(where: \.isLetter) { return true }
        let parts = w.text.split(separator: "/").map { decimal($0.filter { $0.isNumber || $0 == "." || $0 == "," }) }
        guard let first = parts.first, let value = first else { return false }
        if parts.count == 2 { return parts[1].map { value <= $0 } ?? false }
        return value <= 100
    }

    /// A fraction whose slash OCR read as a 1 ("19120" for 19/20): the bottom one a test is marked
    /// out of, the top no more than it.
    static let lostSlashMark = TextPatterns.regex(#"^"# + slashReadAsOne + #"$"#)
    static func isLostSlash(_ text: String) -> Bool {
        guard let m = lostSlashMark.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) else { return false }
        let part = { (i: Int) in Double((text as NSString).substring(with: m.range(at: i))) }
        return (part(1) ?? 999) <= (part(2) ?? 0)
    }

    static func isName(_ w: RecognizedWord) -> Bool {
        w.text.count >= 3 && !TextPatterns.matches(nameToken, TextDocument.Passage(words: [w])).isEmpty
            && !notNames.contains(folded(w.text)) && !isTitle(w.text)
            && (!inCapitals(w) || w.confidence >= capitalsMinConfidence)
    }

    /// At least three rows, one under the other, each a capitalised name on the left and a mark on
    /// the right, the marks aligned in a column and the names all different; or written one
    /// student a line (`markLists`). Marks that are all numbers alone (`isBare`) need a word above
    /// the last row that says they are marks (`saysMarks`): names beside numbers are as often a
    /// team's jerseys, ages, birthdays or books read.
    static func gradeSheets(_ document: TextDocument) -> [TextMatch] {
        let words = document.words
        // A sheet in a photo is seldom level, and OCR may read its columns apart: rows are sought
        // along a few slopes (dy/dx, up to about 15 degrees either way), and along the median slope
        // the text detector found the names' lines at (a sheet turned 20 degrees).
        let slopes = words.filter(isName).compactMap(\.lineSlope).sorted()
        let detected = slopes.isEmpty ? [] : [slopes[slopes.count / 2]]
        for slope in [0, -0.09, 0.09, -0.18, 0.18, -0.27, 0.27] + detected {
            let found = gradeSheets(words, slope: slope, isMark: isMark, isName: isName).filter { sheet in
                !sheet.bare || saysMarks(document, above: sheet.lastTop)
            }
            .map(\.match)
            if !found.isEmpty { return found }
        }
        return markLists(document)
    }

    /// An initial after a first name ("Jade V."), or a separator before a mark.
    static let initial = TextPatterns.regex(#"^(?-i:\p{Lu})\.?$"#)
    static let separators: Set<String> = [":", "-", "–", "—", "="]
    /// A capitalised first name with its initial read on to it ("EvaC").
    static let gluedInitial = TextPatterns.regex(#"^(?-i:\p{Lu}\p{Ll}{2,}\p{Lu})$"#)
    /// A first name and a surname read without the space between them ("EvaCormier").
    static let gluedName = TextPatterns.regex(#"^(?-i:\p{Lu}\p{Ll}{2,}\p{Lu}\p{Ll}{2,})$"#)
    /// An initial read as a symbol before its dot ("€." for "C.").
    static let symbolInitial = TextPatterns.regex(#"^[^\p{L}\p{N}\s]\.$"#)

    /// Marks written one student a line, not in aligned columns ("Owen Clarke   90 %", "Amélie
    /// Fournier : 88 %", "Nora S. 20/20"): at least three lines one under the other, each nothing
    /// but a name (up to three words, at least one a capitalised name, the others initials) and a
    /// mark ending it, the names all different. A mark and its "%" read apart count as one. One
    /// line in three may be read worse: its mark's slash read as a 1 ("19120" for 19/20), its "%"
    /// read unsurely as a 9 ("749" for "74 %"), a first name's capital read small before an initial
    /// ("mouis M." for "Louis M."), a name read without its space ("EvaCormier") or an initial read
    /// as a symbol ("Eva €."); at least two lines of a list are read whole.
    static func markLists(_ document: TextDocument) -> [TextMatch] {
        func withoutLeadingMarks(_ text: String) -> String { String(text.drop { !$0.isLetter && !$0.isNumber }) }
        struct Entry {
            let name: String
            let words: [RecognizedWord]
            let box: Region
            let height: Int
            let readWorse: Bool
            let bare: Bool
        }
        func isInitial(_ w: RecognizedWord) -> Bool { isWhole(initial, w) }
        func readSmall(_ w: RecognizedWord) -> Bool { w.text.count >= 3 && w.text.allSatisfy(\.isLowercase) }
        var entries: [Entry] = []
        for line in document.lines {
            // A card's edge or a table's rule read at the ends ("|", "[") is no word.
            var ws = line.words
            while let w = ws.first, w.alphanumericCount == 0 { ws.removeFirst() }
            while let w = ws.last, w.alphanumericCount == 0, !(w.text == "%" && ws.count >= 2) { ws.removeLast() }
            guard ws.count >= 2 else { continue }
            var mark = ws.removeLast()
            if mark.text == "%" {
                let number = ws.removeLast()
                mark = RecognizedWord(
                    text: number.text + "%", confidence: Swift.min(number.confidence, mark.confidence), box: number.box.union(mark.box),
                    line: number.line)
            }
            if let last = ws.last, separators.contains(last.text) { ws.removeLast() }
            // A rule's stroke read on to the mark ("_80 %") is no part of it.
            mark.text = withoutLeadingMarks(mark.text)
            let whole = isMark(mark), slashLost = !whole && isLostSlash(mark.text)
            // A percentage whose sign was read as a 9, unsurely ("749" for "74 %").
            let percentLost =
                !whole && mark.confidence < 60 && mark.text.count == 3 && mark.text.allSatisfy(\.isNumber)
                && mark.text.hasSuffix("9")
            guard whole || slashLost || percentLost, (1...3).contains(ws.count) else { continue }
            // A name's colon, or the dot of an initial OCR lost ("Eva." for "Éva C."), is no part of it;
            // nor are marks read before it (a quote, a card's edge: "“Inés"), nor an initial OCR
            // glued to it ("EvaC." for "Éva C.").
            let parts = ws.map { w -> RecognizedWord in
                if isWhole(symbolInitial, w) { return w }
                var bare = w
                bare.text = withoutLeadingMarks(w.text)
                if bare.text.count > 1, bare.text.hasSuffix(":") || (bare.text.count > 3 && bare.text.hasSuffix(".")) {
                    bare.text.removeLast()
                }
                if isWhole(gluedInitial, bare) { bare.text.removeLast() }
                return bare
            }
            if let first = parts.first, isTitle(first.text) { continue }
            let names = parts.filter(isName)
            let small = parts.contains(where: isInitial) ? parts.filter { !isName($0) && readSmall($0) } : []
            let glued = parts.filter { isWhole(gluedName, $0) }
            let symbols = parts.filter { isWhole(symbolInitial, $0) }
            let misread = small + glued
            guard !names.isEmpty || !misread.isEmpty,
                parts.allSatisfy({ isName($0) || isInitial($0) || misread.contains($0) || symbols.contains($0) }),
                symbols.count < parts.count
            else {
                continue
            }
            if names.contains(where: inCapitals), mark.confidence < capitalsMinConfidence { continue }
            let box = ws.reduce(mark.box) { $0.union($1.box) }
            entries.append(
                Entry(
                    name: (names + misread).map { $0.text.lowercased() }.joined(separator: " "), words: parts + [mark], box: box,
                    height: mark.box.height, readWorse: slashLost || percentLost || !misread.isEmpty || !symbols.isEmpty,
                    bare: whole && isBare(mark)))
        }
        // Lines one under the other: each within three of its lines' heights below the one before,
        // overlapping it across.
        entries.sort { $0.box.y + $0.box.height / 2 < $1.box.y + $1.box.height / 2 }
        var out: [TextMatch] = []
        var run: [Entry] = []
        func close() {
            if Set(run.map(\.name)).count >= 3, run.filter({ !$0.readWorse }).count >= 2, !isHeaded(run.flatMap(\.words), document.words),
                let first = run.first, let last = run.last,
                !run.allSatisfy(\.bare) || saysMarks(document, above: last.box.y)
            {
                let box = run.dropFirst().reduce(first.box) { $0.union($1.box) }
                out.append(TextMatch(key: "text.grade.sheet", evidence: first.words.map(\.text).joined(separator: " "), box: box))
            }
            run = []
        }
        for entry in entries {
            if let previous = run.last {
                let step = (entry.box.y + entry.box.height / 2) - (previous.box.y + previous.box.height / 2)
                let across = Swift.min(entry.box.maxX, previous.box.maxX) - Swift.max(entry.box.x, previous.box.x)
                if step <= 0 || step > 3 * Swift.max(entry.height, previous.height) || across <= 0 { close() }
            }
            run.append(entry)
        }
        close()
        return out
    }

    /// A sheet found: whether its marks are all numbers alone (`isBare`), and the top of its last row.
    struct Sheet { let match: TextMatch; let bare: Bool; let lastTop: Int }

    /// Grade sheets whose rows run along `slope`.
    static func gradeSheets(_ words: [RecognizedWord], slope: Double, isMark: (RecognizedWord) -> Bool, isName: (RecognizedWord) -> Bool)
        -> [Sheet]
    {
        struct Row { let name: RecognizedWord; let mark: RecognizedWord; let bare: Bool }
        /// Whether the middle of `b`, brought back along the slope to `a`'s place, is within `a`'s height.
        func sameRow(_ a: RecognizedWord, _ b: RecognizedWord) -> Bool {
            let mid = Double(b.box.y) + Double(b.box.height) / 2 - slope * Double((b.box.x + b.box.width / 2) - (a.box.x + a.box.width / 2))
            return Double(a.box.y) <= mid && mid <= Double(a.box.maxY)
        }
        // Names after a title are staff ("Mme Tremblay  12": a room).
        let titled = words.filter { isTitle($0.text) }
        var rows: [Row] = []
        // A word of a line the detector found running steeply (past 45 degrees: letters read down a
        // table's rule, a digit boxed taller than wide) is no cell of rows sought along these slopes.
        let steep = { (w: RecognizedWord) in w.lineAngle != nil && w.lineSlope == nil }
        // Nor is a name of a line found running at another slope than these rows (more than about
        // eleven degrees off): a notice's lines at +10 degrees, rows sought at -10 across them.
        let across = { (w: RecognizedWord) in w.lineSlope.map { abs($0 - slope) > 0.2 } ?? false }
        for mark in words where isMark(mark) && !steep(mark) {
            let h = Swift.max(mark.box.height, 1)
            // The nearest name on the same row, to the left.
            let candidates = words.filter { w in
                isName(w) && !steep(w) && !across(w) && w.box.x + w.box.width / 2 < mark.box.x && sameRow(w, mark)
                    && mark.box.x - w.box.maxX < 40 * h
                    && !titled.contains { t in sameRow(t, w) && (0..<2 * h).contains(w.box.x - t.box.maxX) }
            }
            guard let name = candidates.max(by: { $0.box.x < $1.box.x }) else { continue }
            if inCapitals(name), mark.confidence < capitalsMinConfidence { continue }
            // Between a sheet's name and its mark stand other names, initials, a group or a piece of
            // the name ("Thibau lt 63"); a word of three small letters or more is running text ("Row
            // 7, seat 17", "Maths : pages 54 et 55").
            let between = words.filter { w in
                w.box.x > name.box.maxX - h / 2 && w.box.maxX < mark.box.x + h / 2 && sameRow(w, mark)
            }
            let running = between.contains { w in
                w.text.filter(\.isLetter).count >= 3 && w.text.allSatisfy { !$0.isLetter || $0.isLowercase }
            }
            if running { continue }
            // A number after "no" or "#" is a number of something ("Chandail no 51"), one after "h"
            // the minutes of a time ("Chorale à 11 h 45").
            let before = between.max { $0.box.x < $1.box.x }
            if let before, numberWords.contains(folded(before.text)) || before.text == "#" { continue }
            // A "mark" read on one line with four more numbers of two digits is a piece of a phone
            // number read in pairs ("Agathe Fraser 01 26 55 65 82"), whatever row it is sought in.
            let pairs = words.filter { w in
                w.line == mark.line && w != mark && w.text.count == 2 && TextPatterns.digits(w.text).count == 2
            }
            if pairs.count >= 4 { continue }
            // A sheet's mark ends its row: in running text a number is followed by more words. A
            // mark of neither letters nor digits ("|", "—": a table's rule, a card's edge read) is
            // not a word.
            let after = words.contains { w in
                w.alphanumericCount > 0 && w.box.x > mark.box.maxX - h / 2 && w.box.x - mark.box.maxX < 3 * h
                    && sameRow(w, mark)
            }
            // A number with its "%" read apart is a percentage; a lone digit smaller than the number
            // before it is its "%" read as a digit ("97 3").
            let percent = words.contains { w in
                w.text.first == "%" && w.box.x >= mark.box.maxX - h / 2 && w.box.x - mark.box.maxX < 2 * h && sameRow(w, mark)
            }
            let sign = mark.text.count == 1 && before.map { b in isBare(b) && 5 * mark.box.height < 4 * b.box.height } == true
            if !after { rows.append(Row(name: name, mark: mark, bare: isBare(mark) && !percent && !sign)) }
        }
        var used = Set<Int>()
        var out: [Sheet] = []
        for (i, row) in rows.enumerated() where !used.contains(i) {
            let h = Swift.max(row.mark.box.height, 1)
            // Rows whose marks sit in the same column (right or left edges aligned).
            let column = rows.indices.filter { j in
                abs(rows[j].mark.box.maxX - row.mark.box.maxX) < 2 * h || abs(rows[j].mark.box.x - row.mark.box.x) < 2 * h
            }
            let names = Set(column.map { rows[$0].name.text.lowercased() })
            let ys = Set(column.map { rows[$0].mark.box.y / Swift.max(1, h / 2) })
            guard column.count >= 3, names.count >= 3, ys.count >= 3 else { continue }
            used.formUnion(column)
            // A heading over any row (a column may take in a row of the title above its table).
            if isHeaded(column.flatMap { [rows[$0].name, rows[$0].mark] }, words) { continue }
            let box = column.dropFirst().reduce(rows[column[0]].name.box.union(rows[column[0]].mark.box)) {
                $0.union(rows[$1].name.box).union(rows[$1].mark.box)
            }
            let evidence = column.prefix(1).map { rows[$0].name.text + " " + rows[$0].mark.text }.joined()
            let lastTop = column.map { Swift.min(rows[$0].name.box.y, rows[$0].mark.box.y) }.max() ?? box.y
            out.append(
                Sheet(
                    match: TextMatch(key: "text.grade.sheet", evidence: evidence, box: box), bare: column.allSatisfy { rows[$0].bare },
                    lastTop: lastTop))
        }
        return out
    }
}
