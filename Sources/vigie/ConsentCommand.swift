import ArgumentParser
import Foundation
import VigieConsent
import VigieConsentModel
import VigieReport

/// `vigie consent ...`: the consent ledger.
struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Keep the consent ledger: people, written consents and opt-outs, revocations, tagging authorisations.",
        discussion: """
            The ledger is a SQLite file (created readable by its owner only) in ~/.local/share/vigie/ledger.sqlite \
            unless --ledger or VIGIE_LEDGER names another file or a postgres:// URL for a district's shared ledger. \
            Commands that show people print their names because you asked; logs and errors never do.
            """,
        subcommands: [
            ConsentImport.self, ConsentGrant.self, ConsentRevoke.self, ConsentShow.self, ConsentList.self, ConsentHistory.self,
            ConsentExport.self,
        ]
    )
}

/// Where the ledger is.
struct LedgerOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "Ledger file, or postgres://user:password@host:port/database (default: VIGIE_LEDGER, then ~/.local/share/vigie/ledger.sqlite).")
    var ledger: String?

    func open() async throws -> Ledger {
        let location = ledger ?? Ledger.defaultLocation()
        do {
            return try await Ledger.open(location)
        } catch let error as LedgerError {
            throw OperationalError(description: error.description)
        }
    }
}

/// Runs `body` with an open ledger, closing it afterwards; ledger errors become operational errors (exit 2).
func withLedger<T>(_ options: LedgerOptions, _ body: (Ledger) async throws -> T) async throws -> T {
    let ledger = try await options.open()
    do {
        let result = try await body(ledger)
        try? await ledger.close()
        return result
    } catch let error as LedgerError {
        try? await ledger.close()
        throw OperationalError(description: error.description + (error.code == .invalid ? "; nothing was written" : ""))
    } catch {
        try? await ledger.close()
        throw error
    }
}

func parseDay(_ text: String, _ option: String) throws -> Day {
    guard let day = Day(text) else { throw ValidationError("\(option) must be a date written YYYY-MM-DD") }
    return day
}

struct ConsentImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import people (id,name,role,group) or consents (person,kind,signed_by,signed_on,channels,contexts,tagging,valid_from,valid_until,evidence) from CSV.",
        discussion:
            "One transaction: a bad row rejects the whole file with its line number and nothing is written. Importing the same file again changes nothing."
    )
    enum What: String, ExpressibleByArgument, CaseIterable { case people, consents }

    @Argument(help: "people or consents") var what: What
    @Argument(help: "The CSV file (UTF-8, with a header row).") var file: String
    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("cannot read the CSV file as UTF-8 text")
        }
        let changes = try await withLedger(ledger) { l in
            what == .people ? try await l.importPeople(csv: text) : try await l.importConsents(csv: text)
        }
        print("\(what.rawValue): \(changes.added) added, \(changes.changed) changed, \(changes.unchanged) unchanged")
    }
}

struct ConsentGrant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Record a written consent (or an opt-out declaration) for a person.")

    @Argument(help: "The person's id.") var person: String
    @Option(help: "consent (or written) or opt-out.") var kind: String = "consent"
    @Option(help: "Who signed (for a student: the parent or guardian).") var signedBy: String
    @Option(help: "The signer's relation to the person (parent, guardian, self...).") var relation: String?
    @Option(help: "Date signed, YYYY-MM-DD.") var signedOn: String
    @Option(help: "Channels, separated by ';' (website, social, yearbook, newsletter, press, personal) or all.") var channels: String =
        "all"
    @Option(help: "Contexts, separated by ';' (classroom, event, sports, performance, outdoor, other) or all.") var contexts: String = "all"
    @Flag(help: "The person may be tagged (named in tags and captions).") var tagging = false
    @Option(help: "First day the consent applies, YYYY-MM-DD.") var validFrom: String?
    @Option(help: "Last day the consent applies, YYYY-MM-DD.") var validUntil: String?
    @Option(help: "Reference of the paper or scanned form.") var evidence: String = ""
    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        guard let k = Consent.Kind(parsing: kind) else {
            throw ValidationError("--kind must be one of \(Consent.Kind.acceptedValues.joined(separator: ", "))")
        }
        let signed = try parseDay(signedOn, "--signed-on")
        let from = try validFrom.map { try parseDay($0, "--valid-from") }
        let until = try validUntil.map { try parseDay($0, "--valid-until") }
        let consent: Consent
        do {
            consent = Consent(
                person: person, kind: k, signedBy: signedBy, relation: relation, signedOn: signed, evidence: evidence,
                channels: try Ledger.list(channels, Channel.self, "channel"),
                contexts: try Ledger.list(contexts, PhotoContext.self, "context"),
                tagging: tagging, validFrom: from, validUntil: until)
        } catch let error as LedgerError {
            throw ValidationError(error.reason)
        }
        let changes = try await withLedger(ledger) { try await $0.upsert(consents: [consent]) }
        print(changes.added > 0 ? "recorded" : changes.changed > 0 ? "updated" : "already recorded")
    }
}

