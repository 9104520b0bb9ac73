import Foundation
import Testing
import VigieConsent
import VigieConsentModel
import VigieKit
import VigieMedia

@testable import VigieChecks

let roster = [
    Person(id: "S1", name: "Alice Martin", role: .student, group: "5A"),
    Person(id: "S2", name: "Benoît Tremblay", role: .student, group: "5A"),
    Person(id: "T1", name: "Claire Roy", role: .staff, group: nil),
]

func consent(_ person: String, tagging: Bool = true, channels: Set<Channel> = Set(Channel.allCases), revokedOn: String? = nil) -> Consent {
    Consent(
        person: person, kind: .consent, signedBy: "Parent", signedOn: Day("2026-09-01")!, channels: channels,
        contexts: Set(PhotoContext.allCases),
        tagging: tagging, revokedOn: revokedOn.flatMap(Day.init))
}

/// An asset with no pixels and the given description, ledger and channel.
func asset(
    people: [String] = [], tags: [String] = [], xmpNames: [String] = [], caption: String? = nil, ledger: [Consent]? = [],
    channel: Channel? = nil, metadata: MediaMetadata = MediaMetadata(format: .jpeg)
) -> Asset {
    var d = PhotoDescription()
    d.people = people
    d.tags = tags
    d.caption = caption
    d.metadata.tags = xmpNames.map { PersonTag(name: $0, source: .personInImage) }
    let snapshot = ledger.map { LedgerSnapshot(people: roster, consents: $0) }
    let context = PeopleContext(
        description: d, ledger: snapshot, day: Day("2026-11-21")!, policy: .strict, context: .classroom, channel: channel ?? .website,
        channelWasGiven: channel != nil)
    return Asset(path: "x.jpg", format: .jpeg, metadata: metadata, image: nil, people: context)
}

@Suite("tags.unauthorised")
struct UnauthorisedTagTests {
    let check = UnauthorisedTagCheck()

    @Test func tagOfAPersonWithoutTaggingAuthorisationIsFlagged() {
        #expect(check.findings(in: asset(xmpNames: ["Alice Martin"], ledger: [consent("S1", tagging: false)])).count == 1)
        // Accents and case do not hide a name.
        #expect(check.findings(in: asset(xmpNames: ["benoit TREMBLAY"], ledger: [])).count == 1)
        // A tag of someone the ledger does not know is not authorised either.
        let unknown = check.findings(in: asset(xmpNames: ["Zoé Inconnue"], ledger: []))
        #expect(unknown.first?.message.arguments == ["1", "1"])
        // Manifest tags count; ordinary keywords do not.
        #expect(check.findings(in: asset(tags: ["S1"], ledger: [consent("S1", tagging: false)])).count == 1)
        #expect(check.findings(in: asset(tags: ["field trip"], ledger: [])).isEmpty)
    }

    @Test func authorisedTagsPass() {
        #expect(check.findings(in: asset(xmpNames: ["Alice Martin"], ledger: [consent("S1")])).isEmpty)
        // The authorisation must cover the channel.
        #expect(
            check.findings(in: asset(xmpNames: ["Alice Martin"], ledger: [consent("S1", channels: [.yearbook])], channel: .social)).count
                == 1)
        // A revoked consent no longer authorises.
        #expect(check.findings(in: asset(xmpNames: ["Alice Martin"], ledger: [consent("S1", revokedOn: "2026-10-01")])).count == 1)
        // A tag naming the person by ledger id (as `vigie review` names face regions) is that person.
        #expect(check.findings(in: asset(xmpNames: ["S1"], ledger: [consent("S1")])).isEmpty)
        #expect(
            check.findings(in: asset(xmpNames: ["S1"], ledger: [consent("S1", tagging: false)])).first?.message.arguments == ["1", "0"])
        // The people column of the manifest says who is in the photo: it is not a tag.
        #expect(check.findings(in: asset(people: ["S1"], ledger: [consent("S1", tagging: false)])).isEmpty)
    }

    @Test func withoutALedgerPersonTagsFailClosed() {
        #expect(check.findings(in: asset(xmpNames: ["Alice Martin"], ledger: nil)).first?.message.key == "tags.unauthorised.no-ledger")
        #expect(check.findings(in: asset(ledger: nil)).isEmpty)
    }
}

