import Foundation

/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Each record keeps the
/// line it starts on, for error messages. A header row names the columns.
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        public let line: Int
        public let fields: [String: String]
    }
    public let columns: [String]
    public let records: [Record]

    public init(_ text: String, required: [String]) throws {
        var rows: [(Int, [String])] = []
        var field = ""
        var row: [String] = []
        var quoted = false
        var line = 1
        var rowStart = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending {
                pending = nil
                return p
            }
            return iterator.next()
        }
        while let ch = next() {
            if quoted {
                if ch == "\"" {
                    if let after = next() {
                        if after == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = after
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if ch == "\n" || ch == "\r\n" { line += 1 }
                    field.append(ch)
                }
                continue
            }
            switch ch {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                row.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                row.append(field)
                field = ""
                if !(row.count == 1 && row[0].isEmpty) { rows.append((rowStart, row)) }
                row = []
                line += 1
                rowStart = line
            default: field.append(ch)
            }
        }
        if quoted { throw LedgerError(.invalid, "a quoted field is not closed", line: rowStart) }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append((rowStart, row))
        }
        guard let header = rows.first else { throw LedgerError(.invalid, "the file is empty") }
        let columns = header.1.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for name in required where !columns.contains(name) {
            throw LedgerError(.invalid, "the header has no \(name) column", line: header.0)
        }
        self.columns = columns
        self.records = try rows.dropFirst().map { (line, values) in
            guard values.count == columns.count else {
                throw LedgerError(.invalid, "expected \(columns.count) fields, found \(values.count)", line: line)
            }
            return Record(
                line: line,
                fields: Dictionary(zip(columns, values.map { $0.trimmingCharacters(in: .whitespaces) }), uniquingKeysWith: { a, _ in a }))
        }
    }
}
