import Foundation

/// Why a file the review writes could not be written; `description` never names the file's content.
public struct ReviewWriteError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Whole-file writes that readers never see half done: the bytes go to a hidden temporary file in the
/// same folder, are synced, then renamed over the target. A link in the target's place is refused
/// (the rename would replace the link, not what it points to, and a reader would be surprised).
enum AtomicFile {
    /// The file's bytes, or nil when it does not exist.
    static func read(_ path: String) throws -> Data? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw ReviewWriteError("\((path as NSString).lastPathComponent) is not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReviewWriteError("\((path as NSString).lastPathComponent) cannot be read")
        }
        return data
    }

    /// Replaces `path` with `data`, or removes it when `data` is nil.
    static func write(_ data: Data?, to path: String) throws {
        let name = (path as NSString).lastPathComponent
        var st = stat()
        if lstat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG { throw ReviewWriteError("\(name) is not a regular file") }
        guard let data else {
            if unlink(path) != 0 && errno != ENOENT { throw ReviewWriteError("\(name) cannot be removed") }
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = folder + "/." + name + ".vigie-review-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ReviewWriteError("the folder of \(name) is not writable") }
        var ok = true
        data.withUnsafeBytes { buffer in
            var written = 0
            while ok, written < buffer.count, let base = buffer.baseAddress {
                let n = Foundation.write(fd, base + written, buffer.count - written)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { ok = false } else { written += n }
            }
        }
        ok = ok && fsync(fd) == 0
        ok = close(fd) == 0 && ok
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw ReviewWriteError("\(name) could not be written")
        }
    }
}
