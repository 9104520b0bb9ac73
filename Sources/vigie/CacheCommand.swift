import ArgumentParser
import Foundation
import VigieKit
import VigieVision

/// `vigie cache stats|prune|clear`: the detection cache that `check`, `audit`, `clean --redact` and
/// `review` keep (docs/SCALE.md).
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show or trim the detection cache (what the detectors found, by file content).",
        subcommands: [Stats.self, Prune.self, Clear.self]
    )

    /// The folder of `--cache`, else the default.
    struct Folder: ParsableArguments {
        @Option(name: .long, help: "Folder of the detection cache (default: $XDG_CACHE_HOME/vigie, else ~/.cache/vigie).")
        var cache: String?

        var path: String { CacheOptions.folder(cache) }

        /// This build's part of the entries' identity (nil when its files cannot be read).
        var build: String? {
            DetectorIdentity.currentBuild(version: Vigie.configuration.version, faceModelPath: FaceDetector.defaultModelPath())
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count the entries, their size, and those this build can use.")

        @OptionGroup var folder: Folder

        func run() throws {
            let s = DetectionCache.statistics(folder: folder.path, build: folder.build)
            let day = { (date: Date?) in
                date.map { ISO8601DateFormatter.string(from: $0, timeZone: .gmt, formatOptions: .withFullDate) } ?? "-"
            }
            let lines = [
                "cache: \(folder.path)",
                "entries: \(s.entries) (\(s.bytes) bytes)",
                "of this build: \(s.thisBuild)",
                "of other builds: \(s.entries - s.thisBuild - s.unreadable)",
                "unreadable: \(s.unreadable)",
                "last used: \(day(s.oldestUse)) to \(day(s.newestUse))",
            ]
            try emit(lines.joined(separator: "\n") + "\n", to: nil)
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove entries not used for some days, of other builds of Vigie or its models, or unreadable.")

        @OptionGroup var folder: Folder

        @Option(name: .long, help: "Remove entries not used for this many days (default 30).")
        var days = 30

        @Flag(
            name: .long, help: "Keep the entries of other builds of Vigie or its models (removed by default: this build never uses them).")
        var keepOtherBuilds = false

        func validate() throws {
            if days < 0 { throw ValidationError("--days must be 0 or more") }
        }

        func run() throws {
            let removed = DetectionCache.prune(folder: folder.path, unusedForDays: days, otherThan: keepOtherBuilds ? nil : folder.build)
            try emit("removed \(removed) entries\n", to: nil)
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove every entry of the detection cache.")

        @OptionGroup var folder: Folder

        func run() throws {
            try emit("removed \(DetectionCache.clear(folder: folder.path)) entries\n", to: nil)
        }
    }
}
