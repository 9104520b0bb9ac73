import Foundation
import Testing
import VigieConsentModel

@testable import VigieConsent

/// The ledgers the tests run against: SQLite always, PostgreSQL when VIGIE_TEST_POSTGRES names a
/// server (scripts/test.sh starts one and sets it).
enum Store: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    static var available: [Store] {
        ProcessInfo.processInfo.environment["VIGIE_TEST_POSTGRES"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] } ?? [.sqlite]
    }
}

/// A fresh, empty ledger of that kind: a new SQLite file, or a new PostgreSQL database.
struct FreshLedger {
    let location: String
    let cleanup: () async -> Void

    static func make(_ store: Store) async throws -> FreshLedger {
        switch store {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-ledger-\(UUID().uuidString)")
            return FreshLedger(location: dir.appendingPathComponent("ledger.sqlite").path) { try? FileManager.default.removeItem(at: dir) }
        case .postgres:
            let base = try #require(ProcessInfo.processInfo.environment["VIGIE_TEST_POSTGRES"])
            let name = "vigie_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try await PostgresBackend.connect(url: base)
            _ = try await admin.query("CREATE DATABASE \(name)", [])
            try await admin.close()
            var components = try #require(URLComponents(string: base))
            components.path = "/" + name
            let url = try #require(components.string)
            return FreshLedger(location: url) {
                if let admin = try? await PostgresBackend.connect(url: base) {
                    _ = try? await admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", [])
                    try? await admin.close()
                }
            }
        }
    }
}

func withFreshLedger(_ store: Store, _ body: (Ledger, String) async throws -> Void) async throws {
    let fresh = try await FreshLedger.make(store)
    let ledger = try await Ledger.open(fresh.location, user: "tester")
    do {
        try await body(ledger, fresh.location)
    } catch {
        try? await ledger.close()
        await fresh.cleanup()
        throw error
    }
    try? await ledger.close()
    await fresh.cleanup()
}

let peopleCSV = """
    id,name,role,group
    S001,Alice Martin,student,5A
    S002,"Tremblay, Benoît",student,5A
    T001,Claire Roy,staff,
    """

let consentsCSV = """
    person,kind,signed_by,signed_on,channels,contexts,tagging,valid_from,valid_until,evidence
    S001,consent,Parent Martin,2026-09-01,website;newsletter,classroom;event,yes,2026-09-01,2027-06-30,F-104
    S002,opt-out,Parent Tremblay,2026-09-02,all,all,no,,,F-105
    T001,consent,Claire Roy,2026-09-03,all,all,yes,,,
    """

@Suite("Consent ledger")
struct LedgerTests {
    @Test(arguments: Store.available)
    func importIsIdempotentAndRecordsHistory(_ store: Store) async throws {
        try await withFreshLedger(store) { ledger, _ in
            let people = try await ledger.importPeople(csv: peopleCSV)
            #expect(people == Ledger.Changes(added: 3, changed: 0, unchanged: 0))
            let consents = try await ledger.importConsents(csv: consentsCSV)
            #expect(consents.added == 3)
            // The same files again: nothing changes, no history.
            let historyBefore = try await ledger.history().count
            #expect(try await ledger.importPeople(csv: peopleCSV) == Ledger.Changes(added: 0, changed: 0, unchanged: 3))
            #expect(try await ledger.importConsents(csv: consentsCSV) == Ledger.Changes(added: 0, changed: 0, unchanged: 3))
            #expect(try await ledger.history().count == historyBefore)

            let snapshot = try await ledger.snapshot()
            #expect(snapshot.people["S002"]?.name == "Tremblay, Benoît")
            #expect(snapshot.people["T001"]?.group == nil)
            let alice = try #require(snapshot.consents(of: "S001").first)
            #expect(alice.channels == [.website, .newsletter] && alice.contexts == [.classroom, .event] && alice.tagging)
            #expect(alice.covers(channel: .website, context: .classroom, on: Day("2026-10-01")!))
            #expect(!alice.covers(channel: .social, context: .classroom, on: Day("2026-10-01")!))
            #expect(!alice.covers(channel: .website, context: .classroom, on: Day("2027-07-01")!))
            #expect(snapshot.consents(of: "S002").first?.kind == .optOut)

            // A changed row updates in place and says so in the history.
            let changed = peopleCSV.replacingOccurrences(of: "Claire Roy,staff,", with: "Claire Roy,staff,admin")
            #expect(try await ledger.importPeople(csv: changed) == Ledger.Changes(added: 0, changed: 1, unchanged: 2))
            let history = try await ledger.history()
            #expect(history.last?.action == "person.changed" && history.last?.user == "tester")
            #expect(history.allSatisfy { !$0.details.contains("Claire") })
        }
    }

