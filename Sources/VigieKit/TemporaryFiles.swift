import Foundation
import Synchronization
import VigieMedia

/// The temporary files of a run, so that Ctrl-C or a kill signal never leaves a partial output: an
/// output is written under a hidden temporary name in its destination folder and renamed over the
/// final name only once complete, synced and verified. On SIGINT, SIGTERM or SIGHUP every temporary
/// file still open is removed before the process exits; renames and the signal handler take the same
/// lock, so a file is either fully renamed or removed. A SIGKILL can leave a hidden
/// `.NAME.vigie-tmp-PID-*` file behind, never a partial file under a final name; the next run that
/// writes in that folder removes it (`sweepStale(in:)`) once the process that made it is gone.
public final class TemporaryFiles: Sendable {
    public static let shared = TemporaryFiles()

    private struct State {
        var paths = Set<String>()
        var stopping = false
        var sources: [DispatchSourceSignal] = []
    }
    private let state = Mutex(State())

    /// Routes the termination signals through the cleanup. Idempotent.
    public func installSignalHandlers() {
        state.withLock { state in
            guard state.sources.isEmpty else { return }
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { [unowned self] in self.stop(exitCode: 128 + sig) }
                source.resume()
                state.sources.append(source)
            }
        }
    }

    private func stop(exitCode: Int32) -> Never {
        state.withLock { state in
            state.stopping = true
            for path in state.paths { unlink(path) }
            state.paths.removeAll()
            // Exit with the lock held: no rename can start after the temporary files are gone.
            _exit(exitCode)
        }
    }

    /// Creates `.NAME.vigie-tmp-RANDOM` in `folder`, readable and writable by the owner only until
    /// its final mode is set. Throws when the run is stopping.
    func create(in folder: String, name: String) throws -> (fd: Int32, path: String) {
        try state.withLock { state in
            guard !state.stopping else { throw MediaError(.writeFailed, "the run was interrupted") }
            for _ in 0..<16 {
                let random = String(UInt32.random(in: 0...UInt32.max), radix: 36)
                let path = folder + "/." + Self.shortened(name) + Self.marker + String(getpid()) + "-" + random
                let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
                if fd >= 0 {
                    state.paths.insert(path)
                    return (fd, path)
                }
                if errno != EEXIST {
                    throw MediaError(.writeFailed, "the output folder is not writable", underlying: String(cString: strerror(errno)))
                }
            }
            throw MediaError(.writeFailed, "no temporary name was free")
        }
    }

    static let marker = ".vigie-tmp-"

    /// A file name keeps at most 255 bytes: a long name is cut (on a character boundary) so that the
    /// temporary name still fits.
    static func shortened(_ name: String) -> String {
        var out = ""
        var bytes = 0
        for ch in name {
            let n = String(ch).utf8.count
            if bytes + n > 200 { break }
            out.append(ch)
            bytes += n
        }
        return out
    }

    /// The process number in a temporary file's name, `.NAME.vigie-tmp-PID-RANDOM`; nil for any other name.
    static func processOfTemporary(_ name: String) -> Int32? {
        guard name.hasPrefix("."), let range = name.range(of: marker, options: .backwards) else { return nil }
        let tail = name[range.upperBound...].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard tail.count == 2, let pid = Int32(tail[0]), pid > 0, !tail[1].isEmpty,
            tail[1].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) })
        else { return nil }
        return pid
    }

    /// Whether `name` is one of Vigie's temporary output names.
    public static func isTemporaryName(_ name: String) -> Bool { processOfTemporary(name) != nil }

    /// Removes the temporary files that an interrupted run (killed, or its machine stopped) left in
    /// `folder`: hidden regular files named `.NAME.vigie-tmp-PID-*` whose process no longer exists, or
    /// that are more than a day old (the process number was reused). A file of a run still going on is
    /// left alone. Returns how many were removed.
    public static func sweepStale(in folder: String, now: Date = Date()) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for name in names {
            guard let pid = processOfTemporary(name) else { continue }
            let path = folder + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            let gone = kill(pid, 0) != 0 && errno == ESRCH
            let old = now.timeIntervalSince1970 - Double(st.st_mtim.tv_sec) > 86_400
            guard pid != getpid(), gone || old else { continue }
            if unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    /// Renames a complete temporary file over its final name, then syncs the folder when asked.
    func commit(_ temporary: String, to final: String, syncFolder sync: Bool) throws {
        try state.withLock { state in
            guard !state.stopping, state.paths.remove(temporary) != nil else { throw MediaError(.writeFailed, "the run was interrupted") }
            guard rename(temporary, final) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw MediaError(.writeFailed, "the output could not be put in place", underlying: reason)
            }
            if sync { syncFolder(of: final) }
        }
    }

    func discard(_ temporary: String) {
        state.withLock { state in
            if state.paths.remove(temporary) != nil { unlink(temporary) }
        }
    }
}

/// Writes all of `bytes` to `fd`, again after an interrupted write; throws `failure` otherwise.
func writeAll(_ fd: Int32, _ bytes: [UInt8], failure: String) throws {
    var written = 0
    try bytes.withUnsafeBytes { buffer in
        guard let base = buffer.baseAddress else { return }
        while written < buffer.count {
            let n = Foundation.write(fd, base + written, buffer.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw MediaError(.writeFailed, failure, underlying: String(cString: strerror(errno)))
            }
            written += n
        }
    }
}

/// Makes a rename or a new name durable.
func syncFolder(of path: String) {
    let folder = (path as NSString).deletingLastPathComponent
    let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
}
