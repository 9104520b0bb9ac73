import Foundation
import Synchronization
import VigieChecks
import VigieMedia
import VigieReport

/// Settings of one `vigie clean` run.
public struct CleanOptions: Sendable {
    public enum Destination: Sendable, Equatable {
        /// Cleaned copies under this folder, mirroring each input's path below its root.
        case folder(String)
        /// Originals replaced atomically; with a suffix, the original is kept beside as NAME+suffix.
        case inPlace(backupSuffix: String?)
    }
    public var destination: Destination
    /// Also decode the original and the copy and compare every pixel (lossless paths).
    public var verifyPixels = false
    public var limits = DecodeLimits()
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// `--redact`: publish-ready copies (faces without consent and text findings redacted, resized
    /// to the channel) instead of lossless ones; only with a `.folder` destination.
    public var redaction: RedactionOptions? = nil

    public init(destination: Destination) { self.destination = destination }
}

/// read → strip → verify in memory → write atomically → verify on disk. The original is never
/// modified unless the destination is in place, and then only by a rename of a verified copy.
public struct Cleaner: Sendable {
    public let options: CleanOptions
    private let currentDirectory: String
    /// The checks a redacted copy is made from and proven with (`--redact` only).
    let checks: Pipeline?

    public init(options: CleanOptions, currentDirectory: String = FileManager.default.currentDirectoryPath) {
        if case .inPlace = options.destination { precondition(options.redaction == nil, "redaction never writes over an original") }
        self.options = options
        self.currentDirectory = currentDirectory
        self.checks = options.redaction.map { Pipeline(options: $0.checks) }
    }

    /// Creates the face detector when redacting: a missing model stops the run up front.
    public func prepare() throws {
        try checks?.prepare()
    }

    /// Where a candidate's cleaned copy goes, before knowing whether it will be converted.
    func destination(of candidate: Candidate) -> String {
        switch options.destination {
        case .folder(let folder): folder + "/" + candidate.relativePath
        // A link is replaced through its target: renaming over the link itself would leave the
        // photo it points to uncleaned.
        case .inPlace: Discovery.realpath(candidate.path) ?? candidate.path
        }
    }

    /// Cleans every candidate with at most `jobs` files in flight; results in input order.
    public func run(_ candidates: [Candidate], progress: (@Sendable (Int, Int) -> Void)? = nil) async -> [CleanOutcome] {
        // Two inputs may not be written to the same output (a/x.jpg and b/x.jpg named as files). Files
        // kept in their format claim their names first; converted files (HEIF, AVIF) claim .jpg or .png
        // when they are written, and fail if the name is taken.
        var claimed = Set<String>()
        var duplicate = Set<Int>()
        for (i, c) in candidates.enumerated() where !isConverted(c) {
            if !claimed.insert(destination(of: c)).inserted { duplicate.insert(i) }
        }
        let names = ClaimedNames(claimed)
        let duplicates = duplicate
        let results = await boundedMap(candidates, jobs: options.jobs, progress: progress) { index, candidate in
            duplicates.contains(index)
                ? self.failure(candidate, MediaError(.writeFailed, "another input is written to the same output"))
                : self.clean(candidate, names: names)
        }
        // Copies in a folder are not synced one by one (the originals are safe whatever happens to
        // them): one sync of the output's file system before the run reports makes them durable.
        if case .folder(let folder) = options.destination {
            let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd >= 0 {
                _ = vigieSyncfs(fd)
                close(fd)
            }
        }
        return results
    }

    /// Removes what interrupted runs left in the folders this run writes to (see
    /// `TemporaryFiles.sweepStale(in:)`); returns how many files were removed.
    public func sweepInterruptedRuns(_ candidates: [Candidate]) -> Int {
        var folders = Set<String>()
        for c in candidates { folders.insert((destination(of: c) as NSString).deletingLastPathComponent) }
        return folders.reduce(0) { $0 + TemporaryFiles.sweepStale(in: $1) }
    }

    func failure(_ candidate: Candidate, _ error: MediaError) -> CleanOutcome {
        let message = error.code == .unsupported ? Message("clean.unsupported") : Message("clean.error", [error.description])
        return CleanOutcome(path: candidate.displayPath, status: .error, error: message)
    }