@Suite("people.consent-revoked and people.personal-channel")
struct NamedPeopleTests {
    @Test func revokedConsentOfANamedPersonIsFlagged() {
        let check = RevokedConsentCheck()
        #expect(check.findings(in: asset(people: ["S1"], ledger: [consent("S1", revokedOn: "2026-11-01")])).count == 1)
        // Revoked after the day of publication: still covered.
        #expect(check.findings(in: asset(people: ["S1"], ledger: [consent("S1", revokedOn: "2026-12-01")])).isEmpty)
        // A second, newer consent covers the photo.
        #expect(
            check.findings(
                in: asset(people: ["S1"], ledger: [consent("S1", revokedOn: "2026-11-01"), consent("S1", channels: [.website])])
            ).isEmpty)
        #expect(check.findings(in: asset(people: ["S1"], ledger: nil)).isEmpty)
    }

    @Test func studentsNeverGoToPersonalAccounts() {
        let check = PersonalChannelCheck()
        #expect(
            check.findings(in: asset(people: ["S1", "T1"], ledger: [consent("S1")], channel: .personal)).first?.message.arguments == ["1"])
        #expect(check.findings(in: asset(people: ["T1"], ledger: [consent("T1")], channel: .personal)).isEmpty)
        #expect(check.findings(in: asset(people: ["S1"], ledger: [consent("S1")], channel: .website)).isEmpty)
    }
}

@Suite("caption rules")
struct CaptionTests {
    @Test(arguments: [
        ("Our special education class at the museum", "special education"),
        ("Sortie de la classe d'adaptation", "special education"),
        ("IEP students presenting", "special education"),
        ("Section 504 meeting", "special education"),
        ("Les élèves EHDAA au gymnase", "special education"),
        ("Groupe de francisation", "language learners"),
        ("ESOL club", "language learners"),
        ("Students with autism", "medical conditions"),
        ("Free lunch program volunteers", "free meals"),
        ("Programme de repas gratuits", "free meals"),
    ])
    func sensitiveGroupsAreFound(caption: String, category: String) {
        let f = SensitiveGroupCaptionCheck().findings(in: asset(caption: caption))
        #expect(f.first?.message.arguments == [category], "\(caption)")
    }

    @Test(arguments: [
        "Grade 5 science fair", "Spring concert in the gym", "Classe de 5e année au musée", "Special thanks to our volunteers",
        "Belle journée",
    ])
    func ordinaryCaptionsPass(caption: String) {
        #expect(SensitiveGroupCaptionCheck().findings(in: asset(caption: caption)).isEmpty, "\(caption)")
        #expect(ShoutingCaptionCheck().findings(in: asset(caption: caption)).isEmpty)
    }

    @Test func shoutingMissingAndCredit() {
        #expect(ShoutingCaptionCheck().findings(in: asset(caption: "GREAT DAY AT THE FAIR!!!")).count == 1)
        #expect(ShoutingCaptionCheck().findings(in: asset(caption: "NASA visit")).isEmpty)
        #expect(MissingCaptionCheck().findings(in: asset(channel: .social)).count == 1)
        #expect(MissingCaptionCheck().findings(in: asset()).isEmpty)
        #expect(MissingCaptionCheck().findings(in: asset(caption: "Fair", channel: .social)).isEmpty)
    }

    @Test func creditIsAskedWhenTheFileNamesACreator() throws {
        let bytes = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("metadata/place-xmp.jpg")))
        let metadata = try MetadataReader.read(ByteReader(bytes), format: .jpeg)
        try #require(!CreditCaptionCheck.creators(metadata).isEmpty)
        #expect(CreditCaptionCheck().findings(in: asset(caption: "Our trip", metadata: metadata)).count == 1)
        #expect(CreditCaptionCheck().findings(in: asset(caption: "Our trip. Photo: a parent", metadata: metadata)).isEmpty)
        #expect(CreditCaptionCheck().findings(in: asset(caption: "Our trip")).isEmpty)
    }
}

