import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// The ledger in a PostgreSQL database shared by the schools of a district, through postgres-nio.
/// One connection, used by one task at a time (the actor); writes in explicit transactions.
actor PostgresBackend: SQLBackend {
    nonisolated let dialect = SQLDialect.postgres
    private let connection: PostgresConnection
    private let logger: Logger

    /// `postgres://user:password@host:port/database[?sslmode=disable|require]`; credentials may also
    /// come from PGUSER, PGPASSWORD, PGHOST, PGPORT and PGDATABASE. A server on another machine is
    /// reached over TLS with the certificate verified against the system's trust store (`require`, the
    /// default there); a loopback server without TLS (`disable`, the default there).
    static func connect(url: String) async throws -> PostgresBackend {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw LedgerError(.unavailable, "the ledger address is not a postgres:// URL")
        }
        let env = ProcessInfo.processInfo.environment
        let user = components.user ?? env["PGUSER"] ?? "postgres"
        let password = components.password ?? env["PGPASSWORD"]
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? env["PGHOST"] ?? "127.0.0.1"
        let port = components.port ?? env["PGPORT"].flatMap(Int.init) ?? 5432
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let database = path.isEmpty ? env["PGDATABASE"] ?? user : path
        var logger = Logger(label: "vigie.ledger")
        logger.logLevel = .critical  // statements and values never reach a log
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? (loopback ? "disable" : "require")
        let tls: PostgresConnection.Configuration.TLS
        switch mode {
        case "disable":
            tls = .disable
        case "require", "verify-full", "verify-ca":
            do {
                tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            } catch {
                throw LedgerError(.unavailable, "TLS cannot be set up for the PostgreSQL ledger")
            }
        default:
            throw LedgerError(.unavailable, "sslmode must be disable or require")
        }
        let configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            return PostgresBackend(connection: connection, logger: logger)
        } catch {
            throw LedgerError(.unavailable, "the PostgreSQL ledger cannot be reached")
        }
    }

    private init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// `?` placeholders become `$1`, `$2`...; the ledger's SQL has no `?` inside literals.
    static func query(_ sql: String, _ arguments: [SQLValue]) -> PostgresQuery {
        var text = ""
        var n = 0
        for ch in sql {
            if ch == "?" {
                n += 1
                text += "$\(n)"
            } else {
                text.append(ch)
            }
        }
        var binds = PostgresBindings(capacity: arguments.count)
        for a in arguments {
            switch a {
            case .text(let s): binds.append(s)
            case .integer(let i): binds.append(i)
            case .null: binds.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: binds)
    }

    func execute(_ statements: [SQLStatement]) async throws {
        do {
            _ = try await connection.query("BEGIN", logger: logger)
            for s in statements { _ = try await connection.query(Self.query(s.sql, s.arguments), logger: logger).collect() }
            _ = try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            let state = (error as? PSQLError)?.serverInfo?[.sqlState] ?? "no server answer"
            throw LedgerError(.rejected, "the ledger refused the change (SQLSTATE \(state))")
        }
    }

    func query(_ sql: String, _ arguments: [SQLValue]) async throws -> [[SQLValue]] {
        do {
            var out: [[SQLValue]] = []
            let rows = try await connection.query(Self.query(sql, arguments), logger: logger)
            for try await row in rows {
                var values: [SQLValue] = []
                for cell in row {
                    if cell.bytes == nil {
                        values.append(.null)
                    } else if [.int2, .int4, .int8].contains(cell.dataType) {
                        values.append(.integer(try cell.decode(Int64.self)))
                    } else {
                        values.append(.text(try cell.decode(String.self)))
                    }
                }
                out.append(values)
            }
            return out
        } catch {
            let state = (error as? PSQLError)?.serverInfo?[.sqlState] ?? "no server answer"
            throw LedgerError(.unavailable, "the ledger could not be read (SQLSTATE \(state))")
        }
    }

    func close() async throws { try await connection.close() }
}