    /// Cleans one file. Never throws: every failure is an error entry, and the original is untouched.
    public func clean(_ candidate: Candidate, names: ClaimedNames = ClaimedNames([])) -> CleanOutcome {
        switch candidate.kind {
        case .unsupported: return failure(candidate, MediaError(.unsupported, "unsupported"))
        case .media(let container) where MovieReader.reads(container):
            // A redacted video would need its frames blurred: nothing is written.
            if options.redaction != nil {
                return CleanOutcome(
                    path: candidate.displayPath, status: .error, format: container.rawValue, error: Message("clean.redact.video"))
            }
            do {
                return try cleanMovie(candidate, container)
            } catch let error as MediaError {
                var entry = failure(candidate, error.code == .unsupported ? MediaError(.corrupt, error.reason) : error)
                entry.format = container.rawValue
                return entry
            } catch {
                return failure(candidate, MediaError(.writeFailed, "the cleaned copy could not be written"))
            }
        case .media(let container):
            // Nothing is read or written: this container's metadata cannot be stripped yet, and a copy would pass as clean.
            let message = Message("clean.media", [container.label])
            return CleanOutcome(path: candidate.displayPath, status: .error, format: container.rawValue, error: message)
        case .unreadable(let reason): return failure(candidate, MediaError(.unreadable, reason))
        case .image: break
        }
        do {
            if let checks, let redaction = options.redaction {
                return try redactImage(candidate, names: names, checks: checks, redaction: redaction)
            }
            return try cleanImage(candidate, names: names)
        } catch let error as RedactionFailure {
            return CleanOutcome(path: candidate.displayPath, status: .error, error: error.message)
        } catch let error as MediaError {
            return failure(candidate, error)
        } catch {
            return failure(candidate, MediaError(.writeFailed, "the cleaned copy could not be written"))
        }
    }

    private func cleanImage(_ candidate: Candidate, names: ClaimedNames) throws -> CleanOutcome {
        let limits = options.limits
        let bytes = try MediaLoader.readBytes(path: candidate.path, limit: limits.maxFileBytes)
        guard let format = ImageFormat.sniff(Array(bytes.prefix(64))) else {
            throw MediaError(.unsupported, "the content is not a supported image format")
        }
        let metadata = try MetadataReader.read(ByteReader(bytes), format: format, maxFrames: limits.maxFrames)
        if let failure = metadata.structureError { throw failure }
        if let exceeded = limits.exceeded(by: metadata) { throw exceeded }

        let cleaned = try MetadataStripper.strip(path: candidate.path, bytes: bytes, format: format, metadata: metadata, limits: limits)
        try CleanVerifier.verify(
            original: bytes, originalMetadata: metadata, path: candidate.path, cleaned: cleaned, verifyPixels: options.verifyPixels,
            limits: limits)

        // In place, the file replaced (a link's target); in a folder, the mirrored path.
        let source = destination(of: candidate)
        var target = source
        if cleaned.format != format { target = try convertedName(source, cleaned.format, names) }
        let unchanged = sameBytes(cleaned.bytes[...], bytes[...])
        var entry = CleanOutcome(
            path: candidate.displayPath, status: unchanged ? .unchanged : .cleaned, format: format.rawValue,
            outputFormat: cleaned.format.rawValue,
            method: cleaned.method.rawValue, removed: cleaned.removed, kept: cleaned.kept,
            bytesBefore: bytes.count, bytesAfter: cleaned.bytes.count)

        try store(cleaned.bytes, of: candidate, source: source, target: target, unchanged: unchanged, entry: &entry)
        return entry
    }

    /// Strips an MP4, QuickTime or 3GP file by box surgery, proves the copy (no metadata left, every
    /// video and audio sample and its timing identical) and writes it like an image's copy.
    private func cleanMovie(_ candidate: Candidate, _ container: MediaContainer) throws -> CleanOutcome {
        let bytes = try MediaLoader.readBytes(path: candidate.path, limit: options.limits.maxFileBytes)
        let stripped = try MovieStripper.strip(bytes)
        try CleanVerifier.verifyMovie(original: bytes, cleaned: stripped.bytes, container: container)
        let source = destination(of: candidate)
        let unchanged = sameBytes(stripped.bytes[...], bytes[...])
        var entry = CleanOutcome(
            path: candidate.displayPath, status: unchanged ? .unchanged : .cleaned, format: container.rawValue,
            outputFormat: container.rawValue, method: "movie", removed: stripped.removed, bytesBefore: bytes.count,
            bytesAfter: stripped.bytes.count)
        try store(stripped.bytes, of: candidate, source: source, target: source, unchanged: unchanged, entry: &entry)
        return entry
    }

