import Foundation
import VigieMedia
import VigieTestSupport

/// Deterministic school text for the OCR evaluation: for each rule, cards that must be flagged
/// (student cards, graded tests, report cards, grade sheets, contact sheets, name tags, confidential
/// folders), and negatives that must not (grade levels, room numbers, event dates, ordinary signs,
/// names not on the roster), in several fonts, sizes, angles, colours and blurs.
struct SchoolTextGenerator {
    /// SplitMix64: the same seed gives the same set on every machine.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func double(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + (range.upperBound - range.lowerBound) * Double(next() >> 11) / Double(1 << 53)
        }
        mutating func pick<T>(_ a: [T]) -> T { a[int(0...(a.count - 1))] }
        mutating func digits(_ n: Int) -> String { String((0..<n).map { i in Character(String(i == 0 ? int(1...9) : int(0...9))) }) }
    }

    struct Item {
        let cards: [TextCardPainter.Card]
        let expected: Set<String>
    }

    /// How one evaluation set looks: its fonts, print sizes, tilts, colours, blurs, how often its
    /// cards are written in capitals, and which base photos it paints on. The sets share the wording
    /// of the cards and nothing else, so that a change tuned on one can be judged on the others.
    struct Style {
        var fonts: [String]
        /// The font of a grade sheet's aligned columns.
        var mono: String
        /// Capital heights, in pixels of the 12 MP photo: picked from the list, or drawn between the
        /// two values of `capRange` when it is given.
        var capHeights: [Double] = []
        var capRange: ClosedRange<Double>? = nil
        var maxAngle: Double
        var grounds: [([Double], [Double])]
        var blurs: [Double]
        /// The share of cards written in capitals (labels in capitals: "DATE DE NAISSANCE").
        var capitals: Double = 0
        /// Which base photos (their index among the corpus photos, modulo 3), nil for all.
        var bases: Int? = nil
        /// The largest share by which a card's far side is shorter (a card seen at an angle), 0 for
        /// cards seen face on.
        var maxKeystone: Double = 0
        /// What the cards say: the wording every set shares, or the other forms people write the
        /// same facts in.
        var wording: Wording = .school
    }

    enum Wording { case school, forms }

    /// The evaluation sets: `classic`, the generator of sessions 1-10 (its seeds are the sets of the
    /// earlier figures); `tune`, the set the detector and the line cuts were tuned on; `urw` and
    /// `liberation`, sets nothing was tuned on; `forms`, other wording (the forms of the same facts
    /// that families and schools write), other weights and styles, cards seen at an angle, capitals
    /// 16 to 80 px and tilts to 15 degrees, made after the rules and the reader, for reporting only.
    /// See docs/ACCURACY.md.
    static func style(_ name: String, darkGrounds: Bool = true) -> Style? {
        switch name {
        case "classic":
            return Style(
                fonts: fonts, mono: "DejaVu Sans Mono", capHeights: [20, 24, 30, 40, 56, 80], maxAngle: 15,
                grounds: darkGrounds ? lightGrounds + Self.darkGrounds : lightGrounds, blurs: [0, 0, 0.7, 1.2])
        case "tune":
            return Style(
                fonts: ["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Bold", "DejaVu Sans Condensed", "DejaVu Serif Italic"],
                mono: "DejaVu Sans Mono", capRange: 22...64, maxAngle: 12, grounds: lightGrounds + Self.darkGrounds, blurs: [0, 0, 0.8],
                bases: 0)
        case "urw":
            return Style(
                fonts: ["Nimbus Sans", "Nimbus Sans Bold", "Nimbus Roman,", "URW Gothic", "C059 Bold", "P052", "URW Bookman"],
                mono: "Nimbus Mono PS", capRange: 22...64, maxAngle: 12,
                grounds: [
                    ([228, 228, 225], [35, 35, 40]), ([246, 214, 220], [95, 20, 35]), ([255, 255, 255], [0, 70, 40]),
                    ([70, 20, 25], [250, 240, 230]), ([15, 60, 40], [240, 240, 240]),
                ], blurs: [0, 0.5, 1.0], capitals: 0.3, bases: 1)
        case "liberation":
            return Style(
                fonts: [
                    "Liberation Sans", "Liberation Sans Bold", "Liberation Serif", "Carlito", "Carlito Bold", "Open Sans", "Open Sans Bold",
                ],
                mono: "Liberation Mono", capRange: 22...64, maxAngle: 12,
                grounds: [
                    ([240, 235, 200], [20, 20, 90]), ([210, 210, 210], [10, 10, 10]), ([35, 35, 35], [255, 255, 255]),
                    ([20, 45, 110], [255, 230, 80]), ([250, 250, 250], [150, 20, 20]),
                ], blurs: [0, 0, 0.6], capitals: 0.5, bases: 2)
        case "forms":
            return Style(
                fonts: [
                    "Nimbus Sans Narrow", "Nimbus Sans Narrow Bold", "Open Sans Semibold", "Open Sans Extrabold", "Open Sans Light",
                    "Carlito Italic", "Liberation Serif Italic", "DejaVu Serif Condensed", "P052 Bold", "URW Bookman Light",
                ],
                mono: "Nimbus Mono PS Bold", capRange: 16...80, maxAngle: 15,
                grounds: [
                    ([252, 252, 252], [40, 40, 120]), ([255, 245, 205], [120, 60, 0]), ([225, 240, 225], [0, 60, 0]),
                    ([120, 20, 30], [255, 255, 255]), ([60, 60, 65], [255, 250, 210]), ([0, 90, 140], [255, 255, 255]),
                ], blurs: [0, 0.4, 0.9], capitals: 0.3, maxKeystone: 0.3, wording: .forms)
        case "mixed", "mixed-forms":
            // Stop 41: families and styles no other set uses (condensed, extra-light, demi, italics
            // of other families), other grounds, cards at an angle; both wordings.
            return Style(
                fonts: [
                    "Open Sans Condensed, Bold", "Open Sans Condensed Light", "DejaVu Sans ExtraLight", "Nimbus Roman, Bold Italic",
                    "C059 Italic", "URW Gothic Semi-Bold", "Liberation Sans Bold Italic", "Nimbus Sans Narrow Bold Oblique",
                    "URW Bookman Semi-Bold", "P052 Italic",
                ],
                mono: "Liberation Mono Bold", capRange: 18...72, maxAngle: 14,
                grounds: [
                    ([255, 250, 240], [70, 30, 100]), ([200, 230, 255], [0, 0, 0]), ([255, 220, 180], [90, 30, 10]),
                    ([30, 30, 60], [200, 255, 200]), ([90, 0, 0], [255, 240, 200]), ([240, 240, 240], [0, 100, 120]),
                ], blurs: [0, 0.5, 0.8], capitals: 0.4, maxKeystone: 0.25, wording: name == "mixed" ? .school : .forms)
        default:
            return nil
        }
    }

    var random: Random
    let style: Style

    init(seed: UInt64, style: Style) {
        random = Random(state: seed)
        self.style = style
    }

    /// The roster given to `text.student-name` during the evaluation.
    static let roster = [
        "Marie Tremblay", "Olivier Gagnon", "Léa Roy", "William Côté", "Emma Bouchard", "Noah Gauthier", "Chloé Morin",
        "Liam Lavoie", "Zoé Fortin", "Thomas Gagné", "Jacob Ouellet", "Alice Pelletier", "Ethan Bélanger", "Rosalie Lévesque",
    ]
    static let strangers = ["Sophie Martin", "Lucas Bernard", "Camille Dubois", "Hugo Lambert", "Jade Girard", "Adam Moreau"]

    /// Pango descriptions without their size ("Nimbus Roman," with its comma: without it Pango reads
    /// "Roman" as a style and draws its fallback, as the classic and urw sets did until stop 41).
    static let fonts = ["DejaVu Sans", "DejaVu Serif", "Nimbus Sans", "Nimbus Roman,", "URW Gothic", "C059", "P052", "DejaVu Sans Mono"]
    /// Paper and ink: white card, yellow badge, blue badge, whiteboard with blue marker, cream paper.
    static let lightGrounds: [([Double], [Double])] = [
        ([250, 250, 248], [20, 20, 25]), ([250, 236, 150], [30, 30, 30]), ([205, 225, 245], [10, 30, 80]),
        ([238, 240, 242], [25, 60, 170]), ([245, 238, 220], [60, 40, 30]),
    ]
    /// Light print on dark grounds: chalkboard, navy badge, black sign with yellow letters.
    static let darkGrounds: [([Double], [Double])] = [
        ([48, 66, 56], [232, 232, 222]), ([28, 40, 92], [245, 245, 240]), ([25, 25, 28], [245, 215, 60]),
    ]

    mutating func card(_ text: String, font: String? = nil) -> TextCardPainter.Card {
        let (paper, ink) = random.pick(style.grounds)
        let font = font ?? random.pick(style.fonts)
        let cap = style.capRange.map { random.double($0).rounded() } ?? random.pick(style.capHeights)
        let angle = random.double(-style.maxAngle...style.maxAngle), blur = random.pick(style.blurs)
        let place = (random.double(0.05...0.95), random.double(0.05...0.95))
        // Drawn only for a set with cards at an angle, so that the other sets stay as they were.
        var keystone = 0.0, vertical = false
        if style.maxKeystone > 0 {
            keystone = random.double(-style.maxKeystone...style.maxKeystone)
            vertical = random.int(0...1) == 1
        }
        // Capitals only where a school would write them (not in an e-mail address).
        let upper = style.capitals > 0 && !text.contains("@") && random.double(0...1) < style.capitals
        return TextCardPainter.Card(
            text: upper ? text.uppercased() : text, font: font, capHeight: cap, paper: paper, ink: ink, angle: angle, blur: blur,
            place: place, keystone: keystone, keystoneVertical: vertical)
    }

    mutating func plausibleCode() -> String {
        let letters = (0..<4).map { _ in String(random.pick(Array("ABCDEFGHJKLMNPRSTVW"))) }.joined()
        let day = random.int(1...28), month = random.int(1...12) + random.pick([0, 50]), year = random.int(8...19)
        return letters + String(format: " %02d%02d %02d%02d", day, month, year, random.int(10...99))
    }

    mutating func positive(_ rule: String) -> String {
        if style.wording == .forms { return formsPositive(rule) }
        let name = random.pick(Self.strangers)
        switch rule {
        case "text.student-id":
            return random.pick([
                "STUDENT ID\n\(name)\nID: \(random.digits(7))",
                "Carte étudiante\n\(name)\nNo d'élève : \(random.digits(6))",
                "Matricule : \(random.digits(7))",
                "Code permanent\n\(plausibleCode())",
                "Student ID # \(random.digits(8))",
                "École secondaire du Parc\nNuméro d'élève \(random.digits(7))",
            ])
        case "text.grade":
            return random.pick([
                "Math Test\nScore: \(random.int(10...20))/20",
                "Examen de sciences\nNote : \(random.int(55...99)) %",
                "Final grade: \(random.pick(["A", "A-", "B+", "B", "C+"]))",
                "Résultat : \(random.int(20...50))/50",
                "REPORT CARD\nTerm 2 - 2024",
                "Bulletin scolaire\nÉtape 1",
                sheet(),
            ])
        case "text.personal-info":
            return random.pick([
                "Call us: (514) 555-\(random.digits(4))",
                "Tél. : 06 \(random.int(10...99)) \(random.int(10...99)) \(random.int(10...99)) \(random.int(10...99))",
                "\(name.lowercased().replacingOccurrences(of: " ", with: "."))@ecole.qc.ca",
                "\(random.int(100...9999)) Maple Street",
                "\(random.int(2...250)), rue des Érables",
                "Born: March \(random.int(1...28)), 20\(random.int(10...18))",
                "Date de naissance : \(random.int(10...28))/0\(random.int(1...9))/20\(random.int(10...18))",
                "SIN 046 454 286",
                "4539 1488 0343 6467",
            ])
        case "text.confidential":
            return random.pick([
                "CONFIDENTIAL", "Confidentiel", "IEP meeting notes", "Plan d'intervention\n2024-2025", "Dossier médical\nNe pas diffuser",
            ])
        default:
            return random.pick([
                "Hello, my name is\n\(random.pick(Self.roster))", random.pick(Self.roster), "Bienvenue\n\(random.pick(Self.roster))",
            ])
        }
    }

    /// A grade sheet: a monospaced column of four names beside a column of marks, each drawn by
    /// `mark` (a number from 55 to 98 unless given).
    mutating func sheet(mark: (inout Random) -> String = { String($0.int(55...98)) }) -> String {
        var rows: [String] = []
        var names = Self.strangers
        for _ in 0..<4 {
            let i = random.int(0...(names.count - 1))
            let name = names.remove(at: i).split(separator: " ").last.map(String.init) ?? "Martin"
            rows.append(name.padding(toLength: 10, withPad: " ", startingAt: 0) + " " + mark(&random))
        }
        return rows.joined(separator: "\n")
    }

    mutating func negative() -> String {
        if style.wording == .forms { return formsNegative() }
        return random.pick([
            "Grade 5 Science Fair", "5e année", "Room 214", "Salle 108", "Welcome Back!", "Bienvenue à tous",
            "Spring Concert\nMay 14, 2025", "Library", "EXIT / SORTIE", "Bus 12", "Gym", "Math Club\nTuesday 3:30",
            "Grade 3 Art Show", "Kindergarten", "Open House\nApril 10", "Go Team!", "Classe de 2e année",
            "Hello, my name is\n\(random.pick(Self.strangers))",
            "Bake sale\n50% off", "Salle 12 - Étage 2",
        ])
    }

    static let monthsEN = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]
    static let monthsFR = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ]

    /// The same facts in the other forms schools and families write them: labels above their values,
    /// dates of birth with month names or in ISO form, phone numbers with dots or a country code,
    /// street types abbreviated, names last name first.
    mutating func formsPositive(_ rule: String) -> String {
        let name = random.pick(Self.strangers)
        let parts = name.split(separator: " ").map(String.init)
        switch rule {
        case "text.student-id":
            return random.pick([
                "Student Number\n\(random.digits(7))",
                "Numéro de fiche : \(random.digits(7))",
                "ID# \(random.digits(8))",
                "STUDENT CARD\n\(name)\nStudent no. \(random.digits(9))",
                "Code permanent : \(plausibleCode().replacingOccurrences(of: " ", with: ""))",
                "Élève : \(name)\nNo de fiche \(random.digits(6))",
            ])
        case "text.grade":
            return random.pick([
                "Quiz 3\nMark: \(random.int(10...25))/25",
                "Moyenne : \(random.int(60...95)) %",
                "Note finale\n\(random.int(10...19)),5/20",
                "Term 1 average: \(random.int(60...95))%",
                "Résultat de l'examen\n\(random.int(20...49))/50",
                "Letter grade: \(random.pick(["A", "B+", "B-", "C", "D"]))",
                "Relevé de notes\n2024-2025",
                // A sheet of letter grades and percentages.
                sheet { r in r.int(0...1) == 0 ? r.pick(["A", "A-", "B+", "B", "C+", "C"]) : "\(r.int(55...98))%" },
            ])
        case "text.personal-info":
            let day = random.int(1...28), month = random.int(1...12), year = random.int(2008...2018)
            return random.pick([
                "DOB: \(year)-\(String(format: "%02d-%02d", month, day))",
                "Date of birth\n\(day) \(Self.monthsEN[month - 1]) \(year)",
                "Né le \(day) \(Self.monthsFR[month - 1]) \(year)",
                "Tel. 514.555.\(random.digits(4))",
                "+1 438 555 \(random.digits(4))",
                "Cell : +33 6 \(random.int(10...99)) \(random.int(10...99)) \(random.int(10...99)) \(random.int(10...99))",
                "\(random.int(10...9999)) Maple St.",
                "\(random.int(2...250)), av. des Pins",
                "\(random.int(100...9999)) boul. Saint-Joseph",
                "E-mail: \(parts[0].lowercased()).\(parts[1].lowercased())@gmail.com",
            ])
        case "text.confidential":
            return random.pick([
                "PRIVATE AND CONFIDENTIAL", "Document confidentiel", "Do not distribute", "For internal use only",
                "Medical records\nNurse's office", "Confidentiel - dossier de l'élève",
            ])
        default:
            let student = random.pick(Self.roster)
            let first = student.split(separator: " ").first.map(String.init) ?? student
            let last = student.split(separator: " ").dropFirst().joined(separator: " ")
            return random.pick([
                "Name: \(student)", "\(last), \(first)", "Félicitations \(student) !", "Élève : \(student)",
                "Student of the month\n\(student)",
            ])
        }
    }

    /// Negatives of the forms set: grade levels, room numbers, dates, jersey numbers, scoreboards,
    /// a teacher's name.
    mutating func formsNegative() -> String {
        random.pick([
            "Grade 7 - Room 12", "Période 3", "Gymnase", "HOME 42   GUEST 38", "#23", "Class of 2025", "Salle 204",
            "Science Fair\nMarch 14, 2025", "Parents' Night\nOct. 3, 7 pm", "Exam schedule\nJune 12-16", "Quiz Bowl Finals",
            "Cafétéria", "Open 8:00 - 15:30", "Grade 6 Graduation", "Bibliothèque\n2e étage",
            "Mme \(random.pick(Self.strangers))\nEnseignante",
            "Final score 3 - 1", "Secondaire 2", "Locker 118", "Période de questions",
        ])
    }

    /// `perRule` positives for each rule, then as many negatives as positives of one rule, times two.
    mutating func plan(perRule: Int) -> [Item] {
        var items: [Item] = []
        for rule in ["text.confidential", "text.grade", "text.personal-info", "text.student-id", "text.student-name"] {
            for _ in 0..<perRule {
                let text = positive(rule)
                var cards = [
                    card(
                        text,
                        font: text.contains("\n") && text.split(separator: "\n").count == 4 && !text.contains(":")
                            ? style.mono : nil)
                ]
                if random.int(0...2) == 0 { cards.append(card(negative())) }
                items.append(Item(cards: cards, expected: [rule]))
            }
        }
        for _ in 0..<(2 * perRule) {
            var cards = [card(negative())]
            if random.int(0...1) == 0 { cards.append(card(negative())) }
            items.append(Item(cards: cards, expected: []))
        }
        return items
    }
}
