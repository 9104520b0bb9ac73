import Foundation
import VigieMedia

/// `text.personal-info`: personal information visible in the picture.
///
/// Flags: North American (514-555-0199, (514) 555-0199) and French (06 12 34 56 78, +33 6 12 34 56 78)
/// phone numbers, e-mail addresses, street addresses ("1234 Maple Street", "12, rue des Érables",
/// Canadian postal codes), dates next to birth words (born, DOB, né le, date de naissance), card
/// numbers of 13-19 digits passing Luhn, Canadian SINs passing Luhn, US SSNs.
/// Does not flag: event dates, room numbers, prices, a 16-digit number failing Luhn.
public struct PersonalInfoTextCheck: Check {
    public static let rule = RuleDescription(
        id: "text.personal-info", defaultSeverity: .error,
        summary: [
            .en:
                "personal information visible in the picture: phone numbers, e-mail addresses, street addresses, dates of birth, card numbers (Luhn), social insurance or security numbers (checksums where they exist)",
            .fr:
                "renseignements personnels visibles dans l'image : numéros de téléphone, adresses courriel, adresses postales, dates de naissance, numéros de carte (Luhn), numéros d'assurance sociale ou de sécurité sociale (avec leur clé de contrôle)",
        ],
        source: [
            .en: "board guide 3; district: no personal information about students or families",
            .fr: "commission, guide 3 ; district : aucun renseignement personnel sur les élèves ou leurs familles",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        textFindings(in: asset) { PersonalInfoDetector.matches(in: $0) }
    }
}
