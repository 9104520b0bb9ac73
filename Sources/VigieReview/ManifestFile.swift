import Foundation
import VigieChecks
import VigieConsent
import VigieKit

/// A folder's `vigie.csv` as a table to edit: the columns and rows as written, so that a change to one
/// file's row leaves the others, and columns Vigie does not know, as they were.
struct ManifestFile: Equatable {
    var columns: [String]
    var rows: [[String: String]]

    static let standardColumns = ["file", "people", "context", "channel", "caption", "tags", "suppress", "faces"]

    init(columns: [String] = ["file"], rows: [[String: String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// Parses `text`; the same errors `vigie check` reports (a bad line stops the edit).
    init(csv text: String) throws {
        _ = try FolderManifest(csv: text)
        let table = try CSVTable(text, required: ["file"])
        columns = table.columns
        rows = table.records.map(\.fields)
    }

    /// The row of `file`, made from the folder's `*` row when the file has none yet (a row of its
    /// own replaces the `*` row for that file: it starts with what applied before).
    mutating func edit(_ file: String, _ change: (inout [String: String]) -> Void) {
        let index =
            rows.firstIndex { $0["file"] == file }
            ?? {
                var row = rows.first { $0["file"] == "*" } ?? [:]
                row["file"] = file
                rows.append(row)
                return rows.count - 1
            }()
        change(&rows[index])
        for key in rows[index].keys.sorted() where !columns.contains(key) { columns.append(key) }
    }

    /// RFC 4180 text: fields with a comma, a quote, a line break or outer spaces are quoted.
    var text: String {
        func field(_ s: String) -> String {
            let needsQuotes = s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || s.hasPrefix(" ") || s.hasSuffix(" ")
            return needsQuotes ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var lines = [columns.map(field).joined(separator: ",")]
        for row in rows { lines.append(columns.map { field(row[$0] ?? "") }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A list column's entries (`;`-separated).
    static func list(_ value: String?) -> [String] {
        (value ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
