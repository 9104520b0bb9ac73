import Foundation
import Testing
import VigieMedia
import VigieVision

@testable import VigieChecks

/// The same facts in the forms schools and families write them, in English and French: each form
/// must be found by its rule, and the look-alikes that are not personal must not.
@Suite("Text rules on written forms")
struct WrittenFormsTests {
    static func keys(_ text: String) -> Set<String> {
        let document = TextDocument(plain: text)
        let found =
            StudentIDDetector.matches(in: document) + GradeDetector.matches(in: document)
            + PersonalInfoDetector.matches(in: document)
        return Set(found.map { String($0.key.split(separator: ".").prefix(2).joined(separator: ".")) })
    }

    @Test(arguments: [
        "Student No. 4829175", "Student Number: 4829175", "STUDENT #: 4829175", "Student ID#4829175", "ID No. 4829175",
        "Pupil ID: 4829175", "Pupil number 4829175", "N° élève : 482917", "No élève 4829175", "Numéro élève : 4829175",
        "No d’étudiant : 4829175", "Numéro d'étudiant 4829175", "Code étudiant : 4829175", "Matricule élève : 4829175",
        "Identifiant élève : 4829175", "student id\n4829175", "STUDENT ID\n4829 175", "Code permanent\nTREM15540912",
        "Code permanent : TREM 1554 0912", "Student ID: S-4829175", "I.D. # 4829175", "Student I.D. 4829175",
        "ID étudiant : 4829175", "N° de fiche : 4829175", "Learner ID 4829175", "STUDENT NUMBER |\n3268556",
        "Student no. | 4829175", "Code permanent : BGNG1 7571491", "| Matricule ||\n| 808180", "Fiche de 1'éléve\nNo 7530601",
        // A card's edge or a speck read between the label and its number.
        "| Fiche de l'élève\n~ No 3203901", ". Fiche de l'élève ,\n. No 4896796",
    ])
    func studentIDs(_ text: String) {
        #expect(Self.keys(text).contains("text.student-id"), "\(text): \(Self.keys(text))")
    }

    @Test(arguments: [
        "Grade: A-", "GRADE: B+", "Note finale : 85 %", "Moyenne : 78,5 %", "Résultat: 17/20", "Score: 92/100", "Note : 15,5/20",
        "Cote : A", "Final: C", "Mark: 7/10", "Final Mark 88%", "Test 1 : 18/20", "Quiz 9/10", "Examen final : 78 %", "Évaluation : 16/20",
        "Final grade\nA-", "Note finale\n17/20", "Score\n92/100", "Grade 92%", "Bulletin de notes", "Report Card - Term 1",
        "Moyenne générale : 16,2/20", "NOTE : B", "Mark: 45 / 50", "Résultat 8 sur 10", "Score: 18 out of 20", "Average: 87.5%",
        // What OCR makes of a letter grade ending its line, or of a fraction's slash.
        "LETTER GRADE: Bt", "Note finale : At", "Your grade: Ax", "Test 2 : 85 %", "Quiz 3 - 90%", "Letter grade: À", "MARK: 10125",
        "Note : 8110",
        "RÉSULTAT DE L'EXAMEN\n22150",
        // Marks written one student a line.
        "Owen Clarke   90 %\nAmélie Fournier   88 %\nLily Hughes   92%", "Jade V. 19/20\nNora S. 20/20\nInès L. : 17/20",
        "Eva. 19/20\nGabriel H. 13/20\nOwen C. 12/20",
        // A quote read before a name, an initial read on to it.
        "Jade V. 20/20\nGabriel H. 16/20\n“Inés L. 18/20", "EvaC. 14/20\nNora S. 11/20\nRaphaél D. 17/20",
        "| Clara Bélanger _80 % \\\nEva Cormier 75 %\n| Hugo Lemieux 91 % '",  // a rule's stroke read on to a mark
        "Victor L. 19/20\nEva C. 12/20.\nLouis M. 15/20",  // a full stop read after a mark
        // One line in three read worse: a slash read as a 1, a capital read small.
        "Raphaël D. 19120\nGabriel H. 11/20\nEva C. 12/20", "mouis M. 13/20\nOwen C. 9/20\nInes L. 11/20",
        "Raphaél Dion 62%\nJade Vachon 63%\nEvaCormier 70%", "Adam R. 9/20\nJade V. 10/20\n“Eva €. 17/20",
        "| Quizscore 10/10",  // two grade words read as one
        // A small c, a qualified average, a zero read as a letter.
        "Your grade: c+ | Great work!", "Moyenne générale : 80", "Moyenne 19,5/2Q", "Average overall: 87",
    ])
    func grades(_ text: String) {
        #expect(Self.keys(text).contains("text.grade"), "\(text): \(Self.keys(text))")
    }

