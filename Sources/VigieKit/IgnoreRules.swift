import Foundation

/// gitignore-style patterns from a `.vigieignore` file, relative to the folder that holds it.
/// Supports comments, `!` negation, a trailing `/` for folders only, anchoring by a leading or inner
/// `/`, and the `*`, `?`, `[...]` and `**` wildcards.
public struct IgnoreRules: Sendable {
    struct Rule: Sendable {
        let regex: NSRegularExpressionBox
        let negated: Bool
        let directoryOnly: Bool
    }

    /// NSRegularExpression is immutable and thread-safe, but not marked Sendable on Linux.
    final class NSRegularExpressionBox: @unchecked Sendable {
        let value: NSRegularExpression
        init(_ value: NSRegularExpression) { self.value = value }
    }

    let rules: [Rule]

    public init(_ text: String) {
        var rules: [Rule] = []
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = String(rawLine)
            while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            var negated = false
            if line.hasPrefix("!") {
                negated = true
                line.removeFirst()
            } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
                line.removeFirst()
            }
            var directoryOnly = false
            if line.hasSuffix("/") {
                directoryOnly = true
                line.removeLast()
            }
            guard !line.isEmpty else { continue }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line.removeFirst() }
            let body = Self.translate(line)
            let pattern = anchored ? "^\(body)$" : "^(?:.*/)?\(body)$"
            if let re = try? NSRegularExpression(pattern: pattern) {
                rules.append(Rule(regex: NSRegularExpressionBox(re), negated: negated, directoryOnly: directoryOnly))
            }
        }
        self.rules = rules
    }

    /// Whether `relativePath` (with `/` separators, relative to the ignore file's folder) is ignored.
    /// The last matching pattern wins, as in git.
    public func isIgnored(_ relativePath: String, isDirectory: Bool) -> Bool? {
        var result: Bool?
        let range = NSRange(relativePath.startIndex..., in: relativePath)
        for rule in rules {
            if rule.directoryOnly && !isDirectory { continue }
            if rule.regex.value.firstMatch(in: relativePath, range: range) != nil { result = !rule.negated }
        }
        return result
    }

    static func translate(_ glob: String) -> String {
        var out = ""
        let chars = Array(glob)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "*":
                if i + 1 < chars.count && chars[i + 1] == "*" {
                    let atStart = i == 0 || chars[i - 1] == "/"
                    let atEnd = i + 2 == chars.count || chars[i + 2] == "/"
                    if atStart && atEnd {
                        if i + 2 < chars.count {
                            out += "(?:.*/)?"
                            i += 3
                        } else {
                            out += ".*"
                            i += 2
                        }
                        continue
                    }
                    out += "[^/]*"
                    i += 2
                    continue
                }
                out += "[^/]*"
            case "?": out += "[^/]"
            case "[":
                if let close = chars[(i + 1)...].firstIndex(of: "]") {
                    var cls = String(chars[(i + 1)..<close])
                    if cls.hasPrefix("!") { cls = "^" + cls.dropFirst() }
                    out += "[\(cls.replacingOccurrences(of: "\\", with: "\\\\"))]"
                    i = close + 1
                    continue
                }
                out += "\\["
            case "\\":
                if i + 1 < chars.count {
                    out += NSRegularExpression.escapedPattern(for: String(chars[i + 1]))
                    i += 2
                    continue
                }
            default:
                out += NSRegularExpression.escapedPattern(for: String(c))
            }
            i += 1
        }
        return out
    }
}
