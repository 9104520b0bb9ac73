import Foundation
import VigieConsentModel

/// `people.consent-revoked`: a person named in the photo withdrew their consent (on or before the day
/// of publication) and no other consent of theirs covers it. Also what `vigie audit` looks for in
/// media already published.
public struct RevokedConsentCheck: Check {
    public static let rule = RuleDescription(
        id: "people.consent-revoked", defaultSeverity: .error,
        summary: [
            .en: "consent was withdrawn after the photo was cleared, also for media already published",
            .fr: "le consentement a été retiré après l'autorisation de la photo, y compris pour les médias déjà publiés",
        ],
        source: [.en: "privacy law: consent can be withdrawn", .fr: "loi sur la vie privée : le consentement peut être retiré"])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard let people = asset.people, let ledger = people.ledger else { return [] }
        var revoked = Set<String>()
        for (person, _, _) in people.namedPeople {
            let consents = ledger.consents(of: person.id)
            let covered = consents.contains { $0.covers(channel: people.channel, context: people.context, on: people.day) }
            if ledger.withdrew(person.id, by: people.day) && !covered { revoked.insert(person.id) }
        }
        return revoked.isEmpty ? [] : [finding("people.consent-revoked", [String(revoked.count)])]
    }
}
