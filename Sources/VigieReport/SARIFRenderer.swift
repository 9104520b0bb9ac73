import Foundation
import VigieChecks
import VigieMedia

/// SARIF 2.1.0 for code-scanning annotations (GitHub, GitLab, Azure DevOps): one run, every rule of
/// the registry in `tool.driver.rules`, one result per finding. Images have no lines: each result
/// points at line 1 of its file and carries its pixel region in `properties.region`.
public enum SARIFRenderer {
    struct Log: Encodable {
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        let version = "2.1.0"
        let runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }
    struct Run: Encodable {
        let tool: Tool
        let results: [Result]
        let columnKind = "unicodeCodePoints"
        /// Files met but neither images nor videos or audio: not checked, listed (absent when none).
        let properties: RunProperties?
    }
    struct RunProperties: Encodable { let skippedFiles: [String] }
    struct Tool: Encodable { let driver: Driver }
    struct Driver: Encodable {
        let name = "vigie"
        let version: String
        let rules: [Rule]
    }
    struct Text: Encodable { let text: String }
    struct Rule: Encodable {
        let id: String
        let shortDescription: Text
        let fullDescription: Text
        let defaultConfiguration: Configuration
    }
    struct Configuration: Encodable { let level: String }
    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let message: Text
        let locations: [Location]
        let properties: Properties?
        /// SARIF 2.1.0 §3.27.23: present (and `accepted`) when the finding was accepted or suppressed.
        let suppressions: [SARIFSuppression]?
    }
    /// §3.35: both vigie's baseline and a folder's manifest live outside the image file: `external`.
    struct SARIFSuppression: Encodable {
        let kind = "external"
        let status = "accepted"
        let justification: String
        let properties: SuppressionProperties
    }
    struct SuppressionProperties: Encodable { let source: String }
    struct Location: Encodable { let physicalLocation: PhysicalLocation }
    struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        let region: LineRegion
    }
    struct ArtifactLocation: Encodable { let uri: String }
    struct LineRegion: Encodable { let startLine = 1 }
    struct Properties: Encodable {
        let messageId: String
        let region: Region?
        /// Seconds into a video of the frame the finding was seen in.
        let time: Double?
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// Relative paths as URIs (percent-encoded); absolute paths as file URIs.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#[]@")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    public static func render(_ report: Report, rules: [RuleDescription], version: String) throws -> String {
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let sarifRules = rules.map {
            Rule(
                id: $0.id, shortDescription: Text(text: $0.summary(report.language)),
                fullDescription: Text(text: $0.source(report.language)),
                defaultConfiguration: Configuration(level: level($0.defaultSeverity)))
        }
        var results: [Result] = []
        for file in report.files {
            for f in file.findings {
                let suppression = f.suppression.map {
                    [SARIFSuppression(justification: $0.reason, properties: SuppressionProperties(source: $0.kind.rawValue))]
                }
                results.append(
                    Result(
                        ruleId: f.rule, ruleIndex: index[f.rule] ?? -1, level: level(f.severity), message: Text(text: f.message),
                        locations: [
                            Location(
                                physicalLocation: PhysicalLocation(
                                    artifactLocation: ArtifactLocation(uri: uri(file.path)), region: LineRegion()))
                        ],
                        properties: Properties(messageId: f.messageId, region: f.region, time: f.time),
                        suppressions: suppression))
            }
        }
        let properties = report.skippedFiles.map { RunProperties(skippedFiles: $0) }
        let run = Run(tool: Tool(driver: Driver(version: version, rules: sarifRules)), results: results, properties: properties)
        let log = Log(runs: [run])
        return try JSONRenderer.render(log)
    }
}

/// JUnit XML for CI dashboards: one test case per file; a blocked file is a failure, a file that could
/// not be checked an error, with its findings in the body. Files skipped (neither images nor videos)
/// are skipped test cases.
public enum JUnitRenderer {
    public static func render(_ report: Report) -> String {
        let s = report.summary
        let skipped = report.skippedFiles ?? []
        let tests = s.files + skipped.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let counts = "tests=\"\(tests)\" failures=\"\(s.blocked)\" errors=\"\(s.errors)\" skipped=\"\(skipped.count)\""
        out += "<testsuites name=\"vigie\" \(counts)>\n"
        out += "  <testsuite name=\"vigie check\" \(counts)>\n"
        for file in report.files {
            let name = Markup.escape(file.path)
            let body = file.findings.map { f in
                var line = "\(f.severity.rawValue) \(f.rule): "
                if let t = f.time { line += ReportedFinding.timeLabel(t) + " " }
                line += f.message
                if let r = f.region { line += " [\(r.x),\(r.y) \(r.width)x\(r.height)]" }
                if let s = f.suppression { line += " (suppressed, \(s.kind.rawValue): \(s.reason))" }
                return Markup.escape(line)
            }.joined(separator: "\n")
            switch file.status {
            case .clear:
                if body.isEmpty {
                    out += "    <testcase classname=\"vigie\" name=\"\(name)\"/>\n"
                } else {
                    out += "    <testcase classname=\"vigie\" name=\"\(name)\">\n      <system-out>\(body)</system-out>\n    </testcase>\n"
                }
            case .blocked, .error:
                let tag = file.status == .error ? "error" : "failure"
                let worst = file.findings.first
                let message = Markup.escape(worst.map { "\($0.rule): \($0.message)" } ?? "")
                let type = Markup.escape(worst?.rule ?? "")
                out += "    <testcase classname=\"vigie\" name=\"\(name)\">\n"
                out += "      <\(tag) message=\"\(message)\" type=\"\(type)\">\(body)</\(tag)>\n"
                out += "    </testcase>\n"
            }
        }
        if !skipped.isEmpty {
            let message = Markup.escape(Localizer(report.language).text("report.skipped.reason"))
            for path in skipped {
                out += "    <testcase classname=\"vigie\" name=\"\(Markup.escape(path))\">\n"
                out += "      <skipped message=\"\(message)\"/>\n    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
