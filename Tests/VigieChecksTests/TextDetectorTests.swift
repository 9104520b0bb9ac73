import Foundation
import Testing
import VigieMedia
import VigieVision

@testable import VigieChecks

/// The keys a detector finds in plain text (one line per line).
private func keys(_ text: String, _ detector: (TextDocument) -> [TextMatch]) -> [String] {
    detector(TextDocument(plain: text)).map(\.key)
}

@Suite("Text detectors on strings")
struct TextDetectorTests {
    let studentID: (TextDocument) -> [TextMatch] = { StudentIDDetector.matches(in: $0) }
    let grade: (TextDocument) -> [TextMatch] = { GradeDetector.matches(in: $0) }
    let personal: (TextDocument) -> [TextMatch] = { PersonalInfoDetector.matches(in: $0) }
    let confidential: (TextDocument) -> [TextMatch] = { ConfidentialDetector.matches(in: $0) }

    @Test(arguments: [
        "Student ID: 4829175", "STUDENT ID # 20231234", "ID: 5512093", "No d'élève : 482917", "Numéro d'élève 9361464",
        "Matricule : 1234567", "Fiche 20458812", "Student ID\n4829175", "uméro d'élève 9 256386", "atricule : 2834492",
        // The I of "ID" read as another stroke (a bold, slanted card).
        #"-\D# 69482330"#, "|D# 69482330", "1D no 5512093", "lD# 20231234", "/D# 12076576", "Student 1D: 7448870", "Numérod'élève : 385928",
        // The pupil after the label ("Fiche de l'élève", "Matricule de l'élève").
        "Fiche de l'élève\nNo 09822618", "Matricule de l'élève : 4829175", "Fiche d'élève 7530601",
        "Womero d'élève : 430412",  // the label's first word misread
        // A card's border read as a bracket against the label (independent set 38: "Student ID[").
        "Student ID[\n6256527", "Matricule ] 272762", "No d'élève (: 482917",
    ])
    func labelledStudentNumbers(_ text: String) {
        #expect(keys(text, studentID) == ["text.student-id.labelled"], "\(text)")
    }

    @Test(arguments: [
        "ID card", "Fiche 3", "Student ID photos on Friday", "Room 214", "ID 2024", "Grade 5 Science Fair", "Room 1D 20231234",
        "Bus 11D 4829175", "1D# 12", "12//D# 4829175", "Sortie d'élèves 2024-2025", "Photo d'élève 2024",
        "Student ID (2024)", "[ID] 12", "Student 1D photos 2024",
    ])
    func notStudentNumbers(_ text: String) {
        #expect(keys(text, studentID).isEmpty, "\(text)")
    }

    @Test func permanentCodesNeedAPlausibleDate() {
        #expect(keys("TREM 1554 0912", studentID) == ["text.student-id.permanent-code"])  // 15 April (girl), 2005
        #expect(keys("GAGO31120812", studentID) == ["text.student-id.permanent-code"])  // 31 December
        #expect(keys("TREM 3102 0912", studentID).isEmpty)  // 31 February
        #expect(keys("TREM 1513 0912", studentID).isEmpty)  // month 13
        #expect(keys("trem 1504 0912", studentID).isEmpty)  // not in capitals
        #expect(StudentIDDetector.plausiblePermanentCodeDate(day: "29", month: "52", year: "08"))
        #expect(!StudentIDDetector.plausiblePermanentCodeDate(day: "29", month: "02", year: "09"))
    }

    /// Under its label, a permanent code read with a digit group lost or misread still counts; its
    /// day and month must still be a date.
    @Test func labelledPermanentCodesTolerateALostDigitGroup() {
        #expect(keys("Code permanent\nTREM 1554 09", studentID) == ["text.student-id.permanent-code"])
        #expect(keys("Permanent code: GAGO 3112 O8l", studentID).contains("text.student-id.permanent-code"))
        #expect(keys("Code permanent : BOUC 2952", studentID).isEmpty)  // day and month only: too little
        #expect(keys("Code permanent\nTREM 3102 09", studentID).isEmpty)  // 31 February
        #expect(keys("Code permanent\nTREM 1513 0912", studentID).isEmpty)  // month 13
        #expect(keys("TREM 1554 09", studentID).isEmpty)  // without the label, all four groups are needed
        // Its letters parted by a space, an O read as a zero.
        #expect(keys("| Permanent code: C LA011030896", studentID) == ["text.student-id.permanent-code"])
        #expect(keys("Code permanent : TR0M 1554 0912", studentID) == ["text.student-id.permanent-code"])
        #expect(keys("Code permanent : CLO} 2811 1865", studentID) == ["text.student-id.permanent-code"])  // J read "}"
        #expect(keys("Code permanent : T00M 1554 0912", studentID).isEmpty)  // two letters only
        #expect(keys("Code permanent : C}}M 1554 0912", studentID).isEmpty)  // two letters only
        #expect(keys("Code permanent : C LA0 1513 0912", studentID).isEmpty)  // month 13
    }

