import Foundation

/// `--format json`: a report model (check or clean), keys sorted so that output is stable.
public enum JSONRenderer {
    public static func render<Model: Encodable>(_ report: Model) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
