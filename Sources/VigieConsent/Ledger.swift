import Foundation
import VigieConsentModel

/// The consent ledger: people, their written consents and opt-outs, revocations, tagging
/// authorisations, and the append-only history of every change. The logic lives here once; the
/// SQLite and PostgreSQL stores only run its statements.
///
/// Every change is computed against what the ledger holds and written in one transaction: an import
/// with a bad row writes nothing, and importing the same file again changes nothing.
public final class Ledger: Sendable {
    let backend: any SQLBackend
    /// The user of the machine, for the history.
    public let user: String

    /// Where the ledger lives when neither `--ledger` nor `VIGIE_LEDGER` says: the user's data folder.
    public static func defaultLocation(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["VIGIE_LEDGER"], !explicit.isEmpty { return explicit }
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/share")
        return data + "/vigie/ledger.sqlite"
    }

    /// Opens (and migrates) the ledger at a file path or a `postgres://` URL. A missing SQLite file is
    /// created only when `create` is true (the `vigie consent` commands); checks and audits never
    /// create one, so that a mistyped path is an error and not an empty ledger.
    public static func open(_ location: String, create: Bool = true, user: String = Ledger.currentUser()) async throws -> Ledger {
        let backend: any SQLBackend
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            backend = try await PostgresBackend.connect(url: location)
        } else {
            guard create || FileManager.default.fileExists(atPath: location) else {
                throw LedgerError(.unavailable, "there is no ledger file at the given path")
            }
            backend = try SQLiteBackend(path: location)
        }
        let ledger = Ledger(backend: backend, user: user)
        try await ledger.migrate()
        return ledger
    }

    init(backend: any SQLBackend, user: String) {
        self.backend = backend
        self.user = user
    }

    public static func currentUser() -> String {
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }

    public func close() async throws { try await backend.close() }

    func migrate() async throws {
        for (_, statements) in LedgerSchema.migrations(backend.dialect) {
            try await backend.execute(statements.map { SQLStatement($0) })
        }
    }

    // MARK: - Reading

    public func people() async throws -> [Person] {
        try await backend.query("SELECT id, name, role, grp FROM people ORDER BY id", []).compactMap(Self.person)
    }

    public func person(_ id: String) async throws -> Person? {
        try await backend.query("SELECT id, name, role, grp FROM people WHERE id = ?", [.text(id)]).compactMap(Self.person).first
    }

    static func person(_ r: [SQLValue]) -> Person? {
        guard r.count == 4, let id = r[0].string, let name = r[1].string, let role = r[2].string.flatMap(PersonRole.init) else {
            return nil
        }
        return Person(id: id, name: name, role: role, group: r[3].string)
    }

    static let consentColumns =
        "id, person, kind, signed_by, relation, signed_on, evidence, channels, contexts, tagging, valid_from, valid_until, revoked_on, revocation_reason"

    public func consents(of person: String? = nil) async throws -> [Consent] {
        let rows: [[SQLValue]]
        if let person {
            rows = try await backend.query("SELECT \(Self.consentColumns) FROM consents WHERE person = ? ORDER BY id", [.text(person)])
        } else {
            rows = try await backend.query("SELECT \(Self.consentColumns) FROM consents ORDER BY person, id", [])
        }
        return rows.compactMap(Self.consent)
    }

    static func consent(_ r: [SQLValue]) -> Consent? {
        // The stored name only: synonyms (`Consent.Kind(parsing:)`) are for what people write.
        guard r.count == 14, let person = r[1].string, let kind = r[2].string.flatMap(Consent.Kind.init(rawValue:)),
            let signedBy = r[3].string, let signedOn = r[5].string.flatMap(Day.init)
        else { return nil }
        return Consent(
            id: r[0].int, person: person, kind: kind, signedBy: signedBy, relation: r[4].string, signedOn: signedOn,
            evidence: r[6].string ?? "",
            channels: Set((r[7].string ?? "").split(separator: ";").compactMap { Channel(rawValue: String($0)) }),
            contexts: Set((r[8].string ?? "").split(separator: ";").compactMap { PhotoContext(rawValue: String($0)) }),
            tagging: (r[9].int ?? 0) != 0, validFrom: r[10].string.flatMap(Day.init), validUntil: r[11].string.flatMap(Day.init),
            revokedOn: r[12].string.flatMap(Day.init), revocationReason: r[13].string)
    }

    /// Everything the checks need, read once.
    public func snapshot() async throws -> LedgerSnapshot {
        LedgerSnapshot(people: try await people(), consents: try await consents())
    }

    public func history() async throws -> [HistoryEntry] {
        try await backend.query("SELECT id, at, username, action, person, details FROM history ORDER BY id", []).map { r in
            HistoryEntry(
                id: r[0].int ?? 0, at: r[1].string ?? "", user: r[2].string ?? "", action: r[3].string ?? "", person: r[4].string ?? "",
                details: r[5].string ?? "")
        }
    }

    // MARK: - Changing

    /// What an import or a command changed.
    public struct Changes: Sendable, Equatable {
        public var added = 0
        public var changed = 0
        public var unchanged = 0
    }

    private func historyStatement(_ action: String, person: String, details: String, at: String) -> SQLStatement {
        SQLStatement(
            "INSERT INTO history (at, username, action, person, details) VALUES (?, ?, ?, ?, ?)",
            [.text(at), .text(user), .text(action), .text(person), .text(details)])
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }

    /// Adds or updates people; identical rows change nothing.
    public func upsert(people incoming: [Person]) async throws -> Changes {
        let known = Dictionary(try await people().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var changes = Changes()
        var statements: [SQLStatement] = []
        let at = Self.timestamp()
        var seen = Set<String>()
        for p in incoming where seen.insert(p.id).inserted {
            if let old = known[p.id] {
                if old == p {
                    changes.unchanged += 1
                    continue
                }
                changes.changed += 1
                statements.append(historyStatement("person.changed", person: p.id, details: Self.diff(old, p), at: at))
            } else {
                changes.added += 1
                statements.append(historyStatement("person.added", person: p.id, details: "role \(p.role.rawValue)", at: at))
            }
            statements.append(
                SQLStatement(
                    "INSERT INTO people (id, name, role, grp) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, grp = excluded.grp",
                    [.text(p.id), .text(p.name), .text(p.role.rawValue), p.group.map(SQLValue.text) ?? .null]))
        }
        if !statements.isEmpty { try await backend.execute(statements) }
        return changes
    }

    static func diff(_ a: Person, _ b: Person) -> String {
        var fields: [String] = []
        if a.name != b.name { fields.append("name") }
        if a.role != b.role { fields.append("role") }
        if a.group != b.group { fields.append("group") }
        return "changed " + fields.joined(separator: ", ")
    }

    /// Adds consents (or updates the scope of one already recorded from the same form); every person
    /// must already be in the ledger. Revocations are never undone by an import.
    public func upsert(consents incoming: [Consent]) async throws -> Changes {
        let known = Set(try await people().map(\.id))
        for c in incoming where !known.contains(c.person) {
            throw LedgerError(.invalid, "a consent names a person who is not in the ledger")
        }
        return try await write(consents: incoming)
    }

    /// Writes consents whose people are known to be in the ledger.
    private func write(consents incoming: [Consent]) async throws -> Changes {
        let existing = Dictionary(try await consents().map { ($0.naturalKey, $0) }, uniquingKeysWith: { a, _ in a })
        var changes = Changes()
        var statements: [SQLStatement] = []
        let at = Self.timestamp()
        var seen = Set<String>()
        for c in incoming where seen.insert(c.naturalKey).inserted {
            if let old = existing[c.naturalKey] {
                var same = c
                same.id = old.id
                same.revokedOn = old.revokedOn
                same.revocationReason = old.revocationReason
                if same == old {
                    changes.unchanged += 1
                    continue
                }
                changes.changed += 1
                statements.append(
                    historyStatement(
                        "consent.changed", person: c.person, details: "scope of the \(c.kind.rawValue) signed \(c.signedOn)", at: at))
            } else {
                changes.added += 1
                statements.append(
                    historyStatement("consent.added", person: c.person, details: "\(c.kind.rawValue) signed \(c.signedOn)", at: at))
            }
            statements.append(
                SQLStatement(
                    """
                    INSERT INTO consents (person, kind, signed_by, relation, signed_on, evidence, channels, contexts, tagging, valid_from, valid_until)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (person, kind, signed_on, signed_by, evidence) DO UPDATE SET relation = excluded.relation,
                    channels = excluded.channels, contexts = excluded.contexts, tagging = excluded.tagging,
                    valid_from = excluded.valid_from, valid_until = excluded.valid_until
                    """,
                    [
                        .text(c.person), .text(c.kind.rawValue), .text(c.signedBy), c.relation.map(SQLValue.text) ?? .null,
                        .text(c.signedOn.text),
                        .text(c.evidence), .text(c.channels.sorted().map(\.rawValue).joined(separator: ";")),
                        .text(c.contexts.sorted().map(\.rawValue).joined(separator: ";")), .integer(c.tagging ? 1 : 0),
                        c.validFrom.map { .text($0.text) } ?? .null, c.validUntil.map { .text($0.text) } ?? .null,
                    ]))
        }
        if !statements.isEmpty { try await backend.execute(statements) }
        return changes
    }

    /// Withdraws every consent of a person still in force on `day`; returns how many.
    public func revoke(person: String, reason: String, on day: Day) async throws -> Int {
        guard try await self.person(person) != nil else { throw LedgerError(.invalid, "the person is not in the ledger") }
        let active = try await consents(of: person).filter { $0.kind == .consent && $0.revokedOn == nil }
        guard !active.isEmpty else { return 0 }
        let at = Self.timestamp()
        var statements: [SQLStatement] = []
        for c in active {
            guard let id = c.id else { continue }
            statements.append(
                SQLStatement(
                    "UPDATE consents SET revoked_on = ?, revocation_reason = ? WHERE id = ? AND revoked_on IS NULL",
                    [.text(day.text), .text(reason), .integer(id)]))
            statements.append(
                historyStatement("consent.revoked", person: person, details: "consent signed \(c.signedOn) revoked from \(day)", at: at))
        }
        try await backend.execute(statements)
        return active.count
    }

    // MARK: - Import files

    /// `id,name,role,group`: one transaction; a bad row rejects the file with its line number.
    public func importPeople(csv text: String) async throws -> Changes {
        let table = try CSVTable(text, required: ["id", "name", "role"])
        var people: [Person] = []
        for r in table.records {
            let id = r.fields["id"] ?? "", name = r.fields["name"] ?? ""
            guard !id.isEmpty else { throw LedgerError(.invalid, "the id is empty", line: r.line) }
            guard !name.isEmpty else { throw LedgerError(.invalid, "the name is empty", line: r.line) }
            guard let role = PersonRole(rawValue: (r.fields["role"] ?? "").lowercased()) else {
                throw LedgerError(
                    .invalid, "unknown role (expected \(PersonRole.allCases.map(\.rawValue).joined(separator: ", ")))", line: r.line)
            }
            people.append(Person(id: id, name: name, role: role, group: r.fields["group"]))
        }
        return try await upsert(people: people)
    }

    /// `person,kind,signed_by,signed_on,channels,contexts,tagging,valid_from,valid_until,evidence`
    /// (lists separated by `;`, `all` for every channel or context; optional `relation`).
    public func importConsents(csv text: String) async throws -> Changes {
        let table = try CSVTable(text, required: ["person", "kind", "signed_by", "signed_on", "channels", "contexts", "tagging"])
        let known = Set(try await people().map(\.id))
        var consents: [Consent] = []
        for r in table.records {
            let f = r.fields
            let person = f["person"] ?? ""
            guard known.contains(person) else { throw LedgerError(.invalid, "the person is not in the ledger", line: r.line) }
            guard let kind = Consent.Kind(parsing: f["kind"] ?? "") else {
                throw LedgerError(.invalid, "unknown kind (expected \(Consent.Kind.acceptedValues.joined(separator: ", ")))", line: r.line)
            }
            guard let signedBy = f["signed_by"], !signedBy.isEmpty else { throw LedgerError(.invalid, "signed_by is empty", line: r.line) }
            guard let signedOn = Day(f["signed_on"] ?? "") else {
                throw LedgerError(.invalid, "signed_on is not a YYYY-MM-DD date", line: r.line)
            }
            let channels = try Self.list(f["channels"] ?? "", Channel.self, "channel", line: r.line)
            let contexts = try Self.list(f["contexts"] ?? "", PhotoContext.self, "context", line: r.line)
            guard let tagging = Self.bool(f["tagging"] ?? "") else { throw LedgerError(.invalid, "tagging is not yes or no", line: r.line) }
            let validFrom = try Self.optionalDay(f["valid_from"], "valid_from", line: r.line)
            let validUntil = try Self.optionalDay(f["valid_until"], "valid_until", line: r.line)
            if let validFrom, let validUntil, validUntil < validFrom {
                throw LedgerError(.invalid, "valid_until is before valid_from", line: r.line)
            }
            consents.append(
                Consent(
                    person: person, kind: kind, signedBy: signedBy, relation: f["relation"], signedOn: signedOn,
                    evidence: f["evidence"] ?? "",
                    channels: channels, contexts: contexts, tagging: tagging, validFrom: validFrom, validUntil: validUntil))
        }
        // Every person was checked above, row by row.
        return try await write(consents: consents)
    }

    public static func list<T: RawRepresentable & CaseIterable & Hashable>(_ text: String, _ type: T.Type, _ what: String, line: Int? = nil)
        throws -> Set<T>
    where T.RawValue == String {
        let items = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        if items == ["all"] { return Set(T.allCases) }
        var out = Set<T>()
        for item in items {
            guard let value = T(rawValue: item) else {
                throw LedgerError(
                    .invalid, "unknown \(what) (expected \(T.allCases.map(\.rawValue).joined(separator: ", ")) or all)", line: line)
            }
            out.insert(value)
        }
        return out
    }

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "y", "true", "1", "oui", "o": true
        case "no", "n", "false", "0", "non", "": false
        default: nil
        }
    }

    static func optionalDay(_ text: String?, _ what: String, line: Int?) throws -> Day? {
        guard let text, !text.isEmpty else { return nil }
        guard let day = Day(text) else { throw LedgerError(.invalid, "\(what) is not a YYYY-MM-DD date", line: line) }
        return day
    }
}