    @Test func districtPatternsWithAndWithoutLabels() throws {
        let labelled = StudentIDPattern(name: "pupil", regex: #"P-\d{5}"#, labels: ["pupil"])
        let anywhere = StudentIDPattern(name: "card", regex: #"QC\d{6}"#)
        let doc = TextDocument(plain: "Pupil P-12345\n\nBus P-54321\n\nQC123456")
        let found = StudentIDDetector.matches(in: doc, patterns: [labelled, anywhere]).filter { $0.key == "text.student-id.district" }
        #expect(found.map(\.evidence).sorted() == ["P-12345", "QC123456"])
        #expect(throws: TextSettingsError.invalidPattern(name: "bad")) {
            try TextCheckSettings(studentIDPatterns: [StudentIDPattern(name: "bad", regex: "([")]).validate()
        }
        let decoded = try JSONDecoder().decode(StudentIDPattern.self, from: Data(#"{"name":"n","regex":"\\d+","labels":["Élève"]}"#.utf8))
        #expect(decoded.labels == ["Élève"])
    }

    @Test(arguments: [
        "Final grade: A-", "Score: 17/20", "Note : 85 %", "Résultat : 42/50", "Math test 18/20", "Mark 92", "Grade: 88",
        "REPORT CARD", "Bulletin scolaire", "Relevé de notes", "Examen\n15/20", "Résultat : 36/59", "Score: 31/45",
        // A half mark's comma lost ("14,5/20" read "145/20").
        "Note finale | 145/20", "Grade: 4/5", "Note finale : A-", "Cote globale B+", "Final grade: C",
        "Final grade; B-", "Grade; 88",  // the colon read as a semicolon
        "Report Ca rd | 2025-2026", "Relevé de no tes", "Bul letin\n2e étape",  // a word OCR split in two (italics, tilts)
        "Report | Card | 2024-2025",  // an upright stroke read between the words
        "Note : 85 % en français", "Mark: 78% for the essay",  // a subject or a test after a mark
    ])
    func marks(_ text: String) {
        #expect(!keys(text, grade).isEmpty, "\(text)")
    }

    @Test(arguments: [
        "Grade 5 Science Fair", "5e année", "Classe de 2e année", "Bake sale 50% off", "Room 214", "Spring Concert May 14, 2025",
        "Bulletin board", "Bul letin board", "Grade 3 Art Show", "Score the goal!", "Page 3/10", "Gym 5\nRoom 12\nBus 14",
        "Score: 12/05/2025",
        "Note: 12/5", "Note finale | 1450/20", "Note finale | 345/20", "Test 145/100", "Grade 4/5 Open House", "Grades 5/6 Art Show",
        "Weather report\nCardinals 3", "Sport Card Swap", "Weather report | Cardinals 3", "Grade 6 spring concert\nSlide 19/20",
        // A share or a change, not a mark.
        "Results of the survey\n72 % of students walk to school", "Total raised: 85 %\nof our goal",
        "Our test scores rose 12 % this year", "Résultats : 45 % des élèves",
    ])
    func notMarks(_ text: String) {
        #expect(keys(text, grade).isEmpty, "\(text)")
    }

    @Test func gradeSheetIsNamesBesideAlignedMarks() {
        let sheet = TextDocument(plain: "Dictée du 12 mars\nMartin     85\nLambert    72\nDubois     91\nGirard     64")
        #expect(GradeDetector.matches(in: sheet).map(\.key) == ["text.grade.sheet"])
        let rooms = TextDocument(plain: "Room       12\nRoom       14\nRoom       16")
        #expect(GradeDetector.matches(in: rooms).isEmpty)
        // Marks as fractions and with a decimal comma; a fraction over its bottom is no mark.
        let fractions = TextDocument(plain: "Owen C.     13/20\nRaphaël D.  20/20\nAmélie F.   17,5/20")
        #expect(GradeDetector.matches(in: fractions).map(\.key) == ["text.grade.sheet"])
        let commas = TextDocument(plain: "Élève      Note\nMartin     17,5\nLambert    12,5\nDubois     9,5")
        #expect(GradeDetector.matches(in: commas).map(\.key) == ["text.grade.sheet"])
        let over = TextDocument(plain: "Martin     25/20\nLambert    31/20\nDubois     42/20")
        #expect(GradeDetector.matches(in: over).isEmpty)
        // A group or a piece of the name between a name and its mark; a word of three small letters
        // or more is running text (a seating plan: "Row 7, seat 17").
        let groups = TextDocument(plain: "Nom      Gr   Note\nMartin   4B   85\nThibau lt     72\nDubois   4C   91")
        #expect(GradeDetector.matches(in: groups).map(\.key) == ["text.grade.sheet"])
        let seats = TextDocument(plain: "Martin   seat 85\nLambert  seat 72\nDubois   seat 91")
        #expect(GradeDetector.matches(in: seats).isEmpty)
    }

    /// A table's heading says what its rows are: teams in standings, rooms in a timetable. A month
    /// and its day is a date; a seating plan's rows, chapters and exercises are not people; a number
    /// after "no" or "#" is a number of something, one after "h" a time's minutes.
    @Test func headingsDatesAndSeatsAreNotGradeSheets() {
        for table in [
            "Equipe     V  D  Pts\nLynx       6  9  12\nAigles     8  9  16\nCastors    5  9  10\nHuskies    2  6  4",
            "Atelier    Salle\nFrançais   10\nMaths      12\nSciences   28\nEPS        38",
            "Team       Room\nLambert    12\nMoreau     14\nDubois     16",
            "April      28\nMay        5\nJune       9\nJuillet    14", "Row 7\nRow 8\nSeat 12\nRangée 4",
            // A time's minutes, a number after "no", a chapter (scene seed 5's notice).
            "Chorale à 11 h 45\nChandail no 51\nChapitre 51", "Martin no 12\nLambert # 14\nDubois n° 9",
            "Chapitre 12\nLeçon 14\nExercice 9", "Jeudi      21\nVendredi   22\nLundi      25\nAujourd'hui 11",
        ] {
            #expect(GradeDetector.matches(in: TextDocument(plain: table)).isEmpty, "\(table)")
        }
        // The headings of a sheet of marks do not hide it.
        for sheet in [
            "Élève      Note\nMartin     85\nLambert    72\nDubois     91", "Student    Grade\nMartin     B-\nLambert    A\nDubois     C+",
        ] {
            #expect(GradeDetector.matches(in: TextDocument(plain: sheet)).map(\.key) == ["text.grade.sheet"], "\(sheet)")
        }
    }

    /// Names beside numbers alone are a sheet of marks only where a word says so (a heading "Note",
    /// "Score", a title "Dictée", "Math test"): the same columns are a team's jersey numbers, a
    /// reading challenge's books, birthdays, ages, lanes, a menu's prices (none of them flagged
    /// before 2026-12-07's probe of 29 such notices found 16 taken for sheets). Marks with "%", "/20"
    /// or letters need no word. "Grade" before a number is a level; "Cote" after a first name is the
    /// surname Côté, after "Élève" a heading.
    @Test func numbersAloneBesideNamesAreMarksOnlyWhereAWordSaysSo() {
        for notice in [
            "Junior Girls Basketball\nRoster\nEmma Tremblay  4\nChloé Gagnon  7\nMaya Singh  11\nOlivia Roy  15",
            "Reading Challenge\nBooks read this month\nEmma  12\nLiam  9\nNoah  15\nChloé  11",
            "Anniversaires du mois\nLéa  12\nHugo  18\nArthur  23\nJade  29", "Lunch menu\nPizza  3.50\nSoup  2.25\nSalad  4.00",
            "Spring Concert\nGrade 4 choir\nSophie Martin  piano  3\nLucas Girard  violin  5\nAva Chen  flute  8",
            "Cross-country\nMaya Singh  1\nOlivia Roy  2\nZoe Cote  3\nLea Morin  4",
            "Jersey numbers\nEthan Roy  #7\nLiam Chen  #12\nNoah Patel  #23",
        ] {
            let document = TextDocument(plain: notice.replacingOccurrences(of: "  ", with: "          "))
            #expect(GradeDetector.matches(in: document).isEmpty, "\(notice)")
        }
        for sheet in [
            "Dictée du 12 mars\nEmma  12\nLiam  9\nNoah  15", "Math test\nMaya Singh  71\nOlivia Roy  62\nLea Morin  84",
            "Élève  Cote\nMaya Singh  71\nOlivia Roy  62\nLea Morin  84", "Emma  12/20\nLiam  9/20\nNoah  15/20",
            "Emma  B+\nLiam  A\nNoah  C",
            "Maya Singh  71 %\nOlivia Roy  62 %\nLea Morin  84 %",
        ] {
            let document = TextDocument(plain: sheet.replacingOccurrences(of: "  ", with: "          "))
            #expect(GradeDetector.matches(in: document).map(\.key) == ["text.grade.sheet"], "\(sheet)")
        }
    }

    /// Words as read, at 90 confidence: (text, x, y, width, height, line, the line's angle).
    static func read(_ words: [(String, Int, Int, Int, Int, Int, Double?)]) -> TextDocument {
        TextDocument(
            RecognizedText(
                words: words.map {
                    RecognizedWord(
                        text: $0.0, confidence: 90, box: Region(x: $0.1, y: $0.2, width: $0.3, height: $0.4), line: $0.5, lineAngle: $0.6)
                }))
    }

    /// A sheet's rows run along its lines. Scene seed 9's notice at +6 to +12 degrees ("Rabais de
    /// 20 %", "Rabais de 11 %", "Chorale à 11 h 15"): rows sought at -10 degrees paired its words
    /// across its lines into a sheet. Scene seed 1's sheet at 17 degrees ("Name Class Score" over
    /// four names, groups and percentages), under a notice's "Art club on Tuesday": found along the
    /// slope the detector found its names at, and a lowercase "club" above it is no heading.
    @Test func aSheetsRowsRunAlongItsLines() {
        let notice = Self.read([
            ("Maure", 1853, 117, 137, 38, 0, -0.8), ("tone", 1799, 153, 55, 36, 1, -1.3), ("Cidode", 1859, 140, 101, 47, 1, -1.3),
            ("LR)", 1963, 150, 88, 29, 1, -1.3), ("Message", 1116, 369, 399, 192, 2, 9.8), ("dy", 1517, 450, 144, 129, 2, 9.8),
            ("matin", 1671, 479, 272, 132, 2, 9.8), ("Mercredi", 1113, 553, 731, 219, 3, 9.1), ("1", 1541, 614, 70, 142, 3, 9.1),
            ("mars", 1635, 637, 209, 135, 3, 9.1), ("Ye", 45, 774, 80, 114, 4, 10.7), ("in", 137, 790, 63, 112, 4, 10.7),
            ("ta", 206, 804, 114, 114, 4, 10.7), ("Rabais", 1051, 744, 683, 217, 5, 9.8), ("de", 1384, 793, 113, 161, 5, 9.8),
            ("20", 1504, 814, 114, 162, 5, 9.8), ("%", 1649, 839, 89, 158, 5, 9.8), ("Rabais", 1030, 952, 708, 191, 6, 6.4),
            ("de", 1383, 975, 104, 155, 6, 6.4), ("11", 1514, 990, 115, 156, 6, 6.4), ("%", 1657, 1007, 91, 152, 6, 6.4),
            ("we", 1387, 1055, 91, 80, 7, 0), ("LL", 1515, 1055, 95, 63, 7, 0), ("7", 1663, 1055, 68, 74, 7, 0),
            ("Devoirs", 941, 1135, 849, 232, 8, 7.6), ("pour", 1306, 1176, 225, 168, 8, 7.6), ("jeudi", 1514, 1215, 276, 152, 8, 7.6),
            ("Chorale", 925, 1309, 805, 272, 9, 11.5), ("à", 1284, 1373, 68, 150, 9, 11.5), ("11", 1366, 1390, 125, 162, 9, 11.5),
            ("h", 1504, 1417, 69, 150, 9, 11.5), ("15", 1599, 1437, 138, 165, 9, 11.5),
        ])
        #expect(GradeDetector.matches(in: notice).isEmpty)
        let sheet = Self.read([
            ("Field", 1965, 653, 141, 85, 0, 16.3), ("Trip", 2102, 698, 130, 91, 0, 16.3), ("Information", 2237, 731, 325, 141, 0, 16.3),
            ("Tuesday,", 1915, 755, 167, 90, 1, 16.6), ("September", 2085, 806, 199, 99, 1, 16.6), ("4", 2285, 866, 32, 38, 1, 16.6),
            ("Art", 1895, 833, 67, 50, 2, 16.6), ("club", 1965, 854, 84, 56, 2, 16.6), ("on", 2052, 892, 48, 34, 2, 16.6),
            ("Tuesday", 2103, 896, 160, 87, 2, 16.6), ("Learning", 1872, 894, 172, 90, 3, 17.3), ("goals", 2041, 943, 106, 73, 3, 17.3),
            ("Name", 1852, 977, 118, 65, 4, 16.6), ("Emile", 1831, 1034, 117, 76, 5, 18.5), ("Clarke", 1947, 1075, 127, 75, 5, 18.5),
            ("Class", 2187, 1078, 108, 60, 6, 15.8), ("Score", 2343, 1103, 134, 100, 6, 15.8), ("Clara", 1812, 1108, 104, 62, 7, 17.0),
            ("Bonnet", 1918, 1142, 136, 71, 7, 17.0), ("_402", 2132, 1122, 114, 88, 8, 13.2), ("67%", 2329, 1189, 89, 51, 8, 13.2),
            ("Xavier", 1793, 1175, 129, 70, 9, 17.4), ("Turcotte", 1920, 1215, 158, 78, 9, 17.4), ("|", 2089, 1248, 25, 62, 9, 17.4),
            ("|", 2113, 1189, 30, 68, 10, 13.6), ("4B", 2151, 1213, 56, 44, 10, 13.6), ("90%", 2267, 1247, 131, 88, 10, 13.6),
            ("Eloise", 1774, 1233, 121, 75, 11, 17.8), ("Bonnet", 1895, 1280, 136, 71, 11, 17.8), ("|", 2070, 1323, 34, 68, 11, 17.8),
            ("4B", 2110, 1343, 60, 48, 11, 17.8), ("|", 2111, 1256, 3, 7, 12, 13.8), ("501", 2129, 1277, 70, 49, 12, 13.8),
            ("|", 2237, 1290, 46, 68, 12, 13.8), ("53%", 2290, 1321, 89, 53, 12, 13.8), ("|", 2233, 1356, 43, 81, 13, 17.8),
            ("68%", 2269, 1368, 93, 96, 13, 17.8), ("_", 2357, 1395, 41, 76, 13, 17.8), ("Page", 1983, 1495, 81, 57, 14, 15.2),
            ("1", 2071, 1520, 19, 30, 14, 15.2),
        ])
        #expect(GradeDetector.matches(in: sheet).map(\.key).contains("text.grade.sheet"))
    }

    /// Each "%" of a list of percentages read as a digit, smaller than the number before it ("97 3";
    /// card set 59's list in Nimbus Mono PS Bold): the rows are percentages, no word needed.
    @Test func aPercentReadAsASmallDigitIsNoNumberAlone() {
        var words: [RecognizedWord] = []
        for (row, (name, mark)) in [("Fournier", "97"), ("Vachon", "86"), ("Dion", "92")].enumerated() {
            let y = 100 + row * 60
            words.append(RecognizedWord(text: name, confidence: 96, box: Region(x: 0, y: y, width: 150, height: 40), line: row))
            words.append(RecognizedWord(text: mark, confidence: 96, box: Region(x: 300, y: y, width: 60, height: 38), line: 10 + row))
            words.append(RecognizedWord(text: "3", confidence: 90, box: Region(x: 380, y: y + 5, width: 20, height: 25), line: 20 + row))
        }
        #expect(GradeDetector.matches(in: TextDocument(RecognizedText(words: words))).map(\.key) == ["text.grade.sheet"])
        // The same digit as high as the number is a number of its own.
        let level = words.map { w in
            var w = w
            if w.text == "3" { w.box = Region(x: 380, y: w.box.y - 5, width: 20, height: 38) }
            return w
        }
        #expect(GradeDetector.matches(in: TextDocument(RecognizedText(words: level))).isEmpty)
    }

    /// A word of a line the detector found running down the picture (letters read along a table's
    /// rule) is no name of a sheet's row, nor its mark.
    @Test(arguments: [(0.0, true), (3.5, true), (90.0, false), (-84.9, false)])
    func aSheetsCellsRunAlongItsRows(angle: Double, found: Bool) {
        var words = [RecognizedWord(text: "Score", confidence: 95, box: Region(x: 240, y: 40, width: 80, height: 30), line: 9)]
        for (row, (name, mark)) in [("Lambert", "83"), ("Moreau", "71"), ("Dubois", "63")].enumerated() {
            let y = 100 + row * 60
            words.append(
                RecognizedWord(text: name, confidence: 95, box: Region(x: 0, y: y, width: 120, height: 30), line: row, lineAngle: angle))
            words.append(
                RecognizedWord(text: mark, confidence: 95, box: Region(x: 250, y: y, width: 35, height: 30), line: 10 + row, lineAngle: 0))
        }
        #expect(GradeDetector.matches(in: TextDocument(RecognizedText(words: words))).isEmpty == !found)
    }

    /// A list of parents' phone numbers read in pairs is no sheet of marks (scene seed 4); a list of
    /// percentages with one sign read unsurely as a 9 ("749" for "74 %") still is (card set 60).
    @Test func phonesInPairsAreNoSheetAndAPercentReadAsANineIs() {
        let phones = "Agathe Fraser 01 26 55 65 82\nMaya Renaud 07 36 20 28 71\nNoah Clarke 06 12 34 56 78"
        #expect(GradeDetector.matches(in: TextDocument(plain: phones)).isEmpty)
        func list(_ confidence: Double) -> TextDocument {
            var words: [RecognizedWord] = []
            for (row, (first, last, mark)) in [("Jade", "Vachon", "93%"), ("Owen", "Clarke", "64%"), ("Victor", "Landry", "749")]
                .enumerated()
            {
                let y = 100 + row * 40
                words.append(RecognizedWord(text: first, confidence: 96, box: Region(x: 0, y: y, width: 80, height: 30), line: row))
                words.append(RecognizedWord(text: last, confidence: 96, box: Region(x: 90, y: y, width: 100, height: 30), line: row))
                words.append(
                    RecognizedWord(
                        text: mark, confidence: mark == "749" ? confidence : 94, box: Region(x: 210, y: y, width: 60, height: 30), line: row
                    ))
            }
            return TextDocument(RecognizedText(words: words))
        }
        #expect(GradeDetector.matches(in: list(52)).map(\.key) == ["text.grade.sheet"])
        #expect(GradeDetector.matches(in: list(91)).isEmpty)  // read surely: a number
    }

    /// Class lists write surnames in capitals; scoreboards and signs label their rows of numbers in
    /// capitals too.
    @Test func gradeSheetInCapitalsIsFoundAndScoreboardsAreNot() {
        let sheet = TextDocument(plain: "RÉSULTATS\nMARTIN     97\nGIRARD     59\nLAMBERT    91\nMOREAU     79")
        #expect(GradeDetector.matches(in: sheet).map(\.key) == ["text.grade.sheet"])
        let hyphenated = TextDocument(plain: "NOM        NOTE\nST-JEAN    14\nO'NEIL     12\nDUBOIS     17")
        #expect(GradeDetector.matches(in: hyphenated).map(\.key) == ["text.grade.sheet"])
        // Capitals read with little confidence: a page in another script read as Latin letters.
        var words: [RecognizedWord] = []
        for (row, (name, mark, confidence)) in [("TINA", "24", 34.0), ("DINTN", "D", 27), ("MINNONN", "91", 48)].enumerated() {
            words.append(RecognizedWord(text: name, confidence: 80, box: Region(x: 0, y: row * 40, width: 100, height: 30), line: row))
            words.append(
                RecognizedWord(text: mark, confidence: confidence, box: Region(x: 200, y: row * 40, width: 30, height: 30), line: row))
        }
        #expect(GradeDetector.matches(in: TextDocument(RecognizedText(words: words))).isEmpty)
        for board in [
            "HOME       42\nGUEST      38\nPERIOD      3", "Home       42\nVisitors   38\nQuarter     4",
            "GATE       12\nGATE       14\nTRACK       3", "EXIT        2\nROOM       12\nGYM         3",
        ] {
            #expect(GradeDetector.matches(in: TextDocument(plain: board)).isEmpty, "\(board)")
        }
    }

    /// A card's edge beside its marks read as a bar ("|") is no word after them: the sheet is found
    /// (light print on a dark card). Words after its marks still make running text.
    @Test func aBarAfterASheetsMarksIsNoWord() {
        func sheet(after: String) -> TextDocument {
            var words: [RecognizedWord] = []
            for (row, (name, mark)) in [("MOREAU", "72%"), ("MARTIN", "79%"), ("BERNARD", "86%"), ("DUBOIS", "76%")].enumerated() {
                let y = 100 + row * 45
                words.append(RecognizedWord(text: name, confidence: 96, box: Region(x: 0, y: y, width: 150, height: 35), line: row))
                words.append(RecognizedWord(text: mark, confidence: 90, box: Region(x: 280, y: y, width: 70, height: 30), line: row))
                words.append(RecognizedWord(text: after, confidence: 79, box: Region(x: 370, y: y - 5, width: 7, height: 45), line: row))
            }
            return TextDocument(RecognizedText(words: words))
        }
        #expect(GradeDetector.matches(in: sheet(after: "|")).map(\.key) == ["text.grade.sheet"])
        #expect(GradeDetector.matches(in: sheet(after: "off")).isEmpty)
    }

    @Test(arguments: [-0.15, 0.15])
    func aTiltedGradeSheetReadAsTwoColumnsIsFound(slope: Double) {
        // Names and marks read as two blocks (their own lines), the sheet turned about 9 degrees:
        // each mark is between its name's row and the next, read level.
        var words = [RecognizedWord(text: "Note", confidence: 95, box: Region(x: 240, y: 20, width: 60, height: 30), line: 20)]
        for (row, (name, mark)) in [("Lambert", "83"), ("Moreau", "71"), ("Dubois", "63"), ("Girard", "61")].enumerated() {
            let y = 100 + row * 60
            words.append(RecognizedWord(text: name, confidence: 95, box: Region(x: 0, y: y, width: 120, height: 30), line: row))
            words.append(
                RecognizedWord(
                    text: mark, confidence: 95, box: Region(x: 250, y: y + Int(slope * 250), width: 35, height: 30), line: 10 + row))
        }
        let document = TextDocument(RecognizedText(words: words))
        #expect(GradeDetector.matches(in: document).map(\.key) == ["text.grade.sheet"])
    }

    @Test(arguments: [
        ("Call us: (514) 555-0187", "text.personal-info.phone"), ("514-555-0187", "text.personal-info.phone"),
        ("Tél. : 06 12 34 56 78", "text.personal-info.phone"), ("+33 6 12 34 56 78", "text.personal-info.phone"),
        ("marie.tremblay@ecole.qc.ca", "text.personal-info.email"), ("E-mail: lucas.bernard@gmail. com", "text.personal-info.email"),
        ("famille landry@orange fr", "text.personal-info.email"), ("raphael.dion@out look. fr", "text.personal-info.email"),
        ("Courriel : lemieux.hugo35@ yahoo", "text.personal-info.email"), ("Parents 09°03 72°19 95", "text.personal-info.phone"),
        ("Jade Vachon D.0.B.: 02/24/2013", "text.personal-info.birth-date"),
        ("1234 Maple Street", "text.personal-info.address"),
        ("12, rue des Érables", "text.personal-info.address"), ("H2X 1Y4", "text.personal-info.address"),
        ("7 Elm Dr", "text.personal-info.address"),
        ("Born: March 4, 2012", "text.personal-info.birth-date"), ("Bom: October 15, 2019", "text.personal-info.birth-date"),
        ("Date de naissance : 04/03/2012", "text.personal-info.birth-date"),
        ("Date de naissance\n1510112016", "text.personal-info.birth-date"),  // both slashes read as ones
        ("DOB\n2012-03-04", "text.personal-info.birth-date"), ("4539 1488 0343 6467", "text.personal-info.card"),
        ("SIN 046 454 286", "text.personal-info.sin"), ("130 692 544", "text.personal-info.sin"),
        ("NAS: 046454286", "text.personal-info.sin"), ("SSN 123-45-6789", "text.personal-info.ssn"),
        ("SSN: 887- 16-7717", "text.personal-info.ssn"), ("Portable 09 70 58 O1 62", "text.personal-info.phone"),
        ("P<GBRUNITED<KINGDOM<TWENTY<SIX<<JODIE<PIPPA<", "text.personal-info.identity-document"),
    ])
    func personalInformation(_ text: String, _ key: String) {
        #expect(keys(text, personal).contains(key), "\(text): \(keys(text, personal))")
    }

    @Test(arguments: [
        "Spring Concert May 14, 2025", "Open House April 10", "Room 214", "4539 1488 0343 6468", "046 454 287", "Math Club Tuesday 3:30",
        "Price 12.50", "Grade 5 Science Fair", "000-12-3456", "WELCOME BACK", "Bus 12",
        "7 GPTL DR",  // a street name without a vowel: text in another script read as Latin letters
        "Follow us @school. Come in!", "Follow us @school on Instagram. Merci", "Photo @ gmail event", "D0B 2012", "Snacks @ free!",
        "Watch @ Live", "Famille Roy @ orange", "Bom dia 15 October 2019",
        "B<COFOUA01081130<",  // a permanent code read with two fillers: no machine-readable zone
        "Portable 09 70 58 OO OO",  // two zeros as letters: not a number read
        "Date de naissance\n3510112016", "Date de naissance\n1513112016",  // no day 35, no month 13
    ])
    func notPersonalInformation(_ text: String) {
        #expect(keys(text, personal).isEmpty, "\(text): \(keys(text, personal))")
    }

    /// An address's number is of one print with its street: a speck read small beside a street sign's
    /// "W", or a number far along the line, is no house number.
    @Test func anAddressNumberIsOfOnePrintWithItsStreet() {
        func line(_ words: [(String, x: Int, height: Int)]) -> TextDocument {
            let read = words.map {
                RecognizedWord(text: $0.0, confidence: 90, box: Region(x: $0.x, y: 100, width: 12 * $0.0.count, height: $0.height), line: 0)
            }
            return TextDocument(RecognizedText(words: read))
        }
        let sign = [("AW.", x: 62, height: 34), ("Yuyuan", x: 232, height: 32), ("Rd", x: 363, height: 26)]
        #expect(PersonalInfoDetector.matches(in: line([("315", x: 10, height: 34)] + sign)).map(\.key) == ["text.personal-info.address"])
        #expect(PersonalInfoDetector.matches(in: line([("3", x: 6, height: 9)] + sign)).isEmpty)  // too small
        #expect(PersonalInfoDetector.matches(in: line([("3", x: -100, height: 34)] + sign)).isEmpty)  // too far
        let rue = [("rue", x: 60, height: 14), ("Sherbrooke", x: 110, height: 20)]
        #expect(PersonalInfoDetector.matches(in: line([("12", x: 20, height: 20)] + rue)).map(\.key) == ["text.personal-info.address"])
        #expect(PersonalInfoDetector.matches(in: line([("12", x: 20, height: 6)] + rue)).isEmpty)
        // A tilted line: the long street name's box is twice the height of its print.
        let tilted = [("boul.", x: 130, height: 72), ("Saint-Joseph", x: 260, height: 142)]
        #expect(PersonalInfoDetector.matches(in: line([("2811", x: 10, height: 68)] + tilted)).map(\.key) == ["text.personal-info.address"])
        #expect(PersonalInfoDetector.matches(in: line([("2", x: 100, height: 20)] + tilted)).isEmpty)
        // Tesseract's box for one stroke of the number on a tilted card (8 x 18 px for "1514"): its
        // height tells nothing.
        let elm = [("Elm", x: 48, height: 40), ("Drive,", x: 84, height: 53)]
        let stroke = RecognizedWord(text: "1514", confidence: 96, box: Region(x: 0, y: 100, width: 8, height: 18), line: 0)
        let street = elm.map {
            RecognizedWord(text: $0.0, confidence: 96, box: Region(x: $0.x, y: 100, width: 30, height: $0.height), line: 0)
        }
        #expect(
            PersonalInfoDetector.matches(in: TextDocument(RecognizedText(words: [stroke] + street))).map(\.key) == [
                "text.personal-info.address"
            ])
        // A tilted line whose street words Tesseract boxed with parts of the lines around them
        // (independent set 50's "789 boul. René-Lévesque Ouest", "boul." boxed 110 px high for 43 px
        // of print): the lowest word of the line after the number says the print's height.
        func boulevard(_ numberHeight: Int) -> TextDocument {
            let boxes = [
                ("789", Region(x: 1230, y: 1592, width: 100, height: numberHeight)),
                ("boul.", Region(x: 1329, y: 1550, width: 162, height: 110)),
                ("René-Lévesque", Region(x: 1507, y: 1499, width: 411, height: 140)),
                ("Ouest", Region(x: 1931, y: 1498, width: 164, height: 64)),
            ]
            return TextDocument(
                RecognizedText(words: boxes.map { RecognizedWord(text: $0.0, confidence: 97, box: $0.1, line: 1, lineAngle: -6.6) }))
        }
        #expect(PersonalInfoDetector.matches(in: boulevard(53)).map(\.key) == ["text.personal-info.address"])
        #expect(PersonalInfoDetector.matches(in: boulevard(30)).isEmpty)
    }

    @Test func luhn() {
        #expect(TextPatterns.luhn("4539148803436467"))
        #expect(!TextPatterns.luhn("4539148803436468"))
        #expect(TextPatterns.luhn("046454286"))
    }

    @Test(arguments: [
        "CONFIDENTIAL", "Confidentiel", "Confidentie\\", "IEP meeting notes", "Plan d'intervention", "Dossier médical", "Do not distribute",
        "Plan d'inter vention 2024", "CONFI DENTIAL", "a onfidentiel",  // a word OCR split in two
        #"\EP meeting notes"#, "|EP meeting notes", "[EP MEETING NOTES",  // the I read as another stroke
        "FOR INTERNAL USE ONIX",  // "ONLY" misread
        "For in t erna iy us e only",  // a tilted line in pieces, its l read as two marks
        "Private & Confidentic",  // the last letters misread
        "or internal use ony",  // the F and the l of "only" lost
    ])
    func confidentialMarkers(_ text: String) {
        #expect(keys(text, confidential) == ["text.confidential.marker"], "\(text)")
    }

    @Test(arguments: [
        "Politique de confidentialité", "Welcome Back!", "Grade 5 Science Fair", "Kiep Street", "recipe", "Confidentiality policy",
        "Politique de confi dentialité", "STEP 2", "|| EP 4", "Kiep|EP", "Politique de c onfidentialité",
        "Internal use of calculators", "internal use on weekends",
    ])
    func notConfidentialMarkers(_ text: String) {
        #expect(keys(text, confidential).isEmpty, "\(text)")
    }

    @Test(arguments: [
        "EpiPen in the office", "ÉpiPen dans le sac à dos", "Epi-Pen", "Auto-injecteur d'épinéphrine", "Asthme : pompe dans le sac",
        "Asthma inhaler", "Allergy: peanuts", "Allergie : œufs et lait", "Allergie aux arachides", "Allergic to bee stings",
        "PAI : allergie aux arachides", "Diabète de type 1", "Insulin at lunch", "Épilepsie", "ADHD", "TDAH", "Dyslexie",
        "Médicaments : Ventolin", "Medication: 2 pm", "Projet d'accueil individualisé", "Autism support class",
        "ALLERGY ALERT: tree nuts", "Allergie alimentaire : gluten", "Allergie sévère aux noix", "Severe allergy to peanuts",
        // A table of pupils with a column of allergies or medicines.
        "Élève  Allergie  Mesure\nIsla Poirier  Piqûres d'abeille  Appeler le 911",
        "Student | Medication\nNoah Clarke  Ventolin at noon",
    ])
    func healthInformation(_ text: String) {
        #expect(Set(keys(text, confidential)) == ["text.confidential.health"], "\(text)")
    }

    @Test(arguments: [
        "Allergy awareness week", "Nut-free classroom", "École sans arachides", "Add 2 cups", "pai", "Pompe à vélo", "Medical room",
        "Allergies", "Médicaments", "Paint and paper", "Tsar", "Add your name", "Allergy Awareness Week: May 14",
        "Allergy season to start early",
        // A poster's title over its text, running text: no one named before a column.
        "ALLERGIES\nAsk before you share food", "Allergies are common\nThe nurse is in room 12",
        "Students with allergies must see\nThe nurse in room 12",
    ])
    func notHealthInformation(_ text: String) {
        #expect(keys(text, confidential).isEmpty, "\(text)")
    }

    @Test func rosterNamesTolerateOCRErrors() {
        let roster = ["Marie Tremblay", "William Côté"]
        func names(_ text: String) -> [String] {
            StudentNameDetector.matches(in: TextDocument(plain: text), roster: roster).map(\.evidence)
        }
        #expect(names("Hello, my name is\nMarie Tremblay") == ["Marie Tremblay"])
        #expect(names("Marie TrembIay") == ["Marie TrembIay"])  // l read as I
        #expect(names("Tremblay, Marie") == ["Tremblay, Marie"])
        #expect(names("William Cote") == ["William Cote"])
        #expect(names("Marie Curie").isEmpty)
        #expect(names("Marie | Tremblay") == ["Marie Tremblay"])
        #expect(names("Marie Trem blay") == ["Marie Trem blay"])  // a part read as two words
        #expect(names("Ma rie Tremblay") == ["Ma rie Tremblay"])
        #expect(names("Marie Trem bouchard").isEmpty)
        #expect(names("Marie Tre mb lay") == ["Marie Tre mb lay"])  // three words, in a part of six letters or more
        #expect(names("Ma r ie Tremblay").isEmpty)  // a one-letter piece
        // Lone letters among three pieces that spell a part of six letters or more exactly (italic
        // serif print parted at its joins); one letter off, or two pieces, not.
        #expect(names("Marie T rembla y") == ["Marie T rembla y"])
        #expect(names("Marie T remblo y").isEmpty)
        #expect(names("Marie T rembl y").isEmpty)
        #expect(names("Tremblay Mx ar ie").isEmpty)  // a part of five letters in three
        // Two pieces close, three exact: the closer (independent set 19, a line turned 13 degrees).
        #expect(
            StudentNameDetector.matches(in: TextDocument(plain: "Leb la nc, Eloise"), roster: ["Éloïse Leblanc"]).map(\.evidence) == [
                "Leb la nc, Eloise"
            ])
        // A short part one letter off, beside a long part read letter for letter; not both off.
        let short = ["Zoé Fortin", "Léa Roy", "Zoé Bergeron-Lavoie"]
        func shortNames(_ text: String) -> [String] {
            StudentNameDetector.matches(in: TextDocument(plain: text), roster: short).map(\.evidence)
        }
        #expect(shortNames("STUDENT OF THE MONTH ‘LOE FORTIN") == ["‘LOE FORTIN"])
        #expect(shortNames("Fortin Zoa") == ["Fortin Zoa"])
        #expect(shortNames("LOE FORTlN").isEmpty)
        #expect(shortNames("Lia Roy").isEmpty)
        // A long part one letter off vouches too; two letters off, not.
        #expect(shortNames("Loe Bergeron-Lavo/e") == ["Loe Bergeron-Lavo/e"])
        #expect(shortNames("Loe Bergerin-Lavo/e").isEmpty)
        // A lone letter OCR is unsure of (a speck between the words) does not part them; one it is sure of does.
        func read(_ middle: Double) -> [String] {
            let words = [("William", 95.0), ("y", middle), ("Côté", 90.0)].enumerated().map { i, w in
                RecognizedWord(text: w.0, confidence: w.1, box: Region(x: 100 * i, y: 0, width: 80, height: 20), line: 0)
            }
            return StudentNameDetector.matches(in: TextDocument(RecognizedText(words: words)), roster: roster).map(\.evidence)
        }
        #expect(read(0) == ["William Côté"])
        #expect(read(90).isEmpty)
        #expect(names("Marie").isEmpty)
        #expect(StudentNameDetector.matches(in: TextDocument(plain: "Marie Tremblay"), roster: []).isEmpty)
    }

    @Test func evidenceIsMaskedUnlessRevealed() {
        #expect(Evidence.mask("485920") == "48••••")
        #expect(Evidence.mask("a") == "a•")
        #expect(!Evidence.mask("marie.tremblay@ecole.qc.ca").contains("tremblay"))
        #expect(Evidence.show("485920", reveal: true) == "485920")
    }

    @Test func tiltedLinesAreJoined() {
        // "Numéro d'élève" then the number a little higher, as OCR splits a tilted line.
        let words = [
            RecognizedWord(text: "Numéro", confidence: 95, box: Region(x: 0, y: 40, width: 100, height: 24), line: 0),
            RecognizedWord(text: "d'élève", confidence: 95, box: Region(x: 110, y: 36, width: 90, height: 24), line: 0),
            RecognizedWord(text: "9361464", confidence: 95, box: Region(x: 210, y: 28, width: 100, height: 24), line: 1),
        ]
        let doc = TextDocument(RecognizedText(words: words))
        #expect(doc.lines.count == 1)
        let match = StudentIDDetector.matches(in: doc).first
        #expect(match?.box == Region(x: 0, y: 28, width: 310, height: 36))
    }

    /// A tilted line that OCR read as two lines, the label's box much higher than its print (the
    /// tilt times its width): independent set 27's "Spelling quiz | Grade: B-" (Nimbus Mono Bold
    /// turned 8 degrees) and "Born: 6 July 2013" (light on dark turned 10 degrees, the day read as
    /// a speck). Joined along the angle the text detector found the line at; without an angle the
    /// boxes' heights differ too much and stay apart.
    @Test(arguments: [-8.3, nil])
    func aTiltedLineReadAsTwoIsJoinedAlongItsAngle(_ angle: Double?) {
        let grade = [
            RecognizedWord(text: "B-", confidence: 86, box: Region(x: 2686, y: 1608, width: 132, height: 78), line: 1, lineAngle: angle),
            RecognizedWord(
                text: "Grade:", confidence: 96, box: Region(x: 2248, y: 1614, width: 366, height: 144), line: 2, lineAngle: angle),
        ]
        let document = TextDocument(RecognizedText(words: grade))
        #expect(document.lines.map(\.text) == (angle == nil ? ["B-", "Grade:"] : ["Grade: B-"]))
        #expect(GradeDetector.matches(in: document).map(\.key) == (angle == nil ? [] : ["text.grade.mark"]))
        let born = [
            RecognizedWord(text: "July", confidence: 96, box: Region(x: 1244, y: 1466, width: 250, height: 118), line: 1, lineAngle: -8.6),
            RecognizedWord(text: "2013", confidence: 97, box: Region(x: 1548, y: 1408, width: 246, height: 108), line: 1, lineAngle: -8.6),
            RecognizedWord(text: "a", confidence: 11, box: Region(x: 1127, y: 1528, width: 61, height: 55), line: 2, lineAngle: -26.5),
            RecognizedWord(text: "Born:", confidence: 96, box: Region(x: 752, y: 1555, width: 294, height: 107), line: 3, lineAngle: -9.6),
        ]
        let birth = TextDocument(RecognizedText(words: born))
        #expect(birth.lines.map(\.text) == ["Born: a July 2013"])
        #expect(PersonalInfoDetector.matches(in: birth).map(\.key) == ["text.personal-info.birth-date"])
    }

    /// A label of one word above its value on a card turned 13 degrees (independent set 21's
    /// "Matricule | 165445288", C059 Italic): the two boxes overlap by half, and the label's line
    /// has no tilt of its own but the one the text detector found it at.
    @Test(arguments: [12.9, nil])
    func aOneWordLabelAboveItsValueAtAnAngle(_ angle: Double?) {
        let words = [
            RecognizedWord(
                text: "Matricule", confidence: 92, box: Region(x: 1121, y: 2159, width: 244, height: 102), line: 0, lineAngle: angle),
            RecognizedWord(
                text: "165445288", confidence: 96, box: Region(x: 1107, y: 2209, width: 257, height: 92), line: 1, lineAngle: angle),
        ]
        let found = StudentIDDetector.matches(in: TextDocument(RecognizedText(words: words))).map(\.key)
        #expect(found == (angle == nil ? [] : ["text.student-id.labelled"]))
    }

    /// A label of two words above its value on a card turned 5 degrees (independent set 49's
    /// "Student ID | 2932817", URW Gothic, 27 px capitals): both words' boxes are as high as the
    /// tilt makes them, so their middles lie level and the value's box starts half a box below the
    /// label's top. The value is found below the label along the angle the text detector found the
    /// line at; without an angle the words' middles say the line is level, and the value, starting
    /// no lower than half the label's box, is not taken for the line beneath (the label alone on
    /// its line still heads the number as a column's heading: `StudentIDDetector.columns`).
    @Test(arguments: [5.0, nil])
    func aTwoWordLabelAboveItsValueAtAnAngle(_ angle: Double?) {
        let words = [
            RecognizedWord(
                text: "Student", confidence: 97, box: Region(x: 864, y: 912, width: 183, height: 58), line: 0, lineAngle: angle),
            RecognizedWord(text: "ID", confidence: 97, box: Region(x: 1003, y: 912, width: 46, height: 58), line: 0, lineAngle: angle),
            RecognizedWord(
                text: "2932817", confidence: 96, box: Region(x: 883, y: 941, width: 151, height: 52), line: 1,
                lineAngle: angle.map { $0 - 0.1 }),
        ]
        let document = TextDocument(RecognizedText(words: words))
        #expect(document.pairs.map(\.text) == (angle == nil ? [] : ["Student ID 2932817"]))
        #expect(StudentIDDetector.matches(in: document).map(\.key) == ["text.student-id.labelled"])
    }

    /// A label above its value beside a menu (scene seed 8's student portal, 3 degrees): the menu's
    /// "Assignments" is run on to "Student ID" level with it (a tilted line's steps), and the menu's
    /// "Library" is then beneath that joined line, closer than the number. The lines as read are
    /// paired too where joining changed them, so the label still has its value beneath it.
    @Test func aLabelAboveItsValueBesideAMenu() {
        func word(_ text: String, _ x: Int, _ y: Int, _ w: Int, _ h: Int, line: Int, angle: Double) -> RecognizedWord {
            RecognizedWord(text: text, confidence: 96, box: Region(x: x, y: y, width: w, height: h), line: line, lineAngle: angle)
        }
        let words = [
            word("Assignments", 289, 1149, 239, 50, line: 0, angle: 2.65), word("Student", 628, 1194, 183, 47, line: 1, angle: 3.02),
            word("ID", 842, 1206, 51, 39, line: 1, angle: 3.02), word("Library", 277, 1219, 153, 49, line: 2, angle: 4.82),
            word("40406858", 618, 1274, 215, 49, line: 3, angle: 3.16),
        ]
        let document = TextDocument(RecognizedText(words: words))
        #expect(document.lines.map(\.text).contains("Assignments Student ID"))
        #expect(document.pairs.map(\.text).contains("Student ID 40406858"))
        #expect(StudentIDDetector.matches(in: document).map(\.key) == ["text.student-id.labelled"])
    }

    /// A label's colon that OCR read as letters with little confidence (independent set 49's "No
    /// d'élève : 6216545", Nimbus Mono PS Bold turned 14 degrees, its colon read "oe" at 27): the
    /// number after it is still the label's. Read with confidence, the same letters are a word.
    @Test(arguments: [27.0, 90.0])
    func anUnsureMarkBetweenALabelAndItsNumber(_ confidence: Double) {
        let words = [
            RecognizedWord(
                text: "6216545", confidence: 96, box: Region(x: 3096, y: 340, width: 564, height: 224), line: 0, lineAngle: -14.2),
            RecognizedWord(
                text: "oe", confidence: confidence, box: Region(x: 2952, y: 478, width: 198, height: 121), line: 1, lineAngle: -13.69),
            RecognizedWord(text: "No", confidence: 90, box: Region(x: 2036, y: 716, width: 180, height: 122), line: 2, lineAngle: -14.4),
            RecognizedWord(
                text: "d'éléve", confidence: 88, box: Region(x: 2278, y: 538, width: 582, height: 238), line: 2, lineAngle: -14.4),
        ]
        let document = TextDocument(RecognizedText(words: words))
        #expect(document.lines.map(\.text) == ["No d'éléve oe 6216545"])
        let found = StudentIDDetector.matches(in: document).map(\.key)
        #expect(found == (confidence < 50 ? ["text.student-id.labelled"] : []))
    }

    /// A table's column under its student-number heading (scene set 2's "Élève | Matricule" over
    /// names and numbers, each heading read as a line of its own); not under "ID" alone, not a
    /// number far below or beside the heading.
    @Test(arguments: [
        ("Matricule", 1179, 539, true), ("ID", 1179, 539, false), ("Matricule", 1600, 539, false), ("Matricule", 1179, 900, false),
    ])
    func aNumberInTheColumnOfItsHeading(_ heading: String, _ y: Int, _ x: Int, _ found: Bool) {
        let words = [
            RecognizedWord(text: "Élève", confidence: 95, box: Region(x: 275, y: 1094, width: 77, height: 30), line: 0),
            RecognizedWord(text: heading, confidence: 95, box: Region(x: 544, y: 1130, width: 140, height: 32), line: 1),
            RecognizedWord(text: "Justine", confidence: 95, box: Region(x: 270, y: 1148, width: 97, height: 30), line: 2),
            RecognizedWord(text: "Robinson", confidence: 95, box: Region(x: 374, y: 1148, width: 129, height: 30), line: 2),
            RecognizedWord(text: "7907245", confidence: 95, box: Region(x: x, y: y, width: 119, height: 30), line: 2),
        ]
        let keys = StudentIDDetector.matches(in: TextDocument(RecognizedText(words: words))).map(\.key)
        #expect(keys == (found ? ["text.student-id.labelled"] : []))
    }

    /// A tilted table's heading read on to the line before it, a bar between (scene seed 4's "Hugo
    /// Fontaine | Matricule" over "| 7582417"): the part after the bar heads the column.
    @Test func aHeadingReadOnToTheLineBeforeIt() {
        let found = keys("Hugo Fontaine | Matricule\nTristan Charbonneau 7582417", studentID)
        #expect(found == ["text.student-id.labelled"])
        #expect(keys("Hugo Fontaine Matricule\nTristan Charbonneau 7582417", studentID).isEmpty)  // no bar: no heading
    }

    /// Slanted lines whose words Tesseract boxed over their neighbours' (independent set 19's "Ne pas
    /// diffuser", DejaVu Serif Italic turned 10 degrees, its last word boxed from the line's start;
    /// set 12's "Fiche de l'élève", C059 Italic turned 13 degrees, its first word boxed on to the
    /// last): words keep the order they were read in.
    @Test func wordsKeepTheOrderTheyWereReadIn() {
        let diffuser = [
            RecognizedWord(text: "Ne", confidence: 85, box: Region(x: 1785, y: 1300, width: 68, height: 64), line: 0),
            RecognizedWord(text: "pas", confidence: 96, box: Region(x: 1867, y: 1288, width: 55, height: 61), line: 0),
            RecognizedWord(text: "diffuser", confidence: 74, box: Region(x: 1785, y: 1260, width: 317, height: 103), line: 0),
        ]
        let doc = TextDocument(RecognizedText(words: diffuser))
        #expect(doc.lines.map(\.text) == ["Ne pas diffuser"])
        #expect(ConfidentialDetector.matches(in: doc).map(\.key) == ["text.confidential.marker"])
        let fiche = [
            RecognizedWord(text: "Fiche", confidence: 96, box: Region(x: 1030, y: 1179, width: 196, height: 80), line: 2),
            RecognizedWord(text: "de", confidence: 96, box: Region(x: 1090, y: 1194, width: 32, height: 43), line: 2),
            RecognizedWord(text: "l'élève", confidence: 93, box: Region(x: 1117, y: 1201, width: 80, height: 52), line: 2),
        ]
        #expect(TextDocument(RecognizedText(words: fiche)).lines.map(\.text) == ["Fiche de l'élève"])
    }

    /// A card's mark under its label, beside a large sign of the scene whose last word is a speck
    /// (an "I" read at 47 from its edge): the mark is not the sign's line run on, and pairs with
    /// its label (forms 113's gen-030, the card turned 7 degrees).
    @Test func aSpeckDoesNotRunALineOn() {
        let raw: [(line: Int, confidence: Double, x: Int, y: Int, width: Int, height: Int, text: String)] = [
            (0, 96, 2989, 1176, 91, 62, "Note"), (0, 95, 3086, 1186, 109, 67, "finale"), (1, 0, 2969, 1197, 208, 91, "13,5/20-"),
            (2, 96, 1686, 1178, 242, 268, "30"), (2, 54, 2136, 1108, 520, 308, "Conte"), (2, 45, 2720, 1030, 180, 222, "V1"),
            (2, 47, 2960, 1136, 54, 140, "I"),
        ]
        let words = raw.map {
            RecognizedWord(
                text: $0.text, confidence: $0.confidence, box: Region(x: $0.x, y: $0.y, width: $0.width, height: $0.height), line: $0.line)
        }
        let doc = TextDocument(RecognizedText(words: words))
        #expect(doc.lines.map(\.text) == ["Note finale", "13,5/20-", "30 Conte V1 I"])
        #expect(GradeDetector.matches(in: doc).map(\.key) == ["text.grade.mark"])
    }

    /// One line of large print read in two regions that each hold part of it (the words of
    /// session 9's miss): the first reading up to where the second starts, then the second. A
    /// reading that lies within another adds nothing to it.
    @Test func overlappingReadingsOfOneLineAreStitched() {
        func word(_ text: String, _ x: Int, _ width: Int, line: Int) -> RecognizedWord {
            RecognizedWord(text: text, confidence: 95, box: Region(x: x, y: 1556, width: width, height: 100), line: line)
        }
        let left = [
            word("ate", 624, 190, line: 8), word("de", 891, 124, line: 8), word("naissance", 1096, 589, line: 8),
            word(":", 1782, 16, line: 8), word("28/0", 1897, 257, line: 8),
        ]
        let right = [word("28/06/2013", 1898, 654, line: 5)]
        let doc = TextDocument(RecognizedText(words: right + left))
        #expect(doc.lines.map(\.text) == ["ate de naissance : 28/06/2013"])
        #expect(PersonalInfoDetector.matches(in: doc).map(\.key) == ["text.personal-info.birth-date"])
        // Apart, neither reading holds a date of birth.
        #expect(PersonalInfoDetector.matches(in: TextDocument(RecognizedText(words: left))).isEmpty)
        #expect(PersonalInfoDetector.matches(in: TextDocument(RecognizedText(words: right))).isEmpty)
        // A second reading of part of a line, within it: the lines stay as read.
        let inside = TextDocument(RecognizedText(words: left + [word("naissance", 1096, 589, line: 9)]))
        #expect(inside.lines.count == 2)
        // Where both readings hold a word, the fuller one is kept, whichever reading it is in.
        let cut = [
            word("Date", 400, 180, line: 2), word("de", 620, 100, line: 2), word("naissance", 760, 370, line: 2),
            word("17/09/2", 1170, 270, line: 2),
        ]
        let rest = [word("aissance", 800, 330, line: 3), word("17/09/2018", 1170, 400, line: 3)]
        #expect(TextDocument(RecognizedText(words: cut + rest)).lines.map(\.text) == ["Date de naissance 17/09/2018"])
        // Two lines of a tilted card, the second starting under the first at about its height: words
        // that are not readings of one another are two lines, not one line read twice.
        let card = [
            RecognizedWord(text: "Bienvenue", confidence: 96, box: Region(x: 100, y: 100, width: 300, height: 50), line: 0),
            RecognizedWord(text: "Thomas", confidence: 96, box: Region(x: 150, y: 130, width: 200, height: 50), line: 1),
            RecognizedWord(text: "Gagné", confidence: 96, box: Region(x: 370, y: 120, width: 190, height: 50), line: 1),
        ]
        let tilted = TextDocument(RecognizedText(words: card))
        #expect(tilted.lines.map(\.text) == ["Bienvenue", "Thomas Gagné"])
        #expect(StudentNameDetector.matches(in: tilted, roster: ["Thomas Gagné"]).map(\.evidence) == ["Thomas Gagné"])
    }

    /// A label above its value on a card tilted 11 degrees (the words of mixed-forms seed 23's
    /// gen-031, stop 41): the two lines' boxes overlap, the value's line lies below the label's run
    /// on along its tilt. Level lines that overlap so are one beside the other, not one beneath.
    @Test func aLabelAboveItsValueOnATiltedCard() {
        func word(_ text: String, _ x: Int, _ y: Int, _ width: Int, _ height: Int, line: Int) -> RecognizedWord {
            RecognizedWord(text: text, confidence: 96, box: Region(x: x, y: y, width: width, height: height), line: line)
        }
        let label = [
            word("Date", 842, 2076, 105, 66, line: 0), word("of", 954, 2098, 45, 39, line: 0), word("birth", 1002, 2107, 119, 68, line: 0),
        ]
        let value = [
            word("_19", 805, 2094, 96, 70, line: 1), word("August", 887, 2110, 165, 93, line: 1),
            word("2013", 1049, 2140, 106, 73, line: 1),
        ]
        let doc = TextDocument(RecognizedText(words: label + value))
        #expect(PersonalInfoDetector.matches(in: doc).map(\.key) == ["text.personal-info.birth-date"])
        let level = [
            word("Date", 842, 2090, 105, 40, line: 0), word("of", 954, 2090, 45, 40, line: 0), word("birth", 1002, 2090, 119, 40, line: 0),
        ]
        let beside = [
            word("19", 805, 2100, 96, 40, line: 1), word("August", 887, 2100, 165, 40, line: 1), word("2013", 1049, 2100, 106, 40, line: 1),
        ]
        #expect(TextDocument.lineBelow(0, [level, beside]) == nil)
        // Lines set close on a card tilted 10 degrees (forms seed 31's gen-017, stop 42): the value's
        // middle lies 39 px below the label's line, under half of the label's boxes (79 and 91 px
        // high, 13 and 20 px of it the tilt) but over half of its print.
        let close = [word("Note", 431, 2157, 91, 79, line: 0), word("finale", 531, 2169, 142, 91, line: 0)]
        let mark = [word("19,5/20", 423, 2188, 207, 109, line: 1)]
        #expect(TextDocument.lineBelow(0, [close, mark]) == 1)
        #expect(GradeDetector.matches(in: TextDocument(RecognizedText(words: close + mark))).map(\.key) == ["text.grade.mark"])
    }

    /// Two readings of one tilted line that agree on a long word ("453" is part of "453447744") and
    /// read a short word two ways ("NO." and "10.": the words of mixed-forms gen-046, stop 41): one
    /// line, the more confident short word kept. Short words that differ with nothing to agree on
    /// are two lines.
    @Test func readingsAgreeingOnALongWordMayDifferOnAShortOne() {
        func word(_ text: String, _ x: Int, _ y: Int, _ width: Int, _ confidence: Double, line: Int) -> RecognizedWord {
            RecognizedWord(text: text, confidence: confidence, box: Region(x: x, y: y, width: width, height: 102), line: line)
        }
        let cut = [
            word("STUDENT", 1788, 1432, 434, 95, line: 3), word("NO.", 2244, 1394, 158, 96, line: 3),
            word("453", 2426, 1352, 160, 96, line: 3),
        ]
        let rest = [word("10.", 2270, 1350, 134, 89, line: 1), word("453447744", 2424, 1286, 462, 96, line: 1)]
        let doc = TextDocument(RecognizedText(words: rest + cut))
        #expect(doc.lines.map(\.text) == ["STUDENT NO. 453447744"])
        #expect(StudentIDDetector.matches(in: doc).count == 1)
        let unanchored = [word("10.", 2270, 1380, 134, 89, line: 1), word("AB", 2424, 1386, 462, 96, line: 1)]
        #expect(TextDocument(RecognizedText(words: unanchored + cut)).lines.count == 2)
    }
}

@Suite("Text checks")
struct TextCheckTests {
    func asset(_ text: String, settings: TextCheckSettings = TextCheckSettings()) -> Asset {
        var a = Asset(path: "x.jpg", format: .jpeg, metadata: MediaMetadata(format: .jpeg), image: nil)
        a.text = RecognizedText(words: TextDocument(plain: text).words)
        a.textSettings = settings
        return a
    }

