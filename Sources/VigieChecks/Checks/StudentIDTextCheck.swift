import Foundation
import VigieMedia

/// `text.student-id`: a student identification number visible in the picture.
///
/// Flags: a number of at least five digits after a label (Student ID, ID, ID #, No d'élève, numéro
/// d'élève, matricule, fiche, code permanent) on the same line or the line beneath; a Quebec permanent
/// code (4 capitals, then DDMMYY with 50 added to girls' months, then 2 digits) whose date is real;
/// a district pattern from the configuration, after one of its label words when it has some.
/// Does not flag: "ID card", "Fiche 3", a permanent-code shape with an impossible date (month 13).
public struct StudentIDTextCheck: Check {
    public static let rule = RuleDescription(
        id: "text.student-id", defaultSeverity: .error,
        summary: [
            .en:
                "student identification numbers visible in the picture: labelled numbers (Student ID, ID #, No d'élève, matricule, fiche), Quebec permanent codes (4 letters + 8 digits with a plausible birth date), district-configured patterns",
            .fr:
                "numéros d'identification d'élèves visibles dans l'image : numéros étiquetés (Student ID, ID #, No d'élève, matricule, fiche), codes permanents du Québec (4 lettres + 8 chiffres avec une date de naissance plausible), motifs configurés par le district",
        ],
        source: [
            .en: "district: a photo must not show a student ID number",
            .fr: "district : une photo ne doit pas montrer de numéro d'identification d'élève",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        textFindings(in: asset) { StudentIDDetector.matches(in: $0, patterns: asset.textSettings.studentIDPatterns) }
    }
}
