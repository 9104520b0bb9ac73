import Foundation
import VigieConsentModel
import VigieMedia

/// Who the identifiable faces of a photo are, as far as the school's records say: faces matched to
/// named face regions by overlap, then the other people the photo names, then unknown faces.
struct FaceAccounting {
    /// Named people in the photo (ledger people), with whether a consent covers this publication.
    var consented: Set<String> = []
    var notConsented: [Person] = []
    var optedOut: Set<String> = []
    /// Identifiable faces no named person accounts for.
    var unknown = 0
    var faces = 0
    /// Per identifiable face (in `asset.faces.identifiable` order): true when it is known to be a
    /// person whose consent covers this publication. Unknown faces are false (fail closed).
    var faceConsented: [Bool] = []
    /// Identifiable faces (indices into `asset.faces.identifiable`) matched to a named person's face region.
    var owners: [Int: String] = [:]
    /// Named people without a face region matching a face, and the faces left for them (and for unknown people).
    var peopleWithoutArea: [String] = []
    var unmatchedFaces: [Int] = []

    init(_ asset: Asset, _ people: PeopleContext) {
        let identifiable = asset.faces?.identifiable ?? []
        faces = identifiable.count
        // A keyword that names a roster person counts too: the ledger resolves ids and names alike.
        let named = people.namedPeople
        var byPerson: [String: (person: Person, area: UnitRect?)] = [:]
        for entry in named where byPerson[entry.person.id]?.area == nil {
            byPerson[entry.person.id] = (entry.person, entry.area ?? byPerson[entry.person.id]?.area)
        }
        let ledger = people.ledger
        for (id, entry) in byPerson {
            let consents = ledger?.consents(of: id) ?? []
            if consents.contains(where: { $0.kind == .optOut && $0.isInForce(on: people.day) }) { optedOut.insert(id) }
            if consents.contains(where: { $0.covers(channel: people.channel, context: people.context, on: people.day) })
                && !optedOut.contains(id)
            {
                consented.insert(id)
            } else {
                notConsented.append(entry.person)
            }
        }
        // Faces matched to a named region (intersection over union at least 0.3) belong to that person;
        // the other named people account for as many of the remaining faces; the rest are unknown.
        guard let size = asset.displaySize, faces > 0 else { return }
        let w = Double(max(size.width, 1)), h = Double(max(size.height, 1))
        var remaining = identifiable.map {
            UnitRect(
                x: Double($0.region.x) / w, y: Double($0.region.y) / h, width: Double($0.region.width) / w,
                height: Double($0.region.height) / h)
        }
        var remainingIndex = Array(remaining.indices)
        // In id order, so that which face a region claims does not depend on dictionary order.
        for (id, entry) in byPerson.sorted(by: { $0.key < $1.key }) {
            if let area = entry.area, let best = remaining.indices.max(by: { remaining[$0].overlap(area) < remaining[$1].overlap(area) }),
                remaining[best].overlap(area) >= 0.3
            {
                owners[remainingIndex[best]] = id
                remaining.remove(at: best)
                remainingIndex.remove(at: best)
            } else {
                peopleWithoutArea.append(id)
            }
        }
        unmatchedFaces = remainingIndex
        unknown = max(0, remaining.count - peopleWithoutArea.count)
        // Per face, whether it is known to be a person whose consent covers this publication: a face
        // a region claims is its person's; the others are someone's only when the named people
        // account for all of them, and consented only when every one of those people is.
        faceConsented = (0..<faces).map { owners[$0].map(consented.contains) ?? false }
        if unknown == 0 && peopleWithoutArea.allSatisfy(consented.contains) {
            for face in unmatchedFaces { faceConsented[face] = true }
        }
    }
}

/// `people.no-consent`: in a context that requires it, every identifiable face must belong to a
/// person the photo names (manifest, tags, named face regions) whose written consent covers the
/// channel, the context and the day of publication. Identifiable faces beyond the named people are
/// unknown and block the photo; so does any named student without such a consent. Under the district
/// reading (`--policy district`), events, sports, performances and outdoor photos need no consent, but
/// a named person's opt-out still blocks. A photo without an identifiable face has nobody to consent. Staff and volunteers are `people.colleague`'s. Without a
/// ledger no consent is on record: identifiable faces block (fail closed).
public struct NoConsentCheck: Check {
    public static let rule = RuleDescription(
        id: "people.no-consent", defaultSeverity: .error,
        summary: [
            .en:
                "an identifiable person (a face that is large and sharp enough to recognise) whose written consent for this channel, context and date is not on record; unknown identifiable faces count as not consented",
            .fr:
                "une personne identifiable (un visage assez grand et net pour être reconnu) dont le consentement écrit pour ce canal, ce contexte et cette date n'est pas enregistré ; les visages identifiables inconnus comptent comme sans consentement",
        ],
        source: [
            .en:
                "district: no classroom images of students without written parental consent; board guide 6: ask the people in the picture, or the parents of students, before publishing",
            .fr:
                "district : aucune image d'élèves en classe sans le consentement écrit des parents ; guide du centre de services, 6 : demander aux personnes photographiées, ou aux parents des élèves, avant de publier",
        ])

    public init() {}

    /// For each identifiable face of `asset` (in `asset.faces.identifiable` order), whether it is known
    /// to be a person whose consent covers this publication; all false without a ledger or a description.
    public static func consentedFaces(in asset: Asset) -> [Bool] {
        let count = asset.faces?.identifiable.count ?? 0
        guard let a = asset.accounting else { return Array(repeating: false, count: count) }
        return a.faceConsented.count == count ? a.faceConsented : Array(repeating: false, count: count)
    }

    public func findings(in asset: Asset) -> [Finding] {
        guard let people = asset.people, let a = asset.accounting else { return [] }
        // Nobody is identifiable without an identifiable face (a back, hands, faces too small).
        guard a.faces > 0 else { return [] }
        // Withdrawn consents are `people.consent-revoked`'s, not reported twice.
        let revoked = Set(a.notConsented.map(\.id).filter { people.ledger?.withdrew($0, by: people.day) == true })
        let students = a.notConsented.filter {
            $0.role != .staff && $0.role != .volunteer && $0.role != .contractor && !revoked.contains($0.id)
        }
        if !people.policy.requiresConsent(in: people.context) {
            // Only an opt-out blocks here.
            return a.optedOut.isEmpty ? [] : [finding("people.no-consent.opted-out", [String(a.optedOut.count)])]
        }
        guard a.unknown > 0 || !students.isEmpty || !a.optedOut.isEmpty else { return [] }
        return [finding("people.no-consent", [String(a.faces), String(a.consented.count), String(a.unknown), String(students.count)])]
    }
}

/// `people.colleague`: a staff member, volunteer or contractor the photo names without a consent on
/// record for this publication (warning: ask them first).
public struct ColleagueCheck: Check {
    public static let rule = RuleDescription(
        id: "people.colleague", defaultSeverity: .warning,
        summary: [
            .en: "an identifiable staff member or volunteer without their permission on record",
            .fr: "un membre du personnel ou un bénévole identifiable sans sa permission enregistrée",
        ],
        source: [
            .en: "district: ask colleagues before posting their photos",
            .fr: "district : demander aux collègues avant de publier leur photo",
        ])

    public init() {}

    public func findings(in asset: Asset) -> [Finding] {
        guard let people = asset.people, people.ledger != nil, let a = asset.accounting else { return [] }
        let colleagues = a.notConsented.filter { $0.role == .staff || $0.role == .volunteer || $0.role == .contractor }
        return colleagues.isEmpty ? [] : [finding("people.colleague", [String(colleagues.count)])]
    }
}
