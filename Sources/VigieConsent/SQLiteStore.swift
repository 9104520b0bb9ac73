import Foundation
import GRDB

/// The ledger in one SQLite file through GRDB: WAL mode, immediate write transactions and a busy
/// timeout, so that several processes can write at once. The file is created readable and writable
/// by its owner only (SQLite gives its -wal and -shm files the same mode), in a folder only the owner
/// can enter when Vigie creates it.
final class SQLiteBackend: SQLBackend {
    let dialect = SQLDialect.sqlite
    private let pool: DatabasePool

    init(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw LedgerError(.unavailable, "the ledger folder cannot be created")
            }
        }
        if !FileManager.default.fileExists(atPath: path) {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd < 0 && errno != EEXIST { throw LedgerError(.unavailable, "the ledger file cannot be created") }
            if fd >= 0 { Glibc.close(fd) }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        pool = try Self.openPool(path: path, configuration: configuration)
    }

    /// Opens the pool. Turning a new file to WAL needs an exclusive lock that SQLite's busy timeout
    /// does not wait for: when another process is opening the same new ledger at that moment, the
    /// open fails with SQLITE_BUSY. It is tried again, for as long as the busy timeout.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = ContinuousClock.now + .seconds(30)
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && ContinuousClock.now < deadline {
                attempt += 1
                usleep(useconds_t(Swift.min(100, 5 * attempt) * 1000))
            } catch {
                throw LedgerError(.unavailable, "the ledger file cannot be opened as a database")
            }
        }
    }

    func execute(_ statements: [SQLStatement]) async throws {
        do {
            try await pool.write { db in
                for s in statements { try db.execute(sql: s.sql, arguments: StatementArguments(s.arguments.map(\.databaseValue))) }
            }
        } catch let error as DatabaseError {
            // The message may quote values: only the kind of failure goes out.
            throw LedgerError(.rejected, "the ledger refused the change (\(error.resultCode))")
        }
    }

    func query(_ sql: String, _ arguments: [SQLValue]) async throws -> [[SQLValue]] {
        do {
            return try await pool.read { db in
                try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map(\.databaseValue))).map { row in
                    row.databaseValues.map { value -> SQLValue in
                        switch value.storage {
                        case .int64(let i): .integer(i)
                        case .string(let s): .text(s)
                        case .double(let d): .integer(Int64(d))
                        case .blob(let b): .text(String(decoding: b, as: UTF8.self))
                        case .null: .null
                        }
                    }
                }
            }
        } catch let error as DatabaseError {
            throw LedgerError(.unavailable, "the ledger could not be read (\(error.resultCode))")
        }
    }

    func close() async throws { try pool.close() }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .text(let s): s.databaseValue
        case .integer(let i): i.databaseValue
        case .null: .null
        }
    }
}