    @Test(arguments: Store.available)
    func aBadRowRejectsTheWholeFile(_ store: Store) async throws {
        try await withFreshLedger(store) { ledger, _ in
            _ = try await ledger.importPeople(csv: peopleCSV)
            let bad: [(String, Int, String)] = [
                (consentsCSV + "\nS999,consent,X,2026-09-01,website,classroom,no,,,", 5, "not in the ledger"),
                (consentsCSV.replacingOccurrences(of: "2026-09-02", with: "2026-02-30"), 3, "signed_on"),
                (consentsCSV.replacingOccurrences(of: "website;newsletter", with: "website;tiktok"), 2, "unknown channel"),
                (consentsCSV.replacingOccurrences(of: ",no,,,F-105", with: ",maybe,,,F-105"), 3, "tagging"),
            ]
            for (text, line, reason) in bad {
                do {
                    _ = try await ledger.importConsents(csv: text)
                    Issue.record("accepted a bad file (\(reason))")
                } catch let error as LedgerError {
                    #expect(error.line == line, "\(reason): \(error)")
                    #expect(error.description.contains(reason))
                    // Errors never quote the data.
                    #expect(!error.description.contains("S999") && !error.description.contains("tiktok"))
                }
                #expect(try await ledger.consents().isEmpty, "something was written for: \(reason)")
            }
            do {
                _ = try await ledger.importPeople(csv: "id,name,role\nX1,Someone,teacher\n")
                Issue.record("accepted an unknown role")
            } catch let error as LedgerError {
                #expect(error.line == 2)
            }
        }
    }

    @Test func kindsAreReadAsSchoolsWriteThem() {
        #expect(Consent.Kind(parsing: "consent") == .consent)
        #expect(Consent.Kind(parsing: "written") == .consent)
        #expect(Consent.Kind(parsing: "Written ") == .consent)
        #expect(Consent.Kind(parsing: " WRITTEN\t") == .consent)
        #expect(Consent.Kind(parsing: "Opt-Out") == .optOut)
        #expect(Consent.Kind(parsing: "permission") == nil)
        #expect(Consent.Kind(parsing: "") == nil)
        #expect(Consent.Kind.acceptedValues == ["consent", "written", "opt-out"])
        for word in Consent.Kind.acceptedValues { #expect(Consent.Kind(parsing: word) != nil, "\(word)") }
        // Every kind can be written under its own name.
        for kind in Consent.Kind.allCases { #expect(Consent.Kind(parsing: kind.rawValue) == kind) }
    }

    @Test(arguments: Store.available)
    func writtenIsImportedAsAConsent(_ store: Store) async throws {
        try await withFreshLedger(store) { ledger, _ in
            _ = try await ledger.importPeople(csv: peopleCSV)
            let written = consentsCSV.replacingOccurrences(of: "S001,consent,", with: "S001,Written ,")
                .replacingOccurrences(of: "T001,consent,", with: "T001,WRITTEN,")
            #expect(try await ledger.importConsents(csv: written).added == 3)
            let snapshot = try await ledger.snapshot()
            let alice = try #require(snapshot.consents(of: "S001").first)
            #expect(alice.kind == .consent && alice.covers(channel: .website, context: .classroom, on: Day("2026-10-01")!))
            #expect(snapshot.consents(of: "T001").first?.kind == .consent)
            #expect(snapshot.consents(of: "S002").first?.kind == .optOut)
            // The ledger stores the kind, not the word: the same forms written `consent` change nothing.
            #expect(try await ledger.importConsents(csv: consentsCSV) == Ledger.Changes(added: 0, changed: 0, unchanged: 3))
        }
    }

    @Test(arguments: Store.available)
    func anUnknownKindIsRefusedWithTheAcceptedValues(_ store: Store) async throws {
        try await withFreshLedger(store) { ledger, _ in
            _ = try await ledger.importPeople(csv: peopleCSV)
            do {
                _ = try await ledger.importConsents(csv: consentsCSV.replacingOccurrences(of: "S002,opt-out,", with: "S002,permission,"))
                Issue.record("accepted an unknown kind")
            } catch let error as LedgerError {
                #expect(error.line == 3)
                #expect(error.description.contains("unknown kind (expected consent, written, opt-out)"), "\(error)")
                #expect(!error.description.contains("permission"))
            }
            #expect(try await ledger.consents().isEmpty)
        }
    }

    @Test(arguments: Store.available)
    func revocationEndsConsentFromItsDayAndHistoryIsAppendOnly(_ store: Store) async throws {
        try await withFreshLedger(store) { ledger, _ in
            _ = try await ledger.importPeople(csv: peopleCSV)
            _ = try await ledger.importConsents(csv: consentsCSV)
            #expect(try await ledger.revoke(person: "S001", reason: "parent request", on: Day("2026-11-01")!) == 1)
            let c = try #require(try await ledger.consents(of: "S001").first)
            #expect(c.covers(channel: .website, context: .classroom, on: Day("2026-10-31")!))
            #expect(!c.covers(channel: .website, context: .classroom, on: Day("2026-11-01")!))
            #expect(c.revocationReason == "parent request")
            // Revoking again changes nothing; re-importing the form does not undo the revocation.
            #expect(try await ledger.revoke(person: "S001", reason: "again", on: Day("2026-11-02")!) == 0)
            _ = try await ledger.importConsents(csv: consentsCSV)
            #expect(try await ledger.consents(of: "S001").first?.revokedOn == Day("2026-11-01"))
            #expect(try await ledger.history().contains { $0.action == "consent.revoked" && $0.person == "S001" })
            await #expect(throws: LedgerError.self) {
                try await ledger.backend.execute([SQLStatement("UPDATE history SET details = 'x'")])
            }
            await #expect(throws: LedgerError.self) {
                try await ledger.backend.execute([SQLStatement("DELETE FROM history")])
            }
            await #expect(throws: LedgerError.self) { _ = try await ledger.revoke(person: "NOBODY", reason: "x", on: Day.today()) }
        }
    }

