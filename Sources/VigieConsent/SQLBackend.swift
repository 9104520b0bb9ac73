import Foundation

/// A value bound to a statement or read from a row. The ledger stores text and integers only, so
/// that SQLite and PostgreSQL behave the same.
public enum SQLValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case null

    var string: String? {
        switch self {
        case .text(let s): s
        case .integer(let i): String(i)
        case .null: nil
        }
    }
    var int: Int64? {
        switch self {
        case .integer(let i): i
        case .text(let s): Int64(s)
        case .null: nil
        }
    }
}

/// One statement with `?` placeholders.
struct SQLStatement: Sendable {
    let sql: String
    let arguments: [SQLValue]
    init(_ sql: String, _ arguments: [SQLValue] = []) {
        self.sql = sql
        self.arguments = arguments
    }
}

enum SQLDialect: Sendable { case sqlite, postgres }

/// What the ledger needs of a database: a list of statements run as one transaction (all or
/// nothing), and queries returning rows of values in the order of the select list. The ledger's
/// logic is written once above this; each store only moves values.
protocol SQLBackend: Sendable {
    var dialect: SQLDialect { get }
    func execute(_ statements: [SQLStatement]) async throws
    func query(_ sql: String, _ arguments: [SQLValue]) async throws -> [[SQLValue]]
    func close() async throws
}

/// A ledger failure. The description names what went wrong, never a person, a name or a value.
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The ledger cannot be opened or reached.
        case unavailable
        /// An import or command was refused (bad row, unknown person); nothing was written.
        case invalid
        /// The database refused a write (constraint, conflict).
        case rejected
    }
    public let code: Code
    public let reason: String
    /// The line of the input file, for import errors.
    public let line: Int?

    public init(_ code: Code, _ reason: String, line: Int? = nil) {
        self.code = code
        self.reason = reason
        self.line = line
    }

    public var description: String { line.map { "line \($0): \(reason)" } ?? reason }
}

/// The schema, by version. Every statement is idempotent so that two processes opening a new ledger
/// at once both succeed; history is append-only, enforced by the database itself.
enum LedgerSchema {
    static func migrations(_ dialect: SQLDialect) -> [(version: Int, statements: [String])] {
        let serial = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        var v1 = [
            "CREATE TABLE IF NOT EXISTS vigie_schema (version INTEGER PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS people (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, grp TEXT)",
            """
            CREATE TABLE IF NOT EXISTS consents (
                id \(serial),
                person TEXT NOT NULL REFERENCES people(id),
                kind TEXT NOT NULL,
                signed_by TEXT NOT NULL,
                relation TEXT,
                signed_on TEXT NOT NULL,
                evidence TEXT NOT NULL DEFAULT '',
                channels TEXT NOT NULL,
                contexts TEXT NOT NULL,
                tagging INTEGER NOT NULL,
                valid_from TEXT,
                valid_until TEXT,
                revoked_on TEXT,
                revocation_reason TEXT,
                UNIQUE (person, kind, signed_on, signed_by, evidence))
            """,
            "CREATE INDEX IF NOT EXISTS consents_person ON consents(person)",
            "CREATE TABLE IF NOT EXISTS history (id \(serial), at TEXT NOT NULL, username TEXT NOT NULL, action TEXT NOT NULL, person TEXT NOT NULL, details TEXT NOT NULL)",
        ]
        switch dialect {
        case .sqlite:
            v1 += [
                "CREATE TRIGGER IF NOT EXISTS history_no_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
                "CREATE TRIGGER IF NOT EXISTS history_no_delete BEFORE DELETE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
            ]
        case .postgres:
            v1 += [
                """
                CREATE OR REPLACE FUNCTION vigie_history_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'history is append-only'; END $$ LANGUAGE plpgsql
                """,
                "CREATE OR REPLACE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history FOR EACH ROW EXECUTE FUNCTION vigie_history_append_only()",
            ]
        }
        v1.append("INSERT INTO vigie_schema (version) VALUES (1) ON CONFLICT DO NOTHING")
        return [(1, v1)]
    }
}
