import Foundation
import VigieMedia

/// A file to check, found on the command line or while walking a folder.
public struct Candidate: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Content sniffed as a supported image.
        case image(ImageFormat)
        /// Content sniffed as a video or audio container: not checked yet, reported as such (fail closed).
        case media(MediaContainer)
        /// An image, video or audio extension (or a file named explicitly) whose content is not a
        /// supported image nor a recognised video or audio container.
        case unsupported
        /// The file could not be opened to look at.
        case unreadable(String)
    }
    /// Absolute path used to read the file.
    public let path: String
    /// Path shown to the user: relative to the current folder when below it.
    public let displayPath: String
    public let kind: Kind
    /// Path below the command-line folder it was found in (its name alone when named as a file):
    /// where `vigie clean --output` writes its copy.
    public let relativePath: String

    public init(path: String, displayPath: String, kind: Kind, relativePath: String? = nil) {
        self.path = path
        self.displayPath = displayPath
        self.kind = kind
        self.relativePath = relativePath ?? (path as NSString).lastPathComponent
    }
}

/// What discovery found.
public struct DiscoveryResult: Sendable {
    public var candidates: [Candidate] = []
    /// Files that are neither images nor videos or audio (by content and extension), skipped, as shown
    /// to the user, sorted: reports list them.
    public var skippedFiles: [String] = []
    /// How many files were skipped.
    public var skipped: Int { skippedFiles.count }
    /// Symbolic links not followed (pointing outside the roots, or to folders).
    public var linksNotFollowed = 0
}

/// A command-line path that does not exist: a usage error (exit 2), not a finding.
public struct MissingPathError: Error, CustomStringConvertible {
    public let path: String
    public var description: String { "no such file or folder: \(path)" }
}

/// Walks files and folders: format by content, hidden entries skipped unless asked, `.vigieignore`
/// honoured, symbolic links followed only to files inside the roots and never into folders.
public struct Discovery: Sendable {
    public var includeHidden = false
    public var currentDirectory: String = FileManager.default.currentDirectoryPath
    /// Folders never walked (absolute, resolved): `vigie clean`'s output folder inside an input folder.
    public var excludedFolders: Set<String> = []
    /// Ignore patterns from the configuration file, relative to its folder: they apply below it, before
    /// any `.vigieignore` (which can re-include with `!`).
    public var configuredIgnores: (base: String, rules: IgnoreRules)? = nil

    public init() {}

    public func discover(_ arguments: [String]) throws -> DiscoveryResult {
        var result = DiscoveryResult()
        var seen = Set<String>()
        let roots = try arguments.map { arg -> String in
            let absolute = Self.absolute(arg, cwd: currentDirectory)
            var st = stat()
            guard lstat(absolute, &st) == 0 else { throw MissingPathError(path: arg) }
            return Self.realpath(absolute) ?? absolute
        }
        let prefixes = displayPrefixes()
        for arg in arguments {
            let absolute = Self.absolute(arg, cwd: currentDirectory)
            var st = stat()
            guard stat(absolute, &st) == 0 else {
                // A dangling link named on the command line.
                add(absolute, explicit: true, prefixes: prefixes, into: &result, seen: &seen)
                continue
            }
            if st.st_mode & S_IFMT == S_IFDIR {
                // Walk the path as given (so that reports show it), judge links by real paths.
                let configured = configuredIgnores.map { [$0] } ?? []
                walk(absolute, root: absolute, ignores: configured, roots: roots, prefixes: prefixes, into: &result, seen: &seen)
            } else {
                add(absolute, explicit: true, prefixes: prefixes, into: &result, seen: &seen)
            }
        }
        result.candidates.sort { $0.displayPath < $1.displayPath }
        result.skippedFiles.sort()
        return result
    }