    @Test(arguments: [
        "Date of birth: 14 March 2012", "DATE OF BIRTH: 14 MAR 2012", "Born March 14th, 2012", "Birthday: 2012-03-14",
        "DOB: 14.03.2012", "D.O.B. 03/14/2012", "Né le 3 mars 2012", "Née le 1er avril 2011", "Date de naissance : 3 mars 2012",
        "DATE DE NAISSANCE\n12 SEPT. 2011", "Birth date: Mar. 14, 2012", "Date of birth: 14-Mar-2012", "DOB 14/Mar/2012",
        "Date of Birth: March 14 2012", "Naissance : 2012-03-14", "Birthdate: 14 March, 2012", "Né(e) le : 03/03/2012",
        "Date de naissance : 3 févr. 2012", "Date de naissance : 14 juil. 2012", "Date of birth\n14 March 2012",
        "DOB: 2012/03/14", "Birthday: Sept. 3rd 2012", "Date de naissance : 03-mars-2012", "born on the 14th of March 2012",
        "Date of birth: 14 Mar 12", "Néle 5 juin 2014",
        "Birthday / Anniversaire : 18 novembre 2018", "Né le 3 septembre 2012",
        // Slashes set apart, or italic ones read as strokes.
        "Date de naissance\n26 | 06 | 2010", "DOB: 26 / 06 / 2010", "Date of birth: 26|06|2010",
        // The D and O of "D.O.B." read as zeros, their dots read.
        "0.0.B.: 11/01/2015", "D.0.B. 11/01/2015",
        // A month and year of birth, or a day OCR could not read before them.
        "Born: July 2013", "Date de naissance : mars 2012", "Born: a July 2013", "DOB: Sept. 2011",
    ])
    func birthDates(_ text: String) {
        #expect(Self.keys(text).contains("text.personal-info"), "\(text): \(Self.keys(text))")
    }

    @Test(arguments: [
        "514.555.0187", "514 555 0187", "+1 514 555 0187", "+1-514-555-0187", "1 (514) 555-0187", "(514)555-0187",
        "06.12.34.56.78", "06 12 34 56 78", "+33 6 12 34 56 78", "+33 (0)6 12 34 56 78", "+33612345678", "Tél : 0612345678",
        "Tel: 5145550187", "Phone: 514-555-0187 ext. 234", "Cell: 514 555-0187", "+1 (514) 555-0187", "Phone\n514 555 0187",
        "+33 1 42 68 53 00", "0033 6 12 34 56 78", "+44 20 7946 0958", "+32 2 555 12 34", "Phone: 514 5550187",
        "Tél. : 06 60 103239", "Tel 06 1234 5678", "Cell. 514-5550187",
        // A French number's groups joined in part, with no label.
        "Parents\n03 70 819417", "0370 81 9417", "06.12 345678",
    ])
    func phones(_ text: String) {
        #expect(Self.keys(text).contains("text.personal-info"), "\(text): \(Self.keys(text))")
    }

    @Test(arguments: [
        "1234 Maple St.", "1234 MAPLE STREET", "221B Baker Street", "45 King St W", "12 Oak Ave.", "100 Main Blvd",
        "12 av des Pins", "12 av. des Pins", "1234 boul. Saint-Laurent", "5 bd Haussmann", "1234, rue Sherbrooke Est",
        "12 RUE DE LA PAIX", "10 Elm Pkwy", "33 Birch Cir.", "5 Cedar Ter", "77 Pine Pl", "12 Cedar Sq", "4 allée des Lilas",
        "15 chemin du Lac", "15 ch. du Lac", "Springfield, IL 62704", "Address\n1234 Maple Street", "Apt 4B, 1234 Maple Rd",
        "8 impasse des Roses", "7337, ¢ chemin du Lac", "12 | Maple Street", "3 place de la Mairie", "27 Willow Crescent", "9 Spruce Court",
        "56 Lakeshore Road East",
    ])
    func addresses(_ text: String) {
        #expect(Self.keys(text).contains("text.personal-info"), "\(text): \(Self.keys(text))")
    }

