import Foundation
import VigieConsentModel
import VigieMedia

/// `tags.unauthorised`: a person tag (IPTC PersonInImage, named MWG or Microsoft face regions,
/// keywords or manifest tags naming roster people) without that person's authorisation to be tagged
/// on record: a consent in force on the day of publication, with tagging authorised, for the channel.
/// Names that match nobody in the ledger, and any person tag when no ledger is configured, have no
/// authorisation on record and are flagged too (fail closed). `vigie clean` removes embedded tags.
public struct UnauthorisedTagCheck: Check {
    public static let rule = RuleDescription(
        id: "tags.unauthorised", defaultSeverity: .error,
        summary: [
            .en:
                "a person tag (IPTC PersonInImage, MWG or Microsoft face regions, keywords or manifest tags naming roster people) without that person's authorisation to be tagged",
            .fr:
                "une identification de personne (IPTC PersonInImage, régions de visage MWG ou Microsoft, mots-clés ou étiquettes du manifeste nommant des personnes du registre) sans l'autorisation de cette personne",
        ],
        source: [
            .en: "district: never tag students, parents, staff, volunteers or contractors without their prior authorisation",
            .fr: "district : ne jamais identifier élèves, parents, personnel, bénévoles ou fournisseurs sans leur autorisation préalable",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard let people = asset.people else { return [] }
        let explicitTags = people.description.metadata.tags.filter { $0.source != .keyword }
        guard let ledger = people.ledger else {
            return explicitTags.isEmpty ? [] : [finding("tags.unauthorised.no-ledger", [String(Set(explicitTags.map(\.name)).count)])]
        }
        let named = people.namedPeople.filter { $0.source != "manifest" }
        // A tag may name a person by name (any case, any accents) or by ledger id (as written).
        let unknown = Set(explicitTags.filter { ledger.person(named: $0.name) == nil }.map { LedgerSnapshot.foldName($0.name) })
        var unauthorised = Set<String>()
        for (person, _, _) in named {
            let allowed = ledger.consents(of: person.id).contains {
                $0.kind == .consent && $0.tagging && $0.isInForce(on: people.day) && $0.channels.contains(people.channel)
            }
            if !allowed { unauthorised.insert(person.id) }
        }
        guard !unauthorised.isEmpty || !unknown.isEmpty else { return [] }
        return [finding("tags.unauthorised", [String(unauthorised.count + unknown.count), String(unknown.count)])]
    }
}
