import Foundation
import VigieChecks
import VigieConsent
import VigieConsentModel
import VigieMedia
import Yams

/// A problem in `.vigie.yml`, named by its key path (`rules.text.student-id`, `student-id-patterns[0].regex`)
/// and line. Unknown keys and rule ids are warnings; anything that cannot be used is an error (exit 2).
/// Never carries a value from the file.
public struct ConfigurationIssue: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted path of the key; empty for the file as a whole.
    public let keyPath: String
    /// 1-based line in the file, when known.
    public let line: Int?
    public let message: Message

    public init(_ keyPath: String, line: Int? = nil, _ message: Message) {
        self.keyPath = keyPath
        self.line = line
        self.message = message
    }

    /// Where, in `language`: `rules.text.student-id (line 7)`.
    public func location(_ language: Language) -> String {
        let path = keyPath.isEmpty ? Configuration.fileName : keyPath
        return line.map { Localizer(language).render(Message("config.line", [path, String($0)])) } ?? path
    }

    /// The issue in `language`, as an error line (`configuration KEY: what is wrong`).
    public func error(_ language: Language) -> String {
        let l = Localizer(language)
        return l.render(Message("config.error", [location(language), l.render(message)]))
    }

    /// The issue in `language`, as a warning line for stderr.
    public func warning(_ language: Language) -> String {
        let l = Localizer(language)
        return l.render(Message("config.warning", [location(language), l.render(message)]))
    }

    public var description: String { error(.en) }
}

/// The settings of `.vigie.yml` (version 1), found in the checked folder or its parents or given with
/// `--config`. Every setting is optional: defaults < this file < command-line options. See
/// docs/CONFIGURATION.md for every key.
public struct Configuration: Sendable, Equatable {
    public static let fileName = ".vigie.yml"
    public static let version = 1

    /// The file it was read from (absolute); nil for the empty configuration.
    public var path: String?
    public var channel: Channel?
    public var context: PhotoContext?
    public var policy: ConsentPolicy?
    /// Rules turned off or given another severity.
    public var rules = RuleSettings()
    /// District student-number formats for `text.student-id`.
    public var studentIDPatterns: [StudentIDPattern] = []
    /// Face thresholds (`faces.minimum-height`, `faces.detection-threshold`, `faces.identifiable-score`).
    public var minimumFaceHeight: Double?
    public var faceDetectionThreshold: Double?
    public var identifiableFaceScore: Double?
    public var maxPixels: Int?
    public var maxFrames: Int?
    /// Seconds one file may take to check (`limits.max-seconds`).
    public var maxSeconds: Int?
    /// gitignore patterns, relative to the folder of the file.
    public var ignore: [String] = []
    /// The consent ledger: a postgres:// URL, or a path made absolute against the file's folder.
    public var ledger: String?
    /// Unknown keys and rule ids, each named by its key path.
    public var warnings: [ConfigurationIssue] = []

    public init() {}

    /// The folder of the file: the base of relative paths and ignore patterns.
    public var folder: String? { path.map { ($0 as NSString).deletingLastPathComponent } }

    /// The ignore patterns with the folder they are relative to; nil without patterns.
    public var ignoreRules: (base: String, rules: IgnoreRules)? {
        guard !ignore.isEmpty, let folder else { return nil }
        return (folder, IgnoreRules(ignore.joined(separator: "\n")))
    }

    /// The decode limits: the file's over `defaults`.
    public func limits(_ defaults: DecodeLimits = DecodeLimits()) -> DecodeLimits {
        var l = defaults
        if let maxPixels { l.maxPixels = maxPixels }
        if let maxFrames { l.maxFrames = maxFrames }
        if let maxSeconds { l.maxSecondsPerFile = Double(maxSeconds) }
        return l
    }

    /// The face thresholds: the file's over `defaults`.
    public func faces(_ defaults: FaceConfiguration = FaceConfiguration()) -> FaceConfiguration {
        var f = defaults
        if let minimumFaceHeight { f.minimumHeight = minimumFaceHeight }
        if let faceDetectionThreshold { f.detectionThreshold = faceDetectionThreshold }
        if let identifiableFaceScore { f.identifiableScore = identifiableFaceScore }
        return f
    }

    // MARK: Finding and reading