@Suite("people.no-consent accounting")
struct FaceAccountingTests {
    func assetWithFaces(
        _ regions: [Region], tags: [PersonTag], people: [String] = [], consents: [Consent], policy: ConsentPolicy = .strict,
        context photoContext: PhotoContext = .classroom, channel: Channel = .website
    ) -> Asset {
        var d = PhotoDescription()
        d.people = people
        d.metadata.tags = tags
        let context = PeopleContext(
            description: d, ledger: LedgerSnapshot(people: roster, consents: consents), day: Day("2026-11-21")!, policy: policy,
            context: photoContext, channel: channel, channelWasGiven: false)
        let image = DecodedImage(width: 10, height: 10, pixels: [UInt8](repeating: 0, count: 300), displayWidth: 1000, displayHeight: 1000)
        var faces = FacesResult()
        faces.identifiable = regions.map { IdentifiableFace(region: $0, score: 0.9) }
        return Asset(path: "x.jpg", format: .jpeg, metadata: MediaMetadata(format: .jpeg), image: image, faces: faces, people: context)
    }

    @Test func namedRegionsClaimTheirFaces() {
        let faces = [Region(x: 100, y: 100, width: 100, height: 100), Region(x: 600, y: 100, width: 100, height: 100)]
        let alice = PersonTag(name: "Alice Martin", source: .mwgRegion, area: UnitRect(x: 0.1, y: 0.1, width: 0.1, height: 0.1))
        // One face is Alice (consented); the other is unknown.
        let one = NoConsentCheck().findings(in: assetWithFaces(faces, tags: [alice], consents: [consent("S1")]))
        #expect(one.first?.message.arguments == ["2", "1", "1", "0"])
        // A region far from every face does not claim one; Benoît, named without a region, accounts for the other.
        let both = NoConsentCheck().findings(
            in: assetWithFaces(faces, tags: [alice], people: ["S2"], consents: [consent("S1"), consent("S2")]))
        #expect(both.isEmpty)
        // No ledger consent at all: every identifiable face is unknown or unconsented.
        let none = NoConsentCheck().findings(in: assetWithFaces(faces, tags: [], consents: []))
        #expect(none.first?.message.arguments == ["2", "0", "2", "0"])
        #expect(NoConsentCheck().findings(in: assetWithFaces([], tags: [], consents: [])).isEmpty)
    }

    @Test func eachFaceIsMarkedConsentedOnlyWhenItsPersonIsKnown() {
        let faces = [Region(x: 100, y: 100, width: 100, height: 100), Region(x: 600, y: 100, width: 100, height: 100)]
        let alice = PersonTag(name: "Alice Martin", source: .mwgRegion, area: UnitRect(x: 0.1, y: 0.1, width: 0.1, height: 0.1))
        // Alice's region claims the first face; the second is unknown.
        #expect(NoConsentCheck.consentedFaces(in: assetWithFaces(faces, tags: [alice], consents: [consent("S1")])) == [true, false])
        // Alice without a consent on record: her face is not consented either.
        #expect(NoConsentCheck.consentedFaces(in: assetWithFaces(faces, tags: [alice], consents: [])) == [false, false])
        // Benoît, named without a region and consented, accounts for the remaining face.
        #expect(
            NoConsentCheck.consentedFaces(
                in: assetWithFaces(faces, tags: [alice], people: ["S2"], consents: [consent("S1"), consent("S2")])) == [true, true])
        // Named without a region but not consented: which face is his is unknown, so neither unclaimed face is marked.
        #expect(
            NoConsentCheck.consentedFaces(in: assetWithFaces(faces, tags: [], people: ["S1", "S2"], consents: [consent("S1")])) == [
                false, false,
            ])
    }
}

@Suite("caption.personal-info")
struct PersonalInfoCaptionTests {
    @Test func phoneEmailAndStudentNumbersInCaptionsAreFlagged() {
        let check = PersonalInfoCaptionCheck()
        #expect(check.findings(in: asset(caption: "Call Mrs Roy at 514-555-0199 to volunteer")).first?.message.arguments == ["phone"])
        #expect(check.findings(in: asset(caption: "Questions: alice.martin@example.org")).count == 1)
        #expect(check.findings(in: asset(tags: ["Student ID 4839201"])).count == 1)
        #expect(check.findings(in: asset(caption: "Grade 5 science fair, room 204, June 12")).isEmpty)
        #expect(check.findings(in: asset(caption: nil)).isEmpty)
    }
}

