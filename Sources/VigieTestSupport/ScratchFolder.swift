import Foundation

/// Folders the tests write into, all under one folder of this process's own in the temporary
/// directory, which is removed when the process exits: a test run leaves nothing behind, even where
/// a test stops early.
public enum ScratchFolder {
    /// `vigie-tests-<pid>` in the temporary directory; created, and its removal at exit arranged, on
    /// first use.
    public static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: ScratchFolder.root) }
        return url
    }()

    /// A new empty folder named `prefix` and a unique suffix under `root`.
    public static func make(_ prefix: String) throws -> URL {
        let url = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
