import ArgumentParser
import Foundation
import VigieReport

/// `vigie merge`: one report from the JSON reports of the shards of one job (`--shard K/N`).
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the JSON reports of every shard of one check or audit (--shard K/N) into one report.",
        discussion: """
            Refuses reports that are not shards, come from another Vigie version or other settings, miss a
            shard or repeat one. The exit code follows the same rules as check: 1 when a file is blocked or
            could not be checked. The HTML report of a merge has no thumbnails (JSON reports carry none).
            """
    )

    @Argument(help: "The JSON reports of the shards (vigie check --shard K/N --format json).")
    var reports: [String]

    @Option(name: .long, help: "Report format: \(CheckCommand.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: CheckCommand.Format = .terminal

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() async throws {
        var parts: [Report] = []
        for (i, path) in reports.enumerated() {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw OperationalError(description: "report \(i + 1) cannot be read")
            }
            do {
                parts.append(try JSONDecoder().decode(Report.self, from: data))
            } catch {
                throw OperationalError(description: "report \(i + 1) is not a Vigie JSON report")
            }
        }
        let report: Report
        do {
            report = try Report.merged(parts)
        } catch {
            throw OperationalError(description: "cannot merge: \(error.description)")
        }
        try CheckCommand.write(report, as: format, to: output)
    }
}