@Suite("caption.spelling")
struct SpellingCaptionTests {
    @Test func captionsWithTyposGetAnInfoFinding() throws {
        let base = fixtures.appendingPathComponent("faces/dogs-no-person.jpg").path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-spell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["typo.jpg", "fine.jpg"] {
            try FileManager.default.copyItem(atPath: base, toPath: dir.appendingPathComponent(name).path)
        }
        try "file,caption\ntypo.jpg,Our studnets at the musuem\nfine.jpg,Nos élèves au musée\n".write(
            to: dir.appendingPathComponent("vigie.csv"), atomically: true, encoding: .utf8)
        var options = CheckOptions()
        options.limits.maxSecondsPerFile = 900  // what is read, not how fast: OCR under load passes 30 s
        options.readText = false
        let pipeline = Pipeline(options: options)
        for (name, expected) in [("typo.jpg", ["2"]), ("fine.jpg", nil)] as [(String, [String]?)] {
            let candidate = Candidate(path: dir.appendingPathComponent(name).path, displayPath: name, kind: .image(.jpeg))
            let spelling = pipeline.check(candidate).findings.first { $0.rule == "caption.spelling" }
            #expect(spelling?.message.arguments == expected, "\(name)")
            #expect(spelling.map { $0.severity == .info } ?? true)
        }
    }
}

@Suite("which faces a redacted copy keeps")
struct FaceRedactionPlanTests {
    let faces = [Region(x: 100, y: 100, width: 100, height: 100), Region(x: 600, y: 100, width: 100, height: 100)]
    let alice = PersonTag(name: "Alice Martin", source: .mwgRegion, area: UnitRect(x: 0.1, y: 0.1, width: 0.1, height: 0.1))
    let benoit = PersonTag(name: "Benoît Tremblay", source: .mwgRegion, area: UnitRect(x: 0.6, y: 0.1, width: 0.1, height: 0.1))
    let accounting = FaceAccountingTests()

    func plan(
        _ tags: [PersonTag], people: [String] = [], _ consents: [Consent], policy: ConsentPolicy = .strict,
        context: PhotoContext = .classroom, channel: Channel = .website
    ) -> FaceRedactionPlan {
        let asset = accounting.assetWithFaces(
            faces, tags: tags, people: people, consents: consents, policy: policy, context: context, channel: channel)
        return FaceRedactionPlan.plan(asset)
    }

    @Test func aNamedRegionKeepsItsFaceOnlyWithConsent() {
        let kept = plan([alice, benoit], [consent("S1")])
        #expect(kept.keep == [FaceRedactionPlan.KeptFace(region: faces[0], person: "S1")])
        #expect(kept.redact == [faces[1]])
        // A withdrawn consent keeps nothing.
        let revoked = plan([alice, benoit], [consent("S1", revokedOn: "2026-10-01")])
        #expect(revoked.keep.isEmpty && revoked.redact.count == 2)
    }

    @Test func facesNobodyClaimsStayOnlyWhenEveryNamedPersonMayAppear() {
        // Two faces, two people named without regions, both consented: either face may be either person.
        let both = plan([], people: ["S1", "S2"], [consent("S1"), consent("S2")])
        #expect(both.redact.isEmpty && Set(both.keep.compactMap(\.person)) == ["S1", "S2"])
        // One of them without consent: nobody can tell which face is theirs, so both go.
        let one = plan([], people: ["S1", "S2"], [consent("S1")])
        #expect(one.keep.isEmpty && one.redact.count == 2)
        // More faces than named people: the extra one is unknown, so both go.
        let extra = plan([], people: ["S1"], [consent("S1")])
        #expect(extra.keep.isEmpty && extra.redact.count == 2)
    }

    @Test func districtEventsKeepUnknownFacesButNotOptOutsAndPersonalAccountsNoStudent() {
        let optOut = Consent(
            person: "S2", kind: .optOut, signedBy: "Parent", signedOn: Day("2026-09-01")!, channels: Set(Channel.allCases),
            contexts: Set(PhotoContext.allCases), tagging: false)
        let event = plan([benoit], [optOut], policy: .district, context: .event)
        #expect(event.keep == [FaceRedactionPlan.KeptFace(region: faces[0], person: nil)] && event.redact == [faces[1]])
        let personal = plan([alice], [consent("S1")], channel: .personal)
        #expect(personal.keep.isEmpty && personal.redact.count == 2)
    }
}
