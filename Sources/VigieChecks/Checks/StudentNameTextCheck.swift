import Foundation
import VigieMedia

/// `text.student-name`: a name from the roster read in the picture.
///
/// Flags: every part of a roster name on consecutive words, in either order ("Marie Tremblay",
/// "Tremblay, Marie"), each within one OCR error (two for long names). Inactive without a roster.
/// Does not flag: a first name alone, a name that is not on the roster.
public struct StudentNameTextCheck: Check {
    public static let rule = RuleDescription(
        id: "text.student-name", defaultSeverity: .warning,
        summary: [
            .en: "a name from the roster visible in the picture (name tags, desk labels, whiteboards)",
            .fr: "un nom de la liste des élèves visible dans l'image (porte-noms, étiquettes de pupitre, tableaux)",
        ],
        source: [
            .en: "district: no confidential information about students",
            .fr: "district : aucune information confidentielle sur les élèves",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        textFindings(in: asset) { StudentNameDetector.matches(in: $0, roster: asset.textSettings.roster ?? []) }
    }
}