    @Test func findingsCarryMaskedEvidenceAndRegion() throws {
        let f = try #require(StudentIDTextCheck().findings(in: asset("Student ID: 4829175")).first)
        #expect(f.rule == "text.student-id")
        #expect(f.severity == .error)
        #expect(f.message.arguments == ["St••••••••"])
        #expect(f.region == Region(x: 0, y: 0, width: 190, height: 20))
        let en = Localizer(.en).render(f.message), fr = Localizer(.fr).render(f.message)
        #expect(!en.contains("4829175") && !fr.contains("4829175"))
        #expect(fr.contains("numéro d'élève"))
        let revealed = try #require(
            StudentIDTextCheck().findings(in: asset("Student ID: 4829175", settings: TextCheckSettings(revealText: true))).first)
        #expect(revealed.message.arguments == ["Student ID: 4829175"])
    }

    @Test func noTextNoFinding() {
        let a = Asset(path: "x.jpg", format: .jpeg, metadata: MediaMetadata(format: .jpeg), image: nil)
        for check in [
            StudentIDTextCheck.self, GradeTextCheck.self, PersonalInfoTextCheck.self, ConfidentialTextCheck.self, StudentNameTextCheck.self,
        ] as [any Check.Type] {
            #expect(check.init().findings(in: a).isEmpty)
        }
    }

    @Test func studentNameIsInactiveWithoutRoster() {
        #expect(StudentNameTextCheck().findings(in: asset("Marie Tremblay")).isEmpty)
        let found = StudentNameTextCheck().findings(in: asset("Marie Tremblay", settings: TextCheckSettings(roster: ["Marie Tremblay"])))
        #expect(found.map(\.rule) == ["text.student-name"])
        #expect(found.first?.severity == .warning)
    }

    @Test func everyTextMessageKeyHasEnglishAndFrench() {
        let keys = [
            "text.unavailable", "text.student-id.labelled", "text.student-id.permanent-code", "text.student-id.district", "text.grade.mark",
            "text.grade.report-card", "text.grade.sheet", "text.personal-info.phone", "text.personal-info.email",
            "text.personal-info.address",
            "text.personal-info.birth-date", "text.personal-info.card", "text.personal-info.sin", "text.personal-info.ssn",
            "text.personal-info.identity-document", "text.student-name.roster", "text.confidential.marker",
            "text.confidential.health",
        ]
        for key in keys {
            #expect(Localizer.catalogue[key]?[.en] != nil && Localizer.catalogue[key]?[.fr] != nil, "\(key)")
        }
    }
}
