import Foundation
import VigieConsentModel
import VigieMedia

/// Which identifiable faces of a photo may stay in a publish-ready copy, decided by the people rules
/// (`people.no-consent`, `people.consent-revoked`, `people.personal-channel`) through the same
/// accounting: a face stays only when it belongs to a named person who may appear in this
/// publication. Everything else is redacted, failing closed:
/// - a face matched to a named face region stays when that person may appear;
/// - the other faces can be told apart by nobody: they stay only when every named person without a
///   face region may appear and there are no more of these faces than such people (under a reading
///   that needs consent); otherwise they are all redacted, since the one without consent could be
///   any of them.
public struct FaceRedactionPlan: Sendable, Equatable {
    /// A face left as it is, with the ledger id of the person it is taken to be (nil under a reading
    /// that needs no consent, where an unnamed face may stay).
    public struct KeptFace: Sendable, Equatable {
        public let region: Region
        public let person: String?
    }

    /// Identifiable faces to redact, in displayed pixels.
    public var redact: [Region] = []
    public var keep: [KeptFace] = []

    /// The plan for an asset whose faces were detected. Without people facts every identifiable face
    /// is redacted.
    public static func plan(_ asset: Asset) -> FaceRedactionPlan {
        let identifiable = asset.faces?.identifiable ?? []
        var plan = FaceRedactionPlan()
        guard let people = asset.people, let a = asset.accounting else {
            plan.redact = identifiable.map(\.region)
            return plan
        }
        let requiresConsent = people.policy.requiresConsent(in: people.context)
        let roles = Dictionary(people.namedPeople.map { ($0.person.id, $0.person.role) }, uniquingKeysWith: { first, _ in first })
        func mayAppear(_ id: String) -> Bool {
            // Whatever the consents say, a student never appears in media for a personal account.
            if people.channel == .personal && roles[id] == .student { return false }
            // A withdrawn consent or an opt-out leaves `consented` (see FaceAccounting).
            return requiresConsent ? a.consented.contains(id) : !a.optedOut.contains(id)
        }
        for (index, face) in identifiable.enumerated() {
            guard let owner = a.owners[index] else { continue }
            if mayAppear(owner) { plan.keep.append(KeptFace(region: face.region, person: owner)) } else { plan.redact.append(face.region) }
        }
        let others = a.unmatchedFaces
        let namedMayAppear = a.peopleWithoutArea.allSatisfy(mayAppear)
        let keepOthers = requiresConsent ? namedMayAppear && others.count <= a.peopleWithoutArea.count : namedMayAppear
        for (k, index) in others.enumerated() {
            let region = identifiable[index].region
            if keepOthers {
                plan.keep.append(KeptFace(region: region, person: requiresConsent ? a.peopleWithoutArea[k] : nil))
            } else {
                plan.redact.append(region)
            }
        }
        // A face the school asked to blur goes, whoever it is and whatever the consents say.
        let blur = people.description.faceChoices.filter { $0.action == .blur }
        if let size = asset.displaySize, !blur.isEmpty {
            let (w, h) = (size.width, size.height)
            let chosen = plan.keep.filter { face in blur.contains { $0.matches(face.region, width: w, height: h) } }
            plan.keep.removeAll { face in chosen.contains(face) }
            plan.redact += chosen.map(\.region)
        }
        return plan
    }

    /// What a redacted copy says about who is in it: only the kept people, each with the face region
    /// of their kept face in the copy (`scale`: copy pixels per original displayed pixel). The copy is
    /// checked again against this: any other identifiable face in it is unknown and blocks.
    public func copyDescription(of original: PeopleContext, scale: Double, copyWidth: Int, copyHeight: Int) -> PhotoDescription {
        var description = PhotoDescription()
        let w = Double(max(copyWidth, 1)), h = Double(max(copyHeight, 1))
        for face in keep {
            guard let id = face.person else { continue }
            let r = face.region
            let area = UnitRect(
                x: Double(r.x) * scale / w, y: Double(r.y) * scale / h, width: Double(r.width) * scale / w,
                height: Double(r.height) * scale / h)
            // A region named by the ledger id: `LedgerSnapshot.person(named:)` resolves ids and names alike.
            description.metadata.tags.append(PersonTag(name: id, source: .mwgRegion, area: area))
        }
        description.context = original.context
        description.channel = original.channel
        // Faces the school took as not identifiable stay so in the copy (areas are fractions of the
        // picture, which the copy frames the same way).
        description.faceChoices = original.description.faceChoices.filter { $0.action == .ignore }
        return description
    }
}