    @Test(arguments: [
        "Grade 5 Science Fair", "5e année", "Classe de 2e année", "Room 214", "Salle 112", "Jersey 23", "Class of 2024",
        "Bake sale 50% off", "Grade 7\n62% of our goal reached!", "Sale: 36% off\nNote to parents", "Spring Concert May 14, 2025",
        "Score the goal!", "Page 3/10", "HOME 3 GUEST 2", "Score: 3-2",
        "SCORE 21 - 14", "Final score 3 – 1", "Period 2", "Gym 5\nRoom 12\nBus 14", "Open House April 10", "Math Club Tuesday 3:30",
        "Test your knowledge!", "Quiz night 7 pm", "Grade 3 Art Show", "Local 204", "Concert le 14 mars 2025", "Class photo 2024-2025",
        "Grades 4-6", "Niveau 3", "No 12", "#23 BLAKE", "Bus 1234", "Room 1234 Floor 2", "Elementary 2023-2024",
        "Fun run 5 km", "Tickets $5", "Exit", "Open 8:30-15:30", "Call 911", "Route 132", "Highway 20",
        "Field trip April 4 2025", "Printed 2024-05-12", "Élèves de 6e année", "Total 45 points", "Terrain 3",
        "QUIZ BOWL FINALS F", "Basketball Finals B", "Tél. : 00 00 00 00 00", "0370819417", "0370 819417", "Nele 5 juin 2014",
        "Note : À compter du 3 mars", "Note : At the gym", "Final score: 1250", "Mark 2026", "Note : 1120 élèves",
        "Notes de cours\nSalle 2150", "Résultats\n2015",
        "Mme Tremblay 12\nM. Gagnon 14\nMme Roy 16", "Mrs Smith 101\nMr Jones 7\nMs Brown 12",
        "Room 12\nGym 3\nLocal 5", "Owen Clarke 90 % of the time\nAmélie Fournier 88 %\nLily Hughes 92%",
        "“Room 12\n‘Gym 3\n“Local 5", "GymA 12\nRoomB 14\nBusC 3",
        "Noah A.\nLiam B.\nEmma C.", "Martin 4120\nRoy 3125\nCôté 2150", "Raphaël D. 19120\nGabriel H. 11120\nEva C. 12/20",
        "mouis 13/20\nowen 9/20\nines 11/20", "Grade: c", "Score final : 3 - 1", "Moyenne d'âge : 12 ans",
        "Noah Roy A.\nLiam Gagné B.\nEmma Côté C.", "Opened: July 2013", "Born to run 2013",
        // Only one line of a list read whole; names in capitals glued like brands; symbols for names.
        "EvaCormier 70%\nJadeVachon 63%\nRaphaél Dion 62%", "PowerPoint 12\nYouTube 14\nWordPress 16", "€. 12\n$. 14\n&. 16",
        "Adam R. 9/20\n“Eva €. 17/20\nLéa €. 14/20",
        // Numbers set apart by strokes, a year among them, with no word of birth.
        "Scores | 26 | 06 | 2010", "Class of | 12 | 06 | 2024",
        // Zeros and a B that are no "D.O.B.".
        "Room 100.0.B 11/01/2015", "Lot 0.0.8 11/01/2015",
    ])
    func notPersonal(_ text: String) {
        #expect(Self.keys(text).isEmpty, "\(text): \(Self.keys(text))")
    }

    /// A student number written with leading zeros is no international phone number ("00" then a
    /// country code): nothing but the student number is found.
    @Test(arguments: ["Student No. 006158467", "Matricule : 0061584"])
    func studentNumbersAreNoPhones(_ text: String) {
        #expect(Self.keys(text) == ["text.student-id"], "\(text): \(Self.keys(text))")
    }
}