    /// The nearest `.vigie.yml` above each of `paths` (a folder is searched from itself, a file from its
    /// folder); nil when there is none. Paths that find different files are an error: say which with
    /// `--config`.
    public static func locate(for paths: [String], cwd: String) throws(ConfigurationIssue) -> String? {
        var found: Set<String> = []
        for path in paths.isEmpty ? [cwd] : paths {
            if let file = nearest(from: Discovery.absolute(path, cwd: cwd)) { found.insert(file) }
        }
        guard found.count <= 1 else { throw ConfigurationIssue("", Message("config.ambiguous")) }
        return found.first
    }

    /// Walks up from `start` (a folder, or a file's folder) to the root.
    static func nearest(from start: String) -> String? {
        var isFolder: ObjCBool = false
        var folder = start
        if !FileManager.default.fileExists(atPath: start, isDirectory: &isFolder) || !isFolder.boolValue {
            folder = (start as NSString).deletingLastPathComponent
        }
        while true {
            let candidate = (folder as NSString).appendingPathComponent(fileName)
            var candidateIsFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &candidateIsFolder), !candidateIsFolder.boolValue {
                return candidate
            }
            let parent = (folder as NSString).deletingLastPathComponent
            if parent == folder || parent.isEmpty { return nil }
            folder = parent
        }
    }

    /// Reads and parses the file at `path`.
    public static func load(_ path: String, cwd: String) throws(ConfigurationIssue) -> Configuration {
        let absolute = Discovery.absolute(path, cwd: cwd)
        guard let data = FileManager.default.contents(atPath: absolute), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationIssue("", Message("config.unreadable"))
        }
        return try parse(text, path: absolute)
    }

    /// Parses the text of a configuration file read from `path` (absolute: relative paths in it are
    /// resolved against its folder).
    public static func parse(_ text: String, path: String) throws(ConfigurationIssue) -> Configuration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            // Yams' message quotes the offending text: only its line is kept.
            let line = (error as? YamlError).flatMap(Self.line(of:))
            throw ConfigurationIssue("", line: line, Message("config.syntax"))
        }
        var c = Configuration()
        c.path = path
        guard let root else { throw ConfigurationIssue("version", Message("config.missing-version")) }
        var reader = Reader()
        let top = try reader.mapping(root, "")
        guard let versionNode = top.first(where: { $0.key == "version" })?.value else {
            throw ConfigurationIssue("version", line: reader.line(root), Message("config.missing-version"))
        }
        guard try reader.integer(versionNode, "version", minimum: 1) == version else {
            throw ConfigurationIssue("version", line: reader.line(versionNode), Message("config.version"))
        }
        for (key, value) in top {
            switch key {
            case "version": break
            case "channel", "profile":
                if c.channel != nil { throw ConfigurationIssue(key, line: reader.line(value), Message("config.duplicate")) }
                c.channel = try reader.choice(value, key, Channel.self)
            case "context": c.context = try reader.choice(value, key, PhotoContext.self)
            case "policy": c.policy = try reader.choice(value, key, ConsentPolicy.self)
            case "rules":
                for (rule, setting) in try reader.mapping(value, key) {
                    let keyPath = "rules.\(rule)"
                    let word = try reader.string(setting, keyPath)
                    guard let parsed = RuleSettings.Setting(word) else {
                        throw ConfigurationIssue(
                            keyPath, line: reader.line(setting), Message("config.expected-one-of", ["off, error, warning, info"]))
                    }
                    do throws(RuleSettings.Refusal) {
                        try c.rules.set(rule, parsed)
                    } catch {
                        switch error {
                        case .unknownRule: reader.warn(keyPath, setting, "config.unknown-rule")
                        case .fileRule: throw ConfigurationIssue(keyPath, line: reader.line(setting), Message("config.file-rule"))
                        }
                    }
                }
            case "student-id-patterns":
                for (i, item) in try reader.sequence(value, key).enumerated() {
                    c.studentIDPatterns.append(try reader.pattern(item, "\(key)[\(i)]"))
                }
            case "faces":
                for (name, v) in try reader.mapping(value, key) {
                    let keyPath = "faces.\(name)"
                    switch name {
                    case "minimum-height": c.minimumFaceHeight = Double(try reader.integer(v, keyPath, minimum: 1))
                    case "detection-threshold": c.faceDetectionThreshold = try reader.fraction(v, keyPath)
                    case "identifiable-score": c.identifiableFaceScore = try reader.fraction(v, keyPath)
                    default: reader.warn(keyPath, v, "config.unknown-key")
                    }
                }
            case "limits":
                for (name, v) in try reader.mapping(value, key) {
                    let keyPath = "limits.\(name)"
                    switch name {
                    case "max-pixels": c.maxPixels = try reader.integer(v, keyPath, minimum: 1)
                    case "max-frames": c.maxFrames = try reader.integer(v, keyPath, minimum: 1)
                    case "max-seconds": c.maxSeconds = try reader.integer(v, keyPath, minimum: 1)
                    default: reader.warn(keyPath, v, "config.unknown-key")
                    }
                }
            case "ignore":
                for (i, item) in try reader.sequence(value, key).enumerated() { c.ignore.append(try reader.string(item, "\(key)[\(i)]")) }
            case "ledger":
                let location = try reader.string(value, key)
                c.ledger =
                    location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
                    ? location : Discovery.absolute(location, cwd: c.folder ?? "/")
            default:
                reader.warn(key, value, "config.unknown-key")
            }
        }
        c.warnings = reader.warnings
        return c
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    /// Reads typed values from nodes, naming the key path of anything of the wrong type.
    struct Reader {
        var warnings: [ConfigurationIssue] = []

        func line(_ node: Node) -> Int? { node.mark?.line }

        mutating func warn(_ keyPath: String, _ node: Node, _ key: String) {
            warnings.append(ConfigurationIssue(keyPath, line: line(node), Message(key)))
        }

        /// A mapping's keys (as text) and values, in file order.
        func mapping(_ node: Node, _ keyPath: String) throws(ConfigurationIssue) -> [(key: String, value: Node)] {
            guard let m = node.mapping else { throw ConfigurationIssue(keyPath, line: line(node), Message("config.expected-mapping")) }
            var out: [(key: String, value: Node)] = []
            for (k, v) in m {
                guard let name = k.scalar?.string else {
                    throw ConfigurationIssue(keyPath, line: line(k), Message("config.expected-string"))
                }
                out.append((name, v))
            }
            return out
        }

        func sequence(_ node: Node, _ keyPath: String) throws(ConfigurationIssue) -> [Node] {
            guard let s = node.sequence else { throw ConfigurationIssue(keyPath, line: line(node), Message("config.expected-list")) }
            return Array(s)
        }

        func string(_ node: Node, _ keyPath: String) throws(ConfigurationIssue) -> String {
            guard let s = node.scalar, !s.string.isEmpty else {
                throw ConfigurationIssue(keyPath, line: line(node), Message("config.expected-string"))
            }
            return s.string
        }

        func integer(_ node: Node, _ keyPath: String, minimum: Int) throws(ConfigurationIssue) -> Int {
            guard let s = node.scalar, let value = Int.construct(from: s), value >= minimum else {
                throw ConfigurationIssue(keyPath, line: line(node), Message("config.expected-integer", [String(minimum)]))
            }
            return value
        }

        func fraction(_ node: Node, _ keyPath: String) throws(ConfigurationIssue) -> Double {
            guard let s = node.scalar, let value = Double.construct(from: s), value >= 0, value <= 1 else {
                throw ConfigurationIssue(keyPath, line: line(node), Message("config.expected-fraction"))
            }
            return value
        }

        func choice<Value: RawRepresentable & CaseIterable>(_ node: Node, _ keyPath: String, _ type: Value.Type) throws(ConfigurationIssue)
            -> Value
        where Value.RawValue == String {
            let word = try string(node, keyPath)
            guard let value = Value(rawValue: word.lowercased()) else {
                let choices = Value.allCases.map(\.rawValue).joined(separator: " ")
                throw ConfigurationIssue(keyPath, line: line(node), Message("config.expected-one-of", [choices]))
            }
            return value
        }

        mutating func pattern(_ node: Node, _ keyPath: String) throws(ConfigurationIssue) -> StudentIDPattern {
            var name: String?
            var regex: String?
            var labels: [String] = []
            for (key, value) in try mapping(node, keyPath) {
                let path = "\(keyPath).\(key)"
                switch key {
                case "name": name = try string(value, path)
                case "regex":
                    let text = try string(value, path)
                    guard (try? NSRegularExpression(pattern: text, options: [.caseInsensitive])) != nil else {
                        throw ConfigurationIssue(path, line: line(value), Message("config.invalid-regex"))
                    }
                    regex = text
                case "labels":
                    for (i, item) in try sequence(value, path).enumerated() { labels.append(try string(item, "\(path)[\(i)]")) }
                default: warn(path, value, "config.unknown-key")
                }
            }
            guard let regex else { throw ConfigurationIssue("\(keyPath).regex", line: line(node), Message("config.missing-key")) }
            return StudentIDPattern(name: name ?? keyPath, regex: regex, labels: labels)
        }
    }
}