struct ConsentRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Withdraw every consent of a person; media already published must come down (see vigie audit).")

    @Argument(help: "The person's id.") var person: String
    @Option(help: "Why (kept in the ledger, never printed in logs).") var reason: String
    @Option(help: "Date of the withdrawal, YYYY-MM-DD (default: today).") var on: String?
    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        let day = try on.map { try parseDay($0, "--on") } ?? Day.today()
        let n = try await withLedger(ledger) { try await $0.revoke(person: person, reason: reason, on: day) }
        print("\(n) consent(s) revoked")
    }
}

struct ConsentShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a person and their consents (prints personal data: you asked for it).")

    @Argument(help: "The person's id.") var person: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        let (p, consents) = try await withLedger(ledger) { l in (try await l.person(person), try await l.consents(of: person)) }
        guard let p else { throw OperationalError(description: "the person is not in the ledger") }
        if format == .json {
            struct Shown: Encodable {
                let person: Person
                let consents: [Consent]
            }
            try printJSON(Shown(person: p, consents: consents))
            return
        }
        print("\(p.id)  \(p.name)  \(p.role.rawValue)\(p.group.map { "  \($0)" } ?? "")")
        let today = Day.today()
        for c in consents { print("  " + describe(c, today: today)) }
        if consents.isEmpty { print("  no consent on record") }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

/// The JSON of the ledger commands, in the same stable form as the reports (it ends with a newline).
func printJSON<T: Encodable>(_ value: T) throws {
    print(try JSONRenderer.render(value), terminator: "")
}

func describe(_ c: Consent, today: Day) -> String {
    var s = "\(c.kind.rawValue) signed \(c.signedOn) by \(c.signedBy)\(c.relation.map { " (\($0))" } ?? "")"
    s +=
        "; channels \(c.channels.sorted().map(\.rawValue).joined(separator: ";")); contexts \(c.contexts.sorted().map(\.rawValue).joined(separator: ";"))"
    s += "; tagging \(c.tagging ? "yes" : "no")"
    if let f = c.validFrom { s += "; from \(f)" }
    if let u = c.validUntil { s += "; until \(u)" }
    if !c.evidence.isEmpty { s += "; form \(c.evidence)" }
    if let r = c.revokedOn { s += "; REVOKED \(r)" } else if !c.isInForce(on: today) { s += "; not in force today" }
    return s
}

struct ConsentList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List people with their consent status today.")

    @Option(help: "Only consents in force today that end within this many days.") var expiringWithin: Int?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        let snapshot = try await withLedger(ledger) { try await $0.snapshot() }
        let today = Day.today()
        struct Line: Encodable {
            let id: String
            let name: String
            let role: String
            let group: String?
            let status: String
            let until: String?
        }
        var lines: [Line] = []
        for p in snapshot.people.values.sorted(by: { $0.id < $1.id }) {
            let consents = snapshot.consents(of: p.id)
            let inForce = consents.filter { $0.isInForce(on: today) }
            let status: String
            if inForce.contains(where: { $0.kind == .optOut }) {
                status = "opted out"
            } else if inForce.contains(where: { $0.kind == .consent }) {
                status = "consent"
            } else if consents.contains(where: { $0.revokedOn != nil }) {
                status = "revoked"
            } else {
                status = consents.isEmpty ? "no consent" : "expired"
            }
            let until = inForce.filter { $0.kind == .consent }.compactMap(\.validUntil).max()
            if let days = expiringWithin {
                guard let until, until <= today.adding(days: days) else { continue }
            }
            lines.append(Line(id: p.id, name: p.name, role: p.role.rawValue, group: p.group, status: status, until: until?.text))
        }
        if format == .json {
            try printJSON(lines)
            return
        }
        for l in lines {
            print([l.id, l.name, l.role, l.group ?? "-", l.status, l.until.map { "until \($0)" } ?? ""].joined(separator: "\t"))
        }
        print("\(lines.count) people")
    }
}

struct ConsentHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Every change to the ledger: when, by which user of the machine, what.")

    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        let entries = try await withLedger(ledger) { try await $0.history() }
        if format == .json {
            try printJSON(entries)
            return
        }
        for e in entries { print([e.at, e.user, e.action, e.person, e.details].joined(separator: "\t")) }
    }
}

struct ConsentExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the whole ledger (people and consents) as JSON, or consents as CSV in the import format.")

    @Option(help: "Output format: json or csv.") var format: OutputFormat = .json
    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        let (people, consents) = try await withLedger(ledger) { l in (try await l.people(), try await l.consents()) }
        switch format {
        case .csv:
            print("person,kind,signed_by,relation,signed_on,channels,contexts,tagging,valid_from,valid_until,evidence,revoked_on")
            for c in consents {
                let fields = [
                    c.person, c.kind.rawValue, c.signedBy, c.relation ?? "", c.signedOn.text,
                    c.channels.sorted().map(\.rawValue).joined(separator: ";"),
                    c.contexts.sorted().map(\.rawValue).joined(separator: ";"), c.tagging ? "yes" : "no", c.validFrom?.text ?? "",
                    c.validUntil?.text ?? "",
                    c.evidence, c.revokedOn?.text ?? "",
                ]
                print(fields.map(csvField).joined(separator: ","))
            }
        default:
            struct Export: Encodable {
                let version = 1
                let people: [Person]
                let consents: [Consent]
            }
            try printJSON(Export(people: people, consents: consents))
        }
    }
}

func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}