    /// Writes a verified copy: into the output folder, or over the original (`source`) atomically, its
    /// backup kept first when asked; `target` differs from `source` for a converted copy.
    private func store(
        _ bytes: [UInt8], of candidate: Candidate, source: String, target: String, unchanged: Bool, entry: inout CleanOutcome
    ) throws {
        var mode = mode_t(0o644)
        var st = stat()
        if stat(candidate.path, &st) == 0 { mode = st.st_mode & 0o7777 }

        switch options.destination {
        case .folder:
            let folder = (target as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try write(bytes, to: target, mode: mode & 0o777, durable: false)
            entry.output = display(target)
        case .inPlace(let suffix):
            if unchanged { return }  // nothing to remove: the original stays as it is
            let convertedName = target != source
            if convertedName, FileManager.default.fileExists(atPath: target) {
                throw MediaError(.writeFailed, "the converted copy's name is already taken")
            }
            if let suffix {
                // A hard link keeps the original's bytes under the backup name, atomically.
                guard link(source, source + suffix) == 0 else {
                    throw MediaError(.writeFailed, errno == EEXIST ? "the backup file already exists" : "the backup could not be made")
                }
            }
            try write(bytes, to: target, mode: mode, durable: true)
            if convertedName {
                // The converted copy is in place and verified: the original may go (its backup stays).
                unlink(source)
                syncFolder(of: source)
            }
            entry.output = display(target)
        }
    }

    /// photo.heic becomes photo.jpg, or photo.heic.jpg when another input already is photo.jpg.
    func convertedName(_ source: String, _ format: ImageFormat, _ names: ClaimedNames) throws -> String {
        let ext = format == .png ? ".png" : ".jpg"
        let plain = Self.withoutExtension(source) + ext
        if names.claim(plain) { return plain }
        guard names.claim(source + ext) else { throw MediaError(.writeFailed, "another input is written to the same output") }
        return source + ext
    }

    /// Temporary file beside the target, read back and compare, then rename. `durable` syncs the file
    /// before the rename and the folder after it: a replaced original must survive a power cut.
    /// `proveBeforeRename` gets the temporary file's path once it is complete (a redacted copy is
    /// checked again from it); when it throws, the temporary file is removed and nothing is written.
    func write(_ bytes: [UInt8], to target: String, mode: mode_t, durable: Bool, proveBeforeRename: ((String) throws -> Void)? = nil) throws
    {
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let temporaries = TemporaryFiles.shared
        let (fd, temporary) = try temporaries.create(in: folder.isEmpty ? "." : folder, name: name)
        var open = true
        defer { if open { close(fd) } }
        do {
            try writeAll(fd, bytes, failure: "the cleaned copy could not be written")
            guard fchmod(fd, mode) == 0, !durable || fsync(fd) == 0 else {
                throw MediaError(.writeFailed, "the cleaned copy could not be written", underlying: String(cString: strerror(errno)))
            }
            open = false
            // Some file systems (NFS, quotas) only report a failed write when the file is closed.
            guard close(fd) == 0 else {
                throw MediaError(.writeFailed, "the cleaned copy could not be written", underlying: String(cString: strerror(errno)))
            }
            // What is on disk is what was verified.
            let back = try MediaLoader.readBytes(path: temporary, limit: bytes.count)
            guard sameBytes(back[...], bytes[...]) else {
                throw MediaError(.verificationFailed, "the written copy differs from the verified one")
            }
            try proveBeforeRename?(temporary)
            try temporaries.commit(temporary, to: target, syncFolder: durable)
        } catch {
            temporaries.discard(temporary)
            throw error
        }
    }

    func display(_ path: String) -> String {
        let prefix = currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// True when the copy's format (hence its name) is only known once it is made: HEIF and AVIF
    /// are converted; redacted copies are JPEG, or PNG for pictures with transparency.
    func isConverted(_ c: Candidate) -> Bool {
        guard case .image(let format) = c.kind else { return false }
        return options.redaction != nil ? format != .jpeg : format == .heif || format == .avif
    }

    static func withoutExtension(_ path: String) -> String {
        let ext = (path as NSString).pathExtension
        return ext.isEmpty ? path : String(path.dropLast(ext.count + 1))
    }
}

/// Output names already taken in a run; converted files claim theirs when they know their format.
public final class ClaimedNames: Sendable {
    private let names: Mutex<Set<String>>

    public init(_ names: Set<String>) { self.names = Mutex(names) }

    /// True when `name` was free and is now taken.
    func claim(_ name: String) -> Bool {
        names.withLock { $0.insert(name).inserted }
    }
}

/// syncfs(2) is in glibc but not in Swift's Glibc module (it needs _GNU_SOURCE).
@_silgen_name("syncfs")
func vigieSyncfs(_ fd: Int32) -> Int32

/// Byte equality with memcmp: outputs are compared whole, several times per file.
func sameBytes(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBytes { pa in
        b.withUnsafeBytes { pb in
            guard let x = pa.baseAddress, let y = pb.baseAddress else { return pa.count == 0 }
            return memcmp(x, y, pa.count) == 0
        }
    }
}
