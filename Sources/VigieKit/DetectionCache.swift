import Crypto
import Foundation
import VigieChecks
import VigieMedia
import VigieVision

/// What the detectors found in one image file: everything the checks read of its pixels, so that an
/// unchanged file is checked again without decoding it. Only detections: what the school decided
/// (ledger, configuration, channel, manifests, sidecars, the day) is applied afresh on every run.
public struct DetectionRecord: Sendable, Codable, Equatable {
    /// The picture's size as displayed.
    public var displaySize: DisplaySize
    /// Whether the file has an ICC profile (the decode's header adds what the container reader missed).
    public var hasICCProfile: Bool
    /// How each embedded preview compares with the picture (the decode works it out), in metadata order.
    public var previewFraming: [EmbeddedPreview.Framing]
    /// The faces at or above the detection threshold, with their regions' sharpness; nil when face
    /// detection did not run.
    public var faces: [MeasuredFace]?
    /// The words read, with their boxes and lines; nil when OCR did not run.
    public var text: RecognizedText?
    /// The quality measures made (a part is nil when its rule was off).
    public var quality: QualityMeasures

    /// Whether this record holds every part `needs` asks for.
    public func covers(_ needs: DetectionNeeds) -> Bool {
        (!needs.faces || faces != nil) && (!needs.text || text != nil) && (!needs.sharpness || quality.sharpness != nil)
            && (!needs.exposure || quality.exposure != nil)
    }

    /// This record with the parts it lacks taken from `older` (a record of the same content and detectors).
    func filling(from older: DetectionRecord?) -> DetectionRecord {
        guard let older, older.displaySize == displaySize, older.previewFraming.count == previewFraming.count else { return self }
        var merged = self
        merged.faces = faces ?? older.faces
        merged.text = text ?? older.text
        merged.quality.sharpness = quality.sharpness ?? older.quality.sharpness
        merged.quality.exposure = quality.exposure ?? older.quality.exposure
        return merged
    }
}

/// The parts of a record that a run reads: a cached record missing one is not used.
public struct DetectionNeeds: Sendable, Equatable {
    public var faces = false
    public var text = false
    public var sharpness = false
    public var exposure = false

    public init(faces: Bool = false, text: Bool = false, sharpness: Bool = false, exposure: Bool = false) {
        self.faces = faces
        self.text = text
        self.sharpness = sharpness
        self.exposure = exposure
    }
}

/// Who made the detections. `build` names the program and its models (Vigie's version, the
/// executable's GNU build ID (else its SHA-256), the SHA-256 of the face model and of the OCR
/// language files, Tesseract's version); `settings` the options that change what is detected
/// (working size, face network size and threshold). Both are hex digests: a cache entry of another
/// identity is never used.
public struct DetectorIdentity: Sendable, Equatable {
    public let build: String
    public let settings: String

    public init(build: String, settings: String) {
        self.build = build
        self.settings = settings
    }

    /// The identity of this process with `options`; nil when a file it depends on cannot be read
    /// (the run then goes without the cache).
    public static func current(version: String, options: CheckOptions) -> DetectorIdentity? {
        guard let build = currentBuild(version: version, faceModelPath: options.faceModelPath ?? FaceDetector.defaultModelPath())
        else { return nil }
        let settings = [
            "schema=\(DetectionCache.schema)", "workingSize=\(options.limits.workingSize)",
            "keptGreyPixels=\(options.limits.maxKeptGreyPixels)", "faceNetwork=\(options.faces.networkLongSide)",
            "faceThreshold=\(options.faces.detectionThreshold)",
        ]
        return DetectorIdentity(build: build, settings: DetectionCache.digest(Array(settings.joined(separator: "\n").utf8)))
    }

    /// The build part of the identity of this process.
    public static func currentBuild(version: String, faceModelPath: String) -> String? {
        // The linker's digest of the executable when it has one; else the SHA-256 of the file.
        guard
            let executable = BuildID.ofExecutable().map({ "build-id:" + $0 }) ?? Baseline.digest(of: "/proc/self/exe")
                ?? Baseline.digest(of: CommandLine.arguments[0]),
            let ocr = TextReader.engineFiles()
        else { return nil }
        var parts = ["vigie=\(version)", "executable=\(executable)", "tesseract=\(ocr.version)"]
        // A missing face model makes a run with faces stop before any file (`Pipeline.prepare`).
        parts.append("faceModel=\(Baseline.digest(of: faceModelPath) ?? "none")")
        // Likewise the text model (a run that reads text stops without it). Both models are hashed
        // whatever the options, like Tesseract's files: this is the build's identity, one for every
        // run and for `vigie cache`, which prunes entries of other builds by it.
        parts.append("textModel=\(Baseline.digest(of: TextLineDetector.defaultModelPath()) ?? "none")")
        for file in ocr.languageFiles {
            guard let digest = Baseline.digest(of: file) else { return nil }
            parts.append("\((file as NSString).lastPathComponent)=\(digest)")
        }
        return DetectionCache.digest(Array(parts.joined(separator: "\n").utf8))
    }
}