    /// Two writers at once (two connections, as two processes would have): every write lands.
    @Test(arguments: Store.available)
    func concurrentWritersBothLand(_ store: Store) async throws {
        try await withFreshLedger(store) { ledger, location in
            let other = try await Ledger.open(location, user: "other")
            defer { Task { try? await other.close() } }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (writer, prefix) in [(ledger, "A"), (other, "B")] {
                    group.addTask {
                        for i in 0..<40 {
                            _ = try await writer.upsert(people: [
                                Person(id: "\(prefix)\(i)", name: "P \(prefix)\(i)", role: .student, group: nil)
                            ])
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await ledger.people().count == 80)
            #expect(try await ledger.history().count == 80)
        }
    }

    @Test func sqliteLedgerIsReadableByItsOwnerOnly() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-perm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sub/ledger.sqlite").path
        let ledger = try await Ledger.open(path)
        _ = try await ledger.importPeople(csv: peopleCSV)
        try await ledger.close()
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(stat(dir.appendingPathComponent("sub").path, &st) == 0 && st.st_mode & 0o777 == 0o700)
        for suffix in ["-wal", "-shm"] where stat(path + suffix, &st) == 0 {
            #expect(st.st_mode & 0o077 == 0, "\(suffix)")
        }
    }

    @Test func daysAreCheckedAndCompared() {
        #expect(Day("2024-02-29") != nil)
        #expect(Day("2023-02-29") == nil)
        #expect(Day("2026-13-01") == nil)
        #expect(Day("26-01-01") == nil)
        #expect(Day("2026-01-31")!.adding(days: 1) == Day("2026-02-01"))
        #expect(Day("2026-01-31")! < Day("2026-02-01")!)
    }

    @Test func csvHandlesQuotesCommasAndLineBreaks() throws {
        let table = try CSVTable("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n", required: ["a", "b"])
        #expect(table.records.count == 2)
        #expect(table.records[0].fields["a"] == "x, y" && table.records[0].fields["b"] == "say \"hi\"")
        #expect(table.records[1].fields["a"] == "two\nlines" && table.records[1].line == 3)
        #expect(throws: LedgerError.self) { try CSVTable("a,b\n1\n", required: ["a"]) }
        #expect(throws: LedgerError.self) { try CSVTable("a\n1\n", required: ["b"]) }
    }
}

@Suite("PostgreSQL ledger over the network", .enabled(if: Store.available.contains(.postgres), "VIGIE_TEST_POSTGRES is not set"))
struct PostgresTLSTests {
    @Test func tlsIsVerifiedWhenRequired() async throws {
        let base = try #require(ProcessInfo.processInfo.environment["VIGIE_TEST_POSTGRES"])
        try #require(base.hasPrefix("postgres://") || base.hasPrefix("postgresql://"), "VIGIE_TEST_POSTGRES is not a postgres:// URL")
        // The local test server's certificate is self-signed (or it has no TLS): a verified TLS
        // connection must be refused, never silently downgraded.
        await #expect(throws: LedgerError.self) { _ = try await Ledger.open(base + "?sslmode=require") }
        await #expect(throws: LedgerError.self) { _ = try await Ledger.open(base + "?sslmode=sometimes") }
        let plain = try await Ledger.open(base + "?sslmode=disable")
        try await plain.close()
    }
}