    private func walk(
        _ dir: String, root: String, ignores: [(base: String, rules: IgnoreRules)], roots: [String], prefixes: [String],
        into result: inout DiscoveryResult, seen: inout Set<String>
    ) {
        var ignores = ignores
        let ignoreFile = dir + "/.vigieignore"
        if let text = try? String(contentsOfFile: ignoreFile, encoding: .utf8) {
            ignores.append((dir, IgnoreRules(text)))
        }
        guard let (names, undecodable) = Self.list(dir) else {
            // A folder that cannot be listed is reported, never silently passed.
            result.candidates.append(
                Candidate(
                    path: dir, displayPath: Self.display(dir, prefixes), kind: .unreadable("the folder cannot be listed"),
                    relativePath: String(dir.dropFirst(root.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))))
            return
        }
        for raw in undecodable where includeHidden || raw.first != UInt8(ascii: ".") {
            addUndecodable(raw, in: dir, root: root, ignores: ignores, prefixes: prefixes, into: &result)
        }
        for name in names.sorted() {
            if !includeHidden && name.hasPrefix(".") { continue }
            // Vigie's own temporary outputs (of this run, or left by a killed one) are never inputs.
            if TemporaryFiles.isTemporaryName(name) { continue }
            let path = dir + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }  // vanished while walking
            let type = st.st_mode & S_IFMT
            if type == S_IFLNK {
                var target = stat()
                guard let real = Self.realpath(path), stat(path, &target) == 0, target.st_mode & S_IFMT == S_IFREG,
                    roots.contains(where: { real == $0 || real.hasPrefix($0 + "/") })
                else {
                    result.linksNotFollowed += 1
                    continue
                }
                if isIgnored(path, isDirectory: false, ignores) { continue }
                add(path, explicit: false, prefixes: prefixes, into: &result, seen: &seen, identity: real, root: root)
            } else if type == S_IFDIR {
                if isIgnored(path, isDirectory: true, ignores) { continue }
                if !excludedFolders.isEmpty, excludedFolders.contains(Self.realpath(path) ?? path) { continue }
                walk(path, root: root, ignores: ignores, roots: roots, prefixes: prefixes, into: &result, seen: &seen)
            } else if type == S_IFREG {
                if isIgnored(path, isDirectory: false, ignores) { continue }
                add(path, explicit: false, prefixes: prefixes, into: &result, seen: &seen, root: root)
            }
        }
    }

    /// The entries of a folder: names that are valid UTF-8, and the raw bytes of those that are not
    /// (Foundation would drop or mangle them, and the file would pass unchecked). Nil when the folder
    /// cannot be listed.
    static func list(_ dir: String) -> (names: [String], undecodable: [[UInt8]])? {
        guard let stream = opendir(dir) else { return nil }
        defer { closedir(stream) }
        var names: [String] = [], undecodable: [[UInt8]] = []
        while let entry = readdir(stream) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if bytes == [UInt8(ascii: ".")] || bytes == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            if let name = String(validating: bytes, as: UTF8.self) {
                names.append(name)
            } else {
                undecodable.append(bytes)
            }
        }
        return (names, undecodable)
    }

    /// A name that is not valid UTF-8 as it can be shown: its valid characters, and `\xHH` for each
    /// byte that is not.
    static func escapedName(_ bytes: [UInt8]) -> String {
        var out = "", i = 0
        while i < bytes.count {
            var iterator = bytes[i...].makeIterator()
            var decoder = UTF8()
            if case .scalarValue(let scalar) = decoder.decode(&iterator) {
                out.unicodeScalars.append(scalar)
                i += UTF8.width(scalar)
            } else {
                out += String(format: "\\x%02X", bytes[i])
                i += 1
            }
        }
        return out
    }

    /// An entry of `dir` whose name is not valid UTF-8. Vigie cannot carry its path, so a folder, or a
    /// file that is an image by content or extension, is reported as unreadable (renaming it lets it
    /// be checked); other files are skipped like any file that is neither an image nor a video.
    private func addUndecodable(
        _ raw: [UInt8], in dir: String, root: String, ignores: [(base: String, rules: IgnoreRules)], prefixes: [String],
        into result: inout DiscoveryResult
    ) {
        let shown = dir + "/" + Self.escapedName(raw)
        let rawPath = (Array(dir.utf8) + [UInt8(ascii: "/")] + raw + [0]).map { CChar(bitPattern: $0) }
        var st = stat(), target = stat()
        let linked = lstat(rawPath, &st) == 0, reachable = stat(rawPath, &target) == 0
        guard linked else { return }  // vanished while walking
        let isLink = st.st_mode & S_IFMT == S_IFLNK
        let type = (reachable ? target : st).st_mode & S_IFMT
        let reason: String
        if type == S_IFDIR {
            if isLink {
                result.linksNotFollowed += 1
                return
            }
            if isIgnored(shown, isDirectory: true, ignores) { return }
            reason = "the folder's name is not valid UTF-8, so nothing in it was checked (rename it to have it checked)"
        } else if type == S_IFREG {
            if isIgnored(shown, isDirectory: false, ignores) { return }
            var head = [UInt8](repeating: 0, count: MediaContainer.headLength)
            let fd = open(rawPath, O_RDONLY | O_NONBLOCK)
            let n = fd >= 0 ? read(fd, &head, MediaContainer.headLength) : -1
            if fd >= 0 { close(fd) }
            head = n > 0 ? Array(head.prefix(n)) : []
            guard SniffedContent.sniff(head) != nil || SniffedContent.isAnnounced(byName: shown) else {
                result.skippedFiles.append(Self.display(shown, prefixes))
                return
            }
            reason = "its name is not valid UTF-8 (rename it to have it checked)"
        } else {
            if isLink { result.linksNotFollowed += 1 }
            return
        }
        result.candidates.append(
            Candidate(
                path: shown, displayPath: Self.display(shown, prefixes), kind: .unreadable(reason),
                relativePath: String(shown.dropFirst(root.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))))
    }

    private func isIgnored(_ path: String, isDirectory: Bool, _ ignores: [(base: String, rules: IgnoreRules)]) -> Bool {
        var ignored = false
        for (base, rules) in ignores where path.hasPrefix(base + "/") {
            let relative = String(path.dropFirst(base.count + 1))
            if let verdict = rules.isIgnored(relative, isDirectory: isDirectory) { ignored = verdict }
        }
        return ignored
    }

    private func add(
        _ path: String, explicit: Bool, prefixes: [String], into result: inout DiscoveryResult, seen: inout Set<String>,
        identity: String? = nil, root: String? = nil
    ) {
        let key = identity ?? Self.realpath(path) ?? path
        guard seen.insert(key).inserted else { return }
        let kind: Candidate.Kind
        do {
            switch try MediaLoader.sniffContent(path: path) {
            case .image(let format): kind = .image(format)
            case .media(let container): kind = .media(container)
            case nil where explicit || SniffedContent.isAnnounced(byName: path):
                kind = .unsupported
            case nil:
                result.skippedFiles.append(Self.display(path, prefixes))
                return
            }
        } catch {
            kind = .unreadable((error as? MediaError)?.reason ?? "the file cannot be opened")
        }
        let relative = root.map { String(path.dropFirst($0.count + ($0.hasSuffix("/") ? 0 : 1))) }
        result.candidates.append(Candidate(path: path, displayPath: Self.display(path, prefixes), kind: kind, relativePath: relative))
    }

    /// The current folder as written and as resolved, each ending in "/": computed once per run.
    func displayPrefixes() -> [String] {
        [Self.normalise(currentDirectory), Self.realpath(currentDirectory)].compactMap { $0 }.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    /// `path` relative to the current folder when below it.
    static func display(_ path: String, _ prefixes: [String]) -> String {
        for prefix in prefixes where path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        return path
    }

    static func absolute(_ path: String, cwd: String) -> String {
        let p = path.hasPrefix("/") ? path : (cwd.hasSuffix("/") ? cwd : cwd + "/") + path
        return normalise(p)
    }

    /// Removes `.` and `..` components and duplicate slashes without touching the file system.
    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for c in path.split(separator: "/") {
            if c == "." { continue }
            if c == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func realpath(_ path: String) -> String? {
        guard let p = Foundation.realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
