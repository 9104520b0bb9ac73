import Foundation

/// `vigie cache stats|prune|clear`: what the cache holds, and removing what will not be used again.
/// Only files the cache writes are touched (`ab/….entry` and the temporary files of interrupted
/// writes): a mistyped `--cache` never removes anything else.
extension DetectionCache {
    /// What a cache folder holds.
    public struct Statistics: Sendable, Equatable {
        public var entries = 0
        public var bytes = 0
        /// Entries written by this build of Vigie and its models (the others are never used by it).
        public var thisBuild = 0
        /// Entries that cannot be trusted (truncated, corrupt, another format): never used.
        public var unreadable = 0
        /// When the least and the most recently used entries were last used.
        public var oldestUse: Date?
        public var newestUse: Date?

        public init() {}
    }

    /// What `folder` holds; `build` is this process's (`DetectorIdentity.currentBuild`).
    public static func statistics(folder: String, build: String?) -> Statistics {
        var s = Statistics()
        forEachEntry(in: folder) { path, info in
            s.entries += 1
            s.bytes += Int(info.st_size)
            let used = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec))
            s.oldestUse = min(s.oldestUse ?? used, used)
            s.newestUse = max(s.newestUse ?? used, used)
            guard let envelope = readEntry(path).flatMap(envelope) else {
                s.unreadable += 1
                return
            }
            if envelope.build == build { s.thisBuild += 1 }
        }
        return s
    }

    /// Removes the entries not used for `days` days, those that cannot be trusted, those of another
    /// build than `build` (nil: kept), and the temporary files of interrupted writes. Returns how many
    /// entries were removed.
    public static func prune(folder: String, unusedForDays days: Int, otherThan build: String?, now: Date = Date()) -> Int {
        var removed = 0
        let limit = now.timeIntervalSince1970 - Double(days) * 86_400
        forEachEntry(in: folder) { path, info in
            var stale = Double(info.st_mtim.tv_sec) < limit
            if !stale {
                let envelope = readEntry(path).flatMap(envelope)
                stale = envelope == nil || (build != nil && envelope?.build != build)
            }
            if stale, unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    /// Removes every entry and the temporary files of interrupted writes. Returns how many entries
    /// were removed.
    public static func clear(folder: String) -> Int {
        var removed = 0
        forEachEntry(in: folder) { path, _ in
            if unlink(path) == 0 { removed += 1 }
        }
        for shard in shardFolders(in: folder) { rmdir(shard) }
        return removed
    }

    /// The `ab` folders of the entries.
    static func shardFolders(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }.sorted().map { folder + "/" + $0 }
    }

    /// Calls `body` with each entry's path and status (regular files named `….entry` in the shard
    /// folders), after removing the temporary files that interrupted writes left there.
    static func forEachEntry(in folder: String, _ body: (String, stat) -> Void) {
        for shard in shardFolders(in: folder) {
            _ = TemporaryFiles.sweepStale(in: shard)
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: shard)) ?? []).sorted() where name.hasSuffix(".entry") {
                let path = shard + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                body(path, info)
            }
        }
    }
}
