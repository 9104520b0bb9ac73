import Foundation
import VigieMedia

/// `text.confidential`: a confidentiality marker, or a pupil's health, visible in the picture.
///
/// Flags: confidential, confidentiel(le), IEP, plan d'intervention, individualised education plans,
/// medical records, diagnosis, "do not distribute", "usage interne"; health terms (allergies as a
/// fact about someone, an EpiPen, asthma, ADHD, PAI...: `ConfidentialDetector.health`). The caption
/// rule `caption.sensitive-group` keeps its own list of conditions: a caption singling out a group.
/// Does not flag: "Politique de confidentialité", "Allergy awareness week", ordinary signs.
public struct ConfidentialTextCheck: Check {
    public static let rule = RuleDescription(
        id: "text.confidential", defaultSeverity: .warning,
        summary: [
            .en: "confidential markers: confidential/confidentiel, IEP, plan d'intervention, medical terms",
            .fr: "mentions de confidentialité : confidentiel, IEP, plan d'intervention, termes médicaux",
        ],
        source: [
            .en: "district: no confidential records",
            .fr: "district : aucun dossier confidentiel",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        textFindings(in: asset) { ConfidentialDetector.matches(in: $0) }
    }
}
