import Foundation
import VigieConsentModel

/// `people.personal-channel`: a student named in media meant for a personal account
/// (`--channel personal` or the manifest's channel). Whatever the consents say: the district forbids it.
public struct PersonalChannelCheck: Check {
    public static let rule = RuleDescription(
        id: "people.personal-channel", defaultSeverity: .error,
        summary: [
            .en: "a student pictured in media meant for a personal account",
            .fr: "un élève présent dans un média destiné à un compte personnel",
        ],
        source: [
            .en: "district: never use photos of students on personal social media",
            .fr: "district : ne jamais utiliser de photos d'élèves sur des médias sociaux personnels",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard let people = asset.people, people.channel == .personal else { return [] }
        let students = Set(people.namedPeople.filter { $0.person.role == .student }.map(\.person.id))
        return students.isEmpty ? [] : [finding("people.personal-channel", [String(students.count)])]
    }
}
