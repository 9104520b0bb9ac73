import Foundation

/// Files that changed in a git work tree since a revision: committed since it, staged, unstaged, and
/// new files git does not ignore. `vigie check --changed-since origin/main` keeps only these.
public enum ChangedFiles {
    public struct GitError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Absolute, resolved paths of the changed files in the repository holding `folder`.
    public static func since(_ revision: String, in folder: String) throws -> Set<String> {
        guard !revision.hasPrefix("-") else { throw GitError(description: "--changed-since needs a git revision, not an option") }
        let top = try git(["rev-parse", "--show-toplevel"], in: folder).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !top.isEmpty else { throw GitError(description: "not inside a git work tree") }
        let changed = try git(["diff", "--name-only", "-z", "--diff-filter=ACMRT", revision, "--"], in: top)
        let untracked = try git(["ls-files", "--others", "--exclude-standard", "-z"], in: top)
        var out = Set<String>()
        for name in (changed + untracked).split(separator: "\0") where !name.isEmpty {
            let path = top + "/" + name
            out.insert(URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
        }
        return out
    }

    static func git(_ arguments: [String], in folder: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", folder] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do {
            try p.run()
        } catch {
            throw GitError(description: "git cannot be run")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw GitError(description: arguments.first == "rev-parse" ? "not inside a git work tree" : "git does not know that revision")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
