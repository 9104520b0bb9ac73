import Foundation

/// A calendar day, as written on a consent form: `YYYY-MM-DD`. Stored as text so that both stores
/// compare days the same way (lexical order is date order).
public struct Day: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    public let text: String

    /// Parses `YYYY-MM-DD` and checks that the day exists.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1900...2200).contains(y), (1...12).contains(m), d >= 1
        else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard d <= days else { return nil }
        self.text = text
    }

    /// Today in the machine's time zone.
    public static func today(_ now: Date = Date()) -> Day {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: now)
        return Day(String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)) ?? Day.epoch
    }

    /// `days` later (negative for earlier).
    public func adding(days: Int) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let later = calendar.date(byAdding: .day, value: days, to: date)
        else { return self }
        let c = calendar.dateComponents([.year, .month, .day], from: later)
        return Day(String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)) ?? self
    }

    static let epoch = Day(text: "1970-01-01")
    private init(text: String) { self.text = text }

    public var description: String { text }
    public static func < (a: Day, b: Day) -> Bool { a.text < b.text }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date"))
        }
        self = day
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}

/// Who a person is at school: the policies treat students, staff and the others differently.
public enum PersonRole: String, Sendable, Codable, CaseIterable {
    case student, staff, volunteer, parent, contractor
}

/// Someone the ledger knows: an id the school uses (never shown in logs), a name, a role, a class or group.
public struct Person: Sendable, Codable, Hashable {
    public let id: String
    public let name: String
    public let role: PersonRole
    public let group: String?

    public init(id: String, name: String, role: PersonRole, group: String?) {
        self.id = id
        self.name = name
        self.role = role
        self.group = group?.isEmpty == true ? nil : group
    }
}

/// Where a photo is published. The minimum resolution and the people rules depend on it.
public enum Channel: String, Sendable, Codable, CaseIterable, Comparable {
    case website, social, yearbook, newsletter, press, personal
    public static func < (a: Channel, b: Channel) -> Bool { a.rawValue < b.rawValue }
}

/// What the photo shows happening (the contexts of RULES.md): the policies ask for written consent in a classroom, and (in the
/// district's reading) only for the absence of an opt-out at events open to the public.
public enum PhotoContext: String, Sendable, Codable, CaseIterable, Comparable {
    case classroom, event, sports, performance, outdoor, other
    public static func < (a: PhotoContext, b: PhotoContext) -> Bool { a.rawValue < b.rawValue }
}

/// A written consent, or a written refusal (opt-out declaration), for one person.
public struct Consent: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Written consent (of the parent for a minor): publishing is allowed within its scope.
        case consent
        /// Opt-out declaration: the person must not be published.
        case optOut = "opt-out"

        /// The words an import file or `--kind` may use, in the order error messages list them: each
        /// kind's own name, and `written` (what schools call a signed form) for a consent.
        static let words: [(word: String, kind: Kind)] = [("consent", .consent), ("written", .consent), ("opt-out", .optOut)]

        /// Every word `init(parsing:)` accepts, for help and error messages.
        public static var acceptedValues: [String] { words.map(\.word) }

        /// A kind as a person writes it: case and surrounding spaces aside, synonyms included.
        public init?(parsing text: String) {
            let word = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard let kind = Self.words.first(where: { $0.word == word })?.kind else { return nil }
            self = kind
        }
    }

    public var id: Int64?
    public let person: String
    public let kind: Kind
    public let signedBy: String
    /// Relation of the signer to the person (parent, guardian, self...).
    public let relation: String?
    public let signedOn: Day
    /// A reference to the paper or scanned form (form number, file name).
    public let evidence: String
    public let channels: Set<Channel>
    public let contexts: Set<PhotoContext>
    public let tagging: Bool
    public let validFrom: Day?
    public let validUntil: Day?
    public var revokedOn: Day?
    public var revocationReason: String?

    public init(
        id: Int64? = nil, person: String, kind: Kind, signedBy: String, relation: String? = nil, signedOn: Day, evidence: String = "",
        channels: Set<Channel>, contexts: Set<PhotoContext>, tagging: Bool, validFrom: Day? = nil, validUntil: Day? = nil,
        revokedOn: Day? = nil,
        revocationReason: String? = nil
    ) {
        self.id = id
        self.person = person
        self.kind = kind
        self.signedBy = signedBy
        self.relation = relation?.isEmpty == true ? nil : relation
        self.signedOn = signedOn
        self.evidence = evidence
        self.channels = channels
        self.contexts = contexts
        self.tagging = tagging
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.revokedOn = revokedOn
        self.revocationReason = revocationReason
    }

    /// In force on `day`: signed, started, not expired, not revoked by then.
    public func isInForce(on day: Day) -> Bool {
        if signedOn > day { return false }
        if let validFrom, validFrom > day { return false }
        if let validUntil, validUntil < day { return false }
        if let revokedOn, revokedOn <= day { return false }
        return true
    }

    /// Covers publishing on `channel` in `context` on `day`.
    public func covers(channel: Channel, context: PhotoContext, on day: Day) -> Bool {
        kind == .consent && isInForce(on: day) && channels.contains(channel) && contexts.contains(context)
    }

    /// The fields that identify a form, so that importing the same file twice changes nothing.
    package var naturalKey: String { [person, kind.rawValue, signedOn.text, signedBy, evidence].joined(separator: "\u{1F}") }
}

/// One change to the ledger, kept forever: what, when, by which user of the machine.
public struct HistoryEntry: Sendable, Codable, Hashable {
    public let id: Int64
    /// ISO 8601 time of the change.
    public let at: String
    public let user: String
    /// `person.added`, `person.changed`, `consent.added`, `consent.changed`, `consent.revoked`.
    public let action: String
    public let person: String
    public let details: String

    package init(id: Int64, at: String, user: String, action: String, person: String, details: String) {
        self.id = id
        self.at = at
        self.user = user
        self.action = action
        self.person = person
        self.details = details
    }
}

/// Everything the checks need from the ledger, read once per run.
public struct LedgerSnapshot: Sendable {
    public let people: [String: Person]
    public let consents: [String: [Consent]]
    /// People by folded name, built once per run: every photo's names are resolved against it.
    private let byName: [String: Person]

    public init(people: [Person], consents: [Consent]) {
        self.people = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.consents = Dictionary(grouping: consents, by: \.person)
        self.byName = Dictionary(people.sorted { $0.id < $1.id }.map { (Self.foldName($0.name), $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The person an id or a name (case, accents and spacing aside) designates.
    public func person(named s: String) -> Person? { people[s] ?? byName[Self.foldName(s)] }

    /// Case, accents and spacing do not matter when a name is compared.
    public static func foldName(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).split(whereSeparator: { $0.isWhitespace }).joined(
            separator: " ")
    }

    public func consents(of person: String) -> [Consent] { consents[person] ?? [] }

    /// True when the person withdrew a written consent on or before `day`.
    public func withdrew(_ person: String, by day: Day) -> Bool {
        consents(of: person).contains { $0.kind == .consent && $0.revokedOn.map { $0 <= day } == true }
    }
}