/// The detection cache: one file per image content and detector identity, in a folder only its
/// owner can open (0700; entries 0600: they hold words read in pictures). An entry is written under
/// a temporary name and renamed into place, so concurrent runs never see a partial one; an entry
/// that is truncated, corrupt, of another format or another identity, or filed under the wrong key
/// is ignored (and rewritten by the run that needed it), never trusted. Files that could not be fully
/// checked (errors, time limits) are not cached. The modification time of an entry is when it was
/// last used (`prune`).
public final class DetectionCache: Sendable {
    /// The entry format; entries of another format are ignored.
    static let schema = 1
    static let magic = "VIGIE-DETECTIONS \(schema)\n"
    /// Largest entry read (a record with thousands of words is well under a megabyte).
    static let maxEntryBytes = 16 << 20

    /// The cache folder (`--cache`).
    public let folder: String
    public let identity: DetectorIdentity

    /// Opens the cache in `folder`, creating it (and its parents) when missing. Throws a message
    /// without personal data when the folder cannot be made private to this user.
    public init(folder: String, identity: DetectorIdentity) throws {
        self.folder = folder
        self.identity = identity
        try Self.preparePrivateFolder(folder)
    }

    /// The default folder: `$XDG_CACHE_HOME/vigie`, else `~/.cache/vigie`.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/vigie" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/vigie"
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The record kept for a file of this content (`digest` of its bytes) by these detectors; nil
    /// when there is none or it cannot be trusted.
    public func record(for content: String) -> DetectionRecord? {
        let path = entryPath(for: content)
        guard let bytes = Self.readEntry(path), let envelope = Self.envelope(bytes) else { return nil }
        guard envelope.build == identity.build, envelope.settings == identity.settings, envelope.content == content else { return nil }
        // The entry's modification time is when it was last used.
        utimes(path, nil)
        return envelope.record
    }

    /// Keeps `record` for a file of this content; what an earlier entry held that `record` lacks is
    /// kept. Best effort: a cache that cannot be written leaves the run as it is.
    public func store(_ record: DetectionRecord, for content: String, older: DetectionRecord? = nil) {
        let envelope = Envelope(build: identity.build, settings: identity.settings, content: content, record: record.filling(from: older))
        let path = entryPath(for: content)
        let shard = (path as NSString).deletingLastPathComponent
        guard (try? Self.preparePrivateFolder(shard)) != nil, let payload = try? Self.encoder.encode(envelope) else { return }
        let data = Array((Self.magic + Self.digest(Array(payload)) + "\n").utf8) + Array(payload)
        guard let (fd, temporary) = try? TemporaryFiles.shared.create(in: shard, name: (path as NSString).lastPathComponent) else { return }
        let written = (try? writeAll(fd, data, failure: "the cache entry could not be written")) != nil
        guard close(fd) == 0, written else {
            TemporaryFiles.shared.discard(temporary)
            return
        }
        try? TemporaryFiles.shared.commit(temporary, to: path, syncFolder: false)
    }

    /// `folder/ab/abcdef....entry`: the name is the digest of the identity and the content, so that
    /// the entries of several identities live side by side.
    func entryPath(for content: String) -> String {
        let name = Self.digest(Array("\(identity.build)\n\(identity.settings)\n\(content)".utf8))
        return "\(folder)/\(name.prefix(2))/\(name).entry"
    }

    struct Envelope: Codable {
        var build: String
        var settings: String
        var content: String
        var record: DetectionRecord
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// The entry in `bytes` when its header and checksum hold; nil otherwise.
    static func envelope(_ bytes: [UInt8]) -> Envelope? {
        let magicBytes = Array(magic.utf8)
        let headerLength = magicBytes.count + 65
        guard bytes.count > headerLength, Array(bytes.prefix(magicBytes.count)) == magicBytes, bytes[headerLength - 1] == 0x0A else {
            return nil
        }
        let payload = Array(bytes[headerLength...])
        guard String(decoding: bytes[magicBytes.count..<(headerLength - 1)], as: UTF8.self) == digest(payload) else { return nil }
        return try? JSONDecoder().decode(Envelope.self, from: Data(payload))
    }

    /// An entry's bytes: a regular file (links are not followed) of at most `maxEntryBytes`.
    static func readEntry(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, Int(st.st_size) <= maxEntryBytes else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress.map { $0 + done }, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return bytes
    }

    /// Creates `path` (and its parents) when missing and makes it a folder only its owner can open.
    static func preparePrivateFolder(_ path: String) throws {
        var st = stat()
        if stat(path, &st) != 0 {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, parent != path, stat(parent, &st) != 0 {
                try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            }
            if mkdir(path, 0o700) != 0 && errno != EEXIST { throw CacheError("the cache folder cannot be created") }
            guard stat(path, &st) == 0 else { throw CacheError("the cache folder cannot be created") }
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw CacheError("the cache path is not a folder") }
        guard st.st_uid == geteuid() else { throw CacheError("the cache folder belongs to another user") }
        if st.st_mode & 0o777 != 0o700, chmod(path, 0o700) != 0 { throw CacheError("the cache folder cannot be made private") }
    }
}

/// Why the cache cannot be used; the message names no file of the checked folders.
public struct CacheError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
