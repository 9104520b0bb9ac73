import Foundation
import VigieMedia

/// `text.grade`: a mark or result visible in the picture.
///
/// Flags: "Grade: A+", "Score 85", "Note : 17/20", "85 %" or "42/50" on a line (or pair of lines)
/// holding a grade word (grade, mark, score, result, note, résultat, cote, test, exam...), report cards
/// (report card, bulletin, relevé de notes), grade sheets (three or more names in a column beside
/// aligned marks). Does not flag: grade levels ("Grade 5 science fair", "5e année"), "50% off", a
/// bulletin board, room lists.
public struct GradeTextCheck: Check {
    public static let rule = RuleDescription(
        id: "text.grade", defaultSeverity: .error,
        summary: [
            .en:
                "marks and results visible in the picture: letter grades, percentages or x/20, x/100 next to grade words (grade, score, note, résultat), report cards (report card, bulletin), grade sheets",
            .fr:
                "notes et résultats visibles dans l'image : notes en lettres, pourcentages ou x/20, x/100 près de mots de notation (grade, score, note, résultat), bulletins (report card, bulletin), feuilles de notes",
        ],
        source: [
            .en: "district: a photo must not show a grade",
            .fr: "district : une photo ne doit pas montrer de note",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        textFindings(in: asset) { GradeDetector.matches(in: $0) }
    }
}
